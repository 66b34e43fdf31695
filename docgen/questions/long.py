"""``long``: an extended answer on many ruled lines (Markdown model answer)."""

from __future__ import annotations

from typing import Literal

from docgen.content.fields import Inline, Lines as LineCount, Markdown, QuestionBase
from docgen.questions import Laid, LayoutContext, QuestionType
from docgen.questions.short import written_answer


class LongQuestion(QuestionBase):
    type: Literal["long"]
    prompt: Inline
    """The question."""
    lines: LineCount = 8
    """Ruled lines for the answer (default 8)."""
    answer: Markdown | None = None
    """A model answer for the answer key (Markdown, lists allowed)."""


class LongType(QuestionType):
    name = "long"
    model = LongQuestion
    synonyms = ("open", "essay", "long_answer", "long answer")

    def lay_out(self, question: LongQuestion, context: LayoutContext) -> Laid:
        return written_answer(question, context, block=True)

    def to_item(self, question, items):
        return items.lines(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(LongType())
