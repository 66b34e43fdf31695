"""The worksheet as it will be printed: numbers, letters, shuffles, points.

Everything derived from the questions is computed here, once, so the
worksheet and its answer key, as .docx and as .pdf, can never disagree on
an order or a number.
"""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass, field

from docgen.content.model import (BlankQuestion, ChoiceQuestion, ClassifyQuestion, LongQuestion,
                                  MatchQuestion, ShortQuestion, Topic, TrueFalseQuestion)
from docgen.content.rules import GAP, classify_categories

from docgen.i18n import Labels, labels_for

LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class Option:
    letter: str
    text: str
    correct: bool


@dataclass(frozen=True)
class BlankPart:
    """Text of a fill-in-the-blank, or (when ``gap`` is set) a gap and its answer."""

    text: str
    gap: bool = False


@dataclass(frozen=True)
class MatchLeft:
    number: int
    text: str
    answer: str  # the letter of the matching right item


@dataclass(frozen=True)
class MatchRight:
    letter: str
    text: str


@dataclass(frozen=True)
class Sortable:
    text: str
    category: str


@dataclass
class PlannedQuestion:
    number: int
    type: str
    prompt: str  # inline Markdown: the prompt, statement or gap text
    points: float
    points_label: str  # "2 pts", "2 puntos"
    explanation: str | None = None
    multiple: bool = False  # choice: choose all that apply
    options: list[Option] = field(default_factory=list)  # choice, and True/False
    lines: int = 0  # short, long: ruled lines for the answer
    model_answer: str | None = None  # short (inline), long (block Markdown)
    parts: list[BlankPart] = field(default_factory=list)  # blank
    word_bank: list[str] = field(default_factory=list)  # blank, shuffled
    left: list[MatchLeft] = field(default_factory=list)  # match
    right: list[MatchRight] = field(default_factory=list)  # match
    categories: list[str] = field(default_factory=list)  # classify
    statements: list[Sortable] = field(default_factory=list)  # classify



@dataclass
class WorksheetPlan:
    title: str
    instructions: str
    questions: list[PlannedQuestion]
    total_label: str  # "12 pts", "12 puntos"

    @property
    def total_points(self) -> float:
        return sum(question.points for question in self.questions)


def default_seed(slug: str) -> int:
    """A seed from the slug: the same on every machine and every run."""
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:4], "big")


def plan_worksheet(topic: Topic, slug: str, labels: Labels | None = None) -> WorksheetPlan:
    """The printed worksheet; ``labels`` (default English) word titles, points and True/False."""
    labels = labels or labels_for("en")
    options = topic.worksheet
    seed = options.seed if options.seed is not None else default_seed(slug)
    planned = []
    for index, question in enumerate(topic.questions):
        # One generator per question: editing one question never reshuffles another.
        rng = random.Random(f"{seed}:{index}")
        planned.append(_plan_question(topic, question, index + 1, rng, options.shuffle, labels))
    return WorksheetPlan(
        title=options.title or labels.format("worksheet_title", title=topic.title),
        instructions=options.instructions or labels["instructions"],
        questions=planned,
        total_label=labels.points(sum(question.points for question in planned)),
    )


def _plan_question(topic: Topic, question, number: int, rng: random.Random,
                   shuffle: bool, labels: Labels) -> PlannedQuestion:
    base = dict(number=number, type=question.type, points=question.points,
                points_label=labels.points(question.points), explanation=question.explanation)
    if isinstance(question, ChoiceQuestion):
        texts = list(question.options)
        if shuffle:
            rng.shuffle(texts)
        answers = set(question.answers)
        return PlannedQuestion(**base, prompt=question.prompt, multiple=question.multiple,
                               options=[Option(LETTERS[i], text, text in answers)
                                        for i, text in enumerate(texts)])
    if isinstance(question, TrueFalseQuestion):
        return PlannedQuestion(**base, prompt=question.statement,
                               options=[Option("A", labels["true"], question.answer),
                                        Option("B", labels["false"], not question.answer)])
    if isinstance(question, (ShortQuestion, LongQuestion)):
        return PlannedQuestion(**base, prompt=question.prompt, lines=question.lines,
                               model_answer=question.answer)
    if isinstance(question, BlankQuestion):
        parts, gaps, position = [], [], 0
        for match in GAP.finditer(question.text):
            if match.start() > position:
                parts.append(BlankPart(question.text[position:match.start()]))
            parts.append(BlankPart(match.group(1).strip(), gap=True))
            gaps.append(match.group(1).strip())
            position = match.end()
        if position < len(question.text):
            parts.append(BlankPart(question.text[position:]))
        bank = sorted(gaps, key=str.casefold) if question.word_bank else []
        rng.shuffle(bank)
        return PlannedQuestion(**base, prompt=question.text, parts=parts, word_bank=bank)
    if isinstance(question, MatchQuestion):
        pairs = list(question.pairs)
        if shuffle:
            rng.shuffle(pairs)
        right = list(range(len(pairs)))
        # The right column is always scrambled: in the given order it would
        # hand out the answer. Avoid leaving any pair side by side.
        for _ in range(20):
            rng.shuffle(right)
            if all(position != original for position, original in enumerate(right)):
                break
        letter_of = {original: LETTERS[position] for position, original in enumerate(right)}
        return PlannedQuestion(
            **base, prompt=question.prompt or labels["match_prompt"],
            left=[MatchLeft(i + 1, pair.left, letter_of[i]) for i, pair in enumerate(pairs)],
            right=[MatchRight(LETTERS[position], pairs[original].right)
                   for position, original in enumerate(right)])
    if isinstance(question, ClassifyQuestion):
        statements = [Sortable(s.text, s.answer) for s in question.statements]
        if shuffle:
            rng.shuffle(statements)
        return PlannedQuestion(**base, prompt=question.prompt,
                               categories=classify_categories(topic, question), statements=statements)
    raise TypeError(f"no plan for question type {question.type!r}")
