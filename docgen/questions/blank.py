"""``blank``: fill in the gaps of a text, ``[[answer]]`` marking each gap."""

from __future__ import annotations

import re
from typing import Iterator, Literal

from pydantic import Field

from docgen.content.fields import Inline, QuestionBase
from docgen.content.errors import Broken
from docgen.layout.blocks import GapText, Segment, WordBank, gap_width_mm
from docgen.markdown import plain_text
from docgen.questions import Laid, LayoutContext, QuestionType

GAP = re.compile(r"\[\[(.*?)\]\]")


class BlankQuestion(QuestionBase):
    type: Literal["blank"]
    text: Inline
    """The text, with each gap's answer in double brackets: The capital is [[Paris]]."""
    word_bank: bool = Field(default=False, strict=True)
    """Print the gap words, shuffled, in a box above the text."""


def gaps(text: str) -> list[str]:
    return [gap.strip() for gap in GAP.findall(text)]


def segments(text: str) -> tuple[Segment, ...]:
    """The text split at its gaps; every gap as wide as its answer needs."""
    parts, position = [], 0
    for match in GAP.finditer(text):
        if match.start() > position:
            parts.append(Segment(text[position:match.start()]))
        answer = match.group(1).strip()
        parts.append(Segment(answer, gap=True, width_mm=gap_width_mm(plain_text(answer))))
        position = match.end()
    if position < len(text):
        parts.append(Segment(text[position:]))
    return tuple(parts)


class BlankType(QuestionType):
    name = "blank"
    model = BlankQuestion
    synonyms = ("gap", "gaps", "cloze", "fill", "fill_in", "fill in", "fill_in_the_blank",
                "fill in the blank", "blanks")

    def check(self, question: BlankQuestion, topic, path) -> Iterator[Broken]:
        found = GAP.findall(question.text)
        if not found:
            yield Broken(path + ("text",), "has no gap to fill in",
                         "mark each gap with double brackets: The capital of France is [[Paris]].")
        elif any(not gap.strip() for gap in found):
            yield Broken(path + ("text",), "has an empty gap [[ ]]",
                         "write the missing word inside the brackets: [[Paris]]")

    def parts(self, question: BlankQuestion, topic) -> int:
        return max(1, len(gaps(question.text)))

    def lay_out(self, question: BlankQuestion, context: LayoutContext) -> Laid:
        answers = gaps(question.text)
        blocks: tuple = (GapText(segments(question.text)),)
        if question.word_bank:
            bank = sorted(answers, key=str.casefold)
            context.rng.shuffle(bank)
            blocks = (WordBank(tuple(bank)),) + blocks
        labels = context.labels
        return Laid(prompt=labels["fill_gaps_bank"] if question.word_bank else labels["fill_gaps"],
                    blocks=blocks, answer_summary=labels["answer_separator"].join(answers))

    def to_item(self, question, items):
        *bank, text = question.blocks  # the word bank, when there is one, comes first
        return items.gaps(text, *bank)


def setup(app) -> None:
    app.add_question_type(BlankType())
