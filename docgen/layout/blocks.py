"""Format-neutral layout of a worksheet: the blocks every writer draws.

A question type lays itself out once, in these blocks, with its answers
inside them. The PDF writer (HTML), the Word writer and every export read
the same blocks, so they cannot disagree on a number, a letter, a gap or a
row. A writer never asks which question type it is drawing: it draws
blocks. The worksheet shows a block without its answers, the key with them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

# Answer space, shared by every writer (millimetres).
LINE_PITCH_MM = 8.0  # wide-ruled paper
MIN_GAP_MM = 40.0  # a handwritten gap is never shorter
GAP_MM_PER_CHAR = 2.6  # handwriting takes about 2.6 mm a character
ROW_MM = 9.0  # a write-in table row
TABLE_WIDTH_MM = 160.0  # a table under a question, on A4 or Letter: the narrower of the two
CELL_PADDING_MM = 4.0  # a table cell's padding, left and right
BREAKABLE_MM = 120.0  # a question with a taller table may run onto the next page


def gap_width_mm(answer: str) -> float:
    """Room to handwrite ``answer``: its length in handwriting, at least 40 mm."""
    return round(max(MIN_GAP_MM, len(answer) * GAP_MM_PER_CHAR), 1)


def cell_height_mm(answer: str, columns: int) -> float:
    """Room to handwrite ``answer`` in one of ``columns`` equal columns: whole ruled lines."""
    width = TABLE_WIDTH_MM / columns - CELL_PADDING_MM
    lines = math.ceil(len(answer) * GAP_MM_PER_CHAR / width)
    return max(ROW_MM, lines * LINE_PITCH_MM)


class _Block:
    """What writers dispatch on: ``kind`` names the block (``choices``, ``gap_text``)."""

    @property
    def kind(self) -> str:
        name = type(self).__name__
        return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


@dataclass(frozen=True)
class Choice:
    letter: str
    text: str  # inline Markdown
    correct: bool


@dataclass(frozen=True)
class Choices(_Block):
    """Tick boxes: lettered options (one per line) or a row of them (True / False)."""

    options: tuple[Choice, ...]
    multiple: bool = False
    in_a_row: bool = False  # True / False: boxes side by side, no letters

    def scan_row(self) -> "ScanRow":
        """Its tick boxes as `docgen grade` reads them, named as printed (a letter, or True / False)."""
        return ScanRow("", tuple(ScanBox(option.text if self.in_a_row else option.letter, option.text,
                                         option.correct) for option in self.options),
                       multiple=self.multiple, printed=True)


@dataclass(frozen=True)
class Lines(_Block):
    """Ruled lines to write on; the key writes the model answer over them."""

    count: int
    answer: str | None = None  # Markdown (``block``) or inline Markdown
    block: bool = False  # the answer may hold paragraphs and lists
    accept: tuple[str, ...] = ()  # other accepted answers (exports, key)


@dataclass(frozen=True)
class WordBank(_Block):
    words: tuple[str, ...]  # inline Markdown, already in print order


@dataclass(frozen=True)
class Segment:
    """A run of text, or (``gap``) a gap whose answer is ``text``."""

    text: str
    gap: bool = False
    width_mm: float = 0.0  # gaps: the room to write in


@dataclass(frozen=True)
class GapText(_Block):
    segments: tuple[Segment, ...]

    @property
    def gaps(self) -> list[str]:
        return [segment.text for segment in self.segments if segment.gap]


@dataclass(frozen=True)
class Labelled(_Block):
    """A list of items with printed labels (a, b, c), e.g. statements to sort."""

    items: tuple[tuple[str, str], ...]  # (label, inline Markdown)


@dataclass(frozen=True)
class MatchRow:
    number: int
    left: str
    answer: str  # the letter of the matching right item
    letter: str
    right: str


@dataclass(frozen=True)
class MatchTable(_Block):
    """Numbered left items with a box for a letter; lettered right items."""

    rows: tuple[MatchRow, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: printed text, or (``answer``) text only the key shows."""

    text: str = ""
    answer: bool = False
    header: bool = False


