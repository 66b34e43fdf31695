"""A PDF/UA-1 checker for docgen's PDFs: the Matterhorn Protocol's machine-checkable
failure conditions that apply to them, read from the file with pikepdf.

`pdfua` (PyPI, built on pikepdf) checks 12 rules, 16 of veraPDF's 106
tests; it runs first (``pdfua_errors``). What it leaves out and docgen's
pages can get wrong is checked here, each under its Matterhorn checkpoint
number. docs/accessibility.md lists every checkpoint: checked here, by
pdfua, not applicable, or for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

# PDF 1.7 (ISO 32000-1, 14.8.4) standard structure types.
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form",
}
# Which children a grouping element may have (Matterhorn 09-004 tables, 09-005 lists).
ALLOWED_CHILDREN = {
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
    "TR": {"TH", "TD"},
    "L": {"LI", "L", "Caption"},
    "LI": {"Lbl", "LBody"},
}
PARENTS = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
           "LI": {"L"}, "LBody": {"LI"}}
PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh", "BI", "INLINE IMAGE",
            "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Failure:
    checkpoint: str  # Matterhorn Protocol failure condition, e.g. "14-003"
    message: str

    def __str__(self) -> str:
        return f"{self.checkpoint}: {self.message}"


def pdfua_errors(path: Path) -> list[Failure]:
    """The pdfua validator's errors (its warnings and rules it could not run are not failures)."""
    from pdfua import Severity, validate

    return [Failure(finding.rule_id, finding.message)
            for outcome in validate(str(path)).outcomes for finding in outcome.findings
            if finding.severity >= Severity.ERROR]


def check(path: Path) -> list[Failure]:
    """Every failure condition this checker reads, for one PDF."""
    with pikepdf.open(path) as pdf:
        failures = [*_document(pdf), *_structure(pdf), *_content(pdf), *_fonts(pdf), *_annotations(pdf)]
    return failures


def _document(pdf: pikepdf.Pdf) -> list[Failure]:
    root, failures = pdf.Root, []
    if "/Metadata" not in root:
        return [Failure("06-001", "no XMP metadata stream in the catalog")]
    xmp = root.Metadata.read_bytes().decode("utf-8", "replace")
    if not re.search(r'pdfuaid:part(="1"|>1<)', xmp):
        failures.append(Failure("06-002", "the XMP metadata does not identify PDF/UA-1 (pdfuaid:part)"))
    with pdf.open_metadata() as meta:
        if not (meta.get("dc:title") or "").strip():
            failures.append(Failure("06-003", "the XMP metadata has no dc:title"))
    preferences = root.get("/ViewerPreferences")
    if preferences is None or "/DisplayDocTitle" not in preferences:
        failures.append(Failure("07-001", "ViewerPreferences has no DisplayDocTitle"))
    elif not bool(preferences.DisplayDocTitle):
        failures.append(Failure("07-002", "DisplayDocTitle is false"))
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        failures.append(Failure("01-002", "MarkInfo/Marked is not true"))
    elif bool(mark_info.get("/Suspects", False)):
        failures.append(Failure("01-007", "MarkInfo/Suspects is true"))
    lang = str(root.get("/Lang", ""))
    if not LANGUAGE_TAG.match(lang):
        failures.append(Failure("11-001", f"the document's /Lang is {lang!r}, not a language tag"))
    if "/Encrypt" in pdf.trailer:
        failures.append(Failure("26-001", "the file is encrypted"))
    return failures


