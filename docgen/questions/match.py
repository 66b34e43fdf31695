"""``match``: pair each item on the left with one on the right."""

from __future__ import annotations

from typing import Annotated, Iterator, Literal

from pydantic import Field

from docgen.content.fields import Inline, QuestionBase, Strict
from docgen.content.errors import Broken
from docgen.layout.blocks import MatchRow, MatchTable, ScanBox, ScanRow
from docgen.questions import Laid, LayoutContext, QuestionType, letter


class Pair(Strict):
    left: Inline
    """Item on the left (numbered)."""
    right: Inline
    """Its match on the right (lettered and scrambled on the worksheet)."""


class MatchQuestion(QuestionBase):
    type: Literal["match"]
    prompt: Inline | None = None
    """Instruction above the two columns (default: Match each item on the left with one on the right)."""
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=12)]
    """2 to 12 pairs that belong together."""


def scrambled(count: int, context: LayoutContext) -> list[int]:
    """A right-column order that leaves no pair side by side (it would give the answer away)."""
    order = list(range(count))
    for _ in range(20):
        context.rng.shuffle(order)
        if all(position != original for position, original in enumerate(order)):
            break
    return order


class MatchType(QuestionType):
    name = "match"
    model = MatchQuestion
    synonyms = ("matching", "pairs")

    def check(self, question: MatchQuestion, topic, path) -> Iterator[Broken]:
        for side in ("left", "right"):
            values = [getattr(pair, side) for pair in question.pairs]
            if len(set(values)) != len(values):
                yield Broken(path + ("pairs",), f"two pairs have the same {side} side",
                             "every item on each side must be different, or the answer is ambiguous")

    def parts(self, question: MatchQuestion, topic) -> int:
        return len(question.pairs)

    def lay_out(self, question: MatchQuestion, context: LayoutContext) -> Laid:
        pairs = list(question.pairs)
        if context.shuffle:
            context.rng.shuffle(pairs)
        order = scrambled(len(pairs), context)
        letter_of = {original: letter(position) for position, original in enumerate(order)}
        rows = tuple(MatchRow(index + 1, pair.left, letter_of[index], letter(index), pairs[order[index]].right)
                     for index, pair in enumerate(pairs))
        scan = tuple(ScanRow(str(row.number), tuple(ScanBox(right.letter, right.right, right.letter == row.answer)
                                                     for right in rows)) for row in rows)
        return Laid(prompt=question.prompt or context.labels["match_prompt"], blocks=(MatchTable(rows),),
                    answer_summary=", ".join(f"{row.number}{row.answer}" for row in rows), scan_rows=scan)

    def to_item(self, question, items):
        return items.match(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(MatchType())
