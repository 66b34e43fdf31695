"""deck.apkg, imported by the official Anki library into a fresh collection, as the app does."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import write_topic
from exports_helpers import CARDS_TOPIC

anki_collection = pytest.importorskip("anki.collection")


def import_deck(collection_folder: Path, package: Path):
    """Import ``package`` into the collection in ``collection_folder`` (made on first use)."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    collection = Collection(str(collection_folder / "collection.anki2"))
    options = ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False, with_deck_configs=False)
    response = collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package),
                                                                       options=options))
    return collection, response.log


def notes_by_first_field(collection) -> dict[str, object]:
    notes = [collection.get_note(nid) for nid in collection.find_notes("")]
    return {note.fields[0]: note for note in notes}


def test_terms_and_facts_import_as_notes_with_escaped_html(project, run_cli, tmp_path):
    write_topic(project, "cells", CARDS_TOPIC)
    result = run_cli(["build", "--only", "anki", "--jobs", "1"], project)
    assert result.code == 0, result.err
    collection, log = import_deck(tmp_path, project / "output" / "cells" / "deck.apkg")
    try:
        assert len(log.new) == 8 and not log.updated and not log.duplicate
        assert collection.note_count() == 8
        # Terms make two cards each (term -> definition, definition -> term); facts one.
        assert collection.card_count() == 3 * 2 + 5
        names = {deck.name for deck in collection.decks.all_names_and_ids()}
        assert "Test Course::Cell Division" in names
        notes = notes_by_first_field(collection)
        chromosome = notes["Chromosome"]
        assert chromosome.note_type()["name"] == "docgen term"
        assert "&lt;b&gt;wound&lt;/b&gt;" in chromosome.fields[1]  # typed markup stays text
        assert "<b>" not in chromosome.fields[1]
        assert r"\(2n = 46\)" in chromosome.fields[1]  # maths for Anki's MathJax
        assert sorted(chromosome.tags) == ["Biology", "Year_10", "cells"]
        fact = notes["Meiosis — Daughter cells?"]
        assert fact.note_type()["name"] == "docgen fact"
        assert fact.fields[1] == "Four, each with half the chromosomes"
    finally:
        collection.close()


def test_rebuilt_deck_updates_the_edited_note_and_adds_none(project, run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # notes dated by the content file
    path = write_topic(project, "cells", CARDS_TOPIC)
    assert run_cli(["build", "--only", "anki", "--jobs", "1"], project).code == 0
    collection, log = import_deck(tmp_path, project / "output" / "cells" / "deck.apkg")
    before = {name: list(note.fields) for name, note in notes_by_first_field(collection).items()}
    collection.close()
    # Edit one definition and move that term to the top: identity is not position.
    zygote = "  - term: Zygote\n    definition: The cell formed when two gametes fuse.\n"
    text = path.read_text("utf-8")
    assert zygote in text
    text = text.replace(zygote, "").replace("terms:\n", "terms:\n" + zygote.replace(
        "The cell formed when two gametes fuse.", "The fertilised egg cell."))
    time.sleep(1.1)  # Anki takes a note from a package whose copy is newer (to the second)
    path.write_text(text, "utf-8")
    assert run_cli(["build", "--only", "anki", "--jobs", "1"], project).code == 0
    collection, log = import_deck(tmp_path, project / "output" / "cells" / "deck.apkg")
    try:
        assert len(log.new) == 0 and len(log.updated) == 8
        assert collection.note_count() == 8 and collection.card_count() == 11
        after = {name: list(note.fields) for name, note in notes_by_first_field(collection).items()}
        assert after.pop("Zygote") == ["Zygote", "The fertilised egg cell."]
        assert before.pop("Zygote") == ["Zygote", "The cell formed when two gametes fuse."]
        assert after == before
    finally:
        collection.close()


def test_questions_import_as_notes_with_options_on_the_front_and_gaps_as_clozes(project, run_cli, tmp_path):
    from exports_helpers import QUIZ_TOPIC

    write_topic(project, "quiz", QUIZ_TOPIC)
    assert run_cli(["build", "--only", "anki", "--jobs", "1"], project).code == 0
    collection, log = import_deck(tmp_path, project / "output" / "quiz" / "deck.apkg")
    try:
        notes = [collection.get_note(nid) for nid in collection.find_notes("")]
        kinds = [note.note_type()["name"] for note in notes]
        assert kinds.count("docgen fact") == 2 and kinds.count("docgen question") == 8
        assert kinds.count("docgen cloze") == 2
        # One card a fact and a question, one a gap: 2 + 8 + (2 + 3).
        assert collection.card_count() == 15
        choice = next(n for n in notes if n.fields[0].startswith("<p>Which process makes gametes?"))
        assert "<p>A. Mitosis</p><p>B. Meiosis</p><p>C. Binary fission</p>" in choice.fields[0]
        assert choice.fields[1] == "<p>B. Meiosis</p>"
        assert choice.fields[3] == "Think of sex cells."  # the hint, behind "show hint"
        assert "&lt;b&gt;not bold&lt;/b&gt;" in choice.fields[0]
        clozes = [n for n in notes if n.note_type()["name"] == "docgen cloze"]
        typed = next(n for n in clozes if "SHORTANSWER" in n.fields[0])
        assert "{{c1::a&#125;b#c~d\\e}}" in typed.fields[0] and "{{c2::Prophase}}" in typed.fields[0]
        assert "&#123;1:SHORTANSWER:=x&#125;" in typed.fields[0]  # typed braces open no cloze
        bank = next(n for n in clozes if n is not typed)
        assert "Word bank: two · one" in bank.fields[0] or "Word bank: one · two" in bank.fields[0]
        card = collection.get_card(collection.find_cards(f"nid:{typed.id}")[0])
        assert "[...]" in card.question() and "Prophase" in card.question()
    finally:
        collection.close()


def test_a_question_picture_is_in_the_deck_media(project, tmp_path):
    from exports_helpers import QUIZ_TOPIC, render_job, render_output, with_picture_and_pool

    _, job = render_output(project, "quiz", QUIZ_TOPIC, "anki")
    job = with_picture_and_pool(project, job)
    package = tmp_path / "deck.apkg"
    package.write_bytes(render_job(job, "anki")["deck.apkg"])
    collection, log = import_deck(tmp_path, package)
    try:
        media = Path(collection.media.dir())
        [name] = [path.name for path in media.iterdir()]
        assert (media / name).read_bytes() == (project / "content" / "images" / "cell.png").read_bytes()
        [note] = [collection.get_note(nid) for nid in collection.find_notes("Which process")]
        assert f'<img src="{name}" alt="A dividing cell"' in note.fields[0]
    finally:
        collection.close()


def test_the_same_topic_builds_the_same_bytes(project, run_cli):
    write_topic(project, "cells", CARDS_TOPIC)
    decks = []
    for _ in range(2):
        assert run_cli(["build", "--only", "anki", "--jobs", "1", "--force"], project).code == 0
        decks.append((project / "output" / "cells" / "deck.apkg").read_bytes())
    assert decks[0] == decks[1]
