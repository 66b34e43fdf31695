"""One layout, painted as the worksheet or as its key.

The worksheet and its answer key share every box and page break, so they
are laid out once from one HTML holding both (templates/worksheet.html)
and painted twice. Painting the worksheet hides what only the key shows
(elements marked ``answer`` or ``key-only``) and paints the key's marks
(``key-mark``: a colour and an outline) in their parent's colour without
the outline; painting the key hides what only the worksheet shows
(``sheet-only``). Hidden boxes keep their room, as ``visibility: hidden``
does in CSS: that is how both PDFs keep the same pages.

Each paint swaps in copies of the boxes' computed styles and puts the
originals back afterwards, and starts with no fonts collected, so a
laid-out document can be painted any number of times, in any order, with
the same bytes each time. (WeasyPrint shares one computed style
between elements whose cascade is the same, and a style is read when a
page is drawn: a copy per box keeps a paint from reaching other boxes.)
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

SHEET = "worksheet"
KEY = "key"
HIDDEN = {SHEET: frozenset({"answer", "key-only"}), KEY: frozenset({"sheet-only"})}
MARK = "key-mark"  # the key's colour and outline, on text both paints show
# Page margins only one paint shows: a scannable worksheet's QR codes (docgen/scan.py) are
# margin boxes, with no element to mark, and the key prints no codes.
HIDDEN_MARGINS = {SHEET: frozenset(), KEY: frozenset({"@top-left"})}

_KEY_TITLE = re.compile(r'<meta name="docgen-key-title" content="([^"]*)">')


@dataclass
class Sheet:
    """A laid-out worksheet, ready to paint as the worksheet and as the key."""

    document: object  # weasyprint.Document
    titles: dict[str, str]  # paint -> the PDF's title


def sheet_of(document, source: str) -> Sheet:
    """The laid-out ``document`` of the HTML ``source``: its title is the worksheet's, and
    the key's is in ``<meta name="docgen-key-title">``."""
    title = document.metadata.title
    found = _KEY_TITLE.search(source)
    return Sheet(document, {SHEET: title, KEY: html.unescape(found.group(1)) if found else title})


def paint_pdf(sheet: Sheet, paint: str, identifier: str, document=None) -> bytes:
    """PDF bytes of ``sheet`` (or of ``document``, pages taken from such sheets) painted as ``paint``."""
    from docgen.render.writers.html.printer import write_pdf

    document = sheet.document if document is None else document
    title = document.metadata.title
    document.metadata.title = sheet.titles[paint]
    # WeasyPrint collects the fonts (and glyphs) a document draws in ``document.fonts`` as it
    # writes: start each paint afresh, so each PDF embeds only what it shows, whatever was
    # painted before (a key built alone is byte for byte the key built after its worksheet).
    document.fonts = {}
    try:
        with painted(document.pages, paint):
            return write_pdf(document, identifier)
    finally:
        document.metadata.title = title


@contextmanager
def painted(pages: list, paint: str) -> Iterator[None]:
    """Within the block, the ``pages`` (WeasyPrint pages) draw as ``paint``."""
    hidden = HIDDEN[paint]
    swapped: list[tuple[object, object, object]] = []  # box, its style, its background
    for page in pages:
        for box in page._page_box.children:
            margin = getattr(box, "at_keyword", None) in HIDDEN_MARGINS[paint]
            _walk(box, hidden, paint == SHEET, margin, None, swapped)
    try:
        yield
    finally:
        for box, style, background in reversed(swapped):
            box.style, box.background = style, background


def _walk(box, hidden: frozenset[str], unmark: bool, hiding: bool, mark_color, swapped: list) -> None:
    """Hide ``box`` and its descendants once an element of a hidden class is entered;
    paint a key-mark in the colour it was entered with."""
    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    element = box.element
    classes = element.get("class", "").split() if element is not None else ()
    if not hiding and classes and not hidden.isdisjoint(classes):
        hiding = True
    if unmark and mark_color is None and MARK in classes:
        mark_color = box.style.parent_style["color"] if box.style.parent_style is not None else None
    if hiding or mark_color is not None:
        style = box.style.copy()
        if hiding:
            style["visibility"] = "hidden"
        else:
            style["color"] = mark_color
            style["outline_width"] = 0
        swapped.append((box, box.style, getattr(box, "background", None)))
        box.style = style
        if hiding:
            box.background = None
    for child in getattr(box, "children", ()):
        _walk(child, hidden, unmark, hiding, mark_color, swapped)
