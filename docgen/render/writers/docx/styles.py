"""The named styles of the Word worksheet, added to the base document when missing.

Teachers restyle a whole worksheet by editing one style in Word ("make
every answer line wider"), and a reference document's own definitions of
these names win over ours: a style is only created when the base document
lacks it. Colour never carries meaning alone (design brief): answers are
blue *and* bold, boxes are ruled, fills are light gray.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from docgen.i18n import locale_of
from docgen.render.writers.docx.elements import new_paragraph, new_run
from docgen.render.writers.docx.ooxml import BOX, PPR_ORDER, RPR_ORDER, borders, element, set_property, shading

ACCENT = RGBColor(0x1F, 0x3A, 0x8A)
GRAY_TEXT = RGBColor(0x40, 0x40, 0x40)
INK = RGBColor(0x1A, 0x1A, 0x1A)  # base.css --ink
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BODY_FONT = "Calibri"  # LibreOffice lays it out with the metric-compatible Carlito
EAST_ASIAN = {"zh", "ja", "ko"}  # languages Word files under w:eastAsia

QUESTION_INDENT = Mm(8)  # hanging indent of question numbers; everything under a question aligns here
OPTION_INDENT = Mm(18)  # where an option's text starts, after its checkbox and letter
ANSWER_LINE_PITCH = Mm(8)  # wide-ruled paper

EYEBROW = "Eyebrow"
FIELDS = "Student Fields"
TITLE = "Worksheet Title"
INSTRUCTIONS = "Instructions"
QUESTION = "Question"
OPTION = "Option"
ANSWER_LINE = "Answer Line"
MODEL_ANSWER = "Model Answer"
GAP_TEXT = "Gap Text"
WORD_BANK = "Word Bank"
LETTER_BOX = "Letter Box"
EXPLANATION = "Explanation"
BANNER = "Answer Key Banner"
HEADER = "Header"
FOOTER = "Footer"
ANSWER = "Answer"
POINTS = "Points"
HYPERLINK = "Hyperlink"
TABLE = "Worksheet Table"
MATCH_TABLE = "Match Table"
ANSWER_BOX = "Answer Box"


def ensure_styles(document: Document, house_look: bool) -> None:
    """Add every docgen style the document lacks.

    ``house_look`` (no reference document) also sets Normal, Header and
    Footer to the design brief's type; a reference document keeps its own.
    """
    styles = document.styles
    if house_look:
        _normal(styles["Normal"])
        for name in (HEADER, FOOTER):
            if name in styles:
                _header_footer(styles[name], small=name == FOOTER)
    for name, (kind, build) in _BUILDERS.items():
        if name not in styles:
            style = styles.add_style(name, kind)
            style.quick_style = True
            if kind == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = styles["Normal"]
            build(style)
    for name, xml in _TABLE_STYLES.items():
        if name not in styles:
            styles.element.append(parse_xml(xml))


def set_language(document: Document, lang: str) -> None:
    """Spell-check and hyphenate in the topic's language: ``w:lang`` on Normal.

    Word keeps one language per script class: Chinese, Japanese and Korean
    text is East Asian (``w:eastAsia``), Arabic, Hebrew and Persian text is
    complex script (``w:bidi``), and right-to-left paragraphs are ``w:bidi``.
    """
    normal = document.styles["Normal"].element
    attributes = {"w:val": lang}
    if lang.split("-")[0].lower() in EAST_ASIAN:
        attributes["w:eastAsia"] = lang
    if locale_of(lang).text_direction == "rtl":
        attributes["w:bidi"] = lang
        set_property(normal.get_or_add_pPr(), element("w:bidi"), PPR_ORDER)
    set_property(normal.get_or_add_rPr(), element("w:lang", attributes), RPR_ORDER)
    # The document's default too: styles not based on Normal (character styles) inherit it.
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        set_property(defaults, element("w:lang", attributes), RPR_ORDER)


def body_font(project) -> str | None:  # noqa: ANN001 - a Project
    """The family of the project's sans font, which Word files name; None: Calibri."""
    from docgen.fonts import font_family

    files = project.config.fonts.files("sans") if project.config.fonts else []
    return font_family((project.root / files[0]).resolve()) if files else None


