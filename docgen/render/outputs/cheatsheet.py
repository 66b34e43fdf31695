"""The one-page cheat sheet: predict the size, lay out, correct, write.

The whole sheet is sized from one number, the body font size; every other
measure in the stylesheet is in em. A small model of the sheet (lines of
text per cell, entry and paragraph at a given size and column width,
words measured with the sheet's own font and wrapped as a browser wraps
them) predicts the content's height at any size within about 1 % and
without WeasyPrint, so the first layout is usually the one written: it
fits and fills the page. When it does not, the model is scaled by what the
layout measured and asked again. A sheet whose content is short stops
growing at MAX_PT (larger type reads worse, not better) and gives the
rest of the page to a ruled Notes area that fills it in the same layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from docgen.content.errors import DocgenError, Problem
from docgen.layout.editions import Edition, edition_named
from docgen.markdown import plain_text
from docgen.render.job import TOPIC_HEAD, RenderJob
from docgen.root import resource_root
from docgen.render.writers.html.from_template import render_html
from docgen.render.writers.html.templates import balance
from docgen.timing import count

MIN_PT = 7.0  # legible minimum (design brief): no character on the sheet is smaller
MAX_PT = 12.0  # where a one-page reference reads best; larger type fills with air
STEP_PT = 0.25
TARGET_FILL = 0.97  # the model aims this high: it is close, not exact
FULL = 0.85  # content this high on the page is full; less gets a ruled Notes area below
ROOMY = 0.9  # a fitting layout filling less than this gets one try at a larger size,
GROW_TARGET = 0.93  # one expected to fill no more than this
SMALL_EM = 0.8  # labels and headings, but never under MIN_PT

PAGE_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4), "A3": (297.0, 420.0)}
MARGIN_MM = (18.0, 19.0)  # left + right, top + bottom of cheatsheet.css's @page
PT_PER_MM = 72 / 25.4
LEADING = 1.28  # cheatsheet.css line-height
CELL_PAD_EM = 1.0  # left + right padding of a comparison cell


def parts_to_show(job: RenderJob) -> list[str]:
    """The `include` list, or every part the topic has, in the spec's order."""
    topic = job.topic
    present = topic.cheatsheet_parts
    return [part for part in topic.cheatsheet.include or present if part in present]


def column_widths(topic) -> list[float]:
    """Fractions of the table width: the aspect column, then one per item.

    Half of the width is shared equally, half by each column's amount of
    text: a column of dashes does not take as much room as one of sentences.
    """
    rows = topic.compare.rows
    aspect = min(max(max(len(row.aspect) for row in rows) / 90, 0.12), 0.2)
    count = len(topic.compare.items)
    amounts = [math.sqrt(sum(len(plain_text(row.values[i] or "")) for row in rows) / len(rows) + 8)
               for i in range(count)]
    shares = [0.5 / count + 0.5 * amount / sum(amounts) for amount in amounts]
    return [aspect] + [(1 - aspect) * share for share in shares]


@dataclass(frozen=True)
class Geometry:
    """The page area of the sheet, in pt."""

    width: float
    height: float

    @classmethod
    def of(cls, job: RenderJob, paper: str) -> "Geometry":
        short, long = PAGE_MM[paper]
        width, height = (long, short) if job.topic.cheatsheet.orientation == "landscape" else (short, long)
        return cls((width - MARGIN_MM[0]) * PT_PER_MM, (height - MARGIN_MM[1]) * PT_PER_MM)


@lru_cache(maxsize=2)
def _font(bold: bool):
    """The sheet's sans (the bundled one) at 1000 units an em, to measure words as WeasyPrint sets them."""
    from PIL import ImageFont

    from docgen.fonts import BUNDLED

    regular, bold_face = BUNDLED["sans"][:2]
    name = bold_face if bold else regular
    return ImageFont.truetype(str(resource_root() / "fonts" / name), 1000)


@lru_cache(maxsize=8192)
def _words(text: str, bold: bool = False) -> tuple[tuple[float, ...], float]:
    """Widths of the words of ``text`` and of a space, in em."""
    font = _font(bold)
    return tuple(font.getlength(word) / 1000 for word in text.split()), font.getlength(" ") / 1000


