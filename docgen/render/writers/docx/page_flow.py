"""Page geometry and flow: text width, tab stops, keeping a question on one page."""

from __future__ import annotations

from collections.abc import Iterable

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length
from docx.text.paragraph import Paragraph

from docgen.render.writers.docx.elements import keep_with_next
from docgen.render.writers.docx.styles import style_table
from docgen.render.writers.docx.ooxml import PPR_ORDER, element, set_property

TabStop = tuple[Length, WD_TAB_ALIGNMENT, WD_TAB_LEADER]


def text_width(section: Section) -> Length:
    """The width between the margins: where a right-aligned tab stop meets the margin."""
    return Length(section.page_width - section.left_margin - section.right_margin)


def set_tab_stops(paragraph: Paragraph, stops: Iterable[TabStop]) -> None:
    """Give ``paragraph`` exactly ``stops``, clearing those its style chain defines.

    Header and Footer styles carry centre and right tabs sized for some
    other page; an inherited stop left in place would catch our tab first.
    The ``w:tabs`` element is built whole, in position order (a cleared stop
    before a stop set at the same place), as python-docx would add them.
    """
    stops = list(stops)
    wanted = {int(position) for position, _, _ in stops}
    cleared = [(position, WD_TAB_ALIGNMENT.CLEAR, None) for position in _inherited_stops(paragraph)
               if position not in wanted]
    tabs = element("w:tabs")
    for position, alignment, leader in sorted(cleared + stops, key=lambda stop: int(stop[0])):
        attributes = {"w:pos": str(Length(position).twips), "w:val": alignment.xml_value}
        if leader is not None and leader != WD_TAB_LEADER.SPACES:
            attributes["w:leader"] = leader.xml_value
        tabs.append(element("w:tab", attributes))
    set_property(paragraph._p.get_or_add_pPr(), tabs, PPR_ORDER)


def _inherited_stops(paragraph: Paragraph) -> list[int]:
    """The positions (EMU) of the stops the paragraph's style chain sets, not clears."""
    table = style_table(paragraph.part)
    style = paragraph._p.style or table.default_paragraph
    positions: list[int] = []
    while style is not None:
        positions += [position for position, cleared in table.stops.get(style, []) if not cleared]
        style = table.based_on.get(style)
    return positions


def keep_together(blocks: Iterable[BaseOxmlElement]) -> None:
    """Keep every paragraph of ``blocks`` (paragraphs and tables) with the next but the last.

    In Word, keep-with-next on the paragraphs of table rows also keeps the
    rows together, so a question never starts at the foot of a page and
    continues overleaf.
    """
    paragraphs = [paragraph for block in blocks for paragraph in block.iter(qn("w:p"))]
    keep_with_next(paragraphs[:-1])
