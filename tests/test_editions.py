"""Editions: large print measured on the pages, the support edition's extra help."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import EXAMPLE, build_in, libreoffice_pdfs, needs_libreoffice, project_with, write_topic
from test_versions import VERSIONED, docx_options, pdf_options

LARGE_PT = 17.95  # 18 pt, allowing for rounding in the PDF's text matrix


@pytest.fixture(scope="module")
def editions_build(tmp_path_factory):
    """The example topic and the versioned quiz, with both editions; and what the build printed."""
    project = project_with(tmp_path_factory.mktemp("editions"), {"quiz": VERSIONED},
                           "course: Editions\neditions: [large-print, support]\n")
    shutil.copy(EXAMPLE, project / "content")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        build_in(project, ["build", "--jobs", "2"])
    return project / "output", printed.getvalue()


@pytest.fixture(scope="module")
def editions(editions_build):
    return editions_build[0]


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


def test_build_notes_name_the_edition_folder_they_are_about(editions_build):
    """Each edition's notes name its folder: a bare "cheatsheet.pdf" note is the standard one's."""
    printed = editions_build[1]
    notes = [line.strip() for line in printed.splitlines() if line.startswith(" ")]
    cheatsheet = [note for note in notes if "cheatsheet.pdf" in note]  # the example's (the quiz has none)
    assert [note.split(" at ")[0] for note in sorted(cheatsheet)] == [
        "cheatsheet.pdf: fits on 1 page", "large-print/cheatsheet.pdf: 2 pages of A3",
        "support/cheatsheet.pdf: fits on 1 page"], printed
    handout = [note for note in notes if "handout.pdf" in note]
    assert len(handout) == len(set(handout)), f"the same note twice, for two editions: {handout}"


def test_a_large_print_answer_grid_is_not_shrunk_and_its_note_says_so(project, run_cli):
    questions = "".join(f"  - type: short\n    prompt: Question {n}?\n    answer: Answer number {n}\n"
                        for n in range(1, 31))
    write_topic(project, "long-quiz", f"title: Long quiz\nworksheet:\n  versions: 2\nquestions:\n{questions}")
    (project / "docgen.yaml").write_text("editions: [large-print]\n", "utf-8")
    result = run_cli(["build", "--only", "answers", "--jobs", "1"], project)
    assert result.code == 0, result.err
    grid = project / "output" / "long-quiz" / "large-print" / "answers-grid.pdf"
    share, _, pages = sizes(grid)
    assert pages > 1 and share >= 0.95
    assert f"large-print/answers-grid.pdf: {pages} pages at 18 pt" in result.out
    assert "even at" not in result.out  # the standard grid fits one page; large print is never shrunk


def test_a_large_print_footer_on_two_lines_stays_on_the_page(project, run_cli):
    """At 18 pt "Course · Topic" wraps; the second line must not fall off the bottom of the sheet."""
    shutil.copy(EXAMPLE, project / "content")
    (project / "docgen.yaml").write_text("course: Business Studies 11B\neditions: [large-print]\n", "utf-8")
    result = run_cli(["build", "--only", "handout,worksheet,answers", "--jobs", "1"], project)
    assert result.code == 0, result.err
    for name in ("handout.pdf", "worksheet.pdf", "answers.pdf"):
        with pdfplumber.open(project / "output" / "logistics-vs-operations" / "large-print" / name) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                lowest = max(char["bottom"] for char in page.chars)
                assert lowest <= page.height - 5, f"{name} page {number}: text {lowest - page.height:.0f} pt below the sheet"
                assert page.extract_text().rstrip().endswith("Management"), f"{name} page {number}: the footer wraps"


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
    names = ("worksheet-A.docx", "answers-A.docx")
    converted = libreoffice_pdfs([editions / "quiz" / "large-print" / name for name in names], tmp_path)
    for name, pdf in zip(names, converted):
        share, italic, _ = sizes(pdf)
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

    from docgen.layout.editions.support import _fewer_options
    from docgen.layout.blocks import Choice, Choices

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


def test_large_print_scales_every_write_in_row_of_a_derived_table(project, run_cli):
    """Rows sized to their answers (derive: table) grow with the type like every other row.

    Word's rows are at least as tall as the scaled answer room, and as tall
    as the PDF printed them when that is taller (docgen.render.measure.read_printed).
    """
    text = EXAMPLE.read_text("utf-8").replace("worksheet:\n", "worksheet:\n  derive: [table]\n", 1)
    (project / "content" / "topic.yaml").write_text(text, "utf-8")
    (project / "docgen.yaml").write_text("editions: [large-print]\n", "utf-8")
    result = run_cli(["build", "--only", "worksheet", "--jobs", "1"], project)
    assert result.code == 0, result.err

    def table_rows(path: Path) -> list[float]:
        tables = [table for table in docx.Document(path).tables
                  if "Definition" in [row.cells[0].text for row in table.rows]]  # the derived table
        assert len(tables) == 1
        return [row.height.mm for row in tables[0].rows[1:]]

    standard = table_rows(project / "output" / "topic" / "worksheet.docx")
    large = table_rows(project / "output" / "topic" / "large-print" / "worksheet.docx")
    assert len(set(standard)) > 1, "rows sized to their answers"
    for small, big in zip(standard, large, strict=True):
        assert big >= small * 18 / 11 - 0.2
