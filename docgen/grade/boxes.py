"""What is in a box: its ink, measured against the empty box, and what that ink means.

The inside of each box (its printed border left out) is compared with the
paper around it: ``ink`` is the share of its pixels clearly darker than
the paper, ``faint`` the share that is lighter grey (a pencil). A tick or
a cross covers a part of the box, a filled box most of it, a box blacked
out to take an answer back nearly all of it. The thresholds are
docgen.yaml's ``grading: {fill, cancel}``; a reading near one of them is
``unsure`` and goes to review, never decided silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from docgen.grade.reading import PX_PER_MM

INSET_MM = 0.7  # the box's border, and a little room for where the scan lies
SHIFT_MM = 0.4  # how far from its mapped place a box's border is looked for
MARGIN = 0.04  # an ink share this close to a threshold is unsure
DARK = 0.45  # a pixel this much darker than the paper is ink
GREY = 0.12  # ... this much: a faint mark (a pencil) worth a second look
EMPTY, MARKED, CANCELLED, UNSURE = "empty", "marked", "cancelled", "unsure"


@dataclass(frozen=True)
class Thresholds:
    fill: float = 0.12
    cancel: float = 0.9


def measure(page: np.ndarray, x: float, y: float, width: float, height: float) -> tuple[float, float]:
    """(ink, faint) of the box at (x, y) mm of width x height mm on a straightened page.

    The box is first found where its printed border is darkest within
    SHIFT_MM of where the map puts it (a scan is never placed to the pixel),
    so that its own border stays out of the measured inside.
    """
    dx, dy = _registered(page, x, y, width, height)
    inset = INSET_MM * PX_PER_MM
    left, top = int(round(x * PX_PER_MM + inset)) + dx, int(round(y * PX_PER_MM + inset)) + dy
    right = int(round((x + width) * PX_PER_MM - inset)) + dx
    bottom = int(round((y + height) * PX_PER_MM - inset)) + dy
    inside = page[max(0, top):max(0, bottom), max(0, left):max(0, right)].astype(np.float32)
    ring = int(2 * PX_PER_MM)
    around = page[max(0, top - ring):bottom + ring, max(0, left - ring):right + ring]
    if inside.size == 0 or around.size == 0:
        return 1.0, 1.0  # off the page: never read as empty
    paper = max(float(np.percentile(around, 95)), 1.0)
    darkness = np.clip((paper - inside) / paper, 0.0, 1.0)
    return round(float(np.mean(darkness > DARK)), 4), round(float(np.mean(darkness > GREY)), 4)


def _registered(page: np.ndarray, x: float, y: float, width: float, height: float) -> tuple[int, int]:
    """The shift (pixels) that puts the box's outline on the darkest frame nearby."""
    shift = int(round(SHIFT_MM * PX_PER_MM))
    left, top = int(round(x * PX_PER_MM)), int(round(y * PX_PER_MM))
    w, h = int(round(width * PX_PER_MM)), int(round(height * PX_PER_MM))
    y0, x0 = top - shift - 1, left - shift - 1
    if y0 < 0 or x0 < 0 or top + h + shift + 2 > page.shape[0] or left + w + shift + 2 > page.shape[1]:
        return 0, 0
    dark = 255.0 - page[y0:top + h + shift + 2, x0:left + w + shift + 2].astype(np.float32)
    rows, columns = dark.sum(axis=1), dark.sum(axis=0)  # a frame scores its two rows and two columns
    best, best_score = (0, 0), -1.0
    for oy in range(-shift, shift + 1):
        for ox in range(-shift, shift + 1):
            r, c = oy + shift + 1, ox + shift + 1
            score = (dark[r, c:c + w].sum() + dark[r + h - 1, c:c + w].sum()
                     + dark[r:r + h, c].sum() + dark[r:r + h, c + w - 1].sum())
            if score > best_score:
                best, best_score = (ox, oy), score
    return best
def state(ink: float, faint: float, limits: Thresholds) -> str:
    """Empty, marked, cancelled, or unsure: near a threshold, or a faint mark that is not clearly ink."""
    if ink >= limits.cancel + MARGIN:
        return CANCELLED
    if ink > limits.cancel - MARGIN:
        return UNSURE
    if ink >= limits.fill + MARGIN:
        return MARKED
    if ink > limits.fill - MARGIN:
        return UNSURE
    return UNSURE if faint >= limits.fill / 2 else EMPTY
