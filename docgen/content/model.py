"""Content format v1 as typed models: the only thing renderers read.

The models describe the shape of a file (types, required keys, allowed
values, list lengths); rules that relate one field to another live in
``rules.py`` so that all of a file's problems can be reported together.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from docgen.content.loader import YamlFloat, YamlInt


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _as_text(value: Any) -> Any:
    """Numbers typed where text is expected are the text the user wrote.

    Invisible control characters are refused: Word files cannot hold them,
    and a teacher never means them.
    """
    if isinstance(value, str) and (match := _CONTROL.search(value)):
        raise ValueError(f"contains an invisible control character (U+{ord(match.group()):04X})")
    if isinstance(value, (YamlInt, YamlFloat)):
        return value.source
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


# Plain text (a heading, an item name).
Text = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1)]
# Markdown with blocks (paragraphs, lists): shown as ``md`` in the spec.
Markdown = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1),
                     Field(json_schema_extra={"format": "markdown"})]
# One paragraph of Markdown (bold, italic, code, links, math): ``inline``.
Inline = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1),
                   Field(json_schema_extra={"format": "markdown-inline"})]
# A comparison cell: empty or null means "not applicable".
Cell = Annotated[Inline | None, BeforeValidator(_empty_to_none)]
LangTag = Annotated[str, StringConstraints(strip_whitespace=True,
                                           pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Points = Annotated[float, Field(gt=0, le=1000)]
Lines = Annotated[int, Field(ge=1, le=60)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    # Field docstrings become descriptions in the JSON Schema (editor tooltips).
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Section(Strict):
    heading: Text
    """Section heading."""
    body: Markdown
    """Section text (Markdown: paragraphs, **bold**, *italic*, lists, links, $math$)."""
    image: Text | None = None
    """A PNG, JPEG, SVG, GIF, WebP, BMP or TIFF file, relative to this content file, inside the project."""
    alt: Text | None = None
    """Text alternative of the image, for readers who cannot see it (required with image)."""
    width: Text | None = None
    """Printed width of the image: a share of the text width (`60%`) or a length (`80mm`, `3in`)."""
    caption: Inline | None = None
    """Figure caption (one paragraph of Markdown)."""


class Row(Strict):
    aspect: Text
    """What this row compares, e.g. Definition, Part of, Focus."""
    values: list[Cell]
    """One value per item, in the order of items; ~ or \"\" means not applicable (printed as —)."""


class Comparison(Strict):
    items: Annotated[list[Text], Field(min_length=2, max_length=4)]
    """What is compared (2 to 4), e.g. [Logistics, Operations Management]."""
    rows: Annotated[list[Row], Field(min_length=1)]
    """One row per aspect."""


class Term(Strict):
    term: Text
    """The key term."""
    definition: Inline
    """Its definition (one paragraph of Markdown)."""


class _Question(Strict):
    points: Points = 1
    """Points for this question (default 1)."""
    explanation: Inline | None = None
    """Why the answer is right; printed only in the answer key."""


class ChoiceQuestion(_Question):
    type: Literal["choice"]
    prompt: Inline
    """The question."""
    options: Annotated[list[Inline], Field(min_length=2, max_length=8)]
    """2 to 8 options, lettered A, B, C… on the worksheet."""
    answer: Inline | Annotated[list[Inline], Field(min_length=1)]
    """The text of the correct option, or a list of texts when several are correct."""

    @property
    def answers(self) -> list[str]:
        return [self.answer] if isinstance(self.answer, str) else list(self.answer)

    @property
    def multiple(self) -> bool:
        return isinstance(self.answer, list)


class TrueFalseQuestion(_Question):
    type: Literal["true_false"]
    statement: Inline
    """The statement to judge."""
    answer: bool = Field(strict=True)
    """true or false."""


class ShortQuestion(_Question):
    type: Literal["short"]
    prompt: Inline
    """The question."""
    lines: Lines = 3
    """Ruled lines for the answer (default 3)."""
    answer: Inline | None = None
    """A model answer for the answer key."""