def set_body_font(document: Document, family: str) -> None:
    """Name the project's own sans (``fonts: sans:``) for every script in Normal."""
    fonts = document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), family)


def _normal(style: ParagraphStyle) -> None:
    style.font.name = BODY_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), BODY_FONT)
    style.font.size = Pt(11)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = 1.15  # with Calibri's tall line box this is the brief's ~1.4


def _header_footer(style: ParagraphStyle, small: bool) -> None:
    style.font.size = Pt(9) if small else Pt(10)  # 9 pt: the smallest type off the cheat sheet
    if small:
        style.font.color.rgb = GRAY_TEXT
    style.paragraph_format.line_spacing = 1.0


def _paragraph_border(style: BaseStyle, sides, size: int, color: str, space: int) -> None:
    set_property(style.element.get_or_add_pPr(), borders("w:pBdr", sides, size, color, space), PPR_ORDER)


def _eyebrow(style: ParagraphStyle) -> None:
    style.font.size, style.font.bold, style.font.color.rgb = Pt(9), True, GRAY_TEXT
    style.font.all_caps = True
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.keep_with_next = True


def _title(style: ParagraphStyle) -> None:
    style.font.size, style.font.bold, style.font.color.rgb = Pt(18), True, INK  # the PDF's title is ink
    style.paragraph_format.space_after = Pt(4)
    style.paragraph_format.keep_with_next = True


def _fields(style: ParagraphStyle) -> None:
    """Name ____  Class ____  Date ____ and the score box, ruled off from the questions."""
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(4), Pt(10)
    fmt.line_spacing = 1.6
    _paragraph_border(style, ["bottom"], 12, str(ACCENT), 4)


def _instructions(style: ParagraphStyle) -> None:
    style.font.size = Pt(10.5)
    fmt = style.paragraph_format
    # Indents as wide as the border's padding keep the box's lines on the margins.
    fmt.left_indent = fmt.right_indent = Pt(6)
    fmt.space_after = Pt(3)
    _paragraph_border(style, BOX, 4, "A6A6A6", 5)
    set_property(style.element.get_or_add_pPr(), shading("F2F2F2"), PPR_ORDER)


