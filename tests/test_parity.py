"""Word and PDF cannot disagree, and the key keeps the worksheet's pages.

Every question type, worksheet and key: the words a reader sees (numbers,
prompts, letters, options, labels, gap answers), the points of each
question and the write-in tables (rows x columns, cell texts) are read
back from the .docx (python-docx) and from the PDF (pdfplumber) and must
be equal. Page parity: worksheet.pdf and answers.pdf have the same pages
and each question starts on the same page; LibreOffice lays out
worksheet.docx on as many pages as worksheet.pdf.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml
from docx.oxml.ns import qn

from conftest import libreoffice_pdfs, needs_libreoffice
from tests.test_docx import TOPIC

POINTS = re.compile(r"\(\d+(?:[.,]\d+)?\s?\w+\)")  # "(2 pts)", "(2 puntos)"
NOISE = {"·", "/", "☐", "☑", "•"}  # separators, tick boxes, list bullets
MM = 72 / 25.4


def normal_words(text: str) -> list[str]:
    """The words of ``text`` as a reader compares them: no write-on lines, no tick boxes."""
    text = POINTS.sub(" ", text.replace("\u00a0", " "))
    words = [word.strip("_") for word in text.split()]
    return [word.casefold() for word in words if word and word not in NOISE]


def docx_reading(path: Path) -> tuple[list[str], list[str], list[list[list[str]]]]:
    """Words, points and write-in tables of a .docx body, in reading order."""
    document = docx.Document(path)
    body = document.element.body
    words: list[str] = []
    points: list[str] = []
    tables: list[list[list[str]]] = []
    number = 0
    list_counters: dict[str, int] = {}
    for block in body:
        if block.tag == qn("w:tbl"):
            table = next(t for t in document.tables if t._tbl is block)
            if table.style.name == "Worksheet Table":
                tables.append([[cell.text.strip() for cell in row.cells] for row in table.rows])
                continue
            for row in table.rows:
                for cell in row.cells:
                    words += normal_words(cell.text)
            continue
        if block.tag != qn("w:p"):
            continue
        paragraph = next(p for p in document.paragraphs if p._p is block)
        text = paragraph.text
        numbering = block.pPr.numPr if block.pPr is not None else None
        if paragraph.style.name == "Question":
            number += 1
            text = f"{number}. {text}"
            points += POINTS.findall(text.replace("\u00a0", " "))
        elif numbering is not None and _is_decimal(document, numbering.numId.val):
            # A Markdown numbered list: Word numbers it, the PDF prints the number.
            key = str(numbering.numId.val)
            list_counters[key] = list_counters.get(key, 0) + 1
            text = f"{list_counters[key]}. {text}"
        words += normal_words(text)
    return words, points, tables


def _is_decimal(document, num_id: int) -> bool:
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
    formats = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract[0]}']/w:lvl[@w:ilvl='0']/w:numFmt/@w:val")
    return formats == ["decimal"]


def pdf_reading(path: Path) -> tuple[list[str], list[str], list[list[list[str]]], list[int]]:
    """Words, points, write-in tables and question pages of a worksheet PDF, in reading order."""
    words: list[str] = []
    points: list[str] = []
    tables: list[list[list[str]]] = []
    pages: list[int] = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            # The printed area without the margins' banner and footer.
            body = page.within_bbox((0, 21 * MM, page.width, page.height - 19 * MM))
            found = body.find_tables()
            for table in found:
                tables.append([[(cell or "").replace("\n", " ").strip() for cell in row]
                               for row in table.extract()])
            outside = body
            for table in found:
                outside = outside.outside_bbox(table.bbox)
            text = outside.extract_text()
            points += POINTS.findall(text)
            for line in text.splitlines():
                if re.match(r"^\d+\. ", line) and POINTS.search(line):
                    pages.append(index)
            words += normal_words(text)
    return words, points, tables, pages


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parity")
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Business 11B\nteacher: Ms Rivera\n", "utf-8")
    topic = dict(TOPIC, questions=TOPIC["questions"] + [
        {"type": "short", "prompt": "Name one logistics task.", "accept": ["routing", "storage"],
         "answer": "Transport", "hint": "Think of lorries."},
        {"type": "blank", "text": "Finished goods are [[awaiting dispatch]]."}])
    (root / "content" / "parity.yaml").write_text(yaml.safe_dump(topic, allow_unicode=True), "utf-8")
    result = subprocess.run([sys.executable, "-m", "docgen", "build", "--jobs", "1"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "output" / "parity"


@pytest.mark.parametrize("stem", ["worksheet", "answers"])
def test_word_and_pdf_show_the_same_words_points_and_tables(built, stem):
    word_words, word_points, word_tables = docx_reading(built / f"{stem}.docx")
    pdf_words, pdf_points, pdf_tables, _ = pdf_reading(built / f"{stem}.pdf")
    assert word_words == pdf_words
    assert word_points == pdf_points and len(word_points) == len(TOPIC["questions"]) + 2
    assert word_tables == pdf_tables and word_tables  # the classify table: rows x columns and cells


def test_every_question_type_is_covered(built):
    types = {question["type"] for question in TOPIC["questions"]}
    from docgen.registry import question_types
    assert types == set(question_types())


def test_the_key_shows_its_answers_and_the_worksheet_none(built):
    sheet, _, sheet_tables, _ = pdf_reading(built / "worksheet.pdf")
    key, _, key_tables, _ = pdf_reading(built / "answers.pdf")
    for answer in ("interrelated", "transport", "lorries.", "awaiting"):
        assert answer in key and answer not in sheet, answer
    assert all(not cell for row in sheet_tables[0][1:] for cell in row)
    assert any(cell for row in key_tables[0][1:] for cell in row)


def test_the_key_keeps_the_worksheets_pages(built):
    *_, sheet_pages = pdf_reading(built / "worksheet.pdf")
    *_, key_pages = pdf_reading(built / "answers.pdf")
    assert sheet_pages == key_pages and len(sheet_pages) == len(TOPIC["questions"]) + 2
    with pdfplumber.open(built / "worksheet.pdf") as a, pdfplumber.open(built / "answers.pdf") as b:
        assert len(a.pages) == len(b.pages)


def test_pdf_gaps_hold_no_hidden_words(built):
    """Copying a gap out of the worksheet gives nothing, not a hidden word."""
    words, *_ = pdf_reading(built / "worksheet.pdf")
    assert "blank" not in words and "awaiting" not in words


@needs_libreoffice
def test_libreoffice_lays_out_the_docx_on_the_pdfs_pages(built, example_output, tmp_path):
    """The parity topic and every example topic (English and Spanish), in one LibreOffice run."""
    examples = sorted(path for path in example_output.parent.iterdir() if path.is_dir() and not path.name.startswith("."))
    assert len(examples) >= 2
    assert_libreoffice_pages([(folder, stem) for folder in (built, *examples) for stem in ("worksheet", "answers")],
                             tmp_path)


def assert_libreoffice_pages(pairs: list[tuple[Path, str]], folder: Path) -> None:
    """Each (folder, stem)'s .docx is as many pages in LibreOffice as its PDF (one LibreOffice run)."""
    converted = libreoffice_pdfs([place / f"{stem}.docx" for place, stem in pairs], folder)
    for (place, stem), office in zip(pairs, converted):
        with pdfplumber.open(place / f"{stem}.pdf") as pdf, pdfplumber.open(office) as laid_out:
            assert len(laid_out.pages) == len(pdf.pages), (place, stem)


