"""What WeasyPrint 70's PDF/UA tagging leaves out, added where its structure tree is built.

WeasyPrint tags headings, lists, tables and figures, links header cells to
data cells by /ID and /Headers, and sets /Lang and DisplayDocTitle on the
document. PDF/UA-1 and the Matterhorn Protocol ask for four more things
that docgen's pages have (docs/accessibility.md):

- a header cell's /Scope (Column or Row), from the HTML ``scope`` attribute;
- /Lang on a passage in another language (a Spanish topic in an English
  course booklet), from the HTML ``lang`` attribute of any element;
- maths as /Formula with its TeX as /Alt: an element with ``data-tex``
  (docgen.formula's formula wrapper) becomes a Formula;
- a decorative picture (``alt: ""`` in the content, on purpose) drawn as an
  /Artifact, out of the structure tree, instead of a Figure without /Alt;
- a drawn form-like area that holds no text (a tick box, a letter box, ruled
  answer lines, a gap, a write-in cell) tells what it is: its HTML
  ``aria-label`` becomes the element's /Alt ("Tick box", "Space for your answer");
- a glossary (``<dl>`` of ``<div>`` entries) as a list whose items are the
  entries, each with the term as its /Lbl and the definition as its /LBody
  (WeasyPrint puts list items inside a /Div inside the list).

Both hooks wrap one WeasyPrint function each and change nothing else; the
version is pinned (<71) in pyproject.toml, and tests/test_accessibility_pdf.py
reads every output's tree, so an upgrade that moves them fails loudly.
"""

from __future__ import annotations

from contextlib import contextmanager

import pydyf
import weasyprint.pdf.stream as _stream
import weasyprint.pdf.tags as _tags
from weasyprint.formatting_structure import boxes

_SCOPES = {"col": "/Column", "column": "/Column", "row": "/Row", "colgroup": "/Column", "rowgroup": "/Row"}


def decorative(box) -> bool:
    """A picture whose HTML says ``alt=""``: nothing to tell a reader, an artifact."""
    element = getattr(box, "element", None)
    return (isinstance(box, boxes.ReplacedBox) and element is not None and element.tag == "img"
            and element.get("alt") == "")


def _object(pdf, reference) -> pydyf.Dictionary:
    return pdf.objects[int(bytes(reference).split()[0])]


def _shows_something(box) -> bool:
    """Whether the box draws text or a picture (the worksheet's answers are there, hidden)."""
    descendants = box.descendants() if hasattr(box, "descendants") else [box]
    return any(child.style["visibility"] == "visible" and
               (isinstance(child, boxes.ReplacedBox) or (isinstance(child, boxes.TextBox) and child.text.strip()))
               for child in descendants)


def _completed(element: pydyf.Dictionary, box, parent: pydyf.Dictionary, pdf) -> pydyf.Dictionary:
    html = box.element
    if html is None:
        return element
    kind = element["S"]
    if html.tag == "div" and parent["S"] == "/L":
        element["S"] = "/LI"  # a glossary entry
    elif html.tag in ("dt", "dd") and parent["S"] == "/Div" and _object(pdf, parent["P"])["S"] == "/L":
        element["S"] = "/Lbl" if html.tag == "dt" else "/LBody"  # was an LI holding one LBody
        for kid in element["K"]:
            if isinstance(kid, bytes) and (inner := _object(pdf, kid))["S"] == "/LBody":
                inner["S"] = "/NonStruct"
    if kind == "/TH" and (scope := _SCOPES.get((html.get("scope") or "col").lower())):
        element["A"]["Scope"] = scope
    if (lang := html.get("lang")) and html.tag != "html":
        element["Lang"] = pydyf.String(lang)
    if (label := html.get("aria-label")) and "Alt" not in element and "::" not in (box.element_tag or "") \
            and box.style["visibility"] == "visible" and not _shows_something(box):  # a hidden tick says nothing
        element["Alt"] = pydyf.String(label)
    if (tex := html.get("data-tex")) is not None and kind in ("/Span", "/Div", "/NonStruct"):
        element["S"] = "/Formula"
        element["Alt"] = pydyf.String(tex)
    return element


_build_box_tree = _tags._build_box_tree


def _build_box_tree_completed(box, parent, pdf, page_number, nums, annotations, tags):
    if decorative(box):
        return  # drawn as an artifact (below): no element, no marked content to map
    if isinstance(box, boxes.PageBox):
        yield from _in_page_language(box, pdf, _build_box_tree(box, parent, pdf, page_number, nums,
                                                                annotations, tags))
        return
    for element in _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        yield _completed(element, getattr(box, "_box", box), parent, pdf)


def _in_page_language(page, pdf, elements):
    """A page of a document in another language than the file's (a topic in a booklet):
    its top-level elements carry the page's language."""
    root = page.children[0].element if page.children else None
    lang = root.get("lang") if root is not None else None
    document_lang = pdf.catalog.get("Lang")
    differs = lang and lang != getattr(document_lang, "string", document_lang)
    for element in elements:
        if differs and "Lang" not in element:
            element["Lang"] = pydyf.String(lang)
        yield element


_marked = _stream.Stream.marked


@contextmanager
def _marked_or_artifact(self, box, tag):
    if decorative(box):
        with self.artifact():
            yield
        return
    with _marked(self, box, tag):
        yield


if _tags._build_box_tree is not _build_box_tree_completed:
    _tags._build_box_tree = _build_box_tree_completed
    _stream.Stream.marked = _marked_or_artifact
