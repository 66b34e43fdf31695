"""The cheat sheet: exactly one page, filled, legible, found in few layouts."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, MINIMAL, REPO, write_topic
from docgen.content.errors import DocgenError
from docgen.content.reader import read_topic
from docgen.project import load_project
from docgen.registry import get_output
from docgen.render.job import RenderJob
from docgen.render.outputs import cheatsheet as cheatsheet_module

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


def busy() -> str:
    """The sheet of issue 15: four items, 18 rows, 7 terms and 2 notes, on one landscape page."""
    terms = "\n".join(f"  - term: Term {i}\n    definition: What term {i} means, said in a short sentence."
                      for i in range(7))
    return (dense().replace("a long cell that needs a few lines to say what it says", "a cell of some length")
            .replace("cheatsheet:\n", f"terms:\n{terms}\ncheatsheet:\n")
            + "  notes: [Read every row across before you compare down., Gamma has no values at all.]\n")


def corpus() -> dict[str, str]:
    """Sheets of every shape: the layouts-per-sheet budget is measured over these."""
    long_rows = "\n".join(f"    - aspect: Aspect {i}\n      values: [Value {i} for the first item in words, "
                          f"Value {i} for the second item, Third {i}, Fourth {i}]" for i in range(18))
    terms = "\n".join(f"  - term: Word {i}\n    definition: The meaning of word {i}, which takes a line "
                      f"or two to explain in plain words for a student." for i in range(14))
    example = EXAMPLE.read_text("utf-8")
    return {
        "example": example,
        "example-portrait": example + "\ncheatsheet:\n  orientation: portrait\n" if "\ncheatsheet:" not in example
        else example.replace("\ncheatsheet:\n", "\ncheatsheet:\n  orientation: portrait\n"),
        "sparse": SPARSE,
        "minimal": MINIMAL,
        "parts": SPARSE + "terms:\n  - term: Humidity\n    definition: The amount of water vapour in the air.\n"
                 "cheatsheet:\n  include: [terms, summary]\n  notes: [Weather is what you get.]\n",
        "dense-landscape": dense("landscape"),
        "dense-portrait": dense("portrait"),
        "busy": busy(),
        "long": f"title: Long\ncompare:\n  items: [A, B, C, D]\n  rows:\n{long_rows}\n",
        "glossary": f"title: A Glossary\nsummary: Words of the topic.\nterms:\n{terms}\n",
        "three-items": SPARSE.replace("[Weather, Climate]", "[Weather, Climate, Season]")
                       .replace("[Hours to days, Thirty years or more]", "[Hours to days, Thirty years or more, Three months]")
                       .replace("[A rainy Tuesday, Wet winters]", "[A rainy Tuesday, Wet winters, ~]")
                       + "terms:\n" + "\n".join(terms.splitlines()[:8]) + "\n",
        "notes-only": "title: Exam Tips\nsummary: What to remember on the day.\ncompare:\n  items: [Paper 1, Paper 2]\n"
                      "  rows:\n    - aspect: Length\n      values: [90 minutes, 2 hours]\n"
                      "cheatsheet:\n  notes:\n    - 'Speed is $v = \\frac{d}{t}$: distance over time.'\n" + "".join(f"    - Tip {i}, read the question twice and underline "
                                                           f"the command word before you write.\n" for i in range(12)),
    }


@pytest.fixture
def layouts(monkeypatch) -> list[int]:
    """Counts every WeasyPrint layout the cheat sheet makes."""
    import docgen.render.writers.html.printer as pdf

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
    assert len(layouts) <= 2


def inked_rows(pdf: Path) -> tuple[list[float], float]:
    """Heights (pt from the top) of the pixel rows with anything printed on them, and the page height."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        image = page.to_image(resolution=100).original.convert("L")
        width, height = image.size
        pixels = image.load()
        rows = [y * page.height / height for y in range(height)
                if sum(pixels[x, y] < 240 for x in range(width)) > width * 0.02]
        return rows, float(page.height)


def test_every_sheet_is_legible_filled_and_found_in_few_layouts(project, tmp_path, layouts):
    """Issue 15: no character under 7 pt; no band over 15 % of the page left empty
    (content, or ruled Notes lines, reach the foot); at most 1.25 layouts a sheet."""
    sheets = corpus()
    for name, text in sheets.items():
        pdf, notes = render(write_topic(project, name, text), project, tmp_path)
        with pdfplumber.open(pdf) as document:
            [page] = document.pages
            # A formula is drawn as paths; its TeX is an invisible 1 px text layer (docgen.formula).
            layer = "".join(char["text"] for char in page.chars if char["size"] < 1)
            assert layer == ("$v = \\frac{d}{t}$" if name == "notes-only" else ""), (name, layer)
            sizes = {round(char["size"], 2) for char in page.chars if char["size"] >= 1}
            assert min(sizes) >= cheatsheet_module.MIN_PT, (name, sorted(sizes)[:3])
            words = [w for w in page.extract_words() if w["bottom"] < page.height - 30]  # not the footer
            content_bottom = max(w["bottom"] for w in words)
            notes_area = any(w["text"] == "NOTES" for w in words)
        rows, height = inked_rows(pdf)
        foot = height - 10 * 72 / 25.4  # the page area ends where the footer's margin begins
        body = [y for y in rows if y < foot]
        gaps = [b - a for a, b in zip(body, body[1:])] + [foot - body[-1]]
        assert max(gaps) < 0.15 * height, (name, notes, max(gaps) / height)
        assert content_bottom >= 0.85 * height - 30 or notes_area, (name, content_bottom / height)
    print(f"{len(layouts)} layouts for {len(sheets)} sheets")
    assert len(layouts) <= 1.25 * len(sheets)


