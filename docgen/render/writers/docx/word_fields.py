"""Word fields (PAGE, NUMPAGES) and checkbox content controls.

Fields are complex fields (begin / instruction / separate / result / end)
with a placeholder result. Word and LibreOffice recompute PAGE and
NUMPAGES whenever they lay out a header or footer, so the fields are not
marked dirty and ``updateFields`` is not set: both make Word ask the
teacher "update the fields that may refer to other files?" on every open.

Checkboxes are ``w14:checkbox`` content controls, the kind Word's
Developer tab inserts: a student ticks them with a click in Word, and the
answer key ships them ticked.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.render.writers.docx.ooxml import element

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CHECKED, UNCHECKED = "\u2611", "\u2610"  # ☑ ☐: a tick, as the PDF key draws it
CHECKBOX_FONT = "MS Gothic"  # what Word itself uses for these glyphs
CHECKBOX_SIZE = 24  # half-points: 12 pt, a box of about 3.5 mm


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append field ``instruction`` (e.g. ``PAGE``) showing ``placeholder`` until laid out."""
    paragraph.add_run()._r.append(element("w:fldChar", {"w:fldCharType": "begin"}))
    code = element("w:instrText", {"xml:space": "preserve"})
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(element("w:fldChar", {"w:fldCharType": "separate"}))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(element("w:fldChar", {"w:fldCharType": "end"}))


def add_checkbox(paragraph: Paragraph, checked: bool, control_id: int) -> None:
    """Append a tickable checkbox; ``control_id`` must be unique in the document."""
    box = copy.deepcopy(_checkbox(checked))
    box.find(f"{qn('w:sdtPr')}/{qn('w:id')}").set(qn("w:val"), str(control_id))
    paragraph._p.append(box)


@lru_cache(maxsize=2)
def _checkbox(checked: bool):
    """A checkbox content control, parsed once (each use is a copy with its own id)."""
    font = (f'<w:rFonts w:ascii="{CHECKBOX_FONT}" w:eastAsia="{CHECKBOX_FONT}" '
            f'w:hAnsi="{CHECKBOX_FONT}" w:hint="eastAsia"/>'
            f'<w:sz w:val="{CHECKBOX_SIZE}"/><w:szCs w:val="{CHECKBOX_SIZE}"/>')
    return parse_xml(f"""
<w:sdt {nsdecls("w", "w14")}>
  <w:sdtPr>
    <w:rPr>{font}</w:rPr>
    <w:id w:val="0"/>
    <w14:checkbox>
      <w14:checked w14:val="{int(checked)}"/>
      <w14:checkedState w14:val="{ord(CHECKED):04X}" w14:font="{CHECKBOX_FONT}"/>
      <w14:uncheckedState w14:val="{ord(UNCHECKED):04X}" w14:font="{CHECKBOX_FONT}"/>
    </w14:checkbox>
  </w:sdtPr>
  <w:sdtContent>
    <w:r><w:rPr>{font}</w:rPr><w:t>{CHECKED if checked else UNCHECKED}</w:t></w:r>
  </w:sdtContent>
</w:sdt>""")


def declare_w14(document: Document) -> None:
    """Declare ``w14`` on the document root and list it in ``mc:Ignorable``.

    Word refuses a file whose root marks a prefix ignorable without
    declaring it; a reference document saved by another program may lack
    either. Every prefix the root already declares is kept, because
    ``mc:Ignorable`` names prefixes that no element may use.
    """
    root = document.element
    etree.cleanup_namespaces(root, top_nsmap={"w14": nsmap["w14"], "mc": MC},
                             keep_ns_prefixes=[prefix for prefix in root.nsmap if prefix])
    ignorable = root.get(f"{{{MC}}}Ignorable", "").split()
    if "w14" not in ignorable:
        root.set(f"{{{MC}}}Ignorable", " ".join([*ignorable, "w14"]))

