"""Editions: the same worksheet for other readers, as a change of its layout.

An edition is not another set of templates. The layout is transformed here
(more room, fewer options, word banks, hints shown), and the writers scale
their styles: ``templates/edition-large-print.css`` for every PDF and
``docgen.render.writers.docx.styles.scale_for_large_print`` for Word.

- ``large-print`` (UKAAF G003, APH): body 18 pt sans, line spacing 1.5,
  left-aligned, no hyphenation, bold for italics; answer room (lines, gaps,
  write-in rows) grows with the type, so handwriting space matches.
- ``support``: a word bank on every gap text, hints printed under their
  question, choices cut to at most three options (never losing a correct
  one), half as many answer lines again.
"""

from __future__ import annotations

import dataclasses
import math
import random

from docgen.i18n import Labels
from docgen.layout.blocks import (Choice, Choices, GapText, Lines, QuestionLayout, Table, WordBank,
                           WorksheetLayout)
from docgen.questions import letter

LARGE_PRINT_PT = 18.0  # UKAAF G003: at least 16-18 pt; APH: 18 pt
LARGE_PRINT_SCALE = LARGE_PRINT_PT / 11.0  # the worksheet's body is 11 pt
SUPPORT_MAX_OPTIONS = 3
SUPPORT_EXTRA_LINES = 0.5  # half as many lines again, at least one


def for_edition(layout: WorksheetLayout, edition: str, labels: Labels, seed: int) -> WorksheetLayout:
    if edition == "large-print":
        # Points follow each prompt in large print (edition-large-print.css): the instructions say so.
        if layout.instructions == labels["instructions"]:
            layout = dataclasses.replace(layout, instructions=labels["instructions_inline"])
        return _large_print(layout)
    if edition == "support":
        return _support(layout, labels, seed)
    raise ValueError(f"unknown edition {edition!r}")


def _large_print(layout: WorksheetLayout) -> WorksheetLayout:
    """Answer room scaled with the type: a gap or a line fits 18 pt handwriting."""
    def scaled(block):
        if isinstance(block, GapText):
            return GapText(tuple(dataclasses.replace(segment, width_mm=round(segment.width_mm * LARGE_PRINT_SCALE, 1))
                                 for segment in block.segments))
        if isinstance(block, Table):
            return dataclasses.replace(block, row_mm=round(block.row_mm * LARGE_PRINT_SCALE, 1),
                                       heights_mm=tuple(round(height * LARGE_PRINT_SCALE, 1)
                                                        for height in block.heights_mm))
        return block

    questions = [dataclasses.replace(question, blocks=tuple(scaled(block) for block in question.blocks))
                 for question in layout.questions]
    return dataclasses.replace(layout, questions=questions,
                               line_pitch_mm=round(layout.line_pitch_mm * LARGE_PRINT_SCALE, 1))


def _support(layout: WorksheetLayout, labels: Labels, seed: int) -> WorksheetLayout:
    questions = [_supported(question, labels, random.Random(f"{seed}:{question.key}:support"))
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
