"""The PDF handout: accessible, paginated, overridable and safe."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, write_topic


def build_handout(project: Path, run_cli, name: str) -> Path:
    result = run_cli(["build", "--only", "handout", "--jobs", "1", f"content/{name}.yaml"], project)
    assert result.code == 0, result.err
    return project / "output" / name / "handout.pdf"


def text_of(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


RICH = MINIMAL + """
lang: fr
level: Year 11
sections:
  - heading: First section
    body: Some **bold** text and a formula $\\pi r^2$ that costs $5 and $10.
  - heading: Second section
    body: More text.
terms:
  - term: Logistics
    definition: Moving and storing goods.
"""


def test_tagged_pdf_with_language_metadata_and_bookmarks(project, run_cli):
    write_topic(project, "rich", RICH)
    reader = PdfReader(build_handout(project, run_cli, "rich"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "fr"
    meta = reader.metadata
    assert meta.title == "Logistics vs Operations Management"
    assert meta.author == "Ms Test"
    assert meta.subject.startswith("Logistics moves and stores goods")
    assert "Business Studies" in meta["/Keywords"] and "Year 11" in meta["/Keywords"]

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    assert {"First section", "Second section"} <= set(titles(reader.outline))


def test_page_numbers_and_math(project, run_cli):
    write_topic(project, "rich", RICH)
    [page] = text_of(build_handout(project, run_cli, "rich"))
    assert "Page 1 sur 1" in page  # the topic is in French (lang: fr): the label is too
    assert "Test Course" in page  # the course in the footer
    assert "costs $5 and $10" in page  # money is not math
    # the formula is typeset (paths), and its TeX is the text layer, once
    assert page.count("$\\pi r^2$") == 1


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is not installed")
def test_only_bundled_fonts_all_embedded_and_subset(project, run_cli):
    write_topic(project, "rich", RICH + "subtitle: Ελληνικά и кириллица\n")
    listing = subprocess.run(["pdffonts", str(build_handout(project, run_cli, "rich"))],
                             capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        name, *_ = line.split()
        assert "+docgen-" in name, line
        assert " yes yes yes " in line, line  # embedded, subset, unicode map


@pytest.mark.parametrize("paper, size", [("A4", (595, 842)), ("letter", (612, 792))])
def test_paper_size_from_project_config(project, run_cli, paper, size):
    (project / "docgen.yaml").write_text(f"paper: {paper}\n")
    write_topic(project, "mini", MINIMAL)
    page = PdfReader(build_handout(project, run_cli, "mini")).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_long_comparison_repeats_its_header_and_never_splits_a_row(project, run_cli):
    rows = "\n".join(
        f"    - aspect: Aspect {i}\n      values: [\"start-{i} {'filler text ' * 12}end-{i}\", "
        f"\"other-{i}\"]" for i in range(30))
    write_topic(project, "long", f"title: Long\ncompare:\n  items: [Zebracolumn, Yakcolumn]\n  rows:\n{rows}\n")
    pages = text_of(build_handout(project, run_cli, "long"))
    assert len(pages) >= 2
    assert all("Zebracolumn" in page and "Yakcolumn" in page for page in pages)
    for i in range(30):
        [where] = [n for n, page in enumerate(pages) if f"start-{i} " in page]
        assert f"end-{i}" in pages[where] and f"other-{i}" in pages[where], f"row {i} was split"


def test_project_templates_replace_extend_and_add_css(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    templates = project / "templates"
    templates.mkdir()
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}'
        "{% block footer %}Property of Riverside High{% endblock %}")
    (templates / "custom.css").write_text('body::after { content: "custom css applied"; }')
    [page] = text_of(build_handout(project, run_cli, "mini"))
    assert "Property of Riverside High" in page
    assert "custom css applied" in page
    assert "Logistics vs Operations Management" in page  # the rest is the built-in template
    (templates / "handout.html").write_text("<html><body><p>Entirely my own {{ topic.title }}</p></body></html>")
    [page] = text_of(build_handout(project, run_cli, "mini"))
    assert page.startswith("Entirely my own Logistics vs Operations Management")


def test_a_broken_project_template_names_its_file_and_line(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    (project / "templates").mkdir()
    (project / "templates" / "handout.html").write_text("<html>\n{% if %}\n</html>\n")
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 1
    assert "templates/handout.html:2: template syntax error" in result.err
    assert not (project / "output" / "mini").exists()


def test_hostile_content_prints_as_text_and_fetches_nothing(project, run_cli, listener):
    port, connections = listener
    secret = project.parent / "secret.txt"
    secret.write_text("TOP SECRET")
    write_topic(project, "hostile", MINIMAL + f"""
