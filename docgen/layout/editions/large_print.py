"""The large-print edition (UKAAF G003, APH): the worksheet for a reader who needs bigger type.

Body 18 pt sans, line spacing 1.5, left-aligned, no hyphenation, bold for
italics, in ``templates/edition-large-print.css`` for every PDF and
``docgen.render.writers.docx.legible`` for Word; answer room (lines, gaps,
write-in rows) grows with the type, so handwriting space matches. Nothing
is shrunk to fit: the answers grid and the cheat sheet are set at 18 pt
(the cheat sheet on A3, on as many pages as it takes), flashcards are
four a sheet.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from docgen.i18n import Labels
from docgen.layout.blocks import GapText, Table, WorksheetLayout
from docgen.layout.editions import Edition, Size

if TYPE_CHECKING:
    from docx.document import Document

LARGE_PRINT_PT = 18.0  # UKAAF G003: at least 16-18 pt; APH: 18 pt
LARGE_PRINT_SCALE = LARGE_PRINT_PT / 11.0  # the worksheet's body is 11 pt


class LargePrint(Edition):
    name = "large-print"
    type_scale = LARGE_PRINT_SCALE
    fixed_pt = LARGE_PRINT_PT
    cheatsheet_paper = "A3"  # twice A4: the sheet stays a sheet for longer

    def transform(self, layout: WorksheetLayout, labels: Labels, seed: int) -> WorksheetLayout:
        # Points follow each prompt in large print (edition-large-print.css): the instructions say so.
        if layout.instructions == labels["instructions"]:
            layout = dataclasses.replace(layout, instructions=labels["instructions_inline"])
        return _scaled_room(layout)

    def style_word(self, document: "Document") -> None:
        from docgen.render.writers.docx.legible import scale_styles

        scale_styles(document, LARGE_PRINT_SCALE, LARGE_PRINT_PT)

    def finish_word(self, document: "Document") -> None:
        from docgen.render.writers.docx.legible import scale_runs

        scale_runs(document, LARGE_PRINT_SCALE, LARGE_PRINT_PT)

    def card_size(self, standard: Size) -> Size:
        """Fewer, bigger cards, no text under 18 pt."""
        return dataclasses.replace(standard, per_sheet=4, min_pt=LARGE_PRINT_PT,  # type: ignore[type-var]
                                   max_pt={"front": 32.0, "back": 24.0})


def _scaled_room(layout: WorksheetLayout) -> WorksheetLayout:
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


def setup(app) -> None:  # noqa: ANN001 - the registry
    app.add_edition(LargePrint())