@dataclass(frozen=True)
class Table(_Block):
    """A grid to write in: a header row, then rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_mm: float = ROW_MM
    row_headers: bool = False  # the first column names the row (bold)
    heights_mm: tuple[float, ...] = ()  # one per row, when rows need different room (else row_mm)

    def height_mm(self, row: int) -> float:
        """The least height of row ``row``: what its answers need to be written in."""
        return self.heights_mm[row] if self.heights_mm else self.row_mm

    @property
    def room_mm(self) -> float:
        """The least height of the whole table, its header row included."""
        return ROW_MM + sum(self.height_mm(row) for row in range(len(self.rows)))


@dataclass(frozen=True)
class AnswerBox(_Block):
    """A box to write a number in, the unit after it; the key writes ``answer ± tolerance`` inside."""

    answer: float
    tolerance: float
    unit: str | None  # plain text, printed after the box
    key: str  # the answer (± tolerance) as the topic's language writes numbers
    label: str  # the word before the box ("Answer")


@dataclass(frozen=True)
class Figure:
    """A picture above a question's prompt ("label this diagram")."""

    path: Path  # resolved; inside the project (checked when the topic was read)
    alt: str
    width: str | None = None  # as written: "60%", "80mm"


Block = Union[Choices, Lines, WordBank, GapText, Labelled, MatchTable, Table, AnswerBox]


@dataclass(frozen=True)
class ScanBox:
    """One box a pen fills on a scannable page (``scan: true``)."""

    label: str  # printed beside the box: a letter, True, a category
    value: str  # what choosing it means (the option's text): item analysis counts it across versions
    correct: bool


@dataclass(frozen=True)
class ScanRow:
    """One answer `docgen grade` reads from boxes: a question's options, a match row, a statement.

    ``printed`` rows are read from the tick boxes a block already draws
    (the options of a choice); the others get a grid of boxes under the
    question, one column per row.
    """

    name: str  # "" for the question itself, "1" for a match row, "a)" for a statement
    boxes: tuple[ScanBox, ...]
    multiple: bool = False  # several boxes may be right (choose all that apply)
    printed: bool = False


@dataclass(frozen=True)
class QuestionLayout:
    """One numbered question as printed: prompt, points, then its blocks."""

    number: int
    type: str  # for CSS hooks and exports' names only; writers never branch on it
    prompt: str  # inline Markdown
    points: float
    points_label: str
    blocks: tuple[Block, ...]
    note: str | None = None  # e.g. "Choose all that apply."
    explanation: str | None = None  # key only
    hint: str | None = None
    key: str = ""  # stable identity (topic + question), for exports and versions
    answer_summary: str = ""  # the answer in a few words: grid, CSV, exports
    group: str | None = None  # the pool it is drawn from (worksheet.pick); exports keep pools apart
    image: Figure | None = None
    scan_rows: tuple[ScanRow, ...] = ()  # what `docgen grade` reads from its boxes; none: written

    @property
    def grid_rows(self) -> tuple[ScanRow, ...]:
        """The rows a scannable page draws as a grid of boxes (the others are the blocks' own)."""
        return tuple(row for row in self.scan_rows if not row.printed)

    @property
    def points_boxes(self) -> tuple[str, ...]:
        """The teacher's points boxes of a scannable page: 0, 1, … its points (a half last if it has one)."""
        steps = [str(step) for step in range(int(self.points) + 1)]
        return tuple(steps + ([f"{self.points:g}"] if self.points != int(self.points) else []))

    @property
    def breakable(self) -> bool:
        """Whether it may run onto the next page, between two rows of a tall table.

        Kept whole, it would leave most of a page empty before it.
        """
        return any(isinstance(block, Table) and block.room_mm > BREAKABLE_MM for block in self.blocks)


@dataclass
class WorksheetLayout:
    title: str
    instructions: str
    questions: list[QuestionLayout] = field(default_factory=list)
    key_title: str = ""  # the answer key's title, printed on the worksheet title's line(s)
    version: str | None = None  # "A", "B", ... when there are versions
    line_pitch_mm: float = LINE_PITCH_MM  # answer lines; an edition may scale it (large print)
    show_hints: bool = False  # the support edition prints hints on the worksheet too

    @property
    def total_points(self) -> float:
        return sum(question.points for question in self.questions)
