"""`docgen build` end to end: real files, opened and read back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, MINIMAL, REPO, write_topic
from docgen.cli import main

SIX_FILES = {"handout.pdf", "worksheet.docx", "worksheet.pdf", "answers.docx", "answers.pdf",
             "cheatsheet.pdf"}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Text without line breaks or hyphenation, to search for phrases."""
    return " ".join(text.replace("-\n", "").split())




def test_example_builds_all_six_files(example_output):
    assert {path.name for path in example_output.iterdir()} == SIX_FILES


def test_handout_pdf_has_the_topic(example_output):
    reader = PdfReader(example_output / "handout.pdf")
    text = squash(pdf_text(example_output / "handout.pdf"))
    assert "Logistics vs Operations Management" in text
    assert "Part of" in text and "Supply chain management" in text
    assert "Page 1 of" in text
    assert reader.metadata.title == "Logistics vs Operations Management"
    assert 1 <= len(reader.pages) <= 6


def test_worksheet_and_answer_key_pdfs(example_output):
    worksheet = squash(pdf_text(example_output / "worksheet.pdf"))
    answers = squash(pdf_text(example_output / "answers.pdf"))
    assert "ANSWER KEY" in answers and "ANSWER KEY" not in worksheet
    from docgen.content.reader import read_topic
    from docgen.i18n import labels_for
    from docgen.layout.blocks import GapText
    from docgen.layout.sheet import lay_out_worksheet
    topic = read_topic(EXAMPLE, REPO).topic
    layout = lay_out_worksheet(topic, "logistics-vs-operations", labels_for("en"))
    for question in layout.questions:
        assert f"{question.number}." in worksheet
    gaps = next(b for q in layout.questions for b in q.blocks if isinstance(b, GapText))
    gap = next(s.text for s in gaps.segments if s.gap)
    before = next(s.text for s in gaps.segments if not s.gap).strip().split()[-1]
    assert f"{before} {gap}" in answers
    assert f"{before} {gap}" not in worksheet  # the key's answer is not printed on the worksheet


def test_worksheet_docx_opens_with_questions_and_styles(example_output):
    document = docx.Document(example_output / "worksheet.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    from docgen.content.reader import read_topic
    from docgen.markdown import plain_text
    topic = read_topic(EXAMPLE, REPO).topic
    first = topic.questions[0]
    assert plain_text(getattr(first, "prompt", None) or getattr(first, "statement")) in text
    styles = {p.style.name for p in document.paragraphs}
    assert "Question" in styles
    assert docx.Document(example_output / "answers.docx").core_properties.title


def test_cheatsheet_is_exactly_one_page(example_output):
    assert len(PdfReader(example_output / "cheatsheet.pdf").pages) == 1


def test_second_build_is_up_to_date_and_force_rebuilds(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    assert run_cli(["build", "--only", "handout"], project).code == 0
    target = project / "output" / "mini" / "handout.pdf"
    stamp = target.stat().st_mtime_ns
    again = run_cli(["build", "--only", "handout"], project)
    assert again.code == 0 and "up to date" in again.out
    assert target.stat().st_mtime_ns == stamp
    forced = run_cli(["build", "--only", "handout", "--force"], project)
    assert forced.code == 0 and "built" in forced.out and "no file changed" in forced.out
    assert target.stat().st_mtime_ns == stamp, "the same bytes are not written again, even with --force"
    # Editing the content file makes it out of date again.
    (project / "content" / "mini.yaml").write_text(MINIMAL.replace("moves and stores", "moves and keeps"))
    assert "up to date" not in run_cli(["build", "--only", "handout"], project).out


def test_one_broken_topic_does_not_stop_the_others(project, run_cli):
    write_topic(project, "good", MINIMAL)
    write_topic(project, "bad", MINIMAL.replace("answer: true", "answer: maybe"))
    result = run_cli(["build", "--only", "handout,cheatsheet", "--jobs", "2"], project)
    assert result.code == 1
    assert "content/bad.yaml:14:13: question 1 (questions[0].answer): must be true or false" in result.err
    assert "Traceback" not in result.err + result.out
    assert (project / "output" / "good" / "handout.pdf").is_file()
    assert (project / "output" / "good" / "cheatsheet.pdf").is_file()
    assert not (project / "output" / "bad").exists()
    assert "2 topics: 1 built, 1 failed;" in result.out


def test_only_and_out(project, run_cli, tmp_path_factory):
    write_topic(project, "mini", MINIMAL)
    out = tmp_path_factory.mktemp("elsewhere")
    result = run_cli(["build", "--only", "worksheet", "--out", str(out)], project)
    assert result.code == 0, result.err
    assert {p.name for p in (out / "mini").iterdir()} == {"worksheet.docx", "worksheet.pdf"}


def test_output_with_nothing_to_show_is_skipped_with_a_note(project, run_cli):
    write_topic(project, "terms-only", """
        title: Terms only
        terms:
          - term: Logistics
            definition: Moving and storing goods.
        """)
    result = run_cli(["build"], project)
    assert result.code == 0, result.err
    assert "worksheet: skipped, the topic has no questions" in result.out
    assert {p.name for p in (project / "output" / "terms-only").iterdir()} == {
        "handout.pdf", "cheatsheet.pdf"}


def test_check_and_usage_errors(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    assert run_cli(["check"], project).code == 0
    write_topic(project, "broken", "title: [\n")
    result = run_cli(["check"], project)
    assert result.code == 1 and "content/broken.yaml:2:1: YAML syntax error" in result.err
    assert run_cli(["build", "--only", "poster"], project).code == 2
    assert run_cli(["frobnicate"], project).code == 2
    assert not (project / "output").exists()


def test_bad_project_config_fails_every_topic_clearly(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    (project / "docgen.yaml").write_text("paper: A5\n")
    result = run_cli(["build"], project)
    assert result.code == 1
    assert "docgen.yaml:1:8: paper:" in result.err


def test_schema_command_matches_the_published_copy(project, run_cli):
    result = run_cli(["schema"], project)
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema == json.loads((REPO / "docs" / "content-format.schema.json").read_text("utf-8"))
    assert "title" in schema["required"]
    assert schema["additionalProperties"] is False


def test_python_dash_m_and_version(project):
    result = subprocess.run([sys.executable, "-m", "docgen", "--version"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("docgen ")


def test_cheatsheet_long_comparison_fits_and_impossible_one_fails(project, run_cli):
    rows = "\n".join(
        f"    - aspect: Aspect {i}\n      values: [Value {i} for the first item in words, "
        f"Value {i} for the second item, Third {i}, Fourth {i}]" for i in range(18))
    write_topic(project, "long", f"title: Long\ncompare:\n  items: [A, B, C, D]\n  rows:\n{rows}\n")
    result = run_cli(["build", "--only", "cheatsheet"], project)
    assert result.code == 0, result.err
    pdf = project / "output" / "long" / "cheatsheet.pdf"
    assert len(PdfReader(pdf).pages) == 1
    assert "Value 17 for the second item" in squash(pdf_text(pdf))
    assert "cheatsheet.pdf: fits on 1 page at " in result.out
    huge = "\n".join(f"    - aspect: A{i}\n      values: [{'word ' * 60}, {'word ' * 60}]"
                     for i in range(40))
    write_topic(project, "huge", f"title: Huge\ncompare:\n  items: [A, B]\n  rows:\n{huge}\n")
    result = run_cli(["build", "--only", "cheatsheet", "content/huge.yaml"], project)
    assert result.code == 1
    assert "cheatsheet: the content needs" in result.err and "40 rows are about equally long" in result.err
    assert not (project / "output" / "huge").exists()
