"""Questions as quiz systems see them: the item each question type makes of its blocks.

Moodle and QTI both think in a handful of item kinds: choose one or more
options, true or false, type a short answer, write an essay, fill gaps
(typed, dragged from a bank, or picked from a drop-down), match, give a
number. Each question type says which its question is
(``QuestionType.to_item``), building it from its own laid-out blocks with
``Items``; the Moodle, QTI and Anki writers then only serialise. A type
that makes no item is exported as an essay whose marking note is the answer
summary, and the build says so.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, ClassVar, Union

from markupsafe import Markup, escape

from docgen.layout.blocks import (AnswerBox, Choices, Figure, GapText, Labelled, Lines, MatchTable, QuestionLayout, Table,
                           WordBank)
from docgen.markdown import plain_text, to_html, to_inline_html
from docgen.render.job import TOPIC_HEAD

if TYPE_CHECKING:
    from docgen.i18n import Labels
    from docgen.render.job import RenderJob

# What the quiz exports read of a topic (derived exercises come from compare and terms).
QUIZ_READS = (*TOPIC_HEAD, "questions", "worksheet", "compare", "terms")


def inline_html(markdown: str | None) -> str:
    """Inline Markdown as HTML for a quiz system: raw HTML shown as text, maths for MathJax."""
    return str(to_inline_html(markdown, math="tex"))


def label_html(labels: "Labels", key: str, **html: str) -> str:
    """A label around HTML fields ("Indice : <em>…</em>"): the label's own words escaped, so a
    `labels:` override in docgen.yaml cannot add markup; the fields, already HTML, kept."""
    return str(escape(labels[key]).format(**{name: Markup(value) for name, value in html.items()}))


def block_html(markdown: str | None) -> str:
    return str(to_html(markdown, math="tex")).strip()


@dataclass(frozen=True)
class Option:
    letter: str  # as printed on the worksheet
    html: str
    text: str  # plain text, for systems that want it
    correct: bool


@dataclass(frozen=True)
class ChoiceItem:
    kind: ClassVar[str] = "choice"  # the writers' method for it
    options: tuple[Option, ...]
    multiple: bool


@dataclass(frozen=True)
class TrueFalseItem:
    kind: ClassVar[str] = "truefalse"  # the writers' method for it
    answer: bool


@dataclass(frozen=True)
class ShortItem:
    kind: ClassVar[str] = "short"  # the writers' method for it
    answers: tuple[str, ...]  # plain text; the model answer first, then the accepted ones


@dataclass(frozen=True)
class EssayItem:
    kind: ClassVar[str] = "essay"  # the writers' method for it
    model_answer: str  # HTML, "" when there is none
    lines: int = 8


@dataclass(frozen=True)
class Gap:
    answer: str  # plain text


@dataclass(frozen=True)
class GapsItem:
    """HTML with gaps in it; with a bank the student picks each gap's answer from it.

    A word bank's words are dragged into the gaps (``select`` false); the
    cells taken out of a grid are long texts, picked from a drop-down at
    each gap (``select`` true) rather than typed word for word.
    """

    kind: ClassVar[str] = "gaps"  # the writers' method for it
    parts: tuple[Union[str, Gap], ...]  # HTML pieces and gaps, in reading order
    bank: tuple[str, ...] = ()  # plain text, in print order
    select: bool = False

    @property
    def gaps(self) -> list[Gap]:
        return [part for part in self.parts if isinstance(part, Gap)]


@dataclass(frozen=True)
class MatchItem:
    kind: ClassVar[str] = "match"  # the writers' method for it
    pairs: tuple[tuple[str, str], ...]  # (left HTML, right plain text)
    extra: tuple[str, ...] = ()  # right-hand choices that match nothing (plain text)


@dataclass(frozen=True)
class NumericItem:
    kind: ClassVar[str] = "numeric"  # the writers' method for it
    answer: float
    tolerance: float
    unit: str | None = None  # plain text


Item = Union[ChoiceItem, TrueFalseItem, ShortItem, EssayItem, GapsItem, MatchItem, NumericItem]


@dataclass(frozen=True)
class QuizQuestion:
    key: str
    number: int
    points: float
    stem: str  # plain text that names the question (the prompt, or the gapped text)
    prompt: str  # HTML: the prompt and its note
    item: Item
    explanation: str  # HTML, "" when none
    hint: str  # HTML, "" when none
    group: str | None = None
    exact: bool = True  # False: the blocks had no quiz equivalent (exported as an essay)
    image: Figure | None = None  # each writer embeds it its own way (docgen.export.media)


class Items:
    """What a question type makes its quiz item from (``QuestionType.to_item``): its own blocks, as the
    kind of item quiz systems know. The type says which kind it is; no export guesses from the shape of
    the blocks."""

    @staticmethod
    def choice(block: Choices) -> ChoiceItem:
        return ChoiceItem(tuple(Option(o.letter, inline_html(o.text), plain_text(o.text), o.correct)
                                for o in block.options), block.multiple)

    @staticmethod
    def true_false(block: Choices) -> TrueFalseItem:
        return TrueFalseItem(block.options[0].correct)  # True is laid out first

    @staticmethod
    def lines(block: Lines) -> ShortItem | EssayItem:
        """A one-line answer is typed and marked; paragraphs (or no answer) are an essay."""
        if block.answer and not block.block:
            return ShortItem((plain_text(block.answer), *(plain_text(answer) for answer in block.accept)))
        answer = (block_html(block.answer) if block.block else f"<p>{inline_html(block.answer)}</p>") \
            if block.answer else ""
        return EssayItem(answer, block.count)

    @staticmethod
    def gaps(block: GapText, bank: WordBank | None = None) -> GapsItem:
        parts = tuple(Gap(plain_text(s.text)) if s.gap else inline_html(s.text) for s in block.segments)
        return GapsItem(("<p>", *parts, "</p>"), tuple(plain_text(word) for word in bank.words) if bank else ())

    @staticmethod
    def grid(block: Table) -> GapsItem | None:
        """A table with cells to fill: each missing cell picked from the missing cells; None without any."""
        if not any(cell.answer for row in block.rows for cell in row):
            return None
        parts: list = ["<table><thead><tr>"]
        parts += [f"<th>{inline_html(heading)}</th>" for heading in block.header]
        parts.append("</tr></thead><tbody>")
        for row in block.rows:
            parts.append("<tr>")
            for cell in row:
                if cell.answer:
                    parts += ["<td>", Gap(plain_text(cell.text)), "</td>"]
                else:
                    tag = "th" if cell.header else "td"
                    parts.append(f"<{tag}>{inline_html(cell.text)}</{tag}>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
        answers = sorted({part.answer for part in parts if isinstance(part, Gap)}, key=str.casefold)
        return GapsItem(tuple(parts), tuple(answers), select=True)

    @staticmethod
    def match(block: MatchTable) -> MatchItem:
        right = {row.letter: row.right for row in block.rows}
        return MatchItem(tuple((inline_html(row.left), plain_text(right[row.answer])) for row in block.rows))

    @staticmethod
    def pairs(pairs: list[tuple[str, str]], extra: tuple[str, ...] = ()) -> MatchItem:
        """Each (left, right) of inline Markdown matched; ``extra`` right-hand choices match nothing."""
        return MatchItem(tuple((inline_html(left), plain_text(right)) for left, right in pairs),
                         tuple(plain_text(text) for text in extra))

    @staticmethod
    def sort(items: Labelled, grid: Table) -> MatchItem | None:
        """Statements sorted into columns: each statement matched to the heading of its column."""
        column_of = {}
        for row in grid.rows:
            for column, cell in enumerate(row):
                if cell.answer and cell.text:
                    column_of[cell.text] = column
        pairs = []
        for label, text in items.items:
            column = column_of.get(f"{label} {text}")
            if column is None:
                return None  # a grid that is not this statement list's key
            pairs.append((inline_html(text), plain_text(grid.header[column])))
        used = {right for _, right in pairs}
        return MatchItem(tuple(pairs), tuple(plain_text(h) for h in grid.header if plain_text(h) not in used))

    @staticmethod
    def numeric(box: AnswerBox) -> NumericItem:
        return NumericItem(box.answer, box.tolerance, box.unit)


ITEMS = Items()


def _stem(question: QuestionLayout) -> str:
    """What names the question in a bank: the gapped text when the prompt is only an instruction."""
    texts = [question.prompt]
    for block in question.blocks:
        if isinstance(block, GapText):
            texts = ["".join("…" if s.gap else s.text for s in block.segments)]
    return plain_text(" ".join(texts))


def quiz_question(question: QuestionLayout) -> QuizQuestion:
    from docgen.registry import question_type

    item = question_type(question.type).to_item(question, ITEMS)
    exact = item is not None
    if item is None:
        item = EssayItem(f"<p>{escape(question.answer_summary)}</p>" if question.answer_summary else "")
    prompt = f"<p>{inline_html(question.prompt)}</p>"
    if question.note:
        prompt += f"<p><em>{inline_html(question.note)}</em></p>"
    return QuizQuestion(
        key=question.key, number=question.number, points=question.points, stem=_stem(question),
        prompt=prompt, item=item, explanation=inline_html(question.explanation),
        hint=inline_html(question.hint), group=question.group, exact=exact, image=question.image)


def question_bank(job: "RenderJob") -> list[QuestionLayout]:
    """Every question the topic asks, pools whole: a printed version draws from a pool, a quiz
    system keeps the whole pool (Moodle then draws for each student) and a deck learns it all."""
    if not job.topic.worksheet.pick:
        return job.worksheet.questions
    from docgen.layout.sheet import lay_out_worksheet

    return lay_out_worksheet(job.topic, job.slug, job.labels, whole_pools=True,
                             folder=job.topic_file.path.parent).questions


def quiz_items(job: "RenderJob") -> list[QuizQuestion]:
    """Every question of the bank as a quiz item. A question asked twice (the same words) keeps
    both copies: the second's key gets a suffix, since quiz systems and Anki need distinct ids."""
    items, seen = [], Counter()
    for question in question_bank(job):
        item = quiz_question(question)
        seen[item.key] += 1
        items.append(item if seen[item.key] == 1 else dataclasses.replace(item, key=f"{item.key}-{seen[item.key]}"))
    return items


def render_quiz(job: "RenderJob", file: str,
                write: Callable[["RenderJob", list[QuizQuestion]], bytes]) -> dict[str, bytes]:
    """A quiz file: ``write`` serialises the topic's quiz items; notes say what was left out."""
    questions = quiz_items(job)
    if not questions:
        job.notes.append(f"{file}: skipped, the topic has no questions")
        return {}
    inexact = [str(question.number) for question in questions if not question.exact]
    if inexact:
        job.notes.append(f"{file}: question {', '.join(inexact)} exported as essay (no matching quiz type); "
                         "the answer is in the grader's notes")
    return {file: write(job, questions)}