def structure_elements(pdf: pikepdf.Pdf):
    """(element, type, parent type) for the whole structure tree, in reading order."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    role_map = {str(k)[1:]: str(v)[1:] for k, v in tree.get("/RoleMap", {}).items()}
    stack = [(kid, "StructTreeRoot") for kid in reversed(_kids(tree))]
    while stack:
        element, parent = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue  # an MCID, a marked-content or object reference
        kind = str(element.S)[1:]
        kind = role_map.get(kind, kind)
        yield element, kind, parent
        stack.extend((kid, kind) for kid in reversed(_kids(element)))


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _structure(pdf: pikepdf.Pdf) -> list[Failure]:
    if "/StructTreeRoot" not in pdf.Root:
        return [Failure("01-005", "the document has no structure tree")]
    failures: list[Failure] = []
    headings: list[int] = []
    uses_h = False
    for element, kind, parent in structure_elements(pdf):
        if kind not in STANDARD_TYPES:
            failures.append(Failure("02-001", f"structure type /{kind} is neither standard nor role-mapped"))
        allowed = ALLOWED_CHILDREN.get(parent)
        if allowed is not None and kind not in allowed:
            failures.append(Failure("09-004" if parent in ("Table", "THead", "TBody", "TFoot", "TR") else "09-005",
                                    f"/{kind} inside /{parent}"))
        if kind in PARENTS and parent not in PARENTS[kind]:
            failures.append(Failure("09-004" if kind in ("TR", "TH", "TD") else "09-005",
                                    f"/{kind} outside {' or '.join(sorted(PARENTS[kind]))} (in /{parent})"))
        if kind == "Figure" and "/Alt" not in element and "/ActualText" not in element:
            failures.append(Failure("13-004", "a Figure without alternate text"))
        if kind == "Formula" and "/Alt" not in element and "/ActualText" not in element:
            failures.append(Failure("17-002", "a Formula without alternate text"))
        if kind == "TH" and not _has_scope_or_headers(element):
            failures.append(Failure("15-003", "a header cell (TH) without /Scope"))
        if kind == "Note" and "/ID" not in element:
            failures.append(Failure("19-003", "a Note without /ID"))
        if "/Lang" in element and not LANGUAGE_TAG.match(str(element.Lang)):
            failures.append(Failure("11-006", f"/Lang {str(element.Lang)!r} is not a language tag"))
        if kind == "H":
            uses_h = True
        elif re.fullmatch(r"H[1-6]", kind):
            headings.append(int(kind[1]))
    if uses_h and headings:
        failures.append(Failure("14-007", "both H and H1-H6 headings"))
    if headings and headings[0] != 1:
        failures.append(Failure("14-002", f"the first heading is H{headings[0]}, not H1"))
    for before, after in zip(headings, headings[1:]):
        if after > before + 1:
            failures.append(Failure("14-003", f"H{after} follows H{before}: a level is skipped"))
    return failures


def _has_scope_or_headers(element) -> bool:
    attributes = element.get("/A")
    owners = attributes if isinstance(attributes, pikepdf.Array) else [attributes] if attributes else []
    return any(isinstance(owner, pikepdf.Dictionary) and "/Scope" in owner for owner in owners)


def _content(pdf: pikepdf.Pdf) -> list[Failure]:
    """Every painted thing on a page is either tagged (MCID) or an artifact, never one inside the other."""
    failures: list[Failure] = []
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[str] = []
        untagged = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                tag = str(operands[0])[1:]
                is_tagged = name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
                kind = "artifact" if tag == "Artifact" else "tagged" if is_tagged else "other"
                if kind == "artifact" and "tagged" in stack:
                    failures.append(Failure("01-003", f"page {number}: an artifact inside tagged content"))
                if kind == "tagged" and "artifact" in stack:
                    failures.append(Failure("01-004", f"page {number}: tagged content inside an artifact"))
                stack.append(kind)
            elif name == "EMC":
                if stack:
                    stack.pop()
            elif name in PAINTING and not ({"tagged", "artifact"} & set(stack)):
                untagged += 1
        if untagged:
            failures.append(Failure("01-005", f"page {number}: {untagged} painting operators neither "
                                              "tagged nor marked as artifacts"))
    return failures


def _fonts(pdf: pikepdf.Pdf) -> list[Failure]:
    failures: list[Failure] = []
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for _, font in _page_fonts(page):
            if font.objgen in seen and font.objgen != (0, 0):
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))
            subtype = str(font.get("/Subtype", ""))
            if subtype == "/Type3":
                continue
            described = font.DescendantFonts[0] if subtype == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                failures.append(Failure("31-009", f"font {name} is not embedded"))
            if "/ToUnicode" not in font:
                failures.append(Failure("31-027", f"font {name} has no ToUnicode map: its text cannot be copied"))
    return failures


def _page_fonts(page):
    resources = page.get("/Resources") or {}
    yield from (resources.get("/Font") or {}).items()
    for _, xobject in (resources.get("/XObject") or {}).items():  # SVG pictures, formulas
        if xobject.get("/Subtype") == "/Form":
            yield from ((xobject.get("/Resources") or {}).get("/Font") or {}).items()


def _annotations(pdf: pikepdf.Pdf) -> list[Failure]:
    failures: list[Failure] = []
    for number, page in enumerate(pdf.pages, start=1):
        annotations = page.get("/Annots") or []
        if annotations and str(page.get("/Tabs", "")) != "/S":
            failures.append(Failure("28-008", f"page {number} has annotations but its /Tabs is not /S"))
        for annotation in annotations:
            subtype = str(annotation.get("/Subtype", ""))
            if subtype in ("/Popup",):
                continue
            if "/StructParent" not in annotation:
                failures.append(Failure("28-002" if subtype != "/Link" else "28-011",
                                        f"page {number}: a {subtype[1:]} annotation outside the structure tree"))
            if subtype == "/Link" and not str(annotation.get("/Contents", "")).strip():
                failures.append(Failure("28-012", f"page {number}: a link without a description (/Contents)"))
        if "/XObject" in (page.get("/Resources") or {}):
            for _, xobject in page.Resources.XObject.items():
                if "/Ref" in xobject:
                    failures.append(Failure("30-001", f"page {number}: a reference XObject"))
    return failures
