"""quiz.qti.zip, read by an independent QTI 1.2 reader (pyslet): every item, with its correct response."""

from __future__ import annotations

import zipfile

import pytest

from exports_helpers import QUIZ_COUNT, QUIZ_TOPIC, render_output, rendered_once
from docgen.layout.blocks import Choices, GapText, Labelled, Lines, MatchTable, Table, WordBank
from docgen.markdown import plain_text

pytest.importorskip("pyslet")
from qti_reader import read_package  # noqa: E402


@pytest.fixture(scope="module", params=["every type", "derived"])
def package(tmp_path_factory, request):
    if request.param == "derived":
        from exports_helpers import derived_topic

        project = tmp_path_factory.mktemp("derived")
        (project / "content").mkdir()
        files, job = render_output(project, "derived", derived_topic(), "qti")
    else:
        files, job = rendered_once(tmp_path_factory, "qti")
    path = tmp_path_factory.mktemp("package") / "quiz.qti.zip"
    path.write_bytes(files["quiz.qti.zip"])
    types, items = read_package(path)
    return path, types, items, job


def choose(interaction, text: str) -> str:
    """The identifier of the choice that reads ``text``."""
    [identifier] = [ident for ident, shown in interaction.choices.items() if shown == plain_text(text)]
    return identifier


def test_the_package_and_every_item_are_read(package):
    path, types, items, job = package
    assert types == ["imsqti_xmlv1p2"]
    with zipfile.ZipFile(path) as archive:
        assert "imsmanifest.xml" in archive.namelist()
    assert len(items) == len(job.worksheet.questions) == len({item.identifier for item in items})


def test_every_item_scores_its_correct_response_full_and_a_wrong_one_less(package):
    """The responses are built from the worksheet's blocks, not from the QTI writer."""
    _, _, items, job = package
    for question, item in zip(job.worksheet.questions, items):
        blocks = {type(block): block for block in question.blocks}
        assert plain_text(question.prompt)[:25] in item.text  # (maths reads \\( \\) there)
        if Choices in blocks:
            [interaction] = item.interactions
            block = blocks[Choices]
            if block.in_a_row:
                right = {choose(interaction, "True" if block.options[0].correct else "False")}
            else:
                right = {choose(interaction, option.text) for option in block.options if option.correct}
            wrong = set(interaction.choices) - right
            value = sorted(right) if block.multiple else next(iter(right))
            assert item.score({interaction.response: value}) == 100, question.number
            bad = sorted(right | wrong) if block.multiple else next(iter(wrong))
            assert item.score({interaction.response: bad}) < 100, question.number
        elif Lines in blocks and blocks[Lines].answer and not blocks[Lines].block:
            [interaction] = item.interactions
            assert interaction.kind == "TextEntryInteraction"
            for answer in (blocks[Lines].answer, *blocks[Lines].accept):
                assert item.score({interaction.response: plain_text(answer)}) == 100
            assert item.score({interaction.response: "something else"}) == 0
        elif Lines in blocks:
            [interaction] = item.interactions
            assert interaction.kind == "ExtendedTextInteraction"
        elif GapText in blocks:
            answers = blocks[GapText].gaps
            assert len(item.interactions) == len(answers)
            right = {i.response: choose(i, answer) for i, answer in zip(item.interactions, answers)}
            assert item.score(right) == pytest.approx(100, abs=0.01), question.number
            if WordBank in blocks:  # every gap offers the whole bank
                assert all(len(i.choices) == len(set(blocks[WordBank].words)) for i in item.interactions)
        elif Table in blocks and Labelled not in blocks:  # a grid to complete: a blank per cell
            cells = [cell for row in blocks[Table].rows for cell in row if cell.answer]
            assert len(item.interactions) == len(cells)
            right = {i.response: choose(i, cell.text) for i, cell in zip(item.interactions, cells)}
            assert item.score(right) == pytest.approx(100, abs=0.01), question.number
            assert all(len(i.choices) == len({c.text for c in cells}) for i in item.interactions)
        elif MatchTable in blocks:
            rows = blocks[MatchTable].rows
            right_of = {row.letter: row.right for row in rows}
            responses = {i.response: choose(i, right_of[row.answer]) for i, row in zip(item.interactions, rows)}
            assert item.score(responses) == pytest.approx(100, abs=0.01)
            first = item.interactions[0]
            assert item.score({**responses, first.response: next(
                c for c in first.choices if c != responses[first.response])}) < 100
        elif Labelled in blocks:
            grid = blocks[Table]
            column = {cell.text: grid.header[index] for row in grid.rows for index, cell in enumerate(row)
                      if cell.answer and cell.text}
            statements = blocks[Labelled].items
            responses = {i.response: choose(i, column[f"{label} {text}"])
                         for i, (label, text) in zip(item.interactions, statements)}
            assert item.score(responses) == pytest.approx(100, abs=0.01)
            assert all(set(i.choices.values()) == set(grid.header) for i in item.interactions)
        else:
            pytest.fail(f"question {question.number}: blocks the test does not know")


