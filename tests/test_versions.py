"""Versions of a worksheet: each with its own order, its own key, a grid and a CSV that agree."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import build_in, project_with, write_topic

VERSIONED = """
title: Versions test
subject: Testing
worksheet:
  versions: 3
  shuffle_questions: true
  pick: {capitals: 2}
questions:
  - type: choice
    prompt: Which is a primary colour?
    options: [Red, Green, Purple, Orange, None of the above]
    answer: Red
    keep_last: 1
    hint: Think of the colours you cannot mix.
  - type: choice
    prompt: Which are mammals?
    options: [Whale, Shark, Bat, Trout, Eagle]
    answer: [Whale, Bat]
  - type: choice
    prompt: Capital of France?
    options: [Paris, Lyon, Nice, Lille, Nantes, Bordeaux]
    answer: Paris
    group: capitals
  - type: choice
    prompt: Capital of Italy?
    options: [Rome, Milan, Turin, Naples]
    answer: Rome
    group: capitals
  - type: choice
    prompt: Capital of Spain?
    options: [Madrid, Seville, Valencia, Bilbao]
    answer: Madrid
    group: capitals
  - type: short
    prompt: Name a planet.
    answer: Mars
    lines: 2
  - type: blank
    text: Water boils at [[hundred]] degrees and freezes at [[zero]].
