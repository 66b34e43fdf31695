"""The document everything is written into: a reference .docx or python-docx's default.

A reference document brings its styles, page size and margins (like
pandoc's reference doc); only its body is dropped. Without one, the page
follows the project's paper setting and the design brief's margins.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Inches, Mm

PAPER = {"A4": (Mm(210), Mm(297)), "letter": (Inches(8.5), Inches(11))}
MARGIN = Mm(20)
HEADER_DISTANCE = Mm(10)


def new_document(reference: Path | None, paper: str) -> Document:
    """An empty document (the last section's page setup kept) to write the worksheet into."""
    document = docx.Document(str(reference) if reference else None)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if reference is None:
        _page_setup(document.sections[0], paper)
    _drop_thumbnail(document)
    return document


def _page_setup(section: Section, paper: str) -> None:
    section.page_width, section.page_height = PAPER[paper]
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = HEADER_DISTANCE


def _drop_thumbnail(document: Document) -> None:
    """The stored preview image shows the template, not this worksheet: remove it."""
    relationships = document.part.package.rels
    for r_id in [r_id for r_id, rel in relationships.items() if rel.reltype == RT.THUMBNAIL]:
        del relationships[r_id]
