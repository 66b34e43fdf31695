"""Headers and footers: the answer key's banner, ``Course · Topic`` and ``Page N of M``.

The key's banner is on every page, so a printed key can never pass for a
blank worksheet. The student fields are in the body, under the title, as
in the PDF.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.section import _BaseHeaderFooter
from docx.text.paragraph import Paragraph

from docgen.render.job import RenderJob
from docgen.render.writers.docx.word_fields import add_field
from docgen.render.writers.docx.page_flow import set_tab_stops, text_width
from docgen.render.writers.docx.styles import BANNER, FOOTER, HEADER, add_paragraph

_FIELD = re.compile(r"\{(page|pages)\}")


def write_headers_and_footers(document: Document, job: RenderJob, answers: bool) -> None:
    """Replace whatever headers and footers the base document had with docgen's."""
    section = document.sections[0]
    section.different_first_page_header_footer = False
    document.settings.odd_and_even_pages_header_footer = False
    width = text_width(section)

    header = _emptied(section.header)
    version = job.worksheet.version
    version_label = job.labels.format("version_n", letter=version) if version else ""
    if answers:
        add_paragraph(header, " · ".join(filter(None, (job.labels["answer_key"], version_label))), BANNER)
    elif version:
        paragraph = add_paragraph(header, version_label, HEADER)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.runs[0].bold = True

    left = " · ".join(part for part in (job.project.config.course, job.topic.title) if part)
    paragraph = add_paragraph(_emptied(section.footer), f"{left}\t", FOOTER)
    set_tab_stops(paragraph, [(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])
    _page_n_of_m(paragraph, job.labels["page_n_of_m"])


def _page_n_of_m(paragraph: Paragraph, label: str) -> None:
    """The label's words as runs, its ``{page}`` and ``{pages}`` as live Word fields."""
    fields = {"page": "PAGE", "pages": "NUMPAGES"}
    for index, piece in enumerate(_FIELD.split(label)):
        if index % 2:
            add_field(paragraph, fields[piece], "1")
        elif piece:
            paragraph.add_run(piece)


def _emptied(part: _BaseHeaderFooter) -> _BaseHeaderFooter:
    """The header or footer, defined for this section and with no content."""
    part.is_linked_to_previous = False
    for child in list(part._element):
        part._element.remove(child)
    return part
