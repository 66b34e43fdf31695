"""quiz.moodle.xml, read back the way Moodle's importer reads it (tests/moodle_reader.py)."""

from __future__ import annotations

import html
import re

import pytest

from conftest import write_topic
from exports_helpers import QUIZ_COUNT, QUIZ_TOPIC, render_output, rendered_once
from docgen.markdown import plain_text as plain
from moodle_reader import ImportError_, grade, read_quiz


@pytest.fixture(scope="module")
def quiz(tmp_path_factory):
    files, job = rendered_once(tmp_path_factory, "moodle")
    return read_quiz(files["quiz.moodle.xml"]), job


def by_start(questions, text):
    return next(q for q in questions if re.sub("<[^>]+>", "", html.unescape(q.questiontext)).startswith(text))


def test_one_question_per_topic_question_in_the_topic_category(quiz):
    questions, job = quiz
    assert len(questions) == QUIZ_COUNT == len(job.topic.questions)
    assert {q.category for q in questions} == {"$course$/top/Cell Division"}
    assert [q.qtype for q in questions] == ["multichoice", "multichoice", "truefalse", "truefalse",
                                            "shortanswer", "essay", "cloze", "ddwtos", "match", "match"]
    assert all(q.tags == ["Biology", "Year 10", "cells"] for q in questions)
    assert questions[0].name.startswith("Question 1: Which process makes gametes?")


def test_single_choice_one_answer_at_full_marks_with_feedback_and_hint(quiz):
    question = by_start(quiz[0], "Which process makes gametes?")
    assert question.single
    assert dict(question.answers) == {"Mitosis": 0.0, "Meiosis": 1.0, "Binary fission": 0.0}
    assert question.generalfeedback == "Gametes need half the chromosomes."
    assert question.hints == ["Think of sex cells."]
    assert "&lt;b&gt;not bold&lt;/b&gt;" in question.questiontext  # typed HTML stays text
    assert "<b>" not in question.questiontext


def test_multiple_answers_share_full_marks_and_wrong_ticks_cost(quiz):
    questions, job = quiz
    question = by_start(questions, "Which of these happen in meiosis?")
    assert not question.single
    fractions = dict(question.answers)
    assert [fractions[o] for o in ("Crossing over", "Two divisions", "Four cells")] == [0.3333333] * 3
    assert [fractions[o] for o in ("Cloning", "Budding", "Spores", "Fusion")] == [-0.25] * 4
    assert question.defaultmark == job.worksheet.questions[1].points


def test_true_false(quiz):
    true = by_start(quiz[0], "Mitosis makes two identical cells.")
    false = by_start(quiz[0], "Meiosis happens in skin cells.")
    assert dict(true.answers) == {"true": 1.0, "false": 0.0}
    assert dict(false.answers) == {"true": 0.0, "false": 1.0}


def test_short_answer_accepts_every_alternative_and_keeps_maths_for_mathjax(quiz):
    question = by_start(quiz[0], "Name the phase")
    assert question.answers == [("Metaphase", 1.0), ("metaphase I", 1.0), ("Metaphase II", 1.0)]
    assert r"\(n\)" in question.questiontext


def test_essay_keeps_the_model_answer_for_graders_and_the_hint_in_the_text(quiz):
    question = by_start(quiz[0], "Compare mitosis and meiosis.")
    assert "<li>one division</li>" in question.graderinfo
    assert "Hint: Use the table." in re.sub("<[^>]+>", "", question.questiontext)


def test_cloze_gaps_with_awkward_answers_and_inert_look_alikes(quiz):
    question = next(q for q in quiz[0] if q.qtype == "cloze")
    assert question.gaps == [[("a}b#c~d\\e", 1.0)], [("Prophase", 1.0)]]
    assert question.defaultmark == 2
    # The typed "{1:SHORTANSWER:=x}" was made inert: Moodle sees two gaps, not three.
    assert "&#123;1:SHORTANSWER:=x}" in question.questiontext


def test_word_bank_becomes_drag_and_drop_into_text(quiz):
    question = next(q for q in quiz[0] if q.qtype == "ddwtos")
    assert [question.choices[place - 1] for place in question.places] == ["two", "one", "two"]
    assert sorted(question.choices) == ["one", "two"]  # a word used twice is one unlimited box