sections:
  - heading: "<script>alert('x')</script> {{{{ 7*7 }}}}"
    body: |
      <img src="http://127.0.0.1:{port}/pixel.png"> <link rel="attachment" href="file://{secret}">
      <iframe src="file:///etc/passwd"></iframe> {{% for x in range(3) %}}loop{{% endfor %}}

      ![picture](http://127.0.0.1:{port}/picture.png) [link](file:///etc/passwd)
""")
    pdf = build_handout(project, run_cli, "hostile")
    text = " ".join(text_of(pdf))
    assert "<script>alert('x')</script> {{ 7*7 }}" in text
    # Shown as typed (the typographer only curls the quotes).
    assert f"<img src=“http://127.0.0.1:{port}/pixel.png”>" in text
    assert "<iframe src=“file:///etc/passwd”></iframe>" in text
    assert "{% for x in range(3) %}" in text and "loop{% endfor %}" in text
    assert "TOP SECRET" not in text and "root:" not in text
    assert connections == []
    raw = pdf.read_bytes()
    assert b"/EmbeddedFiles" not in raw and b"TOP SECRET" not in raw


@pytest.mark.parametrize("count", [10, 40])
def test_glossary_in_two_columns_keeps_every_term(project, run_cli, count):
    terms = "".join(f"  - term: Term{i:02d}\n    definition: What term {i} means, in a sentence that "
                    f"takes more than one line in a column of the glossary.\n" for i in range(count))
    write_topic(project, "glossary", f"title: Glossary\nterms:\n{terms}")
    reader = PdfReader(build_handout(project, run_cli, "glossary"))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(f"Term{i:02d}" in text for i in range(count))
    if count == 10:
        assert len(reader.pages) == 1
        # Two columns: the first entries of both columns sit side by side on one line.
        words = pdfplumber_words(build_handout(project, run_cli, "glossary"))
        first, second = words["Term00"], words["Term05"]
        assert abs(first["top"] - second["top"]) < 2 and second["x0"] > first["x0"] + 100


def pdfplumber_words(pdf: Path) -> dict[str, dict]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return {word["text"]: word for page in document.pages for word in page.extract_words()}


def test_figures_carry_their_alt_text_and_caption(project, run_cli):
    from PIL import Image  # Pillow comes with WeasyPrint

    Image.new("RGB", (120, 60), "gray").save(project / "content" / "chart.png")
    write_topic(project, "figure", MINIMAL + """
sections:
  - heading: A chart
    body: The chart shows the flow of goods.
    image: chart.png
    alt: A grey rectangle standing in for a flow chart
    caption: "Figure 1: the *flow* of goods"
""")
    pdf = build_handout(project, run_cli, "figure")
    [page] = text_of(pdf)
    assert "Figure 1: the flow of goods" in page
    figures = [node.get("/Alt") for node in structure(PdfReader(pdf)) if node.get("/S") == "/Figure"]
    assert figures == ["A grey rectangle standing in for a flow chart"]


def structure(reader: PdfReader):
    """Every element of the PDF's structure tree (the tags screen readers follow)."""
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if not isinstance(node, dict):
            continue
        yield node
        kids = node.get("/K")
        pending.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])


def test_worksheet_question_block_can_be_overridden_with_its_loop_variable(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    (project / "templates").mkdir()
    (project / "templates" / "worksheet.html").write_text(
        '{% extends "builtin/worksheet.html" %}'
        "{% block question %}<p>Custom question {{ q.number }}: {{ q.prompt|inline }}</p>{% endblock %}")
    result = run_cli(["build", "--only", "answers", "--jobs", "1"], project)
    assert result.code == 0, result.err
    [page] = text_of(project / "output" / "mini" / "answers.pdf")
    assert "Custom question 1: Logistics is a segment under operations management." in page
    assert "ANSWER KEY" in page  # the banner is a label (docgen.yaml `labels:`), the same in .docx


def test_a_misspelt_block_in_an_override_is_an_error(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    (project / "templates").mkdir()
    (project / "templates" / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}\n\n{% block fooder %}mine{% endblock %}\n')
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 1
    assert 'templates/handout.html:3: block "fooder" is not a block of builtin/handout.html' in result.err
    assert 'did you mean "footer"?' in result.err
    assert not (project / "output" / "mini" / "handout.pdf").exists()


def test_an_unknown_variable_names_the_template_line_and_variable(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    (project / "templates").mkdir()
    (project / "templates" / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}\n{% block footer %}\n{{ topic.teacher_name }}{% endblock %}\n')
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 1
    assert 'templates/handout.html:3: template uses an unknown variable: attribute "teacher_name"' in result.err
    assert "Topic object" not in result.err
