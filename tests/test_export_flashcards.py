"""flashcards.pdf: every back behind its front when printed double-sided, nothing outside a card."""

from __future__ import annotations

import re
import unicodedata

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import write_topic
from docgen.export.cards import study_cards
from docgen.export.flashcards import STANDARD, render_flashcards, sheet_for
from docgen.layout.editions import edition_named
from docgen.markdown import plain_text
from exports_helpers import CARD_COUNT, CARDS_TOPIC, render_output

PT_PER_MM = 72 / 25.4


def letters(text: str) -> str:
    """Only letters and digits, lower-case: what survives any PDF text extraction."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def card_texts(pdf_bytes: bytes, sheet, min_pt: float = STANDARD.min_pt) -> list[dict[tuple[float, float], list]]:
    """Per page: the characters inside each card rectangle (keyed by its top-left in mm)."""
    import io

    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            assert (round(page.width / PT_PER_MM, 1), round(page.height / PT_PER_MM, 1)) == \
                (round(sheet.width_mm, 1), round(sheet.height_mm, 1))
            rects = {sheet.position(slot, "front"): None for slot in range(sheet.columns * sheet.rows)}
            found: dict[tuple[float, float], list] = {corner: [] for corner in rects}
            for char in page.chars:
                if not char["text"].strip():
                    continue
                inside = [(x, y) for x, y in found
                          if x * PT_PER_MM <= char["x0"] and char["x1"] <= (x + sheet.card_w) * PT_PER_MM
                          and y * PT_PER_MM <= char["top"] and char["bottom"] <= (y + sheet.card_h) * PT_PER_MM]
                assert inside, f"text outside every card: {char['text']!r} at {char['x0']:.0f},{char['top']:.0f}"
                # A formula's TeX rides along at 1 px as its text layer (docgen.formula): not seen.
                assert char["size"] >= min_pt - 0.01 or char["size"] <= 1, f"{char['text']!r} at {char['size']:.1f} pt"
                found[inside[0]].append(char)
            pages.append(found)
    return pages


@pytest.mark.parametrize("paper, per_sheet", [("A4", 8), ("A4", 10), ("letter", 8), ("letter", 10)])
def test_each_back_sits_behind_its_front(project, paper, per_sheet):
    (project / "docgen.yaml").write_text(f"course: Test Course\npaper: {paper}\n", "utf-8")
    files, job = render_output(project, "cells", CARDS_TOPIC, "flashcards")
    pdf = render_flashcards(job, per_sheet=per_sheet)
    sheet = sheet_for(paper, per_sheet)
    cards = study_cards(job.topic, job.labels)
    assert len(cards) == CARD_COUNT
    pages = card_texts(pdf, sheet)
    assert len(pages) == 2 * -(-CARD_COUNT // per_sheet)
    for index, card in enumerate(cards):
        sheet_number, slot = divmod(index, per_sheet)
        front_page, back_page = pages[2 * sheet_number], pages[2 * sheet_number + 1]
        front_corner = sheet.position(slot, "front")
        back_corner = sheet.position(slot, "back")
        # The mirror image across the page's vertical centre line: long-edge duplex.
        assert back_corner[0] + sheet.card_w == pytest.approx(sheet.width_mm - front_corner[0], abs=0.05)
        assert back_corner[1] == front_corner[1]
        front = letters("".join(char["text"] for char in front_page[front_corner]))
        back = letters("".join(char["text"] for char in back_page[back_corner]))
        assert front.startswith(letters(plain_text(card.front))), (index, front)
        assert back == letters(plain_text(card.back).replace("$", "")) or \
            back.startswith(letters(plain_text(card.back))[:20]), (index, back)
        assert front.endswith(letters(job.topic.title))  # the topic line under the front
    empty = {corner for corner, chars in pages[-1].items() if not chars}
    assert len(empty) == (-CARD_COUNT) % per_sheet


def test_long_text_shrinks_but_never_below_the_minimum(project):
    long_definition = "A long definition that goes on and on. " * 9  # about 360 characters
    topic = CARDS_TOPIC.replace("The cell formed when two gametes fuse.", long_definition.strip())
    files, job = render_output(project, "cells", topic, "flashcards")
    sheet = sheet_for("A4", 8)
    pages = card_texts(files["flashcards.pdf"], sheet)  # asserts nothing outside, nothing < 9 pt
    sizes = {round(char["size"], 1) for char in pages[1][sheet.position(2, "back")]}
    assert max(sizes) < 16 and min(sizes) >= STANDARD.min_pt


def test_text_too_long_for_a_card_fails_with_the_card_named(project, run_cli):
    topic = CARDS_TOPIC.replace("The cell formed when two gametes fuse.", "Far too long. " * 120)
    write_topic(project, "cells", topic)
    result = run_cli(["build", "--only", "flashcards", "--jobs", "1"], project)
    assert result.code == 1
    assert 'the back of the term card "Zygote"' in result.err and "9 pt" in result.err
    assert not (project / "output" / "cells" / "flashcards.pdf").exists()


def test_built_from_the_cli_with_the_right_page_count(project, run_cli):
    write_topic(project, "cells", CARDS_TOPIC)
    result = run_cli(["build", "--only", "flashcards", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert len(PdfReader(project / "output" / "cells" / "flashcards.pdf").pages) == 2


def test_large_print_edition_makes_four_bigger_cards_a_sheet_never_under_18_pt(project, run_cli):
    (project / "docgen.yaml").write_text("course: Test Course\neditions: [large-print]\n", "utf-8")
    write_topic(project, "cells", CARDS_TOPIC)
    result = run_cli(["build", "--only", "flashcards", "--jobs", "1"], project)
    assert result.code == 0, result.err
    folder = project / "output" / "cells"
    large = edition_named("large-print").card_size(STANDARD)
    assert (large.per_sheet, large.min_pt) == (4, 18.0)
    sheet = sheet_for("A4", large.per_sheet)
    pages = card_texts((folder / "large-print" / "flashcards.pdf").read_bytes(), sheet, large.min_pt)
    assert len(pages) == 2 * -(-CARD_COUNT // large.per_sheet)
    assert all(chars for chars in pages[0].values())  # four cards on the first sheet's fronts
    assert len(PdfReader(folder / "flashcards.pdf").pages) == 2  # the standard edition: 8 a sheet


def test_a_long_title_wraps_on_every_front_and_the_text_keeps_clear_of_it(project):
    title = "Cell Division: Mitosis, Meiosis and the Cell Cycle in Plants, Animals and Fungi Compared Side by Side"
    files, job = render_output(project, "cells", CARDS_TOPIC.replace("title: Cell Division", f"title: \"{title}\""),
                               "flashcards")
    sheet = sheet_for("A4")
    pages = card_texts(files["flashcards.pdf"], sheet)  # nothing outside a card, nothing under 9 pt
    for corner, chars in pages[0].items():
        if chars:
            assert letters("".join(char["text"] for char in chars)).endswith(letters(title))
            lines = sorted({round(char["top"]) for char in chars if char["size"] < 10})
            assert len(lines) >= 2  # the title wrapped instead of being cut
