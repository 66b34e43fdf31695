"""OOXML builders for what python-docx has no API for: borders, shading, ordered children.

Word rejects a file whose property elements are out of schema order, and
python-docx keeps its own order tables private, so the few sequences this
package touches are spelled out here (ECMA-376 Part 1, section 17).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)
TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)
BOX = ("top", "left", "bottom", "right")


def element(tag: str, attrs: dict[str, str] | None = None,
            children: Iterable[BaseOxmlElement] = ()) -> BaseOxmlElement:
    """``element("w:tab", {"w:val": "right"})``: attribute names take their prefix too."""
    built = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        built.set(qn(name), value)
    for child in children:
        built.append(child)
    return built


def set_property(parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...]) -> None:
    """Put ``child`` into a property element in schema order, replacing one of the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    position = [qn(tag) for tag in order].index(child.tag)
    successors = {qn(tag) for tag in order[position + 1:]}
    for existing in parent:
        if existing.tag in successors:
            existing.addprevious(child)
            return
    parent.append(child)


def borders(container: str, sides: Iterable[str], size: int, color: str, space: int = 0) -> BaseOxmlElement:
    """A ``w:pBdr``/``w:tblBorders``/``w:tcBorders`` of single lines.

    ``size`` is in eighths of a point (4 = 0.5 pt), ``space`` the padding in points.
    """
    return element(container, children=[
        element(f"w:{side}", {"w:val": "single", "w:sz": str(size), "w:space": str(space),
                              "w:color": color})
        for side in sides])


def shading(fill: str) -> BaseOxmlElement:
    """A solid background fill, e.g. ``F2F2F2`` (5 % gray)."""
    return element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
