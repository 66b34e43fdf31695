"""The one-page cheat sheet: lay out, measure, scale until it fills one page.

The whole sheet is sized from one number, the body font size; every other
measure in the stylesheet is in em, so the content's height grows with the
size by a power law (about size^1.5: more lines, each taller). Each layout
is measured (how many pages' worth of content it holds) and the next size
is predicted from the law, refined from the layouts already made; the
first size is guessed from the amount of text. Usually one to three
layouts find the largest size that fits. The layout that fitted is
the one written, never laid out again.
"""

from __future__ import annotations

import math

from docgen.content.errors import DocgenError, Problem
from docgen.editions import LARGE_PRINT_PT
from docgen.markdown import plain_text
from docgen.render import RenderJob, register
from docgen.render.html import render_html

MIN_PT = 7.0  # legible minimum (design brief)
MAX_PT = 14.0  # a sparse sheet grows up to this, instead of sitting in a corner
# First guess from the amount of text: a page's fill is about
# FILL_PER_CHAR * (characters + FIXED_CHARS) * size^1.5 (fitted on sparse,
# typical and dense sheets); the measured layouts then correct it.
FILL_PER_CHAR = 5.46e-6
FIXED_CHARS = 1183
STEP_PT = 0.25
LARGE_PRINT_CHEATSHEET_PAPER = "A3"
TARGET_FILL = 0.99  # aim just below a full page: layout is not exactly a power law


def parts_to_show(job: RenderJob) -> list[str]:
    """The `include` list, or every part the topic has, in the spec's order."""
    topic = job.topic
    present = topic.cheatsheet_parts
    return [part for part in topic.cheatsheet.include or present if part in present]


def text_amount(job: RenderJob, parts: list[str]) -> int:
    """Characters the sheet will hold; a table row counts its longest cell in every column."""
    topic = job.topic
    amount = 0
    if "summary" in parts:
        amount += len(plain_text(topic.summary))
    if "compare" in parts:
        columns = len(topic.compare.items) + 1
        amount += sum(max(len(plain_text(value or "")) for value in row.values) * columns + 40
                      for row in topic.compare.rows)
    if "terms" in parts:
        amount += sum(len(term.term) + len(plain_text(term.definition)) + 20 for term in topic.terms)
    if "notes" in parts:
        amount += sum(len(plain_text(note)) + 20 for note in topic.cheatsheet.notes)
    return amount


def first_guess(job: RenderJob, parts: list[str]) -> float:
    fill_at_1pt = FILL_PER_CHAR * (text_amount(job, parts) + FIXED_CHARS)
    size = (TARGET_FILL / fill_at_1pt) ** (1 / 1.5)
    return min(max(math.floor(size / STEP_PT) * STEP_PT, MIN_PT), MAX_PT)


def page_fill(document) -> float:
    """How many pages of content a layout holds (0.8 = 80 % of one page)."""
    total = 0.0
    for page in document.pages:
        box = page._page_box  # WeasyPrint's laid-out page: root box height = used height
        root = box.children[0] if box.children else None
        total += (root.margin_height() / box.height) if root is not None else 1.0
    return total


