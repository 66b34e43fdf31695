"""``true_false``: judge a statement."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from docgen.content.fields import Inline, QuestionBase
from docgen.layout.blocks import Choice, Choices
from docgen.questions import Laid, LayoutContext, QuestionType


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    statement: Inline
    """The statement to judge."""
    answer: bool = Field(strict=True)
    """true or false."""


class TrueFalseType(QuestionType):
    name = "true_false"
    model = TrueFalseQuestion
    synonyms = ("truefalse", "true/false", "true false", "true-false", "tf", "yes_no")

    def lay_out(self, question: TrueFalseQuestion, context: LayoutContext) -> Laid:
        labels = context.labels
        options = (Choice("A", labels["true"], question.answer),
                   Choice("B", labels["false"], not question.answer))
        block = Choices(options, in_a_row=True)
        return Laid(prompt=question.statement, blocks=(block,),
                    answer_summary=labels["true"] if question.answer else labels["false"],
                    scan_rows=(block.scan_row(),))

    def to_item(self, question, items):
        return items.true_false(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(TrueFalseType())
