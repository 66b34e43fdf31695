"""cards.tsv: one card a line, term TAB definition, as Quizlet's import reads it."""

from __future__ import annotations

import csv
import io

from conftest import write_topic
from exports_helpers import CARD_COUNT, CARDS_TOPIC


def test_one_card_a_line_with_tabs_and_breaks_inside_text_flattened(project, run_cli):
    write_topic(project, "cells", CARDS_TOPIC)
    result = run_cli(["build", "--only", "quizlet", "--jobs", "1"], project)
    assert result.code == 0, result.err
    path = project / "output" / "cells" / "cards.tsv"
    assert sorted(p.name for p in path.parent.iterdir()) == ["cards.tsv"]
    text = path.read_text("utf-8")
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == CARD_COUNT
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(row) == 2 and all(cell.strip() == cell != "" for cell in row) for row in rows)
    cards = dict(rows)
    assert cards["Gamete"] == "A sex cell: sperm or egg, with one set of chromosomes."
    assert cards["Chromosome"].startswith("A thread of DNA <b>wound</b>")  # typed, shown as typed
    assert cards["Mitosis — Number of divisions?"] == "One"
    assert cards["Meiosis — Crossing over?"] == "Yes, in prophase I"
    assert "Mitosis — Crossing over?" not in cards  # "not applicable" is not a card


def test_not_built_by_default_and_skipped_without_cards(project, run_cli):
    write_topic(project, "quiz", """
        title: Only questions
        questions:
          - type: true_false
            statement: The sky is blue.
            answer: true
        """)
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0 and not (project / "output" / "quiz" / "cards.tsv").exists()
    result = run_cli(["build", "--only", "quizlet", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert "cards.tsv: skipped" in result.out
    assert not (project / "output" / "quiz" / "cards.tsv").exists()


def test_editions_print_differently_but_quizzes_and_decks_are_made_once(project, run_cli):
    from exports_helpers import QUIZ_TOPIC

    (project / "docgen.yaml").write_text("editions: [large-print, support]\n", "utf-8")
    write_topic(project, "cells", QUIZ_TOPIC.replace("questions:", "terms:\n  - {term: Gamete, definition: A sex cell.}\n"
                                                     "questions:"))
    result = run_cli(["build", "--only", "moodle,qti,anki,quizlet,flashcards", "--jobs", "1"], project)
    assert result.code == 0, result.err
    folder = project / "output" / "cells"
    made = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    assert made == ["cards.tsv", "deck.apkg", "flashcards.pdf", "large-print/flashcards.pdf",
                    "quiz.moodle.xml", "quiz.qti.zip", "support/flashcards.pdf"]
