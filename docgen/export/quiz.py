"""Questions as quiz systems see them, read from the worksheet's layout blocks.

Moodle and QTI both think in a handful of item kinds: choose one or more
options, true or false, type a short answer, write an essay, fill gaps
(typed, dragged from a bank, or picked from a drop-down), match. This module reads each laid-out
question (docgen.layout.blocks) once into one of those kinds, by the blocks it
is made of, never by its question type; the Moodle and QTI writers then
only serialise. A new question type or derived exercise that lays itself
out in the same blocks exports with no change here.

| blocks                     | item      |
|----------------------------|-----------|
| Choices (a row of two)     | TrueFalse |
| Choices                    | Choice    |
| Lines with a one-line answer | Short   |
| Lines (paragraphs, or none)  | Essay   |
| GapText, WordBank + GapText  | Gaps    |
| Table with answer cells    | Gaps (a grid, each missing cell picked from the missing cells) |
| MatchTable                 | Match     |
| AnswerBox                  | Numeric   |
| Labelled + Table           | Match (each statement to its column) |

Anything else becomes an Essay whose marking note is the answer summary,
and the build says so.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Union

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
class Choice:
    options: tuple[Option, ...]
    multiple: bool


@dataclass(frozen=True)
class TrueFalse:
    answer: bool


@dataclass(frozen=True)
class Short:
    answers: tuple[str, ...]  # plain text; the model answer first, then the accepted ones


@dataclass(frozen=True)
class Essay:
    model_answer: str  # HTML, "" when there is none
    lines: int = 8


@dataclass(frozen=True)
class Gap:
    answer: str  # plain text


@dataclass(frozen=True)
class Gaps:
    """HTML with gaps in it; with a bank the student picks each gap's answer from it.

    A word bank's words are dragged into the gaps (``select`` false); the
    cells taken out of a grid are long texts, picked from a drop-down at
    each gap (``select`` true) rather than typed word for word.
    """

    parts: tuple[Union[str, Gap], ...]  # HTML pieces and gaps, in reading order
    bank: tuple[str, ...] = ()  # plain text, in print order
    select: bool = False

    @property
    def gaps(self) -> list[Gap]:
        return [part for part in self.parts if isinstance(part, Gap)]


@dataclass(frozen=True)
class Match:
    pairs: tuple[tuple[str, str], ...]  # (left HTML, right plain text)
    extra: tuple[str, ...] = ()  # right-hand choices that match nothing (plain text)


@dataclass(frozen=True)
class Numeric:
    answer: float
    tolerance: float
    unit: str | None = None  # plain text


Item = Union[Choice, TrueFalse, Short, Essay, Gaps, Match, Numeric]


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


def _choices(block: Choices) -> Item:
    if block.in_a_row and len(block.options) == 2:
        return TrueFalse(block.options[0].correct)  # True is laid out first
    return Choice(tuple(Option(o.letter, inline_html(o.text), plain_text(o.text), o.correct)
                        for o in block.options), block.multiple)


def _lines(block: Lines) -> Item:
    if block.answer and not block.block:
        return Short((plain_text(block.answer), *(plain_text(answer) for answer in block.accept)))
    answer = (block_html(block.answer) if block.block else f"<p>{inline_html(block.answer)}</p>") \
        if block.answer else ""
    return Essay(answer, block.count)


def _gap_text(block: GapText, bank: WordBank | None = None) -> Item:
    parts = tuple(Gap(plain_text(s.text)) if s.gap else inline_html(s.text) for s in block.segments)
    return Gaps(("<p>", *parts, "</p>"), tuple(plain_text(word) for word in bank.words) if bank else ())


def _table(block: Table) -> Item:
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
    return Gaps(tuple(parts), tuple(answers), select=True)


def _match(block: MatchTable) -> Item:
    right = {row.letter: row.right for row in block.rows}
    return Match(tuple((inline_html(row.left), plain_text(right[row.answer])) for row in block.rows))


def _sort(items: Labelled, grid: Table) -> Item | None:
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
    return Match(tuple(pairs), tuple(plain_text(h) for h in grid.header if plain_text(h) not in used))


def _item(blocks: tuple) -> Item | None:
    """The quiz item a question's blocks make, or None when they make none."""
    shape = tuple(type(block) for block in blocks)
    if shape == (Choices,):
        return _choices(blocks[0])
    if shape == (Lines,):
        return _lines(blocks[0])
    if shape == (GapText,):
        return _gap_text(blocks[0])
    if shape == (WordBank, GapText):
        return _gap_text(blocks[1], blocks[0])
    if shape == (Table,) and any(cell.answer for row in blocks[0].rows for cell in row):
        return _table(blocks[0])
    if shape == (MatchTable,):
        return _match(blocks[0])
    if shape == (AnswerBox,):
        box = blocks[0]
        return Numeric(box.answer, box.tolerance, box.unit)
    if shape == (Labelled, Table):
        return _sort(blocks[0], blocks[1])
    return None


def _stem(question: QuestionLayout) -> str:
    """What names the question in a bank: the gapped text when the prompt is only an instruction."""
    texts = [question.prompt]
    for block in question.blocks:
        if isinstance(block, GapText):
            texts = ["".join("…" if s.gap else s.text for s in block.segments)]
    return plain_text(" ".join(texts))


def quiz_question(question: QuestionLayout) -> QuizQuestion:
    item = _item(question.blocks)
    exact = item is not None
    if item is None:
        item = Essay(f"<p>{escape(question.answer_summary)}</p>" if question.answer_summary else "")
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
