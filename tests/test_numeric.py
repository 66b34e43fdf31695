"""The numeric question type: an answer box, a key with answer ± tolerance unit, Moodle and QTI."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import build_in, project_with
from moodle_reader import read_quiz
from qti_reader import read_package

TOPIC = """\
title: Measuring
lang: fr
questions:
  - type: numeric
    prompt: Quelle est l'accélération de la pesanteur ?
    answer: 9.81
    tolerance: 0.05
    unit: m/s²
  - type: numeric
    prompt: En quelle année est né Victor Hugo ?
    answer: 1802
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = project_with(tmp_path_factory.mktemp("numeric"), {"measuring": TOPIC}, "course: Physique\n")
    build_in(root, ["build", "--only", "worksheet,answers,moodle,qti"])
    return root / "output" / "measuring"


def _text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return " ".join(page.extract_text() for page in document.pages)


def test_the_key_writes_answer_plus_or_minus_tolerance_and_the_worksheet_an_empty_box(built):
    key, sheet = _text(built / "answers.pdf"), _text(built / "worksheet.pdf")
    assert "9,81 ± 0,05" in key and "1802" in key  # the topic's language writes the numbers
    assert "9,81" not in sheet and "1802" not in sheet
    assert sheet.count("Réponse") == 2 and "m/s²" in sheet  # the label and the unit after the box
    with pdfplumber.open(built / "worksheet.pdf") as document:
        boxes = [rect for rect in document.pages[0].rects if 40 * 72 / 25.4 < rect["width"] < 60 * 72 / 25.4]
    assert len(boxes) >= 2  # a box to write each number in


def test_word_draws_a_ruled_box_and_the_key_fills_it(built):
    for name, shown in (("worksheet.docx", False), ("answers.docx", True)):
        document = docx.Document(built / name)
        boxes = [table for table in document.tables if table.style.name == "Answer Box"]
        assert len(boxes) == 2
        label, box, unit = boxes[0].rows[0].cells
        assert label.text == "Réponse" and unit.text == "m/s²"
        assert (box.text == "9,81 ± 0,05") is shown and (box.text == "") is not shown
        assert box._tc.tcPr.xpath("./w:tcBorders/w:left")  # ruled on every side


def test_moodle_imports_it_as_a_numerical_question_with_its_tolerance_and_unit(built):
    first, second = read_quiz((built / "quiz.moodle.xml").read_bytes())
    assert first.qtype == "numerical" and first.answers == [("9.81", 1.0)] and first.tolerances == [0.05]
    assert first.units == [("m/s²", 1.0)]
    assert second.answers == [("1802", 1.0)] and second.tolerances == [0.0] and second.units == []


def test_qti_scores_every_value_within_the_tolerance_and_nothing_outside(built, tmp_path):
    _, items = read_package(built / "quiz.qti.zip")
    gravity, year = items
    response = gravity.interactions[0].response
    for value, score in ((9.81, 100), (9.76, 100), (9.86, 100), (9.7, 0), (9.9, 0)):
        assert gravity.score({response: value}) == score, value
    assert year.score({year.interactions[0].response: 1802.0}) == 100
    assert year.score({year.interactions[0].response: 1803.0}) == 0
    with zipfile.ZipFile(built / "quiz.qti.zip") as package:
        xml = next(package.read(name) for name in package.namelist() if name.endswith("measuring.xml"))
    assert b"numerical_question" in xml and b"m/s\xc2\xb2" in xml