class LongQuestion(_Question):
    type: Literal["long"]
    prompt: Inline
    """The question."""
    lines: Lines = 8
    """Ruled lines for the answer (default 8)."""
    answer: Markdown | None = None
    """A model answer for the answer key (Markdown, lists allowed)."""


class BlankQuestion(_Question):
    type: Literal["blank"]
    text: Inline
    """The text, with each gap's answer in double brackets: The capital is [[Paris]]."""
    word_bank: bool = Field(default=False, strict=True)
    """Print the gap words, shuffled, in a box above the text."""


class Pair(Strict):
    left: Inline
    """Item on the left (numbered)."""
    right: Inline
    """Its match on the right (lettered and scrambled on the worksheet)."""


class MatchQuestion(_Question):
    type: Literal["match"]
    prompt: Inline = "Match each item on the left with one on the right."
    """Instruction above the two columns."""
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=12)]
    """2 to 12 pairs that belong together."""


class Statement(Strict):
    text: Inline
    """A statement to sort."""
    answer: Text
    """The category it belongs to."""


class ClassifyQuestion(_Question):
    type: Literal["classify"]
    prompt: Inline
    """The instruction."""
    categories: Annotated[list[Text], Field(min_length=2, max_length=6)] | None = None
    """Column headings to sort into; default: the items of compare."""
    statements: Annotated[list[Statement], Field(min_length=1)]
    """The statements to sort, each with its category."""


Question = Annotated[
    Union[ChoiceQuestion, TrueFalseQuestion, ShortQuestion, LongQuestion,
          BlankQuestion, MatchQuestion, ClassifyQuestion],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("choice", "true_false", "short", "long", "blank", "match", "classify")


class WorksheetOptions(Strict):
    title: Text | None = None
    """Worksheet heading (default: the title followed by — Worksheet)."""
    instructions: Markdown | None = None
    """Instructions printed under the heading (Markdown)."""
    shuffle: bool = Field(default=False, strict=True)
    """Shuffle choice options and match columns."""
    seed: int | None = Field(default=None, strict=True)
    """Makes every shuffle reproducible (default: derived from the file name)."""


CheatsheetPart = Literal["summary", "compare", "terms", "notes"]


class CheatsheetOptions(Strict):
    orientation: Literal["landscape", "portrait"] = "landscape"
    """Page orientation of the cheat sheet."""
    include: list[CheatsheetPart] | None = None
    """What goes on the sheet, in this order (default: all the topic has)."""
    notes: list[Inline] | None = None
    """Extra bullet points: mnemonics, exam tips."""


class Topic(Strict):
    """One content file."""

    format: Literal[1] = 1
    """Format version of this file."""
    title: Text
    """Topic title."""
    subtitle: Text | None = None
    """One line under the title."""
    subject: Text | None = None
    """e.g. Business Studies; shown in headers."""
    level: Text | None = None
    """e.g. Year 11, Intro undergraduate."""
    lang: LangTag | None = None
    """Language tag such as en, en-GB, fr (hyphenation, document language)."""
    author: Text | None = None
    """Overrides the project's teacher for this topic."""
    source: Inline | None = None
    """Attribution line printed at the end of the handout."""
    summary: Markdown | None = None
    """The key idea or key difference, shown as a callout on every output."""
    objectives: list[Inline] = []
    """Learning objectives (By the end you can …)."""
    sections: list[Section] = []
    """Body of the handout, in order."""
    compare: Comparison | None = None
    """Side-by-side comparison; drives the cheat sheet."""
    terms: list[Term] = []
    """Glossary of key terms."""
    questions: list[Question] = []
    """The worksheet: choice, true_false, short, long, blank, match, classify."""
    worksheet: WorksheetOptions = WorksheetOptions()
    """Worksheet settings."""
    cheatsheet: CheatsheetOptions = CheatsheetOptions()
    """Cheat sheet settings."""

    @property
    def cheatsheet_parts(self) -> list[str]:
        """The parts a cheat sheet can show that this topic has, in the spec's order."""
        present = {"summary": self.summary, "compare": self.compare, "terms": self.terms,
                   "notes": self.cheatsheet.notes}
        return [part for part, value in present.items() if value]