def test_typed_html_stays_text(tmp_path_factory):
    files, _ = rendered_once(tmp_path_factory, "qti")
    path = tmp_path_factory.mktemp("html") / "quiz.qti.zip"
    path.write_bytes(files["quiz.qti.zip"])
    _, items = read_package(path)
    assert "<b>not bold</b>" in items[0].text


def test_a_picture_is_a_file_of_the_package(tmp_path, project):
    from exports_helpers import render_job, with_picture_and_pool

    _, job = render_output(project, "cells", QUIZ_TOPIC, "qti")
    job = with_picture_and_pool(project, job)
    path = tmp_path / "quiz.qti.zip"
    path.write_bytes(render_job(job, "qti")["quiz.qti.zip"])
    with zipfile.ZipFile(path) as archive:
        [media] = [name for name in archive.namelist() if "/media/" in name]
        assert archive.read(media) == (project / "content" / "images" / "cell.png").read_bytes()
        assert f'href="{media}"' in archive.read("imsmanifest.xml").decode()
    types, items = read_package(path)
    assert len(items) == QUIZ_COUNT
    assert 'src="media/' in str(items[0].item.ItemBody) and "A dividing cell" in str(items[0].item.ItemBody)


def test_a_question_asked_twice_is_two_items(project, tmp_path):
    twice = QUIZ_TOPIC + """  - type: true_false
    statement: Mitosis makes two identical cells.
    answer: true
"""
    files, job = render_output(project, "cells", twice, "qti")
    path = tmp_path / "quiz.qti.zip"
    path.write_bytes(files["quiz.qti.zip"])
    _, items = read_package(path)
    assert len(items) == QUIZ_COUNT + 1 == len({item.identifier for item in items})



def test_matching_choices_are_not_listed_in_the_order_of_the_answers(package):
    """An LMS that shows QTI choices as written must not give a match's answers away."""
    _, _, items, job = package
    matches = [(question, item) for question, item in zip(job.worksheet.questions, items)
               if any(isinstance(block, MatchTable) for block in question.blocks)]
    assert matches
    for question, item in matches:
        [table] = [block for block in question.blocks if isinstance(block, MatchTable)]
        right_of = {row.letter: plain_text(row.right) for row in table.rows}
        answers = [right_of[row.answer] for row in table.rows]
        listed = list(item.interactions[0].choices.values())
        assert listed[:len(answers)] != answers, question.number


def test_the_matching_order_is_seeded():
    from docgen.export.qti import shuffled_choices

    drawn = shuffled_choices(["a", "b", "c", "d"], "seed")
    assert drawn == shuffled_choices(["a", "b", "c", "d"], "seed") != ["a", "b", "c", "d"]
    assert sorted(drawn) == ["a", "b", "c", "d"]
    assert shuffled_choices(["a", "b"], "any") == ["b", "a"]  # even a draw of the same order is turned
