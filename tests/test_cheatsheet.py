"""The cheat sheet: exactly one page, filled, legible, found in few layouts."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, REPO, write_topic
from docgen.content.errors import DocgenError
from docgen.content.reader import read_topic
from docgen.project import load_project
from docgen.render import RenderJob, get_output
from docgen.render import cheatsheet as cheatsheet_module

SPARSE = """
title: Weather vs Climate
summary: Weather is the state of the atmosphere today; climate is its average over decades.
compare:
  items: [Weather, Climate]
  rows:
    - aspect: Time scale
      values: [Hours to days, Thirty years or more]
    - aspect: Example
      values: [A rainy Tuesday, Wet winters]
"""


def dense(orientation: str = "landscape") -> str:
    rows = "\n".join(
        f'    - aspect: Aspect {i}\n      values: ["Alpha value {i}: a long cell that needs a few '
        f'lines to say what it says", "Beta value {i} is described in a sentence of middling '
        f'length", ~, "Delta {i}, short"]' for i in range(18))
    return (f"title: Four Ways\nsummary: A long comparison of four things.\ncompare:\n"
            f"  items: [Alpha, Beta, Gamma, Delta]\n  rows:\n{rows}\n"
            f"cheatsheet:\n  orientation: {orientation}\n")


@pytest.fixture
def layouts(monkeypatch) -> list[int]:
    """Counts every WeasyPrint layout the cheat sheet makes."""
    import docgen.render.pdf as pdf

    calls: list[int] = []
    real = pdf.layout

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "layout", counting)
    return calls


def render(path: Path, root: Path, out: Path) -> tuple[Path, list[str]]:
    job = RenderJob(read_topic(path, root), load_project(root))
    files = get_output("cheatsheet").render(job)
    target = out / f"{path.stem}.pdf"
    target.write_bytes(files["cheatsheet.pdf"])
    return target, job.notes


def body_size(notes: list[str]) -> float:
    [size] = [float(m.group(1)) for note in notes if (m := re.search(r"fits on 1 page at ([\d.]+) pt", note))]
    return size


def test_example_is_one_page_at_a_comfortable_size(tmp_path, layouts):
    pdf, notes = render(EXAMPLE, REPO, tmp_path)
    assert len(PdfReader(pdf).pages) == 1
    assert 9 <= body_size(notes) <= cheatsheet_module.MAX_PT
    assert len(layouts) <= 4


def test_sparse_sheet_is_grown_to_fill_the_page(project, tmp_path, layouts):
    pdf, notes = render(write_topic(project, "sparse", SPARSE), project, tmp_path)
    assert body_size(notes) == cheatsheet_module.MAX_PT
    with pdfplumber.open(pdf) as document:
        [page] = document.pages
        words = page.extract_words()
        last_row = max(w["bottom"] for w in words if w["text"] == "winters")
        assert last_row > 0.6 * page.height, "the comparison should reach well down the page"
    assert len(layouts) <= 4


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_dense_four_item_sheet_is_shrunk_and_keeps_every_cell(project, tmp_path, orientation, layouts):
    pdf, notes = render(write_topic(project, f"dense-{orientation}", dense(orientation)), project, tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (width > height) == (orientation == "landscape")
    assert cheatsheet_module.MIN_PT <= body_size(notes) < 9
    text = " ".join(reader.pages[0].extract_text().split())
    for i in range(18):
        assert f"Alpha value {i}: a long cell that needs a few lines to say what it says" in text
        assert f"Delta {i}, short" in text
    assert text.count("—") >= 18  # the null cells print as em dashes
    assert len(layouts) <= 4


def test_impossible_sheet_fails_with_what_to_shorten(project, tmp_path):
    rows = "\n".join(f"    - aspect: Row {i}\n      values: [{'word ' * 80}, {'text ' * 80}]"
                     for i in range(30))
    path = write_topic(project, "huge", f"title: Huge\ncompare:\n  items: [A, B]\n  rows:\n{rows}\n")
    with pytest.raises(DocgenError) as caught:
        render(path, project, tmp_path)
    [problem] = caught.value.problems
    assert re.match(r"cheatsheet: the content needs \d+ pages even at 7 pt", problem.message)
    assert 'compare.rows[' in problem.hint and "shorten the longest entries" in problem.hint


def test_include_selects_and_orders_parts(project, tmp_path):
    path = write_topic(project, "parts", SPARSE + """
terms:
  - term: Humidity
    definition: The amount of water vapour in the air.
cheatsheet:
  include: [terms, summary]
  notes: [Weather is what you get; climate is what you expect.]
""")
    pdf, _ = render(path, project, tmp_path)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Humidity" in text and "Weather is the state" in text
    assert text.index("Humidity") < text.index("Weather is the state")
    assert "Time scale" not in text and "what you expect" not in text
