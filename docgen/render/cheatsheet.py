"""The one-page cheat sheet: lay out, count pages, scale until it fits.

The whole sheet is sized from one number, the body font size; every other
measure in the stylesheet is in em. A bisection over the allowed sizes
finds the largest that fits on one page, and the layout that fitted is the
one written, never laid out again.
"""

from __future__ import annotations

from docgen.content.errors import DocgenError, Problem
from docgen.markdown import plain_text
from docgen.render import RenderJob, register
from docgen.render.html import render_html

MIN_PT = 7.0  # legible minimum (design brief)
MAX_PT = 11.0  # comfortable maximum for a sparse sheet
STEP_PT = 0.25


def parts_to_show(job: RenderJob) -> list[str]:
    """The `include` list, or every part the topic has, in the spec's order."""
    topic = job.topic
    present = {"summary": bool(topic.summary), "compare": topic.compare is not None,
               "terms": bool(topic.terms), "notes": bool(topic.cheatsheet.notes)}
    wanted = topic.cheatsheet.include or ["summary", "compare", "terms", "notes"]
    return [part for part in wanted if present[part]]


class Fitter:
    """Bisection over body sizes; remembers every layout it made."""

    def __init__(self, job: RenderJob, parts: list[str]) -> None:
        self.job, self.parts = job, parts
        self.layouts: dict[float, object] = {}

    def layout(self, body_pt: float):
        from docgen.render.pdf import layout

        if body_pt not in self.layouts:
            html = render_html(self.job, "cheatsheet.html", parts=self.parts, body_pt=body_pt,
                               orientation=self.job.topic.cheatsheet.orientation)
            self.layouts[body_pt] = layout(html, self.job.topic_file.path.parent, self.job.project.root)
        return self.layouts[body_pt]

    def fits(self, body_pt: float) -> bool:
        return len(self.layout(body_pt).pages) == 1

    def best(self) -> tuple[float, object] | None:
        steps = int(round((MAX_PT - MIN_PT) / STEP_PT))
        sizes = [MIN_PT + STEP_PT * index for index in range(steps + 1)]
        low, high = 0, len(sizes) - 1  # invariant: the answer, if any, is in [low, high]
        if not self.fits(sizes[low]):
            return None
        while low < high:
            middle = (low + high + 1) // 2
            if self.fits(sizes[middle]):
                low = middle
            else:
                high = middle - 1
        return sizes[low], self.layouts[sizes[low]]


@register("cheatsheet", files=("cheatsheet.pdf",))
def render(job: RenderJob) -> dict[str, bytes]:
    from docgen.render.pdf import write_pdf

    parts = parts_to_show(job)
    if not parts:
        job.notes.append("cheatsheet: skipped, nothing to show (no summary, compare, terms or notes)")
        return {}
    fitter = Fitter(job, parts)
    found = fitter.best()
    if found is None:
        raise DocgenError([_too_long(job, len(fitter.layout(MIN_PT).pages))])
    body_pt, document = found
    job.notes.append(f"cheatsheet.pdf: 1 page, {body_pt:g} pt ({len(fitter.layouts)} layouts)")
    return {"cheatsheet.pdf": write_pdf(document, f"{job.slug}/cheatsheet.pdf")}


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