"""
LETTERS = "ABC"
OPTION_LINE = re.compile(r"^([A-Z])\. (.+)$")


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("versions"), {"quiz": VERSIONED})
    build_in(project, ["build", "--only", "worksheet,answers", "--jobs", "1"])
    return project / "output" / "quiz"


def pdf_options(path: Path) -> list[tuple[str, str]]:
    """(letter, option text) in print order, as a reader sees them on the pages."""
    with pdfplumber.open(path) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    return [match.groups() for line in lines if (match := OPTION_LINE.match(line.strip()))]


def docx_options(path: Path) -> list[tuple[str, str, bool]]:
    """(letter, text, ticked) of every option paragraph of a Word file."""
    found = []
    for paragraph in docx.Document(path).paragraphs:
        if paragraph.style.name == "Option" and ".\t" in paragraph.text:
            letter, text = paragraph.text.strip().split(".\t", 1)
            found.append((letter, text, 'w14:checked w14:val="1"' in paragraph._p.xml))
    return found


def read_csv(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / "versions.csv").read_text("utf-8-sig"))))


def test_one_set_of_files_per_version_instead_of_the_unlettered_ones(versioned):
    names = sorted(path.name for path in versioned.iterdir())
    expected = sorted([f"{stem}-{letter}.{ext}" for stem in ("worksheet", "answers") for letter in LETTERS
                       for ext in ("docx", "pdf")] + ["answers-grid.pdf", "versions.csv"])
    assert names == expected


def test_versions_differ_in_order_and_keep_none_of_the_above_last(versioned):
    orders = [[text for _, text in pdf_options(versioned / f"worksheet-{letter}.pdf")] for letter in LETTERS]
    assert len({tuple(order) for order in orders}) == 3, "every version has its own order"
    for order in orders:
        colours = [text for text in order if text in ("Red", "Green", "Purple", "Orange", "None of the above")]
        assert colours[-1] == "None of the above"
    prompts = [[row["question"] for row in read_csv(versioned) if row["version"] == letter] for letter in LETTERS]
    assert len({tuple(p) for p in prompts}) > 1, "shuffle_questions orders the questions differently"


def test_each_version_draws_its_questions_from_the_pool(versioned):
    rows = read_csv(versioned)
    for letter in LETTERS:
        asked = [row["question"] for row in rows if row["version"] == letter]
        assert len(asked) == 6
        assert sum(question.startswith("Capital of") for question in asked) == 2


def test_each_key_marks_the_letter_its_own_worksheet_prints(versioned):
    rows = read_csv(versioned)
    for letter in LETTERS:
        printed = dict((text, mark) for mark, text in pdf_options(versioned / f"worksheet-{letter}.pdf"))
        word_worksheet = docx_options(versioned / f"worksheet-{letter}.docx")
        assert [(mark, text) for mark, text, _ in word_worksheet] == \
            [(printed[text], text) for _, text, _ in word_worksheet], ".docx and .pdf print the same letters"
        ticked = [(mark, text) for mark, text, tick in docx_options(versioned / f"answers-{letter}.docx") if tick]
        assert {text for _, text in ticked} >= {"Red", "Whale", "Bat"}
        for mark, text in ticked:
            assert printed[text] == mark, f"version {letter}: the key ticks {mark} for {text!r}"
        # The CSV gives the same letters for the question that holds the option.
        answers = {row["answer"] for row in rows if row["version"] == letter}
        assert printed["Red"] in answers
        assert ", ".join(sorted((printed["Whale"], printed["Bat"]))) in answers
        # The key PDF ticks are drawn, not typed: it prints the same letters beside the same options.
        assert pdf_options(versioned / f"answers-{letter}.pdf") == pdf_options(versioned / f"worksheet-{letter}.pdf")


def test_grid_and_csv_agree_with_the_keys(versioned):
    rows = read_csv(versioned)
    with pdfplumber.open(versioned / "answers-grid.pdf") as pdf:
        assert len(pdf.pages) == 1
        [table] = pdf.pages[0].extract_tables()
    header, *body = table
    assert header == ["Question"] + [f"Version {letter}" for letter in LETTERS]
    assert len(body) == 6
    for cells in body:
        number = cells[0]
        filled = [cells[1]] * 3 if cells[2] is None and cells[3] is None else cells[1:]  # one answer for all
        for letter, cell in zip(LETTERS, filled):
            [row] = [row for row in rows if row["version"] == letter and row["number"] == number]
            assert " ".join(cell.split()) == row["answer"]
    # A version's key prints the CSV's answer to its short question on the same number.
    for row in rows:
        if row["question"] == "Name a planet.":
            assert row["answer"] == "Mars"


def test_every_page_names_its_version(versioned):
    for letter in LETTERS:
        for stem in ("worksheet", "answers"):
            reader = PdfReader(versioned / f"{stem}-{letter}.pdf")
            for number, page in enumerate(reader.pages, 1):
                assert f"Version {letter}" in page.extract_text(), f"{stem}-{letter}.pdf page {number}"
            header = docx.Document(versioned / f"{stem}-{letter}.docx").sections[0].header
            assert f"Version {letter}" in " ".join(p.text for p in header.paragraphs)


def test_rebuilds_give_the_same_versions_byte_for_byte(versioned, run_cli):
    first = {path.name: path.read_bytes() for path in versioned.iterdir()}
    assert run_cli(["build", "--only", "worksheet,answers", "--jobs", "1", "--force"],
                   versioned.parent.parent).code == 0
    assert first == {path.name: path.read_bytes() for path in versioned.iterdir()}


def test_versions_from_the_project_and_a_pick_that_cannot_be_drawn(project, run_cli):
    (project / "docgen.yaml").write_text("versions: 2\n", "utf-8")
    write_topic(project, "quiz", VERSIONED.replace("  versions: 3\n", "").replace("capitals: 2", "capitals: 4"))
    result = run_cli(["build", "--only", "answers", "--jobs", "1"], project)
    assert result.code == 1
    assert 'draws 4 questions from the group "capitals", which holds only 3 questions' in result.err
    assert "content/quiz.yaml:5:" in result.err
    write_topic(project, "quiz", VERSIONED.replace("  versions: 3\n", ""))
    assert run_cli(["build", "--only", "answers", "--jobs", "1"], project).code == 0
    assert sorted(p.name for p in (project / "output" / "quiz").iterdir()) == \
        ["answers-A.docx", "answers-A.pdf", "answers-B.docx", "answers-B.pdf", "answers-grid.pdf", "versions.csv"]