def test_example_keys_keep_their_worksheets_pages(example_output):
    for folder in sorted(path for path in example_output.parent.iterdir() if path.is_dir() and not path.name.startswith(".")):
        *_, sheet_pages = pdf_reading(folder / "worksheet.pdf")
        *_, key_pages = pdf_reading(folder / "answers.pdf")
        assert sheet_pages == key_pages and sheet_pages, folder


def test_the_worksheet_title_runs_across_the_page(example_output):
    """The title is not squeezed beside the student fields: "— Worksheet" never wraps alone."""
    with pdfplumber.open(example_output / "worksheet.pdf") as pdf:
        words = pdf.pages[0].extract_words()
    title = "Logistics vs Operations Management — Worksheet".split()
    start = next(i for i, w in enumerate(words) if [x["text"] for x in words[i:i + len(title)]] == title)
    tops = {round(word["top"]) for word in words[start:start + len(title)]}
    assert len(tops) == 1
    fields = next(word for word in words if word["text"] == "Name")
    assert fields["top"] > max(tops)  # the student fields sit under the title, not beside it


def test_word_keeps_the_room_the_pdf_printed(tmp_path):
    """Word's write-in rows and ruled areas are as tall as the PDF printed them, so the key's typed
    answers (a long statement in a sort table) never run its pages longer than the worksheet's."""
    long = "a statement long enough to wrap onto three lines of its narrow column " * 2
    topic = {"title": "T", "questions": [{"type": "classify", "categories": ["A", "B", "C"],
                                          "statements": [{"text": long, "answer": "A"},
                                                         {"text": "short", "answer": "B"}]},
                                         {"type": "short", "prompt": "Why?", "lines": 2,
                                          "answer": "Because " * 60, "explanation": "Since " * 40}]}
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "t.yaml").write_text(yaml.safe_dump(topic), "utf-8")
    result = subprocess.run([sys.executable, "-m", "docgen", "build", "--jobs", "1"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "output" / "t"
    sheet, key = docx.Document(folder / "worksheet.docx"), docx.Document(folder / "answers.docx")
    sheet_rows = [row.height.mm for row in sheet.tables[0].rows[1:]]
    assert sheet_rows == [row.height.mm for row in key.tables[0].rows[1:]]
    assert sheet_rows[0] > 15  # the long statement's room, not the 9 mm default
    lines = [p for p in sheet.paragraphs if p.style.name == "Answer Line"]
    assert len(lines) > 2  # the long model answer's room, not the 2 lines asked for
    assert_libreoffice_pages([(folder, "worksheet"), (folder, "answers")], tmp_path / "lo")
