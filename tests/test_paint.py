"""One layout for the worksheet and its key, painted twice.

The key is not laid out again: a build lays each version's worksheet out
once and paints it as the worksheet (answers hidden) and as the key
(answers shown). Painting leaves the layout as it was, so the files do
not depend on which is written first, and a one-output build gives the
same bytes as a build of both.
"""

from __future__ import annotations

import io

import pdfplumber
import yaml

from docgen.content.reader import read_topic
from docgen.project import load_project
from docgen.render.job import RenderJob, render_output
from docgen.render.writers.html.paint import KEY, SHEET, paint_pdf
from docgen.render.measure import worksheet_sheet
from docgen.timing import take

from tests.test_docx import TOPIC


def _job(tmp_path, config: str = "course: Paint\n") -> RenderJob:
    (tmp_path / "content").mkdir(parents=True)
    (tmp_path / "docgen.yaml").write_text(config, "utf-8")
    path = tmp_path / "content" / "paint.yaml"
    path.write_text(yaml.safe_dump(TOPIC, allow_unicode=True), "utf-8")
    return RenderJob(read_topic(path, tmp_path), load_project(tmp_path))


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return " ".join(page.extract_text() for page in document.pages)


def test_the_key_takes_no_layout_of_its_own(tmp_path):
    job = _job(tmp_path, "course: Paint\nversions: 2\neditions: [large-print]\n")
    take()
    worksheet = render_output(job, "worksheet")
    assert take()["layouts"] == 4  # two versions, two editions
    answers = render_output(job, "answers")
    assert take()["layouts"] == 2  # only the answers grid of each edition
    assert {name for name in answers if name.endswith(".pdf")} == {
        "answers-A.pdf", "answers-B.pdf", "answers-grid.pdf", "large-print/answers-A.pdf",
        "large-print/answers-B.pdf", "large-print/answers-grid.pdf"}
    assert not job.shared  # each layout was handed over, none is kept
    alone = render_output(_job(tmp_path / "again"), "worksheet")  # the standard edition, one version
    assert alone.keys() == {"worksheet.docx", "worksheet.pdf"} and worksheet


def test_painting_hides_the_answers_and_leaves_the_layout_as_it_was(tmp_path):
    job = _job(tmp_path)
    sheet = worksheet_sheet(job)
    first = paint_pdf(sheet, SHEET, "paint/worksheet.pdf")
    key = paint_pdf(sheet, KEY, "paint/answers.pdf")
    assert paint_pdf(sheet, SHEET, "paint/worksheet.pdf") == first  # the key's paint left nothing behind
    sheet_text, key_text = _text(first), _text(key)
    for answer in ("interrelated", "ANSWER KEY"):
        assert answer in key_text and answer not in sheet_text, answer
    with pdfplumber.open(io.BytesIO(first)) as a, pdfplumber.open(io.BytesIO(key)) as b:
        assert len(a.pages) == len(b.pages)
        assert (a.metadata["Title"], b.metadata["Title"]) == ("Logistics vs Operations — Worksheet",
                                                           "Logistics vs Operations — Answer key")


def test_a_key_built_alone_is_the_key_built_after_its_worksheet(tmp_path):
    together = _job(tmp_path / "together")
    render_output(together, "worksheet")
    after = render_output(together, "answers")
    alone = render_output(_job(tmp_path / "alone"), "answers")
    assert after == alone