def _lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a column ``width_pt`` wide at ``size`` pt: greedy word wrap."""
    widths, space = _words(text, bold)
    room = width_pt / size  # in em
    lines, filled = 1, 0.0
    for width in widths:
        if filled and filled + space + width > room:
            lines, filled = lines + 1, width
        else:
            filled += (space if filled else 0.0) + width
    return lines


class SheetModel:
    """Predicted height (pt) of each part of the sheet at a body size."""

    def __init__(self, job: RenderJob, parts: list[str], geometry: Geometry) -> None:
        self.topic, self.parts, self.geometry = job.topic, parts, geometry
        self.widths = column_widths(job.topic) if "compare" in parts else []
        self.term_columns = term_columns(job.topic, geometry)

    def heights(self, size: float) -> dict[str, float]:
        topic, width, line = self.topic, self.geometry.width, LEADING * size
        heights = {"band": _lines(topic.title, width * 0.7, size * 1.6, True) * 1.76 * size + 1.0 * size}
        heading = small_pt(size) * 1.15 + 0.35 * size
        if "summary" in self.parts:
            text = _lines(plain_text(topic.summary), width - 1.4 * size, 1.08 * size)
            heights["summary"] = small_pt(size) * LEADING + text * 1.08 * line + 1.5 * size
        if "compare" in self.parts:
            cells = [(width * fraction - CELL_PAD_EM * size) for fraction in self.widths]
            head = max(_lines(item, cell, 1.1 * size, True) for item, cell in zip(topic.compare.items, cells[1:]))
            heights["compare"] = head * 1.1 * line + 1.4 * size + sum(self.row_height(row, cells, size)
                                                                       for row in topic.compare.rows)
        if "terms" in self.parts:
            heights["terms"] = heading + 0.6 * size + self._columns(
                topic.terms, lambda term: f"{term.term} — {plain_text(term.definition)}",
                self.term_columns, size, 0)
        if "notes" in self.parts:
            heights["notes"] = heading + 0.6 * size + self._columns(
                topic.cheatsheet.notes, plain_text, 2, size, 1.2 * size)
        return heights

    def row_height(self, row, cells: list[float], size: float) -> float:
        texts = [row.aspect] + [plain_text(value or "—") for value in row.values]
        return max(_lines(text, cell, size, index == 0) for index, (text, cell) in enumerate(zip(texts, cells))) \
            * LEADING * size + 0.65 * size

    def _columns(self, entries: list, text, columns: int, size: float, indent: float) -> float:
        """The tallest of the columns the template splits ``entries`` into (`balance`)."""
        width = (self.geometry.width - 1.5 * size * (columns - 1)) / columns - indent
        return max(sum(_lines(text(entry), width, size) * LEADING * size + 0.2 * size for entry in group)
                   for group in balance(entries, columns))

    def fill(self, size: float) -> float:
        return sum(self.heights(size).values()) / self.geometry.height


def term_columns(topic, geometry: Geometry) -> int:
    """Three columns of terms on a wide page or a long list, else two."""
    count = len(topic.terms)
    landscape = geometry.width > geometry.height
    return 3 if count > (5 if landscape else 10) else 2


def small_pt(body_pt: float, em: float = SMALL_EM) -> float:
    """Labels and headings: smaller than the body, never under the legible minimum."""
    return max(round(body_pt * em, 2), MIN_PT)


def sheet_fill(document) -> float:
    """How many pages of content a layout holds (0.8 = 80 % of one page).

    Measured on the sheet's content (the first child of <body>), not on the
    body: a Notes area stretches the body to the foot of the page.
    """
    total = 0.0
    for page in document.pages:
        box = page._page_box  # WeasyPrint's laid-out page
        html = box.children[0] if box.children else None
        body = html.children[0] if html is not None and html.children else None
        content = body.children[0] if body is not None and body.children else None
        if content is None:
            total += 1.0
            continue
        total += (content.position_y + content.margin_height() - html.position_y) / box.height
    return total


class Fitter:
    """Finds a body size whose layout is one page and fills it, in as few layouts as it can."""

    def __init__(self, job: RenderJob, parts: list[str], paper: str | None = None) -> None:
        self.job, self.parts = job, parts
        self.paper = paper or job.project.config.paper
        self.model = SheetModel(job, parts, Geometry.of(job, self.paper))
        self.measured: dict[float, float] = {}  # size -> pages of content, of every layout made

    def expected(self, size: float) -> float:
        """Pages of content at ``size``: between two layouts made, the power law through
        them; beyond them, the nearest layout changed as the model changes."""
        below = [s for s in self.measured if s < size]
        above = [s for s in self.measured if s > size]
        if below and above:
            low, high = max(below), min(above)
            exponent = math.log(self.measured[high] / self.measured[low]) / math.log(high / low)
            return self.measured[low] * (size / low) ** exponent
        if below or above:
            nearest = max(below) if below else min(above)
            return self.measured[nearest] * self.model.fill(size) / self.model.fill(nearest)
        return self.model.fill(size)

    def predict(self, low: float | None = None, high: float | None = None,
                target: float = TARGET_FILL) -> float | None:
        """The largest grid size strictly between the bounds expected to fill at most ``target``."""
        bottom = MIN_PT if low is None else low + STEP_PT
        top = MAX_PT if high is None else high - STEP_PT
        size = top
        while size >= bottom:
            if self.expected(size) <= target:
                return size
            size -= STEP_PT
        return None if low is not None else (bottom if bottom <= top else None)

    def layout(self, body_pt: float, notes_area: bool):
        from docgen.render.writers.html.printer import layout

        html = render_html(self.job, "cheatsheet.html", parts=self.parts, body_pt=body_pt,
                           small_pt=small_pt(body_pt), heading_pt=small_pt(body_pt, 0.95),
                           widths=[round(w * 100, 2) for w in self.model.widths],
                           term_columns=self.model.term_columns, notes_area=notes_area,
                           page_height_pt=round(self.model.geometry.height - 1, 2), paper=self.paper,
                           orientation=self.job.topic.cheatsheet.orientation)
        count("cheatsheet layouts")  # for the benchmark: the other outputs lay out too
        document = layout(html, self.job.topic_file.path.parent, self.job.project.root)
        self.measured[body_pt] = sheet_fill(document)
        return document

    def best(self) -> tuple[float, object] | None:
        """A size whose layout is one page, and filled: by content, or by a Notes area
        where the content is expected to leave the page's foot empty.

        A fitting layout that leaves room (the model over-guessed) earns one
        try at a larger size; a layout that overflows narrows the search.
        """
        low: float | None = None  # largest size known to fit
        high: float | None = None  # smallest size known not to fit
        found: tuple[float, object, bool] | None = None  # size, layout, with a Notes area
        grew = False
        size = self.predict()
        while size is not None:
            # growing a ruled sheet keeps its Notes area (dropped below if the content needs the room)
            notes_area = self.expected(size) < FULL or (grew and found is not None and found[2])
            document = self.layout(size, notes_area)
            if notes_area and (len(document.pages) > 1 or self.measured[size] > TARGET_FILL):
                notes_area = False
                document = self.layout(size, False)  # the content needs the Notes area's room
            if len(document.pages) > 1:
                high = size
                if grew:
                    break  # the one try at a larger size failed: keep what fitted
            else:
                low, found = size, (size, document, notes_area)
                if size >= MAX_PT or grew or self.measured[size] >= ROOMY:
                    break
                if self.measured[size] >= FULL or notes_area:  # filled already: grow with care
                    grew = True
                    size = self.predict(low, high, GROW_TARGET)
                    continue
            size = self.predict(low, high)
        if found is None:
            return None
        size, document, notes_area = found
        if notes_area or self.measured[size] >= FULL:
            return size, document
        return size, self.layout(size, True)  # the largest size that fits leaves room: rule it


def render(job: RenderJob) -> dict[str, bytes]:
    from docgen.render.writers.html.printer import write_pdf

    parts = parts_to_show(job)
    if not parts:
        job.notes.append("cheatsheet: skipped, nothing to show (no summary, compare, terms or notes)")
        return {}
    edition = edition_named(job.edition)
    if edition.fixed_pt:
        return _fixed_size(job, parts, edition)
    fitter = Fitter(job, parts)
    found = fitter.best()
    if found is None:
        raise DocgenError([too_long(job, fitter)])
    body_pt, document = found
    job.notes.append(f"cheatsheet.pdf: fits on 1 page at {body_pt:g} pt")
    return {"cheatsheet.pdf": write_pdf(document, f"{job.slug}/cheatsheet.pdf")}


def _fixed_size(job: RenderJob, parts: list[str], edition: Edition) -> dict[str, bytes]:
    """An edition's fixed type is never shrunk to fit (large print: 18 pt on A3, twice A4), on as many pages
    as it takes."""
    from docgen.render.writers.html.printer import write_pdf

    fitter = Fitter(job, parts, paper=edition.cheatsheet_paper)
    document = fitter.layout(edition.fixed_pt, notes_area=False)
    pages = len(document.pages)
    job.notes.append(f"cheatsheet.pdf: {pages} page{'s' * (pages > 1)} of {fitter.paper} at {edition.fixed_pt:g} pt")
    return {"cheatsheet.pdf": write_pdf(document, f"{job.slug}/{job.edition}/cheatsheet.pdf")}


PART_NAMES = {"summary": "the summary", "compare": "the comparison", "terms": "the key terms",
              "notes": "the notes"}


def too_long(job: RenderJob, fitter: Fitter) -> Problem:
    """Say how much is over, which part takes the room, and the cheapest way out."""
    model, topic = fitter.model, job.topic
    scale = fitter.expected(MIN_PT) / model.fill(MIN_PT)  # the model, corrected by the layouts made
    heights = {part: height * scale / model.geometry.height for part, height in model.heights(MIN_PT).items()}
    pages = sum(heights.values())
    over = pages - TARGET_FILL
    biggest = max(fitter.parts, key=lambda part: heights[part])
    message = (f"the content needs about {pages:.1f} pages even at {MIN_PT:g} pt, the smallest "
               f"legible size; the largest part, {PART_NAMES[biggest]}, fills {heights[biggest]:.0%} of a page")
    others = sorted((part for part in fitter.parts if part != biggest), key=lambda part: heights[part])
    dropped: list[str] = []
    for part in reversed(others):  # leaving out the largest other parts first
        if sum(heights[part] for part in dropped) >= over:
            break
        dropped.append(part)
    if dropped and sum(heights[part] for part in dropped) >= over:
        keep = [part for part in fitter.parts if part not in dropped]
        hint = (f"leave out {', '.join(PART_NAMES[part] for part in dropped)} with "
                f"`cheatsheet: {{include: [{', '.join(keep)}]}}`, or shorten {PART_NAMES[biggest]}")
    else:
        hint = _shorten_hint(biggest, topic, model, heights[biggest], over)
        if heights[biggest] >= over and pages - heights[biggest] >= 0.3:  # the rest still makes a sheet
            keep = ", ".join(part for part in fitter.parts if part != biggest)
            hint += f"; or leave {PART_NAMES[biggest]} out with `cheatsheet: {{include: [{keep}]}}`"
    return Problem(job.topic_file.path, message, key_path=("cheatsheet",), hint=hint)


def _shorten_hint(part: str, topic, model: SheetModel, share: float, over: float) -> str:
    """Name the entries to cut when some are much longer than the rest, else how many."""
    if part == "compare":
        cells = [model.geometry.width * fraction - CELL_PAD_EM * MIN_PT for fraction in model.widths]
        entries = [(model.row_height(row, cells, MIN_PT), f'compare.rows[{index}] "{row.aspect}"')
                   for index, row in enumerate(topic.compare.rows)]
        noun = "rows"
    elif part == "terms":
        entries = [(len(term.term) + len(plain_text(term.definition)), f'terms[{index}] "{term.term}"')
                   for index, term in enumerate(topic.terms)]
        noun = "terms"
    else:
        return f"shorten {PART_NAMES[part]}, or leave it out with `cheatsheet: {{include: [...]}}`"
    sizes = sorted(size for size, _ in entries)
    median = sizes[len(sizes) // 2]
    long = [label for size, label in sorted(entries, key=lambda entry: -entry[0]) if size > 1.5 * median]
    cut = min(len(entries), math.ceil(len(entries) * over / share))
    if long:
        return f"shorten the longest {noun}: {', '.join(long[:3])}; or cut about {cut} of the {len(entries)} {noun}"
    return (f"the {len(entries)} {noun} are about equally long: cut about {cut} of them, "
            f"or split the topic in two")


def setup(app) -> None:
    app.add_output("cheatsheet", render, reads=(*TOPIC_HEAD, "summary", "compare", "terms", "cheatsheet"))
