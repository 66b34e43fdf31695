"""The Word files in a real office suite, and the same worksheet in every format."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import build_in, libreoffice_pdf, libreoffice_pdfs, needs_libreoffice, project_with, write_topic

SHUFFLED = """
title: Business functions
worksheet:
  shuffle: true
  seed: 11
questions:
  - type: choice
    prompt: Which department plans transport?
    options: [Logistics, Marketing, Finance, Human resources, Research]
    answer: Logistics
  - type: choice
    prompt: Which of these are part of operations management?
    options: [Procurement, Production planning, Advertising, Quality control]
    answer: [Procurement, Production planning, Quality control]
  - type: match
    pairs:
      - {left: Procurement, right: Buying raw materials}
      - {left: Logistics, right: Moving and storing goods}
      - {left: Marketing, right: Finding customers}
      - {left: Finance, right: Managing money}
"""


@pytest.fixture(scope="module")
def shuffled_build(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("shuffled"), {"shuffled": SHUFFLED})
    build_in(project, ["build", "--only", "worksheet,answers", "--jobs", "1"])
    return project / "output" / "shuffled"


def docx_options(path: Path) -> list[str]:
    return [p.text.split("\t", 1)[1] for p in docx.Document(path).paragraphs if p.style.name == "Option"]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_shuffled_order_is_the_same_in_docx_and_pdf_worksheet_and_key(shuffled_build):
    options = docx_options(shuffled_build / "worksheet.docx")
    assert options == docx_options(shuffled_build / "answers.docx")
    assert options[:5] != ["Logistics", "Marketing", "Finance", "Human resources", "Research"]
    for name in ("worksheet.pdf", "answers.pdf"):
        text = pdf_text(shuffled_build / name)
        positions = [text.index(f"{letter}. {option}") for letter, option in zip("ABCDE", options[:5])]
        assert positions == sorted(positions), name
    # The key marks the same letter in both formats.
    key = docx.Document(shuffled_build / "answers.docx")
    correct_letter = "ABCDE"[options[:5].index("Logistics")]
    assert any(p.text.startswith(f" {correct_letter}.\tLogistics") or f"{correct_letter}.\tLogistics" in p.text
               for p in key.paragraphs)


@needs_libreoffice
def test_libreoffice_opens_both_word_files(shuffled_build, tmp_path):
    names = ("worksheet.docx", "answers.docx")
    for name, converted in zip(names, libreoffice_pdfs([shuffled_build / name for name in names], tmp_path)):
        reader = PdfReader(converted)
        assert 1 <= len(reader.pages) <= 3
        text = pdf_text(converted)
        assert "Which department plans transport?" in text
        assert re.search(r"Page 1 of \d", text), "PAGE/NUMPAGES fields were not computed"
        assert "Name" in text and "Class" in text
        assert ("ANSWER KEY" in text) == (name == "answers.docx")


MATHS = r"""
title: Moments
summary: The moment is $M = \frac{I}{A}$.
sections:
  - heading: Formula
    body: The ratio is $M = \frac{I}{A}$, and a root is $\sqrt{x}$.
questions:
  - type: true_false
    statement: The moment is $M = \frac{I}{A}$.
    answer: true
  - type: short
    prompt: Compute $\sqrt{x}$ for $x = 4$.
    answer: It is $2$.
"""


def test_inline_maths_is_a_word_equation_and_tex_in_the_pdf_text(project, run_cli):
    write_topic(project, "moments", MATHS)
    assert run_cli(["build", "--only", "worksheet,handout", "--jobs", "1"], project).code == 0
    folder = project / "output" / "moments"
    body = docx.Document(folder / "worksheet.docx").element.body
    equations = body.findall(".//" + docx.oxml.ns.qn("m:oMath"))
    assert len(equations) >= 3
    assert "$" not in "".join(body.itertext())
    # a square root has a hidden degree, not an empty box
    radicals = list(body.iter(docx.oxml.ns.qn("m:rad")))
    assert radicals and all(r.find(".//" + docx.oxml.ns.qn("m:degHide")) is not None for r in radicals)
    # the PDF handout's text layer holds each formula's TeX (the drawing is paths only)
    handout = " ".join(page.extract_text() for page in PdfReader(folder / "handout.pdf").pages)
    assert r"$M = \frac{I}{A}$" in handout and r"$\sqrt{x}$" in handout


@needs_libreoffice
def test_libreoffice_typesets_the_word_equations(project, run_cli, tmp_path):
    write_topic(project, "moments", MATHS)
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    text = pdf_text(libreoffice_pdf(project / "output" / "moments" / "worksheet.docx", tmp_path))
    assert "The moment is M" in text and "$" not in text
