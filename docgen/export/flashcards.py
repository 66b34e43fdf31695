"""flashcards.pdf: the topic's terms and comparison facts as cut-out cards.

A sheet is two pages: the fronts, then the backs with the columns
mirrored, so that printing double-sided and flipping on the long edge
puts every answer behind its question. Cut marks sit in the margin on
the cutting lines. Each card's text gets the largest size (up to a cap)
at which it fits its card: laid out, measured, shrunk where it overflows,
never below 9 pt (an edition may ask for fewer, bigger cards: four a sheet at
18 pt in large print);
a text that does not fit even then fails the build with the card named,
instead of being clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.content.errors import DocgenError, Problem
from docgen.export.cards import CARD_READS, Card, study_cards
from docgen.layout.editions import edition_named
from docgen.markdown import plain_text
from docgen.render.job import RenderJob
from docgen.render.writers.html.from_template import render_html

PAPER_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_MM = 10.0  # printers cannot print the edge; the cut marks live here
MARK_MM = 5.0  # length of a cut mark, ending 1 mm short of the cards


@dataclass(frozen=True)
class CardSize:
    """How many cards a sheet holds and the sizes their text may take (pt)."""

    per_sheet: int  # 2 columns, per_sheet / 2 rows
    min_pt: float  # never smaller: a card is read at arm's length
    max_pt: dict[str, float]  # by side: a sparse card does not shout


STANDARD = CardSize(8, 9.0, {"front": 24.0, "back": 16.0})
# An edition may change it (large print: fewer, bigger cards): Edition.card_size.
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Sheet:
    """Where everything goes on a page, in mm."""

    width_mm: float
    height_mm: float
    columns: int
    rows: int

    @property
    def card_w(self) -> float:
        return round((self.width_mm - 2 * MARGIN_MM) / self.columns, 2)

    @property
    def card_h(self) -> float:
        return round((self.height_mm - 2 * MARGIN_MM) / self.rows, 2)

    def position(self, slot: int, side: str) -> tuple[float, float]:
        """Top-left corner of a slot; a back's column is mirrored."""
        row, column = divmod(slot, self.columns)
        if side == "back":
            column = self.columns - 1 - column
        return round(MARGIN_MM + column * self.card_w, 2), round(MARGIN_MM + row * self.card_h, 2)

    @property
    def cut_marks(self) -> list[Mark]:
        gap, hair = 1.0, 0.2
        marks = []
        for column in range(self.columns + 1):
            x = MARGIN_MM + column * self.card_w - hair / 2
            marks += [Mark(x, MARGIN_MM - gap - MARK_MM, hair, MARK_MM),
                      Mark(x, self.height_mm - MARGIN_MM + gap, hair, MARK_MM)]
        for row in range(self.rows + 1):
            y = MARGIN_MM + row * self.card_h - hair / 2
            marks += [Mark(MARGIN_MM - gap - MARK_MM, y, MARK_MM, hair),
                      Mark(self.width_mm - MARGIN_MM + gap, y, MARK_MM, hair)]
        return marks


