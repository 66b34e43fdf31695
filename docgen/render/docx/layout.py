"""Page geometry and flow: text width, tab stops, keeping a question on one page."""

from __future__ import annotations

from collections.abc import Iterable

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length
from docx.text.paragraph import Paragraph

TabStop = tuple[Length, WD_TAB_ALIGNMENT, WD_TAB_LEADER]


def text_width(section: Section) -> Length:
    """The width between the margins: where a right-aligned tab stop meets the margin."""
    return Length(section.page_width - section.left_margin - section.right_margin)


def set_tab_stops(paragraph: Paragraph, stops: Iterable[TabStop]) -> None:
    """Give ``paragraph`` exactly ``stops``, clearing those its style chain defines.

    Header and Footer styles carry centre and right tabs sized for some
    other page; an inherited stop left in place would catch our tab first.
    """
    stops = list(stops)
    wanted = {int(position) for position, _, _ in stops}
    tabs = paragraph.paragraph_format.tab_stops
    style = paragraph.style
    while style is not None:
        for inherited in style.paragraph_format.tab_stops:
            if inherited.alignment != WD_TAB_ALIGNMENT.CLEAR and int(inherited.position) not in wanted:
                tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
        style = style.base_style
    for position, alignment, leader in stops:
        tabs.add_tab_stop(position, alignment, leader)


def keep_together(blocks: Iterable[BaseOxmlElement]) -> None:
    """Keep every paragraph of ``blocks`` (paragraphs and tables) with the next but the last.

    In Word, keep-with-next on the paragraphs of table rows also keeps the
    rows together, so a question never starts at the foot of a page and
    continues overleaf.
    """
    paragraphs = [paragraph for block in blocks for paragraph in block.iter(qn("w:p"))]
    for paragraph in paragraphs[:-1]:
        paragraph.get_or_add_pPr().keepNext_val = True