def test_sparse_sheet_stops_at_a_reading_size_and_rules_the_rest(project, tmp_path, layouts):
    pdf, notes = render(write_topic(project, "sparse", SPARSE), project, tmp_path)
    assert body_size(notes) == cheatsheet_module.MAX_PT
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Wet winters" in text and "NOTES" in text.upper()
    rows, height = inked_rows(pdf)
    assert max(rows) > 0.9 * height - 30, "the ruled lines reach the foot of the page"
    assert len(layouts) == 1


def test_busy_sheet_keeps_terms_and_notes_in_their_columns(project, tmp_path):
    pdf, notes = render(write_topic(project, "busy", busy()), project, tmp_path)
    with pdfplumber.open(pdf) as document:
        [page] = document.pages
        words = page.extract_words()
        starts = sorted({round(w["x0"]) for w in words if re.fullmatch(r"Term", w["text"])})
        assert len(starts) == 3, f"7 terms in three columns on a landscape page, not a stair: {starts}"
        tips = [w for w in words if w["text"] in ("Read", "Gamma") and w["x0"] > 0]
        assert max(w["x0"] for w in tips) > page.width / 2, "the second note sits in the right column"


def test_item_tints_are_an_even_visible_ramp(project, tmp_path):
    pdf, _ = render(write_topic(project, "four", dense()), project, tmp_path)
    with pdfplumber.open(pdf) as document:
        colours = {tuple(rect["non_stroking_color"]) for rect in document.pages[0].rects if rect["fill"]}
    # the item columns are neutral grays (the accent-tinted summary box is not one of them)
    tints = sorted(round(1 - colour[0], 2) for colour in colours if len(set(colour)) == 1 and colour[0] < 0.99)
    # Visible, and never darker than 12 % behind text (darker turns muddy on a photocopy, issue 22);
    # each column also has its name in the header, so the tint adds and never carries the meaning.
    assert len(tints) == 4 and tints[0] >= 0.03 and tints[-1] <= 0.12, tints
    steps = [b - a for a, b in zip(tints, tints[1:])]
    assert min(steps) >= 0.025 and max(steps) - min(steps) <= 0.02, tints


def test_impossible_sheet_names_the_part_and_the_real_cause(project, tmp_path):
    rows = "\n".join(f"    - aspect: Row {i}\n      values: [{'word ' * 40}, {'text ' * 40}]"
                     for i in range(40))
    path = write_topic(project, "huge", f"title: Huge\nsummary: Short.\ncompare:\n  items: [A, B]\n"
                                        f"  rows:\n{rows}\n")
    with pytest.raises(DocgenError) as caught:
        render(path, project, tmp_path)
    [problem] = caught.value.problems
    assert re.match(r"the content needs about [\d.]+ pages even at 7 pt", problem.message)
    assert "the largest part, the comparison, fills" in problem.message
    # 40 equal rows: no row is to blame, and leaving out the summary would not help
    assert "about equally long" in problem.hint and "cut about" in problem.hint
    assert "include" not in problem.hint and "rows[39]" not in problem.hint


def test_overflow_from_one_long_row_names_it(project, tmp_path):
    rows = "\n".join(f"    - aspect: Row {i}\n      values: [Short {i}, Short too]" for i in range(12))
    long_row = f"    - aspect: The long one\n      values: [{'many words ' * 700}, x]"
    path = write_topic(project, "one", f"title: One\ncompare:\n  items: [A, B]\n  rows:\n{rows}\n{long_row}\n")
    with pytest.raises(DocgenError) as caught:
        render(path, project, tmp_path)
    [problem] = caught.value.problems
    assert 'compare.rows[12] "The long one"' in problem.hint and "rows[11]" not in problem.hint


def test_overflow_that_a_smaller_part_causes_suggests_leaving_it_out(project, tmp_path):
    terms = "\n".join(f"  - term: T{i}\n    definition: {'a definition word ' * 12}" for i in range(60))
    path = write_topic(project, "terms", f"{dense()}terms:\n{terms}\n".replace(
        "cheatsheet:\n  orientation: landscape\n", ""))
    with pytest.raises(DocgenError) as caught:
        render(path, project, tmp_path)
    [problem] = caught.value.problems
    assert "the largest part, the key terms, fills" in problem.message
    assert "leave the key terms out with `cheatsheet: {include: [summary, compare]}`" in problem.hint


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
