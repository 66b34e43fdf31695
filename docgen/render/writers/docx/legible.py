"""A Word file made legible for a reader who needs bigger type: the same document, scaled.

Following UKAAF G003 and APH (an edition asks for it, with its own scale
and least size, as its stylesheet does for the PDF): every size grows with
the body by ``scale`` and none stays below ``min_pt`` (headers, page
numbers and tick boxes included), line spacing is at least 1.5,
paragraphs are left-aligned, italics become bold, and nothing is set in
capitals or underlined. Styles are scaled once in the styled base
document; sizes and italics set on runs are scaled after the body is
written.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from docgen.render.writers.docx.ooxml import RPR_ORDER, element, set_property

MIN_LINE_SPACING = 1.5


def scale_styles(document: Document, scale: float, min_pt: float) -> None:
    """Every style's size, spacing and emphasis, the type ``scale`` times as big, none under ``min_pt``."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        _scale_sizes(defaults, scale, min_pt)
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.TABLE:
            _table_line_spacing(style)
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        font = style.font
        if font.size is not None or style.name == "Normal":
            font.size = Pt(max((font.size.pt if font.size else 11) * scale, min_pt))
        if font.italic:
            font.italic, font.bold = False, True
        if font.all_caps:  # capitals are harder to read (UKAAF)
            font.all_caps = False
        if font.underline:  # links: bold, not underlined (UKAAF)
            font.underline, font.bold = False, True
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            _scale_paragraph(style.paragraph_format, scale)


def _scale_paragraph(fmt, scale: float) -> None:  # noqa: ANN001 - python-docx's ParagraphFormat
    if fmt.line_spacing_rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST):
        fmt.line_spacing = Length(int(fmt.line_spacing * scale))
    elif fmt.line_spacing is not None or fmt.line_spacing_rule is None:
        fmt.line_spacing = max(fmt.line_spacing or 1.0, MIN_LINE_SPACING)
    for side in ("space_before", "space_after"):
        value = getattr(fmt, side)
        if value:
            setattr(fmt, side, Length(int(value * scale)))
    if fmt.alignment in (WD_PARAGRAPH_ALIGNMENT.JUSTIFY, WD_PARAGRAPH_ALIGNMENT.DISTRIBUTE):
        fmt.alignment = WD_PARAGRAPH_ALIGNMENT.LEFT


def _table_line_spacing(style) -> None:  # noqa: ANN001
    for spacing in style.element.iter(qn("w:spacing")):
        if spacing.get(qn("w:lineRule")) in (None, "auto"):
            spacing.set(qn("w:line"), str(max(int(spacing.get(qn("w:line"), "240")), 360)))


def scale_runs(document: Document, scale: float, min_pt: float) -> None:
    """Sizes and italics written on runs (tick boxes, notes) in the body, headers and footers."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        _scale_sizes(part, scale, min_pt)
        for italic in list(part.iter(qn("w:i"), qn("w:iCs"))):
            properties = italic.getparent()
            properties.remove(italic)
            if properties.find(qn("w:b")) is None:
                set_property(properties, element("w:b"), RPR_ORDER)


def _scale_sizes(part, scale: float, min_pt: float) -> None:  # noqa: ANN001 - an lxml element
    least = int(min_pt * 2)  # half points
    for tag in ("w:sz", "w:szCs"):
        for size in part.iter(qn(tag)):
            value = int(size.get(qn("w:val")))
            size.set(qn("w:val"), str(max(round(value * scale), least)))
