"""The worksheet and its answer key as an editable Word document.

Everything printed here comes from the WorksheetLayout: the blocks each
question type laid itself out in, drawn one kind at a time, never by
question type, so the .docx and the PDF cannot disagree. The key is the
same document with the answers written in the same room, and both break
pages where the PDF does (``page_breaks``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import itertools
import math
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.dates import build_datetime
from docgen.layout.editions import edition_named
from docgen.i18n import Labels
from docgen.layout.blocks import (AnswerBox, Choices, GapText, Labelled, Lines, MatchTable, QuestionLayout,
                           Table, WordBank, WorksheetLayout)
from docgen.markdown import plain_text
from docgen.images import Picture, picture_bytes
from docgen.registry import registry
from docgen.render.job import RenderJob

if TYPE_CHECKING:
    from docgen.render.measure import Printed
from docgen.render.writers.docx.accessible import data_table, describe_picture, heading_level, layout_table
from docgen.render.writers.docx.archive import docx_bytes
from docgen.render.writers.docx.base import new_document
from docgen.render.writers.docx.word_fields import add_checkbox, declare_w14
from docgen.render.writers.docx.headers import write_headers_and_footers
from docgen.render.writers.docx.page_flow import keep_together, set_tab_stops, text_width
from docgen.render.writers.docx.metadata import set_properties
from docgen.render.writers.docx.numbering import add_question_numbering, number_paragraph
from docgen.render.writers.docx.runs import add_blocks, add_inline
from docgen.render.writers.docx.styles import (ANSWER, ANSWER_BOX, ANSWER_LINE, EXPLANATION, EYEBROW, FIELDS, GAP_TEXT,
                                       INSTRUCTIONS, LETTER_BOX, MATCH_TABLE, MODEL_ANSWER, OPTION,
                                       POINTS, QUESTION, QUESTION_INDENT, TABLE, TITLE, WORD_BANK,
                                       StyleTable, add_paragraph, add_run, body_font, ensure_styles,
                                       read_style_table, set_body_font, set_language, set_paragraph_style,
                                       share_style_table)
from docgen.render.writers.docx.tables import add_table, set_min_height
from docgen.render.writers.docx.ooxml import TCPR_ORDER, borders, set_property, shading

NBSP = "\u00a0"  # "(2 pts)" must never break between the number and "pts"
UNDERSCORE_MM = 1.95  # an 11 pt Calibri underscore
UNDERSCORE_EM, SPACE_EM, LETTER_EM = 0.498, 0.226, 0.5  # Calibri/Carlito advance widths (bold letters, about)
TRUE_FALSE_SPACING = Mm(30)  # from one True/False checkbox to the next
LETTER_BOX_WIDTH = Mm(11)
ANSWER_BOX_WIDTHS = (Mm(25), Mm(50), Mm(35))  # numeric: the label, the box, the unit
ANSWER_BOX_HEIGHT = Mm(10)
ROW_HEADING_FILL = "F2F2F2"  # the PDF's --fill


def worksheet_docx(job: RenderJob, answers: bool, page_breaks: set[int] = frozenset(),
                   printed: dict[int, "Printed"] | None = None, pictures: dict[int, Picture] | None = None) -> bytes:
    """The worksheet (``answers=False``) or its key as .docx bytes.

    ``page_breaks``: the numbers of the questions that open a page in the PDF;
    ``printed``: each question's write-in rows and ruled areas as the PDF printed them;
    ``pictures``: each question's picture as the PDF printed it.
    """
    reference = job.project.reference_docx
    version = reference.stat().st_mtime_ns if reference else 0
    base, styles = _styled_base(reference, version, job.project.config.paper, job.lang, body_font(job.project),
                                job.edition)
    document = docx.Document(BytesIO(base))
    share_style_table(document, styles)
    write_headers_and_footers(document, job, answers)
    _Worksheet(document, job, answers, page_breaks, printed or {}, pictures or {}).write()
    edition_named(job.edition).finish_word(document)
    declare_w14(document)
    when = build_datetime()
    set_properties(document, job, when)
    return docx_bytes(document, when)


@lru_cache(maxsize=8)
def _styled_base(reference: Path | None, version: int, paper: str, lang: str, font: str | None,
                 edition: str | None) -> tuple[bytes, StyleTable]:
    """The empty, styled document every worksheet of a project starts from, and its styles.

    Setting up the styles is a third of a worksheet's time; it is done once
    per process and page setup (``version``, the reference's modification
    time, makes an edited reference a new key).
    """
    document = new_document(reference, paper)
    ensure_styles(document, house_look=reference is None)
    heading_level(document.styles[TITLE], 1)  # a reference's own styles too: they are the headings
    heading_level(document.styles[QUESTION], 2)
    set_language(document, lang)
    if font:
        set_body_font(document, font)
    edition_named(edition).style_word(document)
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue(), read_style_table(document)


class _Worksheet:
    """Writes the layout into the body: the header, instructions, then one question at a time."""

    def __init__(self, document: Document, job: RenderJob, answers: bool, page_breaks: set[int],
                 printed: dict[int, "Printed"], pictures: dict[int, Picture]) -> None:
        self.document, self.job, self.answers, self.page_breaks = document, job, answers, page_breaks
        self.printed, self.pictures = printed, pictures
        # The current question's rows and ruled areas as printed (mm), taken in order.
        self.printed_rows: list[float] = []
        self.printed_lines: list[float] = []
        self.caption = ""  # the current question's name, for its tables
        self.worksheet: WorksheetLayout = job.worksheet
        self.labels: Labels = job.labels
        self.text_width = text_width(document.sections[0])
        self.width = Length(self.text_width - QUESTION_INDENT)  # the width under a question
        # An edition's larger type (18/11 in large print): each character takes that much more of a line.
        self.type_scale = edition_named(job.edition).type_scale
        self.width_in_11pt = Length(int(self.width / self.type_scale))
        self.control_ids = itertools.count(1)
        self.num_id = 0

    def write(self) -> None:
        self._header()
        add_blocks(self.document, self.worksheet.instructions, INSTRUCTIONS)
        questions = self.worksheet.questions
        if not questions:
            return
        self.num_id = add_question_numbering(self.document.part, questions[0].number)
        body = self.document.element.body
        for question in questions:
            before = len(body)
            self._question(question)
            # python-docx inserts before the closing sectPr, so the new blocks end one before it.
            added = body[before - 1:len(body) - 1]
            if question.breakable:  # it runs on, as in the PDF; its prompt stays with what follows
                added[0].get_or_add_pPr().keepNext_val = True
            else:
                keep_together(added)

    def _header(self) -> None:
        """Eyebrow, title across the page, then student fields and the score box: as the PDF."""
        topic = self.job.topic
        eyebrow = " · ".join(part for part in (topic.subject, topic.level) if part)
        if eyebrow:
            add_paragraph(self.document, eyebrow, EYEBROW)
        # The key is titled as the key, and its banner line stands where the student fields are
        # (same style, one line): its pages break where the worksheet's do.
        key_title = self.worksheet.key_title or self.worksheet.title
        add_paragraph(self.document, key_title if self.answers else self.worksheet.title, TITLE)
        paragraph = add_paragraph(self.document, style=FIELDS)
        fields = [] if self.answers else self.job.student_fields
        if self.answers:
            version = self.worksheet.version
            add_run(paragraph, " · ".join(filter(None, (
                self.labels["answer_key"], version and self.labels.format("version_n", letter=version)))), ANSWER)
        # Each field is a tab with a ruled leader; Name gets a double share of the room.
        # With larger type (large print) the score box takes a line of its own, as in the PDF.
        own_line = self.type_scale > 1
        room = self.text_width - (0 if own_line else Mm(48))
        share = room / (len(fields) + 1) if fields else 0
        stops, position = [], 0.0
        for index, name in enumerate(fields):
            position += share * (2 if index == 0 else 1)
            stops.append((Length(int(position)), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES))
            add_run(paragraph, f"{'  ' if index else ''}{name} ", bold=True)
            add_run(paragraph, "\t")
        if own_line:
            add_run(paragraph, "\n")
        else:
            stops.append((self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES))
            add_run(paragraph, "\t")
        add_run(paragraph, f"{self.labels['total']} ", bold=True)
        add_run(paragraph, "______ / ")
        add_run(paragraph, self._points(self.worksheet.total_points), ANSWER)
        set_tab_stops(paragraph, stops)

    def _points(self, points: float) -> str:
        return self.labels.points(points).replace(" ", NBSP)

    def _question(self, question: QuestionLayout) -> None:
        """The numbered prompt, points at the right margin, then the blocks in order."""
        opening = self._picture(question)
        paragraph = add_paragraph(self.document, style=QUESTION)
        (opening or paragraph).paragraph_format.page_break_before = question.number in self.page_breaks or None
        printed = self.printed.get(question.number)
        self.printed_rows = list(printed.rows) if printed else []
        self.printed_lines = list(printed.lines) if printed else []
        self.caption = self.labels.format("question_n", number=question.number)  # its tables' caption
        number_paragraph(paragraph, self.num_id)
        add_inline(paragraph, question.prompt)
        if question.note:
            add_run(paragraph, f" {question.note}", italic=True)
        add_run(paragraph, "\t")
        add_run(paragraph, f"({question.points_label.replace(' ', NBSP)})", POINTS)
        set_tab_stops(paragraph, [(self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])
        for block in question.blocks:
            registry().drawer("docx", block.kind)(self, block)
        shown = (question.hint if self.answers or self.worksheet.show_hints else None,
                 question.explanation if self.answers else None)
        for note in shown:
            if note:
                add_inline(add_paragraph(self.document, style=EXPLANATION), note)
        if not self.answers and printed and printed.hidden:
            # The key's notes take room here too, empty, as in the PDF: the pages stay the same.
            spacer = add_paragraph(self.document)
            spacer.paragraph_format.line_spacing = Mm(printed.hidden)
            spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY

    def _picture(self, question: QuestionLayout) -> Paragraph | None:
        """The question's picture above its prompt, as wide as the PDF prints it.

        Word cannot take an SVG from python-docx: it shows the picture's text
        alternative in a box instead, and the build says so.
        """
        picture = self.pictures.get(question.number)
        if picture is None or question.image is None:
            return None
        paragraph = add_paragraph(self.document, style=OPTION)
        paragraph.paragraph_format.keep_with_next = True
        data = picture_bytes(picture.src)
        if data is None:
            add_run(paragraph, f"[{question.image.alt}]", italic=True)
            note = f"worksheet.docx: question {question.number}'s SVG picture shows as its alt text in Word"
            if note not in self.job.notes:
                self.job.notes.append(note)
            return paragraph
        width = Pt(picture.width_pt) if picture.width_pt else None
        run = paragraph.add_run()
        run.add_picture(BytesIO(data), width=width)
        describe_picture(run, question.image.alt)
        return paragraph

    def _draw_choices(self, block: Choices) -> None:
        if block.in_a_row:
            paragraph = add_paragraph(self.document, style=OPTION)
            set_tab_stops(paragraph, [(Length(QUESTION_INDENT + TRUE_FALSE_SPACING * i),
                                       WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.SPACES)
                                      for i in range(1, len(block.options))])
        for index, option in enumerate(block.options):
            marked = self.answers and option.correct
            if not block.in_a_row:
                paragraph = add_paragraph(self.document, style=OPTION)
            elif index:
                add_run(paragraph, "\t")
            add_checkbox(paragraph, marked, next(self.control_ids))
            add_run(paragraph, " " if block.in_a_row else f" {option.letter}.\t")
            add_inline(paragraph, option.text, ANSWER if marked else None)

    def _draw_lines(self, block: Lines) -> None:
        """Ruled lines; the key writes its answer on the same pitch, in the same room."""
        printed = self.printed_lines.pop(0) if self.printed_lines else 0.0
        count = max(block.count, _lines_needed(block, self.width_in_11pt),
                    round(printed / self.job.worksheet.line_pitch_mm))
        written = self._model_answer(block) if self.answers else []
        used = _text_lines(written, self.width_in_11pt)
        style = MODEL_ANSWER if self.answers else ANSWER_LINE
        for _ in range(max(count - used, 0)):
            add_paragraph(self.document, style=style)

    def _model_answer(self, block: Lines) -> list[Paragraph]:
        """The key's answer (or that none was given) and its accepted variants, on the lines' pitch."""
        if block.block and block.answer:
            written = add_blocks(self.document, block.answer, MODEL_ANSWER, ANSWER)
        else:
            paragraph = add_paragraph(self.document, style=MODEL_ANSWER)
            if block.answer:
                add_inline(paragraph, block.answer, ANSWER)
            else:
                add_run(paragraph, self.labels["no_model_answer"], italic=True)
            written = [paragraph]
        if block.answer and block.accept:
            paragraph = add_paragraph(self.document, style=MODEL_ANSWER)
            add_inline(paragraph, " · ".join(block.accept))
            paragraph.runs[0].italic = True
            written.append(paragraph)
        return written

    def _draw_word_bank(self, block: WordBank) -> None:
        bank = add_paragraph(self.document, style=WORD_BANK)
        for index, word in enumerate(block.words):
            if index:
                add_run(bank, "   \u00b7   ")
            add_inline(bank, word)

    def _draw_gap_text(self, block: GapText) -> None:
        paragraph = add_paragraph(self.document, style=GAP_TEXT)
        for segment in block.segments:
            if not segment.gap:
                add_inline(paragraph, segment.text)
            elif self.answers:
                self._gap_answer(paragraph, plain_text(segment.text), segment.width_mm)
            else:
                add_run(paragraph, "_" * math.ceil(segment.width_mm / (UNDERSCORE_MM * self.type_scale)))

    def _gap_answer(self, paragraph: Paragraph, answer: str, width_mm: float) -> None:
        """The answer centred on an underline about as long as the worksheet's gap, as the PDF key
        draws it: underlined no-break spaces either side, never a bare space before the punctuation."""
        room = width_mm / (UNDERSCORE_MM * self.type_scale) * UNDERSCORE_EM  # the gap, in em
        pad = max(1, round((room - len(answer) * LETTER_EM) / SPACE_EM / 2))
        run = add_run(paragraph, f"{NBSP * pad}{answer}{NBSP * pad}", ANSWER)
        run.font.underline = True

    def _draw_labelled(self, block: Labelled) -> None:
        for label, text in block.items:
            paragraph = add_paragraph(self.document, style=OPTION)
            add_run(paragraph, f"{label}\t", bold=True)
            add_inline(paragraph, text)

    def _draw_match_table(self, block: MatchTable) -> None:
        """A box to write the letter in, the numbered left item, the lettered right item."""
        left_width = Length(int((self.width - LETTER_BOX_WIDTH) * 0.4))
        widths = [LETTER_BOX_WIDTH, left_width, Length(self.width - LETTER_BOX_WIDTH - left_width)]
        table = add_table(self.document, len(block.rows), widths, MATCH_TABLE, QUESTION_INDENT)
        layout_table(table, self.labels["match_prompt"])
        for row, match in zip(table.rows, block.rows):
            box, left_cell, right_cell = row.cells
            letter = box.paragraphs[0]
            set_paragraph_style(letter, LETTER_BOX)
            if self.answers:
                add_run(letter, match.answer, ANSWER)
            _labelled(left_cell.paragraphs[0], f"{match.number}.", match.left)
            _labelled(right_cell.paragraphs[0], f"{match.letter}.", match.right)

    def _draw_answer_box(self, block: AnswerBox) -> None:
        """The label, a ruled box to write the number in (the key writes it there), the unit."""
        table = add_table(self.document, 1, list(ANSWER_BOX_WIDTHS), ANSWER_BOX, QUESTION_INDENT)
        set_min_height(table.rows[0], ANSWER_BOX_HEIGHT)
        label, box, unit = table.rows[0].cells
        label.paragraphs[0].add_run(block.label)
        set_property(box._tc.get_or_add_tcPr(),
                     borders("w:tcBorders", ("top", "left", "bottom", "right"), 6, "000000"), TCPR_ORDER)
        if self.answers:
            add_run(box.paragraphs[0], block.key, ANSWER)
        if block.unit:
            unit.paragraphs[0].add_run(block.unit)

    def _draw_table(self, block: Table) -> None:
        widths = [Length(self.width // len(block.header))] * len(block.header)
        table = add_table(self.document, len(block.rows) + 1, widths, TABLE, QUESTION_INDENT)
        data_table(table, self.caption)
        for cell, heading in zip(table.rows[0].cells, block.header):
            add_inline(cell.paragraphs[0], heading)
        for index, (row, cells) in enumerate(zip(table.rows[1:], block.rows)):
            printed = self.printed_rows.pop(0) if self.printed_rows else 0.0
            set_min_height(row, Mm(max(block.height_mm(index), printed)))
            for cell, content in zip(row.cells, cells):
                if content.answer and self.answers:
                    add_inline(cell.paragraphs[0], content.text, ANSWER)
                elif content.header:  # bold on a light fill, as the PDF's row headings
                    add_inline(cell.paragraphs[0], content.text, None)
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                    set_property(cell._tc.get_or_add_tcPr(), shading(ROW_HEADING_FILL), TCPR_ORDER)
                elif not content.answer:
                    add_inline(cell.paragraphs[0], content.text)


def _labelled(paragraph: Paragraph, label: str, text: str) -> None:
    add_run(paragraph, f"{label} ", bold=True)
    add_inline(paragraph, text)


def _chars_per_line(width: Length) -> int:
    """About how many 11 pt Calibri bold characters fit across ``width``."""
    return max(1, int(Length(width).pt / (11 * 0.5)))


def _lines_needed(block: Lines, width: Length) -> int:
    """The ruled lines a model answer needs, so worksheet and key give it the same room."""
    if not block.answer:
        return 0
    text = plain_text(block.answer) + (" · ".join(block.accept) if block.accept else "")
    extra = 1 if block.accept else 0
    return sum(math.ceil(max(len(part), 1) / _chars_per_line(width)) for part in text.split("\n")) + extra


def _text_lines(paragraphs: list[Paragraph], width: Length) -> int:
    return sum(math.ceil(max(len(p.text), 1) / _chars_per_line(width)) for p in paragraphs)
