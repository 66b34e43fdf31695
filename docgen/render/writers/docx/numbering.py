"""Numbering definitions: question numbers and Markdown lists as real Word lists.

A number typed as text goes stale the moment a teacher inserts a
question; a ``w:numPr`` pointing at a list definition renumbers itself.
Every list gets its own ``w:num`` with a start override, so it restarts
where docgen's plan says it starts, whatever else the document holds.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.parts.numbering import NumberingPart
from docx.shared import Length, Mm
from docx.text.paragraph import Paragraph

from docgen.render.writers.docx.styles import QUESTION_INDENT

LIST_INDENT = Mm(6)  # per Markdown list level
_BULLETS = ("\u2022", "\u25e6", "\u25aa")  # • ◦ ▪, repeating with depth
_LEVELS = 9  # what Word allows


def add_question_numbering(part: DocumentPart, start: int) -> int:
    """A bold ``1.`` list hanging at the question indent; returns its numId."""
    indent = QUESTION_INDENT.twips
    level = (f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             f'<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
             f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr>'
             f'<w:rPr><w:b/><w:bCs/></w:rPr></w:lvl>')
    return _add_list(part, "docgen questions", "singleLevel", level, start)


def add_markdown_list(part: DocumentPart, kind: str, start: int) -> int:
    """A nine-level bullet (``kind="bullet"``) or ``1.``/``1.1.`` list; returns its numId."""
    levels = []
    for depth in range(_LEVELS):
        indent = Length(LIST_INDENT * (depth + 1)).twips
        if kind == "bullet":
            fmt, text = "bullet", _BULLETS[depth % len(_BULLETS)]
        else:
            fmt, text = "decimal", "".join(f"%{d + 1}." for d in range(depth + 1))
        levels.append(f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                      f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                      f'<w:pPr><w:ind w:left="{indent}" w:hanging="{LIST_INDENT.twips}"/></w:pPr>'
                      f'</w:lvl>')
    return _add_list(part, f"docgen {kind} list", "hybridMultilevel", "".join(levels), start)


def number_paragraph(paragraph: Paragraph, num_id: int, level: int = 0) -> None:
    """Make ``paragraph`` an item of list ``num_id`` at ``level``."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _add_list(part: DocumentPart, name: str, kind: str, levels: str, start: int) -> int:
    numbering = _numbering(part)
    abstract_id = _next_id(numbering, "w:abstractNum", "w:abstractNumId")
    num_id = _next_id(numbering, "w:num", "w:numId")
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        # nsid identifies the list when pasted into another document.
        f'<w:nsid w:val="{0x0D0C0000 + abstract_id:08X}"/><w:multiLevelType w:val="{kind}"/>'
        f'<w:name w:val="{name}"/>{levels}</w:abstractNum>')
    # Schema order: every abstractNum before the first num.
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    elif (first_num := numbering.find(qn("w:num"))) is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
    last_num = numbering.findall(qn("w:num"))
    if last_num:
        last_num[-1].addnext(num)
    else:
        abstract.addnext(num)
    return num_id


def _numbering(part: DocumentPart) -> BaseOxmlElement:
    """The numbering part's root, creating the part when the base document has none."""
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        numbering = NumberingPart(part.package.next_partname("/word/numbering%d.xml"),
                                  CT.WML_NUMBERING, parse_xml(f"<w:numbering {nsdecls('w')}/>"),
                                  part.package)
        part.relate_to(numbering, RT.NUMBERING)
        return numbering.element


def _next_id(numbering: BaseOxmlElement, tag: str, attribute: str) -> int:
    used = [int(item.get(qn(attribute))) for item in numbering.findall(qn(tag))]
    return max(used, default=0) + 1