def _question(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(14), Pt(4)
    # The prompt wraps short of the margin; the points' tab stop lies beyond
    # this indent, at the margin, so they stay on the first line's right as in the PDF.
    fmt.right_indent = Mm(18)
    fmt.keep_with_next = fmt.keep_together = True


def _option(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.left_indent = OPTION_INDENT
    fmt.first_line_indent = QUESTION_INDENT - OPTION_INDENT  # the checkbox and letter hang
    fmt.space_after = Pt(3)


def _answer_line(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.left_indent = QUESTION_INDENT
    fmt.line_spacing, fmt.line_spacing_rule = ANSWER_LINE_PITCH, WD_LINE_SPACING.EXACTLY
    # Word draws one border around a run of paragraphs with equal borders;
    # "between" rules every line of the run, not only the last.
    _paragraph_border(style, ["bottom", "between"], 4, "808080", 1)


def _model_answer(style: ParagraphStyle) -> None:
    """The key's answer written on the ruled lines' pitch, so it takes their room exactly."""
    fmt = style.paragraph_format
    fmt.left_indent = QUESTION_INDENT + Pt(3)
    fmt.line_spacing, fmt.line_spacing_rule = ANSWER_LINE_PITCH, WD_LINE_SPACING.EXACTLY


def _gap_text(style: ParagraphStyle) -> None:
    style.paragraph_format.left_indent = QUESTION_INDENT
    style.paragraph_format.line_spacing = 1.8  # room to write in the gaps by hand


def _word_bank(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.left_indent = QUESTION_INDENT + Pt(5)
    fmt.right_indent = Pt(5)
    fmt.space_before, fmt.space_after = Pt(2), Pt(8)
    _paragraph_border(style, BOX, 6, "7F7F7F", 4)


def _letter_box(style: ParagraphStyle) -> None:
    fmt = style.paragraph_format
    fmt.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    fmt.left_indent = fmt.right_indent = Pt(2)
    fmt.line_spacing, fmt.line_spacing_rule = Pt(18), WD_LINE_SPACING.EXACTLY
    _paragraph_border(style, BOX, 8, "404040", 1)


def _explanation(style: ParagraphStyle) -> None:
    style.font.italic, style.font.color.rgb = True, GRAY_TEXT
    style.font.size = Pt(10)
    style.paragraph_format.left_indent = QUESTION_INDENT
    style.paragraph_format.space_before = Pt(4)


def _banner(style: ParagraphStyle) -> None:
    """White on the accent, as the PDF key's banner."""
    style.font.bold, style.font.size, style.font.color.rgb = True, Pt(12), WHITE
    fmt = style.paragraph_format
    fmt.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.0
    _paragraph_border(style, BOX, 12, str(ACCENT), 2)
    set_property(style.element.get_or_add_pPr(), shading(str(ACCENT)), PPR_ORDER)


def _added_header_footer(style: ParagraphStyle) -> None:
    _header_footer(style, small=style.name == FOOTER)


def _answer(style: CharacterStyle) -> None:
    style.font.bold, style.font.color.rgb = True, ACCENT


def _points(style: CharacterStyle) -> None:
    style.font.size, style.font.color.rgb = Pt(10), GRAY_TEXT


def _hyperlink(style: CharacterStyle) -> None:
    style.font.color.rgb, style.font.underline = RGBColor(0x05, 0x63, 0xC1), True


_BUILDERS: dict[str, tuple[WD_STYLE_TYPE, Callable]] = {
    EYEBROW: (WD_STYLE_TYPE.PARAGRAPH, _eyebrow),
    TITLE: (WD_STYLE_TYPE.PARAGRAPH, _title),
    FIELDS: (WD_STYLE_TYPE.PARAGRAPH, _fields),
    INSTRUCTIONS: (WD_STYLE_TYPE.PARAGRAPH, _instructions),
    QUESTION: (WD_STYLE_TYPE.PARAGRAPH, _question),
    OPTION: (WD_STYLE_TYPE.PARAGRAPH, _option),
    ANSWER_LINE: (WD_STYLE_TYPE.PARAGRAPH, _answer_line),
    MODEL_ANSWER: (WD_STYLE_TYPE.PARAGRAPH, _model_answer),
    GAP_TEXT: (WD_STYLE_TYPE.PARAGRAPH, _gap_text),
    WORD_BANK: (WD_STYLE_TYPE.PARAGRAPH, _word_bank),
    LETTER_BOX: (WD_STYLE_TYPE.PARAGRAPH, _letter_box),
    EXPLANATION: (WD_STYLE_TYPE.PARAGRAPH, _explanation),
    BANNER: (WD_STYLE_TYPE.PARAGRAPH, _banner),
    HEADER: (WD_STYLE_TYPE.PARAGRAPH, _added_header_footer),
    FOOTER: (WD_STYLE_TYPE.PARAGRAPH, _added_header_footer),
    ANSWER: (WD_STYLE_TYPE.CHARACTER, _answer),
    POINTS: (WD_STYLE_TYPE.CHARACTER, _points),
    HYPERLINK: (WD_STYLE_TYPE.CHARACTER, _hyperlink),
}


def _compact_table(style_id: str, name: str, borders: str = "") -> str:
    """A table style with no spacing around paragraphs and cells centred vertically."""
    return f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">
  <w:name w:val="{name}"/><w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>{borders}
    <w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tcPr><w:vAlign w:val="center"/></w:tcPr>
</w:style>"""


# Table styles have no python-docx API; their XML is the clearest definition.
_TABLE_STYLES = {
    TABLE: f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="WorksheetTable">
  <w:name w:val="{TABLE}"/><w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
    </w:tblBorders>
    <w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
      <w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/></w:tcPr>
  </w:tblStylePr>
</w:style>""",
    MATCH_TABLE: _compact_table("MatchTable", MATCH_TABLE, """
    <w:tblBorders>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="D9D9D9"/>
    </w:tblBorders>"""),
    # numeric: the label, a ruled box for the number (its cell borders), the unit
    ANSWER_BOX: _compact_table("AnswerBox", ANSWER_BOX),
}


# --- applying styles quickly ---------------------------------------------------
# python-docx resolves a style name on every paragraph and run by scanning all
# of the document's styles (by name, then again for the default style); a
# worksheet applies hundreds, and that scan was half of the .docx time. The
# styles are read once per document here, straight from styles.xml, and the
# style id is set directly.


@dataclass
class StyleTable:
    """A document's styles as its writer needs them: ids by name, the paragraph style
    a paragraph without one has, and each style's base and tab stops."""

    ids: dict[str, str]
    default_paragraph: str | None
    based_on: dict[str, str]
    stops: dict[str, list[tuple[int, bool]]]  # style id -> (position in EMU, a cleared stop)


_STYLE_TABLES: "WeakKeyDictionary[object, StyleTable]" = WeakKeyDictionary()  # by part
EMU_PER_TWIP = 635


def style_table(part, reread: bool = False) -> StyleTable:
    """The styles of the document ``part`` (its body, a header, a footer) belongs to."""
    table = _STYLE_TABLES.get(part)
    if table is None or reread:
        document_part = part.package.main_document_part
        table = None if reread else _STYLE_TABLES.get(document_part)
        if table is None:
            table = _STYLE_TABLES[document_part] = _read_styles(document_part.styles.element)
        _STYLE_TABLES[part] = table
    return table


def read_style_table(document: Document) -> StyleTable:
    """``document``'s styles, read now (reading them takes a while: python-docx makes an
    object of every element), for documents copied from it to share."""
    return _read_styles(document.styles.element)


def share_style_table(document: Document, table: StyleTable) -> None:
    """``document`` has the styles ``table`` was read from: use it, do not read them again."""
    _STYLE_TABLES[document.part] = table


def _read_styles(root) -> StyleTable:
    table = StyleTable({}, None, {}, {})
    for style in root.iterchildren(qn("w:style")):
        identifier = style.get(qn("w:styleId"))
        name = style.find(qn("w:name"))
        if name is not None:
            table.ids[BabelFish.internal2ui(name.get(qn("w:val")))] = identifier
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            table.default_paragraph = identifier
        base = style.find(qn("w:basedOn"))
        if base is not None:
            table.based_on[identifier] = base.get(qn("w:val"))
        table.stops[identifier] = [(int(tab.get(qn("w:pos"))) * EMU_PER_TWIP, tab.get(qn("w:val")) == "clear")
                                   for tab in style.iterfind(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")]
    return table


def style_id(part, name: str) -> str:
    """The id of the style called ``name`` in the document that ``part`` belongs to."""
    table = style_table(part)
    if name not in table.ids:  # a style added since the table was read
        table = style_table(part, reread=True)
    return table.ids[name]


def add_paragraph(container, text: str = "", style: str | None = None) -> Paragraph:
    """``container.add_paragraph(text, style)``, built directly (docgen/render/writers/docx/elements.py)."""
    paragraph = new_paragraph(container, style_id(container.part, style) if style else None)
    if text:
        new_run(paragraph, text)
    return paragraph


def set_paragraph_style(paragraph: Paragraph, style: str) -> None:
    paragraph._p.style = style_id(paragraph.part, style)


def add_run(paragraph: Paragraph, text: str = "", style: str | None = None, bold: bool | None = None,
            italic: bool | None = None, strike: bool = False, font: str | None = None) -> DocxRun:
    """``paragraph.add_run(text, style)`` with its emphasis, built directly."""
    return new_run(paragraph, text, style_id(paragraph.part, style) if style else None, bold, italic,
                   strike, font)