def sheet_for(paper: str, per_sheet: int = STANDARD.per_sheet) -> Sheet:
    if per_sheet < 2 or per_sheet % 2:
        raise ValueError("cards per sheet must be an even number of at least 2")
    width, height = PAPER_MM[paper]
    return Sheet(width, height, 2, per_sheet // 2)


@dataclass(frozen=True)
class Placed:
    index: int  # the card's number in the deck, the same on its front and back
    card: Card
    side: str  # "front" or "back"
    x: float
    y: float
    size_pt: float


def first_size(text: str, sheet: Sheet, side: str, size: CardSize) -> float:
    """A guess from the text's length: about 0.5 em wide and 1.3 em tall a character."""
    padding_w, padding_h = 12.0, 10.0 + (3.0 if side == "front" else 0.0)
    area_pt2 = (sheet.card_w - padding_w) * (sheet.card_h - padding_h) * PT_PER_MM ** 2
    guess = (0.7 * area_pt2 / (max(len(text), 1) * 0.5 * 1.3)) ** 0.5
    return max(size.min_pt, min(size.max_pt[side], round(guess * 2) / 2))


def place(cards: list[Card], sheet: Sheet, sizes: dict[tuple[int, str], float]) -> list[list[Placed]]:
    """Pages of placed cards: fronts of a sheet, then their backs."""
    per_sheet = sheet.columns * sheet.rows
    pages = []
    for start in range(0, len(cards), per_sheet):
        for side in ("front", "back"):
            page = []
            for slot, card in enumerate(cards[start:start + per_sheet]):
                x, y = sheet.position(slot, side)
                page.append(Placed(start + slot, card, side, x, y, sizes[(start + slot, side)]))
            pages.append(page)
    return pages


def _by_class(box, name: str):
    return next((child for child in box.children if child.element is not None
                 and name in (child.element.get("class") or "").split()), None)


def overflowing(document) -> dict[tuple[int, str], float]:
    """Cards whose text is taller than its room (inside the card, clear of the topic line),
    with how much taller: the text's height over the room."""
    over = {}
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            ident = element.get("id", "") if element is not None else ""
            if ident.startswith("card-") and box.children:
                text, topic = _by_class(box, "text"), _by_class(box, "topic")
                room = box.height if topic is None else min(box.height, topic.position_y - 2 - box.content_box_y())
                bottom = text.position_y + text.margin_height()
                if text.margin_height() > box.height + 0.5 or (topic and bottom > topic.position_y - 2):
                    _, index, side = ident.split("-")
                    over[(int(index), side)] = text.margin_height() / max(room, 1.0)
                continue
            stack.extend(getattr(box, "children", []))
    return over


def smaller(size_pt: float, ratio: float, min_pt: float) -> float:
    """The next size to try for a text ``ratio`` times too tall: its area grows with the size
    squared, so the size shrinks by the ratio's square root (on a half-point grid), and at
    least half a point, never under ``min_pt``."""
    guess = int(size_pt / ratio ** 0.5 * 2) / 2
    return max(min_pt, min(size_pt - 0.5, guess))


def render_flashcards(job: RenderJob, size: CardSize = STANDARD, per_sheet: int | None = None) -> bytes:
    from docgen.render.writers.html.printer import layout, write_pdf

    cards = study_cards(job.topic, job.labels)
    sheet = sheet_for(job.project.config.paper, per_sheet or size.per_sheet)
    sizes = {(index, side): first_size(plain_text(getattr(card, side)), sheet, side, size)
             for index, card in enumerate(cards) for side in ("front", "back")}
    while True:
        html = render_html(job, "flashcards.html", sheet=sheet, pages=place(cards, sheet, sizes))
        document = layout(html, job.topic_file.path.parent, job.project.root)
        over = overflowing(document)
        if not over:
            return write_pdf(document, f"{job.slug}/flashcards.pdf")
        stuck = sorted(key for key in over if sizes[key] <= size.min_pt)
        if stuck:
            raise DocgenError([_too_long(job, cards[stuck[0][0]], stuck[0][1], size.min_pt)])
        for key, ratio in over.items():
            sizes[key] = smaller(sizes[key], ratio, size.min_pt)


def _too_long(job: RenderJob, card: Card, side: str, min_pt: float) -> Problem:
    kind = "term" if card.kind == "term" else "comparison fact"
    text = plain_text(getattr(card, side))
    path = job.topic_file.path
    line, column = job.topic_file.source().source_map.position(card.source[side]) or (None, None)
    return Problem(path, f'flashcards: the {side} of the {kind} card "{plain_text(card.front)}" '
                         f"({len(text)} characters) does not fit its card even at {min_pt:g} pt",
                   line, column, card.source[side],
                   hint="shorten that text; a flashcard holds about 400 characters")


def render(job: RenderJob) -> dict[str, bytes]:
    if not study_cards(job.topic, job.labels):
        job.notes.append("flashcards.pdf: skipped, the topic has no terms and no comparison")
        return {}
    return {"flashcards.pdf": render_flashcards(job, edition_named(job.edition).card_size(STANDARD))}


def setup(app) -> None:
    app.add_output("flashcards", render, reads=CARD_READS)
