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
MARGIN = 0.04  # an ink share this close to a threshold is unsure
DARK = 0.45  # a pixel this much darker than the paper is ink
GREY = 0.12  # ... this much: a faint mark (a pencil) worth a second look
EMPTY, MARKED, CANCELLED, UNSURE = "empty", "marked", "cancelled", "unsure"


@dataclass(frozen=True)
class Thresholds:
    fill: float = 0.12
    cancel: float = 0.9


def measure(page: np.ndarray, x: float, y: float, width: float, height: float) -> tuple[float, float]:
    """(ink, faint) of the box at (x, y) mm of width x height mm on a straightened page."""
    inset = INSET_MM * PX_PER_MM
    left, top = int(round(x * PX_PER_MM + inset)), int(round(y * PX_PER_MM + inset))
    right, bottom = int(round((x + width) * PX_PER_MM - inset)), int(round((y + height) * PX_PER_MM - inset))
    inside = page[top:bottom, left:right].astype(np.float32)
    ring = int(2 * PX_PER_MM)
    around = page[max(0, top - ring):bottom + ring, max(0, left - ring):right + ring]
    if inside.size == 0 or around.size == 0:
        return 1.0, 1.0  # off the page: never read as empty
    paper = max(float(np.percentile(around, 95)), 1.0)
    darkness = np.clip((paper - inside) / paper, 0.0, 1.0)
    return round(float(np.mean(darkness > DARK)), 4), round(float(np.mean(darkness > GREY)), 4)


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
