"""Tables laid out for print: fixed column widths, indented under the question, rows never split."""

from __future__ import annotations

from docx.document import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Length
from docx.table import Table, _Row

from docgen.render.writers.docx.elements import append_block
from docgen.render.writers.docx.styles import style_id
from docgen.render.writers.docx.ooxml import element


def add_table(document: Document, rows: int, widths: list[Length], style: str,
              indent: Length) -> Table:
    """A ``style`` table of fixed ``widths`` whose left edge is ``indent`` from the margin.

    Word and LibreOffice otherwise size "autofit" columns to their content,
    so an empty write-in column would collapse. Built whole (the XML
    python-docx writes for a new table, with these widths, the indent and
    rows that never split), then put before the body's section properties.
    """
    twips = [str(Length(width).twips) for width in widths]
    properties = element("w:tblPr", children=[
        element("w:tblStyle", {"w:val": style_id(document.part, style)}),
        element("w:tblW", {"w:w": str(sum(map(int, twips))), "w:type": "dxa"}),
        element("w:tblInd", {"w:w": str(indent.twips), "w:type": "dxa"}),
        element("w:tblLayout", {"w:type": "fixed"}),
        element("w:tblLook", TABLE_LOOK)])
    grid = element("w:tblGrid", children=[element("w:gridCol", {"w:w": width}) for width in twips])
    table_rows = [element("w:tr", children=[
        element("w:trPr", children=[element("w:cantSplit")]),
        *(element("w:tc", children=[element("w:tcPr", children=[element("w:tcW", {"w:type": "dxa", "w:w": width})]),
                                    element("w:p")])
          for width in twips)])
        for _ in range(rows)]
    tbl = element("w:tbl", children=[properties, grid, *table_rows])
    append_block(document.element.body, tbl)
    return Table(tbl, document._body)


# python-docx's look for a new table: header row and first column, no banding of columns.
TABLE_LOOK = {"w:firstColumn": "1", "w:firstRow": "1", "w:lastColumn": "0", "w:lastRow": "0",
              "w:noHBand": "0", "w:noVBand": "1", "w:val": "04A0"}


def set_min_height(row: _Row, height: Length) -> None:
    """Give a write-in row room for handwriting; it still grows with typed text."""
    row.height, row.height_rule = height, WD_ROW_HEIGHT_RULE.AT_LEAST
