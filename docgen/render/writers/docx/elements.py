"""Paragraphs and runs built as lxml elements, in schema order, in one go.

python-docx adds every child through a generic insertion that searches
the parent's existing children for the element's successors in the schema
(``insert_element_before``); a worksheet makes thousands of paragraphs,
runs and properties, and that search was the largest part of the Word
file's time. Here each element is made with its properties already in
order and appended where it belongs. python-docx still provides the
package, the styles, the relationships and the objects callers hold
(``Paragraph``, ``Run``): the XML is the same, element for element.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

P, PPR, PSTYLE, R, RPR, RSTYLE, T, TAB, BR = (qn(f"w:{name}") for name in (
    "p", "pPr", "pStyle", "r", "rPr", "rStyle", "t", "tab", "br"))
RFONTS, B, I, STRIKE, KEEP_NEXT, SECT_PR, VAL = (qn(name) for name in (
    "w:rFonts", "w:b", "w:i", "w:strike", "w:keepNext", "w:sectPr", "w:val"))
ASCII, H_ANSI, XML_SPACE = qn("w:ascii"), qn("w:hAnsi"), qn("xml:space")
_SUB = etree.SubElement


def new_paragraph(container, style_id: str | None = None) -> Paragraph:
    """An empty paragraph at the end of ``container`` (document, cell, header or footer),
    before the body's closing section properties."""
    body = getattr(container, "_body", None)  # a Document: its body holds the paragraphs
    parent = (body if body is not None else container)._element
    p = append_block(parent, parent.makeelement(P, {}))
    if style_id:
        _SUB(_SUB(p, PPR), PSTYLE, {VAL: style_id})
    return Paragraph(p, body if body is not None else container)


def append_block(parent, block):
    """Put ``block`` (a paragraph or table) last in ``parent``, before a body's section properties."""
    last = parent[-1] if len(parent) else None
    if last is not None and last.tag == SECT_PR:
        last.addprevious(block)
    else:
        parent.append(block)
    return block


def new_run(paragraph: Paragraph, text: str = "", style_id: str | None = None, bold: bool | None = None,
            italic: bool | None = None, strike: bool = False, font: str | None = None) -> Run:
    """A run at the end of ``paragraph``: its properties, then ``text`` (a tab is ``w:tab``,
    a line end ``w:br``, as python-docx writes them)."""
    r = _SUB(paragraph._p, R)
    if style_id or font or bold is not None or italic is not None or strike:
        properties = _SUB(r, RPR)
        if style_id:
            _SUB(properties, RSTYLE, {VAL: style_id})
        if font:
            _SUB(properties, RFONTS, {ASCII: font, H_ANSI: font})
        if bold is not None:
            _SUB(properties, B, {} if bold else {VAL: "0"})
        if italic is not None:
            _SUB(properties, I, {} if italic else {VAL: "0"})
        if strike:
            _SUB(properties, STRIKE)
    if text:
        append_text(r, text)
    return Run(r, paragraph)


def append_text(r, text: str) -> None:
    """``text`` into run ``r``: plain runs of characters as ``w:t``, tabs and line ends between."""
    start = 0
    for index, char in enumerate(text):
        if char in "\t\r\n":
            _t(r, text[start:index])
            _SUB(r, TAB if char == "\t" else BR)
            start = index + 1
    _t(r, text[start:])


def _t(r, text: str) -> None:
    if text:
        t = _SUB(r, T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(XML_SPACE, "preserve")


def keep_with_next(paragraphs: Iterable) -> None:
    """Keep each of ``paragraphs`` (``w:p`` elements) on the page of the next one."""
    for p in paragraphs:
        properties = p[0] if len(p) and p[0].tag == PPR else None
        if properties is None:
            properties = p.makeelement(PPR, {})
            p.insert(0, properties)
        existing = properties.find(KEEP_NEXT)
        if existing is not None:
            existing.attrib.clear()
            continue
        at = 1 if len(properties) and properties[0].tag == PSTYLE else 0
        properties.insert(at, properties.makeelement(KEEP_NEXT, {}))