def test_match_and_classify_become_matching(quiz):
    match = by_start(quiz[0], "Match each item")
    assert dict(match.subquestions) == {"Mitosis": "Growth and repair", "Meiosis": "Gametes",
                                        "Fertilisation": "Zygote"}
    classify = by_start(quiz[0], "Sort the facts.")
    assert dict(classify.subquestions) == {"Two divisions": "Meiosis", "Identical daughter cells": "Mitosis",
                                           "Crossing over": "Meiosis", "": "Neither"}


def test_the_reader_rejects_what_moodle_rejects():
    with pytest.raises(ImportError_):
        grade("30.5")  # not one of Moodle's grades
    with pytest.raises(ImportError_):
        read_quiz(b'<quiz><question type="cloze"><questiontext><text>no gaps</text></questiontext>'
                  b"</question></quiz>")
    with pytest.raises(ImportError_):
        read_quiz(b'<quiz><question type="multichoice"><name><text>x</text></name><answer fraction="50">'
                  b"<text>a</text></answer><answer fraction=\"0\"><text>b</text></answer></question></quiz>")


def test_built_only_when_asked(project, run_cli):
    write_topic(project, "cells", QUIZ_TOPIC)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    assert not (project / "output" / "cells" / "quiz.moodle.xml").exists()
    result = run_cli(["build", "--only", "moodle", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert (project / "output" / "cells" / "quiz.moodle.xml").is_file()


def test_pictures_travel_inside_the_file_and_pools_become_subcategories(project):
    from exports_helpers import render_job, with_picture_and_pool

    _, job = render_output(project, "cells", QUIZ_TOPIC, "moodle")
    job = with_picture_and_pool(project, job)
    questions = read_quiz(render_job(job, "moodle")["quiz.moodle.xml"])
    first = questions[0]
    [(path, data)] = first.files.items()
    assert data == (project / "content" / "images" / "cell.png").read_bytes()
    assert f'<img src="@@PLUGINFILE@@{path}" alt="A dividing cell"' in first.questiontext
    assert len(questions) == QUIZ_COUNT
    pooled = [q for q in questions if q.category.endswith("Recall // facts")]
    assert [q.qtype for q in pooled] == ["truefalse", "truefalse"]
    assert pooled[0].category == "$course$/top/Cell Division/Recall // facts"
    assert all(q.category == "$course$/top/Cell Division" for q in questions if q not in pooled)


def test_derived_exercises_export_as_their_own_moodle_types(project):
    from exports_helpers import derived_topic

    files, job = render_output(project, "derived", derived_topic(), "moodle")
    questions = read_quiz(files["quiz.moodle.xml"])
    assert len(questions) == len(job.worksheet.questions) > len(job.topic.questions)
    assert not any("exported as essay" in note for note in job.notes)
    by_type = {layout.type: imported for layout, imported in zip(job.worksheet.questions, questions)}
    table = next(layout for layout in job.worksheet.questions if layout.type == "table")
    cells = [cell for row in table.blocks[0].rows for cell in row if cell.answer]
    grid = by_type["table"]  # each missing cell picked from the missing cells
    assert grid.qtype == "gapselect" and len(grid.places) == len(cells)
    assert [grid.choices[place - 1] for place in grid.places] == [plain(cell.text) for cell in cells]
    assert sorted(grid.choices) == sorted({plain(cell.text) for cell in cells})
    assert "<table>" in grid.questiontext


def test_a_pool_is_exported_whole_as_a_subcategory_for_random_questions(project):
    pooled = QUIZ_TOPIC.replace("  - type: true_false\n    statement: Mitosis makes two identical cells.",
                                "  - type: true_false\n    group: Recall\n    statement: Mitosis makes two identical cells.")
    pooled = pooled.replace("  - type: true_false\n    statement: Meiosis happens in skin cells.",
                            "  - type: true_false\n    group: Recall\n    statement: Meiosis happens in skin cells.")
    pooled += "worksheet:\n  pick: {Recall: 1}\n"
    files, job = render_output(project, "cells", pooled, "moodle")
    assert len(job.worksheet.questions) == QUIZ_COUNT - 1  # the printed worksheet asks one of the two
    questions = read_quiz(files["quiz.moodle.xml"])
    assert len(questions) == QUIZ_COUNT  # the question bank holds both
    recall = [q for q in questions if q.category == "$course$/top/Cell Division/Recall"]
    assert sorted(q.questiontext for q in recall) == ["<p>Meiosis happens in skin cells.</p>",
                                                      "<p>Mitosis makes two identical cells.</p>"]