class Fitter:
    """Finds the largest body size on the step grid whose layout is one page."""

    def __init__(self, job: RenderJob, parts: list[str], paper: str | None = None) -> None:
        self.job, self.parts = job, parts
        self.paper = paper or job.project.config.paper
        self.layouts: dict[float, object] = {}
        self.fill: dict[float, float] = {}
        self.count = 0  # layouts made, spread included

    def layout(self, body_pt: float, spread_pt: float = 0.0):
        """Lay out at a body size; ``spread_pt`` pads comparison rows of a sparse sheet."""
        from docgen.render.pdf import layout

        html = render_html(self.job, "cheatsheet.html", parts=self.parts, body_pt=body_pt,
                           spread_pt=round(spread_pt, 2), paper=self.paper,
                           orientation=self.job.topic.cheatsheet.orientation)
        document = layout(html, self.job.topic_file.path.parent, self.job.project.root)
        if not spread_pt:
            self.layouts[body_pt] = document
            self.fill[body_pt] = page_fill(document)
        self.count += 1
        return document

    def fits(self, body_pt: float) -> bool:
        document = self.layouts.get(body_pt) or self.layout(body_pt)
        return len(document.pages) == 1

    def _exponent(self) -> float:
        """Growth of content height with size, from the two latest layouts."""
        sizes = list(self.fill)[-2:]
        if len(sizes) == 2 and sizes[0] != sizes[1]:
            ratio = math.log(self.fill[sizes[1]] / self.fill[sizes[0]]) / math.log(sizes[1] / sizes[0])
            return min(max(ratio, 1.0), 2.5)
        return 1.5

    def _predict(self, low: float | None, high: float | None) -> float | None:
        """The largest untried grid size strictly between the bounds predicted to fit."""
        reference = list(self.fill)[-1]
        exponent = self._exponent()
        wanted = reference * (TARGET_FILL / self.fill[reference]) ** (1 / exponent)
        size = math.floor(wanted / STEP_PT) * STEP_PT
        floor_ = low + STEP_PT if low is not None else MIN_PT
        ceiling = high - STEP_PT if high is not None else MAX_PT
        if floor_ > ceiling:
            return None
        return min(max(size, floor_), ceiling)

    def best(self) -> tuple[float, object] | None:
        low: float | None = None  # largest size known to fit
        high: float | None = None  # smallest size known not to fit
        size: float | None = first_guess(self.job, self.parts)
        while size is not None:
            if self.fits(size):
                low = size
                prediction = self._predict(low, high)
                # Stop when even one step up is predicted to overflow.
                if prediction is None or prediction <= low or self._overflows(low + STEP_PT):
                    break
                size = prediction
            else:
                high = size
                size = self._predict(low, high)
        if low is None:
            return None
        return low, self.spread(low) or self.layouts[low]

    def spread(self, body_pt: float):
        """At the largest size a short comparison may still leave the page half
        empty: pad its rows (a linear, predictable change) to fill the page."""
        topic = self.job.topic
        fill = self.fill[body_pt]
        if body_pt < MAX_PT or fill > 0.85 or "compare" not in self.parts:
            return None
        page_height_px = self.layouts[body_pt].pages[0]._page_box.height
        rows = len(topic.compare.rows)
        spare_pt = (TARGET_FILL - 0.03 - fill) * page_height_px * 0.75  # px -> pt, a margin for rounding
        document = self.layout(body_pt, spread_pt=spare_pt / (2 * rows))
        return document if len(document.pages) == 1 else None

    def _overflows(self, size: float) -> bool:
        """Predicted, not laid out: would ``size`` spill onto a second page?"""
        if size in self.fill:
            return self.fill[size] > 1
        reference = list(self.fill)[-1]
        return self.fill[reference] * (size / reference) ** self._exponent() > TARGET_FILL


@register("cheatsheet", files=("cheatsheet.pdf",))
def render(job: RenderJob) -> dict[str, bytes]:
    from docgen.render.pdf import write_pdf

    parts = parts_to_show(job)
    if not parts:
        job.notes.append("cheatsheet: skipped, nothing to show (no summary, compare, terms or notes)")
        return {}
    if job.edition == "large-print":
        return _large_print(job, parts)
    fitter = Fitter(job, parts)
    found = fitter.best()
    if found is None:
        raise DocgenError([_too_long(job, len(fitter.layout(MIN_PT).pages))])
    body_pt, document = found
    job.notes.append(f"cheatsheet.pdf: fits on 1 page at {body_pt:g} pt")
    return {"cheatsheet.pdf": write_pdf(document, f"{job.slug}/cheatsheet.pdf")}


def _large_print(job: RenderJob, parts: list[str]) -> dict[str, bytes]:
    """Large print is never shrunk to fit: 18 pt on A3 (twice A4), on as many pages as it takes."""
    from docgen.render.pdf import write_pdf

    document = Fitter(job, parts, paper=LARGE_PRINT_CHEATSHEET_PAPER).layout(LARGE_PRINT_PT)
    job.notes.append(f"large-print/cheatsheet.pdf: {len(document.pages)} pages at {LARGE_PRINT_PT:g} pt")
    return {"cheatsheet.pdf": write_pdf(document, f"{job.slug}/large-print/cheatsheet.pdf")}


def _too_long(job: RenderJob, pages: int) -> Problem:
    """Say how much is over and which entries are the longest."""
    topic = job.topic
    entries: list[tuple[int, str]] = []
    if topic.compare:
        for index, row in enumerate(topic.compare.rows):
            length = sum(len(plain_text(value or "")) for value in row.values)
            entries.append((length, f'compare.rows[{index}] "{row.aspect}" ({length} characters)'))
    for index, term in enumerate(topic.terms):
        length = len(plain_text(term.definition))
        entries.append((length, f'terms[{index}] "{term.term}" ({length} characters)'))
    longest = ", ".join(label for _, label in sorted(entries, reverse=True)[:3])
    return Problem(
        job.topic_file.path,
        f"cheatsheet: the content needs {pages} pages even at {MIN_PT:g} pt, the smallest legible size",
        key_path=("cheatsheet",),
        hint="shorten the longest entries" + (f": {longest}" if longest else "")
             + "; or leave parts out with `cheatsheet: {include: [summary, compare]}`",
    )
