"""Editions: large print measured on the pages, the support edition's extra help."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import EXAMPLE, build_in, libreoffice_pdf, needs_libreoffice, project_with
from test_versions import VERSIONED, docx_options, pdf_options

LARGE_PT = 17.95  # 18 pt, allowing for rounding in the PDF's text matrix


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The example topic and the versioned quiz, with both editions."""
    project = project_with(tmp_path_factory.mktemp("editions"), {"quiz": VERSIONED},
                           "course: Editions\neditions: [large-print, support]\n")
    shutil.copy(EXAMPLE, project / "content")
    build_in(project, ["build", "--jobs", "2"])
    return project / "output"


def sizes(path: Path) -> tuple[float, int, int]:
    """Share of characters at 18 pt or more, characters in an italic font, pages."""
    with pdfplumber.open(path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
        pages = len(pdf.pages)
    large = sum(1 for c in chars if c["size"] >= LARGE_PT)
    italic = sum(1 for c in chars if "italic" in c["fontname"].lower() or "oblique" in c["fontname"].lower())
    return large / len(chars), italic, pages


def test_every_edition_has_the_standard_file_names(editions):
    for slug in ("logistics-vs-operations", "quiz"):
        standard = sorted(p.name for p in (editions / slug).iterdir() if p.is_file())
        for edition in ("large-print", "support"):
            assert sorted(p.name for p in (editions / slug / edition).iterdir()) == standard


def test_large_print_pdfs_are_18_pt_and_never_italic(editions):
    pdfs = sorted((editions / "logistics-vs-operations" / "large-print").glob("*.pdf")) + \
        sorted((editions / "quiz" / "large-print").glob("*.pdf"))
    assert len(pdfs) == 4 + 8  # handout, worksheet, answers, cheat sheet; handout, 3 worksheets, 3 keys, grid
    for pdf in pdfs:
        if pdf.name == "answers-grid.pdf":
            continue  # a marking aid for the teacher, sized to one page
        share, italic, _ = sizes(pdf)
        assert share >= 0.95, f"{pdf.name}: only {share:.0%} of characters are 18 pt or more"
        assert italic == 0, f"{pdf.name}: {italic} italic characters"
    # The standard edition is not large print, so the measure can tell them apart.
    share, italic, _ = sizes(editions / "logistics-vs-operations" / "handout.pdf")
    assert share < 0.2 and italic > 0


def test_large_print_cheatsheet_is_a3_and_the_answer_room_grows(editions):
    with pdfplumber.open(editions / "logistics-vs-operations" / "large-print" / "cheatsheet.pdf") as pdf:
        width, height = pdf.pages[0].width, pdf.pages[0].height
    assert sorted((round(width), round(height))) == [842, 1191]  # A3 in points
    standard = docx.Document(editions / "quiz" / "worksheet-A.docx")
    large = docx.Document(editions / "quiz" / "large-print" / "worksheet-A.docx")
    pitch = {name: doc.styles["Answer Line"].paragraph_format.line_spacing
             for name, doc in (("standard", standard), ("large", large))}
    assert pitch["large"] / pitch["standard"] == pytest.approx(18 / 11, rel=0.01)
    assert large.styles["Normal"].font.size.pt == 18
    assert large.styles["Normal"].paragraph_format.line_spacing >= 1.5


@needs_libreoffice
def test_libreoffice_shows_the_large_print_docx_at_18_pt(editions, tmp_path):
    for name in ("worksheet-A.docx", "answers-A.docx"):
        share, italic, _ = sizes(libreoffice_pdf(editions / "quiz" / "large-print" / name, tmp_path))
        assert share >= 0.95, f"{name}: only {share:.0%} of characters are 18 pt or more in LibreOffice"
        assert italic == 0


def test_support_edition_cuts_options_adds_word_banks_hints_and_lines(editions):
    support = editions / "quiz" / "support"
    for letter in "ABC":
        options = docx_options(support / f"answers-{letter}.docx")
        worksheet = pdf_options(support / f"worksheet-{letter}.pdf")
        assert len(worksheet) == len(options) <= 4 * 3  # at most three options to each of four choices
        assert {"Red", "Whale", "Bat"} <= {text for _, text, ticked in options if ticked}
        assert [(mark, text) for mark, text, _ in options] == worksheet
        text = " ".join(p.text for p in docx.Document(support / f"worksheet-{letter}.docx").paragraphs)
        assert "Think of the colours you cannot mix." in text  # the hint, on the student's sheet
        assert "hundred" in text and "zero" in text  # the word bank of the gap text
        with pdfplumber.open(support / f"worksheet-{letter}.pdf") as pdf:
            printed = " ".join(page.extract_text() for page in pdf.pages)
        assert "Think of the colours you cannot mix." in printed
        assert "Fill in the gaps with words from the box." in printed
    standard = " ".join(p.text for p in docx.Document(editions / "quiz" / "worksheet-A.docx").paragraphs)
    assert "Think of the colours you cannot mix." not in standard and "hundred" not in standard
    lines = {name: sum(p.style.name == "Answer Line" for p in docx.Document(path).paragraphs)
             for name, path in (("standard", editions / "quiz" / "worksheet-A.docx"),
                                ("support", support / "worksheet-A.docx"))}
    assert lines["support"] > lines["standard"]


def test_support_never_drops_a_correct_option_and_always_keeps_a_wrong_one():
    import random

    from docgen.editions import _fewer_options
    from docgen.layout import Choice, Choices

    def block(correct: set[str]) -> Choices:
        return Choices(tuple(Choice("ABCDE"[i], text, text in correct) for i, text in enumerate("vwxyz")))

    for seed in range(20):
        one = _fewer_options(block({"y"}), random.Random(seed))
        assert len(one.options) == 3 and [o.letter for o in one.options] == ["A", "B", "C"]
        assert [o.text for o in one.options if o.correct] == ["y"]
        many = _fewer_options(block({"v", "x", "z"}), random.Random(seed))
        assert [o.text for o in many.options if o.correct] == ["v", "x", "z"]
        assert sum(not o.correct for o in many.options) == 1
    assert len({tuple(o.text for o in _fewer_options(block({"y"}), random.Random(s)).options)
                for s in range(20)}) > 1, "the wrong options kept are drawn, not always the first"
