"""The worksheet and its answer key as an editable Word document.

Everything printed here comes from the WorksheetPlan (numbers, letters,
shuffles, points), so the .docx and the PDF cannot disagree. The answer
key is the same document with the answers written in: same questions,
same order, about the same space, so a teacher can lay one on the other.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import docx

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.content.worksheet import PlannedQuestion, WorksheetPlan
from docgen.markdown import plain_text
from docgen.render import RenderJob
from docgen.render.docx.archive import reproducible
from docgen.render.docx.base import new_document
from docgen.render.docx.fields import add_checkbox, declare_w14
from docgen.render.docx.headers import write_headers_and_footers
from docgen.dates import build_datetime
from docgen.render.docx.layout import keep_together, set_tab_stops, text_width
from docgen.render.docx.metadata import set_properties
from docgen.render.docx.numbering import add_question_numbering, number_paragraph
from docgen.render.docx.runs import add_blocks, add_inline
from docgen.render.docx.styles import (ANSWER, ANSWER_LINE, ANSWER_LINE_PITCH, EXPLANATION, GAP_TEXT,
                                       INSTRUCTIONS, LETTER_BOX, MATCH_TABLE, MODEL_ANSWER, OPTION,
                                       POINTS, QUESTION, QUESTION_INDENT, TABLE, TITLE, WORD_BANK,
                                       add_paragraph, add_run, body_font, ensure_styles,
                                       set_body_font, set_language,
                                       set_paragraph_style)
from docgen.render.docx.tables import add_table, repeat_as_header, set_min_height

NBSP = "\u00a0"  # "(2 pts)" must never break between the number and "pts"
GAP = "_" * 25  # a write-on line about 45 mm long in 11 pt
TRUE_FALSE_SPACING = Mm(30)  # from one True/False checkbox to the next
LETTER_BOX_WIDTH = Mm(11)
WRITE_IN_ROW = Mm(9)


def worksheet_docx(job: RenderJob, answers: bool) -> bytes:
    """The worksheet (``answers=False``) or its answer key as .docx bytes."""
    reference = job.project.reference_docx
    version = reference.stat().st_mtime_ns if reference else 0
    document = docx.Document(BytesIO(_styled_base(reference, version, job.project.config.paper, job.lang,
                                                  body_font(job.project))))
    write_headers_and_footers(document, job, answers)
    _Worksheet(document, job.worksheet, answers).write()
    declare_w14(document)
    when = build_datetime()
    set_properties(document, job, when)
    stream = BytesIO()
    document.save(stream)
    return reproducible(stream.getvalue(), when)


@lru_cache(maxsize=8)
def _styled_base(reference: Path | None, version: int, paper: str, lang: str, font: str | None) -> bytes:
    """The empty, styled document every worksheet of a project starts from.

    Setting up the styles is a third of a worksheet's time; it is done once
    per process and page setup (``version``, the reference's modification
    time, makes an edited reference a new key).
    """
    document = new_document(reference, paper)
    ensure_styles(document, house_look=reference is None)
    set_language(document, lang)
    if font:
        set_body_font(document, font)
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


class _Worksheet:
    """Writes the plan into the body: title, instructions, then one question at a time."""

    def __init__(self, document: Document, plan: WorksheetPlan, answers: bool) -> None:
        self.document, self.plan, self.answers = document, plan, answers
        self.text_width = text_width(document.sections[0])
        self.width = Length(self.text_width - QUESTION_INDENT)  # the width under a question
        self.control_ids = itertools.count(1)
        self.num_id = 0

    def write(self) -> None:
        self._title()
        add_blocks(self.document, self.plan.instructions, INSTRUCTIONS)
        if not self.plan.questions:
            return
        first = self.plan.questions[0].number
        if [q.number for q in self.plan.questions] != list(range(first, first + len(self.plan.questions))):
            # Word counts on from the start value; it could not show a gap in the plan's numbers.
            raise ValueError("worksheet question numbers must be consecutive for Word numbering")
        self.num_id = add_question_numbering(self.document.part, first)
        body = self.document.element.body
        for question in self.plan.questions:
            before = len(body)
            _WRITERS[question.type](self, question)
            if self.answers and question.explanation:
                add_inline(add_paragraph(self.document, style=EXPLANATION), question.explanation)
            # python-docx inserts before the closing sectPr, so the new blocks end one before it.
            keep_together(body[before - 1:len(body) - 1])

    def _title(self) -> None:
        paragraph = add_paragraph(self.document, f"{self.plan.title}\t", TITLE)
        add_run(paragraph, f"Total:{NBSP}{self.plan.total_label.replace(' ', NBSP)}", POINTS)
        self._right_tab(paragraph)

    def _right_tab(self, paragraph: Paragraph) -> None:
        set_tab_stops(paragraph, [(self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])

    def _question(self, question: PlannedQuestion, prompt: str, note: str | None = None) -> None:
        """The numbered question line, its points at the right margin."""
        paragraph = add_paragraph(self.document, style=QUESTION)
        number_paragraph(paragraph, self.num_id)
        add_inline(paragraph, prompt)
        if note:
            paragraph.add_run(f" {note}").italic = True
        paragraph.add_run("\t")
        add_run(paragraph, f"({question.points_label.replace(' ', NBSP)})", POINTS)
        self._right_tab(paragraph)

    def _checkbox(self, paragraph: Paragraph, checked: bool) -> None:
        add_checkbox(paragraph, checked, next(self.control_ids))

    def choice(self, question: PlannedQuestion) -> None:
        self._question(question, question.prompt, "Choose all that apply." if question.multiple else None)
        for option in question.options:
            marked = self.answers and option.correct
            paragraph = add_paragraph(self.document, style=OPTION)
            self._checkbox(paragraph, marked)
            paragraph.add_run(f" {option.letter}.\t")
            add_inline(paragraph, option.text, ANSWER if marked else None)

    def true_false(self, question: PlannedQuestion) -> None:
        self._question(question, question.prompt)
        paragraph = add_paragraph(self.document, style=OPTION)
        set_tab_stops(paragraph, [(Length(QUESTION_INDENT + TRUE_FALSE_SPACING * i),
                                   WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.SPACES)
                                  for i in range(1, len(question.options))])
        for index, option in enumerate(question.options):
            marked = self.answers and option.correct
            if index:
                paragraph.add_run("\t")
            self._checkbox(paragraph, marked)
            paragraph.add_run(" ")
            add_inline(paragraph, option.text, ANSWER if marked else None)

    def written(self, question: PlannedQuestion) -> None:
        """short and long: ruled lines; in the key the model answer takes the first of them."""
        self._question(question, question.prompt)
        lines = question.lines
        if self.answers and question.model_answer:
            paragraphs = add_blocks(self.document, question.model_answer, MODEL_ANSWER, ANSWER)
            lines -= _ruled_lines_taken(paragraphs, self.width)
        for _ in range(max(lines, 0)):
            add_paragraph(self.document, style=ANSWER_LINE)

    def blank(self, question: PlannedQuestion) -> None:
        if question.word_bank:
            self._question(question, "Fill in the gaps with words from the word bank.")
            bank = add_paragraph(self.document, style=WORD_BANK)
            bank.add_run("Word bank: ").bold = True
            for index, word in enumerate(question.word_bank):
                if index:
                    bank.add_run("  \u00b7  ")
                add_inline(bank, word)
        else:
            self._question(question, "Fill in the gaps.")
        paragraph = add_paragraph(self.document, style=GAP_TEXT)
        for part in question.parts:
            if not part.gap:
                add_inline(paragraph, part.text)
            elif self.answers:
                add_run(paragraph, plain_text(part.text), ANSWER).underline = True
            else:
                paragraph.add_run(GAP)

    def match(self, question: PlannedQuestion) -> None:
        """A box to write the letter in, the numbered left item, the lettered right item."""
        self._question(question, question.prompt)
        left_width = Length(int((self.width - LETTER_BOX_WIDTH) * 0.4))
        widths = [LETTER_BOX_WIDTH, left_width, Length(self.width - LETTER_BOX_WIDTH - left_width)]
        table = add_table(self.document, len(question.left), widths, MATCH_TABLE, QUESTION_INDENT)
        for row, left, right in zip(table.rows, question.left, question.right):
            box, left_cell, right_cell = row.cells
            letter = box.paragraphs[0]
            set_paragraph_style(letter, LETTER_BOX)
            if self.answers:
                add_run(letter, left.answer, ANSWER)
            _labelled(left_cell.paragraphs[0], f"{left.number}.", left.text)
            _labelled(right_cell.paragraphs[0], f"{right.letter}.", right.text)

    def classify(self, question: PlannedQuestion) -> None:
        """The statements, then one write-in column per category."""
        self._question(question, question.prompt)
        for statement in question.statements:
            paragraph = add_paragraph(self.document, "\u2022\t", OPTION)
            add_inline(paragraph, statement.text)
        columns = [[s for s in question.statements if s.category == category]
                   for category in question.categories]
        # As many rows in the worksheet as the key needs, and never just enough to give it away.
        rows = max(max(len(column) for column in columns),
                   math.ceil(len(question.statements) / len(columns)) + 1)
        widths = [Length(self.width // len(columns))] * len(columns)
        table = add_table(self.document, rows + 1, widths, TABLE, QUESTION_INDENT)
        repeat_as_header(table.rows[0])
        for cell, category in zip(table.rows[0].cells, question.categories):
            cell.paragraphs[0].add_run(category)
        for row in table.rows[1:]:
            set_min_height(row, WRITE_IN_ROW)
        if self.answers:
            for index, column in enumerate(columns):
                for row, statement in zip(table.rows[1:], column):
                    add_inline(row.cells[index].paragraphs[0], statement.text, ANSWER)


_WRITERS: dict[str, Callable[[_Worksheet, PlannedQuestion], None]] = {
    "choice": _Worksheet.choice,
    "true_false": _Worksheet.true_false,
    "short": _Worksheet.written,
    "long": _Worksheet.written,
    "blank": _Worksheet.blank,
    "match": _Worksheet.match,
    "classify": _Worksheet.classify,
}


def _labelled(paragraph: Paragraph, label: str, text: str) -> None:
    paragraph.add_run(f"{label} ").bold = True
    add_inline(paragraph, text)


def _ruled_lines_taken(paragraphs: list[Paragraph], width: Length) -> int:
    """About how many 8 mm ruled lines the model answer's paragraphs fill.

    An estimate from the text length (an average 11 pt Calibri bold
    character is about half an em wide): close enough to keep the key's
    pages in step with the worksheet's.
    """
    chars_per_line = max(1, int(Length(width).pt / (11 * 0.5)))
    text_lines = sum(math.ceil(max(len(p.text), 1) / chars_per_line) for p in paragraphs)
    height = text_lines * Pt(11 * 1.15 * 1.22) + len(paragraphs) * Pt(6)
    return math.ceil(height / ANSWER_LINE_PITCH)

