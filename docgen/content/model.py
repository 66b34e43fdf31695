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

    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Strict):
    heading: Text
    body: Markdown
    image: Text | None = None
    alt: Text | None = None
    caption: Inline | None = None


class Row(Strict):
    aspect: Text
    values: list[Cell]


class Comparison(Strict):
    items: Annotated[list[Text], Field(min_length=2, max_length=4)]
    rows: Annotated[list[Row], Field(min_length=1)]


class Term(Strict):
    term: Text
    definition: Inline


class _Question(Strict):
    points: Points = 1
    explanation: Inline | None = None


class ChoiceQuestion(_Question):
    type: Literal["choice"]
    prompt: Inline
    options: Annotated[list[Inline], Field(min_length=2, max_length=8)]
    answer: Inline | Annotated[list[Inline], Field(min_length=1)]

    @property
    def answers(self) -> list[str]:
        return [self.answer] if isinstance(self.answer, str) else list(self.answer)

    @property
    def multiple(self) -> bool:
        return isinstance(self.answer, list)


class TrueFalseQuestion(_Question):
    type: Literal["true_false"]
    statement: Inline
    answer: bool = Field(strict=True)


class ShortQuestion(_Question):
    type: Literal["short"]
    prompt: Inline
    lines: Lines = 3
    answer: Inline | None = None


class LongQuestion(_Question):
    type: Literal["long"]
    prompt: Inline
    lines: Lines = 8
    answer: Markdown | None = None


class BlankQuestion(_Question):
    type: Literal["blank"]
    text: Inline
    word_bank: bool = Field(default=False, strict=True)


class Pair(Strict):
    left: Inline
    right: Inline


class MatchQuestion(_Question):
    type: Literal["match"]
    prompt: Inline = "Match each item on the left with one on the right."
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=12)]


class Statement(Strict):
    text: Inline
    answer: Text


class ClassifyQuestion(_Question):
    type: Literal["classify"]
    prompt: Inline
    categories: Annotated[list[Text], Field(min_length=2, max_length=6)] | None = None
    statements: Annotated[list[Statement], Field(min_length=1)]


Question = Annotated[
    Union[ChoiceQuestion, TrueFalseQuestion, ShortQuestion, LongQuestion,
          BlankQuestion, MatchQuestion, ClassifyQuestion],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("choice", "true_false", "short", "long", "blank", "match", "classify")


class WorksheetOptions(Strict):
    title: Text | None = None
    instructions: Markdown | None = None
    shuffle: bool = Field(default=False, strict=True)
    seed: int | None = Field(default=None, strict=True)


CheatsheetPart = Literal["summary", "compare", "terms", "notes"]


class CheatsheetOptions(Strict):
    orientation: Literal["landscape", "portrait"] = "landscape"
    include: list[CheatsheetPart] | None = None
    notes: list[Inline] | None = None


class Topic(Strict):
    """One content file."""

    format: Literal[1] = 1
    title: Text
    subtitle: Text | None = None
    subject: Text | None = None
    level: Text | None = None
    lang: LangTag | None = None
    author: Text | None = None
    source: Inline | None = None
    summary: Markdown | None = None
    objectives: list[Inline] = []
    sections: list[Section] = []
    compare: Comparison | None = None
    terms: list[Term] = []
    questions: list[Question] = []
    worksheet: WorksheetOptions = WorksheetOptions()
    cheatsheet: CheatsheetOptions = CheatsheetOptions()
