"""From box readings to points: each part's answer, each question's points, and every doubt.

A part (a choice question's options, one match row, one statement) is read
from its boxes: the marked ones are its answer, a cancelled one is taken
back. A part is not decided, and goes to review, when a box is unsure,
when a box is blacked out with no other marked (filled, or taken back?),
or when two boxes are marked where one answer is asked. The teacher's
points boxes, when one is marked, give the question's points; a written
question (no boxes of its own) needs them. A correction in review.csv
(the answer, or the points) replaces the reading.

Points: a one-answer part scores 1 when right; a choose-all part scores
(right ticks - wrong ticks) / right answers, never below 0; a question
gets its points times the mean of its parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.grade.boxes import CANCELLED, MARKED, UNSURE, Thresholds, state
from docgen.layout.blocks import QuestionLayout, ScanRow

POINTS = "points"  # the part name of the teacher's points boxes in review.csv
NO_ANSWER = "-"  # a correction saying the student answered nothing


@dataclass
class Box:
    """A box as read: its place, its ink, what that means."""

    page: int
    rect: tuple[float, float, float, float]  # mm on the page
    ink: float
    faint: float
    state: str


@dataclass
class Part:
    question: int
    name: str  # "" for the question itself, "1", "a)", or POINTS
    labels: tuple[str, ...]
    boxes: list[Box | None]  # None: its page was not scanned
    chosen: tuple[str, ...] | None = None  # labels read (or corrected); None: not decided
    reason: str = ""
    corrected: bool = False
    correction: str = ""  # as written in review.csv

    @property
    def page(self) -> int | None:
        return next((box.page for box in self.boxes if box is not None), None)

    @property
    def reading(self) -> str:
        """What the boxes say, for review.csv: ``B``, ``A+C?`` (unsure ones with ?), ``-`` for none."""
        words = [label + ("?" if box.state == UNSURE else "") + ("x" if box.state == CANCELLED else "")
                 for label, box in zip(self.labels, self.boxes) if box is not None and box.state != "empty"]
        return "+".join(words) or NO_ANSWER


@dataclass
class Doubt:
    """One line of review.csv: what was read, why it is not sure, and the teacher's correction."""

    question: int | None
    part: str
    page: int | None
    reading: str
    reason: str
    correction: str = ""
    rect: tuple[float, float, float, float] | None = None  # mm on its page, for the crop
    resolved: bool = False  # the correction was applied


@dataclass
class QuestionGrade:
    number: int
    key: str
    max_points: float
    points: float | None  # None: not decided (a doubt is open)
    parts: list[Part] = field(default_factory=list)
    by_teacher: bool = False


def read_part(question: QuestionLayout, index: int, row: ScanRow | None, boxes: list[Box | None],
              limits: Thresholds, correction: str | None) -> Part:
    labels = tuple(box.label for box in row.boxes) if row else question.points_boxes
    part = Part(question.number, row.name if row else POINTS, labels, boxes, correction=correction or "")
    if correction is not None and row is None and _number(correction) is not None:
        if 0 <= _number(correction) <= question.points:
            part.chosen, part.corrected = (f"{_number(correction):g}",), True
            return part
    if correction is not None:
        chosen = () if correction.strip() == NO_ANSWER else tuple(
            label.strip() for label in correction.split("+") if label.strip())
        unknown = [label for label in chosen if label not in labels]
        if not unknown and (len(chosen) <= 1 or (row is not None and row.multiple)):
            part.chosen, part.corrected = chosen, True
            return part
        part.reason = f'the correction "{correction}" is not one of {"/".join(labels)} (or - for none)'
        return part
    if any(box is None for box in boxes):
        part.reason = "page not scanned"
        return part
    for box in boxes:
        box.state = state(box.ink, box.faint, limits)
    states = [box.state for box in boxes]
    marked = tuple(label for label, value in zip(labels, states) if value == MARKED)
    if UNSURE in states:
        part.reason = "a box is neither clearly marked nor clearly empty"
    elif CANCELLED in states and not marked:
        part.reason = "a box is blacked out and no other is marked: filled in, or taken back?"
    elif len(marked) > 1 and not (row is not None and row.multiple):
        part.reason = f"{len(marked)} boxes marked where one answer is asked"
    else:
        part.chosen = marked
    return part


def part_score(row: ScanRow, chosen: tuple[str, ...]) -> float:
    right = {box.label for box in row.boxes if box.correct}
    if not row.multiple:
        return 1.0 if set(chosen) == right else 0.0
    hits = len(right & set(chosen))
    return max(0.0, (hits - len(set(chosen) - right)) / len(right))


def grade_question(question: QuestionLayout, parts: list[Part], points: Part) -> QuestionGrade:
    grade = QuestionGrade(question.number, question.key, question.points, None, parts + [points])
    if points.chosen:
        grade.points, grade.by_teacher = min(float(points.chosen[0]), question.points), True
    elif points.chosen is not None and question.scan_rows and all(part.chosen is not None for part in parts):
        scores = [part_score(row, part.chosen) for row, part in zip(question.scan_rows, parts)]
        grade.points = round(question.points * sum(scores) / len(scores), 2)
    elif points.chosen is not None and not question.scan_rows:
        points.chosen, points.reason = None, "a written answer with no points box marked"
    return grade


def doubts_of(grade: QuestionGrade) -> list[Doubt]:
    """The parts of a question that were not decided, and those a correction decided (kept in
    review.csv so the correction lasts); a missing page is one doubt of its own."""
    found = []
    for part in grade.parts:
        rect = _union([box.rect for box in part.boxes if box is not None])
        if part.corrected:
            found.append(Doubt(grade.number, part.name, part.page, part.reading, "corrected in review.csv",
                               part.correction, rect, resolved=True))
        elif part.chosen is None and part.reason != "page not scanned":
            found.append(Doubt(grade.number, part.name, part.page, part.reading, part.reason,
                               part.correction, rect))
    return found


def _union(rects: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float] | None:
    if not rects:
        return None
    left, top = min(r[0] for r in rects), min(r[1] for r in rects)
    right, bottom = max(r[0] + r[2] for r in rects), max(r[1] + r[3] for r in rects)
    return left, top, right - left, bottom - top


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None
