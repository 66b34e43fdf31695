"""Tables laid out for print: fixed column widths, indented under the question, rows never split."""

from __future__ import annotations

from docx.document import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Length
from docx.table import Table, _Row

from docgen.render.docx.xml import TBLPR_ORDER, element, set_property


def add_table(document: Document, rows: int, widths: list[Length], style: str,
              indent: Length) -> Table:
    """A ``style`` table of fixed ``widths`` whose left edge is ``indent`` from the margin.

    Word and LibreOffice otherwise size "autofit" columns to their content,
    so an empty write-in column would collapse.
    """
    table = document.add_table(rows, len(widths), style)
    table.autofit = False
    properties = table._tbl.tblPr
    set_property(properties, element("w:tblW", {"w:w": str(sum(Length(w).twips for w in widths)),
                                                "w:type": "dxa"}), TBLPR_ORDER)
    set_property(properties, element("w:tblInd", {"w:w": str(indent.twips), "w:type": "dxa"}),
                 TBLPR_ORDER)
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        row._tr.get_or_add_trPr().append(element("w:cantSplit"))
        for cell, width in zip(row.cells, widths):
            cell.width = width
    return table


def set_min_height(row: _Row, height: Length) -> None:
    """Give a write-in row room for handwriting; it still grows with typed text."""
    row.height, row.height_rule = height, WD_ROW_HEIGHT_RULE.AT_LEAST
