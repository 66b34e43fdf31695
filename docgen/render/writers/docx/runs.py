"""Markdown runs and blocks (docgen.markdown) as Word runs and paragraphs.

The parsing is shared with the PDF; this module only maps its result:
emphasis as run properties, links as real ``w:hyperlink`` elements (they
stay clickable in Word and in the PDF LibreOffice exports), lists as Word
numbering, ``$...$`` formulas as Word equations (OMML: LaTeX -> MathML by
latex2mathml -> OMML by math2docx), which Word and LibreOffice typeset
and let the teacher edit.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph

from docgen.markdown import Block, Run, to_blocks, to_runs
from docgen.render.writers.docx.numbering import LIST_INDENT, add_markdown_list, number_paragraph
from docgen.render.writers.docx.styles import HYPERLINK, add_paragraph, add_run
from docgen.render.writers.docx.ooxml import element

CODE_FONT = "Consolas"


def add_inline(paragraph: Paragraph, text: str | None, style: str | None = None) -> None:
    """Append inline Markdown, every run in character style ``style`` when given."""
    add_runs(paragraph, to_runs(text), style)


def add_runs(paragraph: Paragraph, runs: list[Run], style: str | None = None) -> None:
    """Append ``runs``; consecutive runs of one link share one ``w:hyperlink``."""
    link, link_href = None, None
    for run in runs:
        if run.math and add_equation(paragraph, run.text):
            link, link_href = None, None
            continue
        text = f"${run.text}$" if run.math else run.text  # a formula that cannot be read prints as typed
        added = add_run(paragraph, text, style or (HYPERLINK if run.href else None), bold=run.bold or None,
                        italic=run.italic or None, strike=run.strike, font=CODE_FONT if run.code else None)
        if run.href is None:
            link, link_href = None, None
            continue
        if run.href != link_href:
            r_id = paragraph.part.relate_to(run.href, RT.HYPERLINK, is_external=True)
            link, link_href = element("w:hyperlink", {"r:id": r_id}), run.href
            added._r.addprevious(link)
        link.append(added._r)


def add_equation(paragraph: Paragraph, latex: str) -> bool:
    """Append ``latex`` as a Word equation (``m:oMath``); False when it cannot be read."""
    import math2docx

    try:
        math2docx.add_math(paragraph, latex)  # appends only once the conversion succeeded
    except Exception:  # noqa: BLE001 - any formula the converters cannot read
        return False
    for radical in paragraph._p[-1].iter(qn("m:rad")):
        if radical.find(qn("m:deg")) is None:
            # A square root comes without its (empty, hidden) degree; Word and
            # LibreOffice would draw an empty box for it.
            radical.insert(0, element("m:deg"))
            radical.insert(0, element("m:radPr", children=[element("m:degHide", {"m:val": "1"})]))
    return True


def add_blocks(container, text: str | None, style: str, char_style: str | None = None) -> list[Paragraph]:
    """Append block Markdown to ``container`` (body, cell, header) as ``style`` paragraphs.

    List items become items of a Word list, one list per run of adjacent
    items, indented from the style's own left indent.
    """
    paragraphs = []
    lists: dict[str, int] = {}  # list kind -> numId, for the current run of list items
    for block in to_blocks(text):
        paragraph = add_paragraph(container, style=style)
        if block.list_kind is None:
            lists = {}
        else:
            if block.list_kind not in lists:
                lists[block.list_kind] = add_markdown_list(paragraph.part, block.list_kind,
                                                           block.number or 1)
            _list_item(paragraph, block, lists[block.list_kind])
        add_runs(paragraph, block.runs, char_style)
        paragraphs.append(paragraph)
    return paragraphs


def _list_item(paragraph: Paragraph, block: Block, num_id: int) -> None:
    number_paragraph(paragraph, num_id, block.level)
    base = paragraph.style.paragraph_format.left_indent or 0
    fmt = paragraph.paragraph_format
    # Direct indents win over the list's own, so items keep the box or bar they sit in.
    fmt.left_indent = Length(base + LIST_INDENT * (block.level + 1))
    fmt.first_line_indent = Length(-LIST_INDENT)
