"""Headers and footers: student fields, the answer-key banner, ``Page N of M``.

The student fields belong on the first page only (a "different first
page" header); the answer key's banner is on every page, so a printed key
can never pass for a blank worksheet.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.section import _BaseHeaderFooter
from docx.shared import Length, Pt

from docgen.render import RenderJob
from docgen.render.docx.fields import add_field
from docgen.render.docx.layout import set_tab_stops, text_width
from docgen.render.docx.styles import BANNER, FOOTER, HEADER, add_paragraph

_FIELD = re.compile(r"\{(page|pages)\}")


def write_headers_and_footers(document: Document, job: RenderJob, answers: bool) -> None:
    """Replace whatever headers and footers the base document had with docgen's."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = False
    width = text_width(section)

    first = _emptied(section.first_page_header)
    if answers:
        banner = job.labels["answer_key"]
        add_paragraph(first, banner, BANNER)
        add_paragraph(_emptied(section.header), banner, BANNER)
    else:
        section.header.is_linked_to_previous = True  # no header after the first page
    fields = job.student_fields
    if fields:
        _student_fields(first, fields, width)

    left = " · ".join(part for part in (job.project.config.course, job.topic.title) if part)
    for footer in (section.first_page_footer, section.footer):
        paragraph = add_paragraph(_emptied(footer), f"{left}\t", FOOTER)
        set_tab_stops(paragraph, [(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)])
        _page_n_of_m(paragraph, job.labels["page_n_of_m"])


def _page_n_of_m(paragraph, label: str) -> None:  # noqa: ANN001 - a python-docx Paragraph
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


def _student_fields(header: _BaseHeaderFooter, fields: list[str], width: Length) -> None:
    """``Name ________  Class ____  Date ______`` across the text width.

    Each line is a tab with an underscore leader, so it stays exactly as
    long as its share of the width whatever font the teacher picks. Name
    gets a double share: it is the longest thing written there.
    """
    weights = [2] + [1] * (len(fields) - 1) if len(fields) > 1 else [1]
    stops, position = [], 0.0
    for weight in weights:
        position += width * weight / sum(weights)
        stops.append((Length(int(position)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES))
    paragraph = add_paragraph(header, "  ".join(f"{field} \t" for field in fields), HEADER)
    set_tab_stops(paragraph, stops)
    paragraph.paragraph_format.space_after = Pt(8)  # clear of the title when a banner pushes it down
