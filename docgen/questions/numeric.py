"""``numeric``: a number written in a box, right within a tolerance (format 1.2)."""

from __future__ import annotations

from typing import Annotated, Literal

from babel.numbers import format_decimal
from pydantic import Field

from docgen.content.fields import Inline, QuestionBase, Text
from docgen.layout.blocks import AnswerBox
from docgen.questions import Laid, LayoutContext, QuestionType

# Every digit a teacher typed, none invented; no grouping (a year is 1822, not 1,822).
_NUMBER_PATTERN = "0.##########"


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    prompt: Inline
    """The question."""
    answer: Annotated[float, Field(strict=True, allow_inf_nan=False)]
    """The correct value."""
    tolerance: Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)] = 0.0
    """Accepted absolute error: any value within answer ± tolerance is right (default 0)."""
    unit: Text | None = None
    """Printed after the answer box and in the key (mm, °C)."""


def written_number(value: float, context: LayoutContext) -> str:
    """``2.5`` as the topic's language writes it (``2,5`` in French), with every digit kept."""
    return format_decimal(value, format=_NUMBER_PATTERN, locale=context.labels.locale)


class NumericType(QuestionType):
    name = "numeric"
    model = NumericQuestion
    synonyms = ("numerical", "number", "numeric_answer", "calculated")

    def lay_out(self, question: NumericQuestion, context: LayoutContext) -> Laid:
        key = written_number(question.answer, context)
        if question.tolerance:
            key += f" ± {written_number(question.tolerance, context)}"
        box = AnswerBox(question.answer, question.tolerance, question.unit, key, context.labels["numeric_answer"])
        summary = f"{key} {question.unit}" if question.unit else key
        return Laid(prompt=question.prompt, blocks=(box,), answer_summary=summary)

    def to_item(self, question, items):
        return items.numeric(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(NumericType())
