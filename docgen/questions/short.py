"""``short``: a few words or a sentence on ruled lines."""

from __future__ import annotations

from typing import Literal

from docgen.content.fields import Inline, Lines as LineCount, QuestionBase
from docgen.layout.blocks import Lines
from docgen.markdown import one_line
from docgen.questions import Laid, LayoutContext, QuestionType


class ShortQuestion(QuestionBase):
    type: Literal["short"]
    prompt: Inline
    """The question."""
    lines: LineCount = 3
    """Ruled lines for the answer (default 3)."""
    answer: Inline | None = None
    """A model answer for the answer key."""
    accept: list[Inline] = []
    """Other accepted answers (the key lists them; exports mark them correct)."""


def written_answer(question: ShortQuestion, context: LayoutContext, block: bool) -> Laid:
    """Ruled lines, with the model answer (and accepted variants) for the key."""
    accept = tuple(getattr(question, "accept", ()))
    answer = question.answer
    return Laid(prompt=question.prompt,
                blocks=(Lines(question.lines, answer, block=block, accept=accept),),
                answer_summary=(one_line(answer, context.labels["answer_separator"]) if block else answer) or "")


class ShortType(QuestionType):
    name = "short"
    model = ShortQuestion
    synonyms = ("short_answer", "short answer")

    def lay_out(self, question: ShortQuestion, context: LayoutContext) -> Laid:
        return written_answer(question, context, block=False)

    def to_item(self, question, items):
        return items.lines(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(ShortType())
