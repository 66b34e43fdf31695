"""The support edition: the worksheet with more help, for a reader who needs it.

A word bank on every gap text, hints printed under their question, choices
cut to at most three options (never losing a correct one), half as many
answer lines again. Only the layout changes: the pages look as the
standard edition's.
"""

from __future__ import annotations

import dataclasses
import math
import random

from docgen.i18n import Labels
from docgen.layout.blocks import Choice, Choices, GapText, Lines, QuestionLayout, WordBank, WorksheetLayout
from docgen.layout.editions import Edition
from docgen.questions import letter

SUPPORT_MAX_OPTIONS = 3
SUPPORT_EXTRA_LINES = 0.5  # half as many lines again, at least one


class Support(Edition):
    name = "support"

    def transform(self, layout: WorksheetLayout, labels: Labels, seed: int) -> WorksheetLayout:
        questions = [_supported(question, labels, random.Random(f"{seed}:{question.key}:{self.name}"))
                     for question in layout.questions]
        return dataclasses.replace(layout, questions=questions, show_hints=True)


def _supported(question: QuestionLayout, labels: Labels, rng: random.Random) -> QuestionLayout:
    blocks: list = []
    has_bank = any(isinstance(block, WordBank) for block in question.blocks)
    prompt, summary = question.prompt, question.answer_summary
    for block in question.blocks:
        if isinstance(block, GapText) and not has_bank:
            words = sorted(dict.fromkeys(block.gaps), key=str.casefold)
            rng.shuffle(words)
            blocks.append(WordBank(tuple(words)))
            if prompt == labels["fill_gaps"]:
                prompt = labels["fill_gaps_bank"]
        if isinstance(block, Choices) and not block.in_a_row and len(block.options) > SUPPORT_MAX_OPTIONS:
            block = _fewer_options(block, rng)
            summary = ", ".join(option.letter for option in block.options if option.correct)
        elif isinstance(block, Lines):
            block = dataclasses.replace(block, count=block.count + max(1, math.ceil(block.count * SUPPORT_EXTRA_LINES)))
        blocks.append(block)
    # The boxes a scannable page reads are the options now printed.
    scan_rows = tuple(block.scan_row() for block in blocks if isinstance(block, Choices)) + question.grid_rows
    return dataclasses.replace(question, prompt=prompt, blocks=tuple(blocks), answer_summary=summary,
                               scan_rows=scan_rows)


def _fewer_options(block: Choices, rng: random.Random) -> Choices:
    """Every correct option and enough wrong ones (drawn) to make three, in their order, relettered.

    At least one wrong option always stays: a list of only right answers asks nothing.
    """
    correct = [index for index, option in enumerate(block.options) if option.correct]
    wrong = [index for index, option in enumerate(block.options) if not option.correct]
    room = max(SUPPORT_MAX_OPTIONS - len(correct), 1)
    kept = sorted(correct + rng.sample(wrong, min(room, len(wrong))))
    options = tuple(Choice(letter(new), block.options[old].text, block.options[old].correct)
                    for new, old in enumerate(kept))
    return dataclasses.replace(block, options=options)


def setup(app) -> None:  # noqa: ANN001 - the registry
    app.add_edition(Support())
