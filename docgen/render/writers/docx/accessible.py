"""What Word's accessibility checker asks of a document, for the parts python-docx draws.

- every picture has its text alternative (``wp:docPr/@descr``), or is marked
  decorative on purpose (``alt: ""``: Word's own "Mark as decorative");
- a data table repeats its header row (``w:tblHeader``), says so in its style
  options (``w:tblLook firstRow``) and has a caption; a table used only to
  line things up (the matching columns) is marked as layout: no header row
  in its style options, and a description saying what it holds;
- headings are headings: the title and each question carry an outline level
  (Word's navigation pane and its tagged PDF export read it).

tests/test_accessibility_docx.py reads the XML for each rule.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.run import Run

from docgen.render.writers.docx.ooxml import PPR_ORDER, TBLPR_ORDER, element, set_property

# Word 2019+: "Mark as decorative" (the a16 decorative extension of the drawing's properties).
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
               f'<a:ext uri="{_DECORATIVE_URI}">'
               '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
               'val="1"/></a:ext></a:extLst>')


def describe_picture(run: Run, alt: str) -> None:
    """The picture just added to ``run`` gets ``alt`` as its description; "" marks it decorative."""
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", alt)
        if not alt:
            properties.append(parse_xml(_DECORATIVE))


def _look(table: Table, header_row: bool) -> None:
    set_property(table._tbl.tblPr, element("w:tblLook", {
        "w:val": "04A0" if header_row else "0000", "w:firstRow": "1" if header_row else "0",
        "w:lastRow": "0", "w:firstColumn": "0", "w:lastColumn": "0", "w:noHBand": "0" if header_row else "1",
        "w:noVBand": "1"}), TBLPR_ORDER)


def data_table(table: Table, caption: str) -> None:
    """A table of data: its first row heads the columns (repeated on every page), ``caption`` names it."""
    table.rows[0]._tr.get_or_add_trPr().append(element("w:tblHeader"))
    _look(table, header_row=True)
    set_property(table._tbl.tblPr, element("w:tblCaption", {"w:val": caption}), TBLPR_ORDER)


def layout_table(table: Table, description: str) -> None:
    """A table that only lines things up: no header row, and ``description`` says what it holds."""
    _look(table, header_row=False)
    set_property(table._tbl.tblPr, element("w:tblDescription", {"w:val": description}), TBLPR_ORDER)


def heading_level(style: ParagraphStyle, level: int) -> None:
    """Make a paragraph style a heading of ``level`` (1 = the title) for navigation and screen readers."""
    set_property(style.element.get_or_add_pPr(), element("w:outlineLvl", {"w:val": str(level - 1)}), PPR_ORDER)
