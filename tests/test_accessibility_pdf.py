"""PDF/UA-1 over every PDF of the accessibility corpus: each output, edition and version,
the booklet and the class pack (tests/pdf_ua.py lists what is checked)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from pdf_ua import check, pdfua_errors, structure_elements

# Every kind of PDF docgen writes, in the standard edition and both others.
KINDS = ["handout.pdf", "worksheet-A.pdf", "worksheet-B.pdf", "answers-A.pdf", "answers-B.pdf",
         "answers-grid.pdf", "cheatsheet.pdf", "flashcards.pdf", "class-pack.pdf"]


def corpus_pdfs(output: Path) -> list[Path]:
    return sorted(output.rglob("*.pdf"))


def test_the_corpus_has_every_kind_of_pdf(a11y_corpus):
    names = {path.relative_to(a11y_corpus).as_posix() for path in corpus_pdfs(a11y_corpus)}
    for topic in ("photosynthesis", "fotosintesis"):
        for edition in ("", "large-print/", "support/"):
            for kind in KINDS:
                if kind == "class-pack.pdf" and edition:
                    continue
                assert f"{topic}/{edition}{kind}" in names
    assert "booklet.pdf" in names


def test_every_pdf_passes_the_checker_and_pdfua(a11y_corpus):
    failures = {path.relative_to(a11y_corpus).as_posix(): [str(f) for f in check(path) + pdfua_errors(path)]
                for path in corpus_pdfs(a11y_corpus)}
    assert {name: found for name, found in failures.items() if found} == {}


def _elements(path: Path) -> list[tuple[str, dict]]:
    with pikepdf.open(path) as pdf:
        return [(kind, {key: str(element[key]) for key in ("/Alt", "/Lang") if key in element})
                for element, kind, _ in structure_elements(pdf)]


def test_pictures_formulas_and_decorative_pictures(a11y_corpus):
    elements = _elements(a11y_corpus / "photosynthesis" / "handout.pdf")
    alts = [found.get("/Alt") for kind, found in elements if kind == "Figure"]
    assert "A green leaf cut open to show the chloroplasts inside its cells" in alts
    formulas = {found["/Alt"] for kind, found in elements if kind == "Formula"}
    assert r"$r = \frac{\Delta V}{\Delta t}$" in formulas
    # the decorative picture (alt: "") is drawn, as an artifact, and the described one is tagged
    assert _pictures_drawn(a11y_corpus / "photosynthesis" / "handout.pdf") == {"artifact": 1, "tagged": 1}


def _pictures_drawn(path: Path) -> dict[str, int]:
    """How many raster pictures each page paints inside an artifact, and inside tagged content."""
    drawn = {"artifact": 0, "tagged": 0}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            xobjects = page.Resources.get("/XObject") or {}
            marks: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("BDC", "BMC"):
                    marks.append("artifact" if str(operands[0]) == "/Artifact" else "tagged")
                elif str(operator) == "EMC":
                    marks.pop()
                elif str(operator) == "Do" and xobjects[str(operands[0])].get("/Subtype") == "/Image":
                    drawn[marks[-1]] += 1
    return drawn


def test_a_passage_in_another_language_says_so(a11y_corpus):
    with pikepdf.open(a11y_corpus / "booklet.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        spanish = [element for element, kind, _ in structure_elements(pdf)
                   if str(element.get("/Lang", "")) == "es"]
    assert spanish, "the Spanish topic's pages carry no /Lang es"
    with pikepdf.open(a11y_corpus / "fotosintesis" / "handout.pdf") as pdf:
        assert str(pdf.Root.Lang) == "es"


def test_header_cells_have_their_scope(a11y_corpus):
    with pikepdf.open(a11y_corpus / "photosynthesis" / "handout.pdf") as pdf:
        scopes = [str(element.A.Scope) for element, kind, _ in structure_elements(pdf) if kind == "TH"]
    # the comparison: Aspect + 2 items head columns, 3 aspects head rows
    assert scopes.count("/Column") == 3 and scopes.count("/Row") == 3


def _alternates(path: Path) -> list[tuple[str, str]]:
    with pikepdf.open(path) as pdf:
        return [(kind, str(element.Alt)) for element, kind, _ in structure_elements(pdf)
                if "/Alt" in element and kind not in ("Figure", "Formula")]


def test_boxes_lines_and_gaps_say_what_they_are(a11y_corpus):
    """Drawn areas to write in hold no text; their alternate text tells a screen reader what they are."""
    sheet = {alt for _, alt in _alternates(a11y_corpus / "photosynthesis" / "worksheet-A.pdf")}
    assert sheet == {"Tick box", "Space for your answer", "Gap", "Box for a letter"}
    key = [alt for _, alt in _alternates(a11y_corpus / "photosynthesis" / "answers-A.pdf")]
    assert key.count("Ticked box") == 2  # question 1's right option and "True" in question 2
    assert "Gap" not in key  # the key's gaps hold their answers: read as text
    spanish = {alt for _, alt in _alternates(a11y_corpus / "fotosintesis" / "worksheet-A.pdf")}
    assert spanish == {"Casilla"}


def test_glossary_entries_are_list_items_with_the_term_as_label(a11y_corpus):
    with pikepdf.open(a11y_corpus / "photosynthesis" / "handout.pdf") as pdf:
        items = [[str(kid.S) for kid in element.K if isinstance(kid, pikepdf.Dictionary)]
                 for element, kind, parent in structure_elements(pdf) if kind == "LI"]
    assert ["/Lbl", "/LBody"] in items


@pytest.mark.parametrize("failing, checkpoint", [
    ("<h1>T</h1><h3>skipped</h3>", "14-003"),
    ("<h2>first</h2>", "14-002"),
    ('<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==">',
     "13-004"),
])
def test_the_checker_finds_what_it_checks(tmp_path, failing, checkpoint):
    """A checker that cannot fail proves nothing: each rule fails a page made to fail it."""
    from docgen.render.writers.html.printer import layout, write_pdf

    html = f'<html lang="en"><head><title>T</title></head><body>{failing}</body></html>'
    path = tmp_path / "bad.pdf"
    path.write_bytes(write_pdf(layout(html, tmp_path, tmp_path), "bad"))
    assert checkpoint in {failure.checkpoint for failure in check(path)}
