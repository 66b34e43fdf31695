"""`scan: true` and `docgen grade`, end to end on synthetic scans (tests/scan_synth.py).

A small class pack is built, marked by simulated students, degraded
(rotation, upside down, warp, blur, noise, dithering, JPEG, a hidden
corner mark, shuffled and duplicated pages) and graded: every part read
as sure must be what was drawn, every other one must be in review.csv.
The 1,000-page accuracy run is `python bench/bench.py --grade`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

pytest.importorskip("cv2")
pytest.importorskip("zxingcpp")

from scan_synth import TOPIC, compare, synthesize  # noqa: E402



@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One build of the class pack for the whole module (a build takes seconds; copies are instant)."""
    import os

    from docgen.cli import main

    root = tmp_path_factory.mktemp("built")
    (root / "content").mkdir()
    (root / "content" / "weather.yaml").write_text(TOPIC, encoding="utf-8")
    (root / "docgen.yaml").write_text("course: Geography 7\n", encoding="utf-8")
    (root / "roster.csv").write_text("name,email\nAna García,ana@school.test\nBen Okafor,ben@school.test\n"
                                     "Chloé Martin,chloe@school.test\n", encoding="utf-8")
    here = Path.cwd()
    os.chdir(root)
    try:
        assert main(["build", "--roster", "roster.csv", "--only", "worksheet"]) == 0
    finally:
        os.chdir(here)
    return root


@pytest.fixture
def scanned(built, tmp_path) -> Path:
    import shutil

    return Path(shutil.copytree(built, tmp_path / "project"))


def test_the_scannable_page_carries_marks_a_qr_code_and_boxes_and_the_docx_does_not(scanned):
    import pdfplumber
    from docx import Document

    out = scanned / "output" / "weather"
    data = json.loads((out / "class-pack.scan.json").read_text(encoding="utf-8"))
    assert [copy["student"] for copy in data["copies"]] == ["Ana García", "Ben Okafor", "Chloé Martin"]
    first = data["copies"][0]["pages"][0]
    assert len(first["marks"]) == 4 and first["qr"] is not None
    with pdfplumber.open(out / "worksheet-A.pdf") as pdf:
        page = pdf.pages[0]
        squares = [rect for rect in page.rects if abs(rect["width"] - 5 * 72 / 25.4) < 0.5]
        assert len(squares) == 4  # the corner marks, where the map says
        centres = sorted((round((r["x0"] + r["x1"]) / 2 * 25.4 / 72), round((r["top"] + r["bottom"]) / 2 * 25.4 / 72))
                         for r in squares)
        mapped = json.loads((out / "worksheet-A.scan.json").read_text(encoding="utf-8"))["copies"][0]["pages"][0]
        assert centres == sorted((round(x), round(y)) for x, y in mapped["marks"])
        assert "Teacher" in page.extract_text()
    from docgen.grade.inputs import read_scans
    from docgen.grade.reading import decode_qr

    code, _ = decode_qr(read_scans([out / "class-pack.pdf"])[2].image)  # Ana's copy is 2 pages; then Ben's
    assert (code.version, code.page, code.row) == ("B", 1, 2)
    word = "\n".join(paragraph.text for paragraph in Document(out / "worksheet-A.docx").paragraphs)
    assert "Teacher" not in word and "Mark one box" not in word


def test_synthetic_scans_are_read_right_or_sent_to_review(scanned, run_cli, tmp_path):
    from docgen.project import load_project

    out = scanned / "output" / "weather"
    paths, drawn = synthesize(load_project(scanned), out / "class-pack.pdf", out / "class-pack.scan.json",
                              tmp_path / "scans", dpi=150, seed=7, upside_down=0.3, hidden=0.3,
                              dithered=0.15, duplicates=1)
    result = run_cli(["grade", *map(str, paths), "--roster", "roster.csv"], scanned)
    assert result.code in (0, 1), result.out + result.err
    grades = out / "grades"
    review = list(csv.DictReader((grades / "review.csv").open(encoding="utf-8-sig")))
    figures = compare(_regraded(scanned), drawn, review)
    assert figures["wrong_sure"] == [] and figures["missing_from_review"] == []
    assert figures["sure"] > 0.8 * figures["parts"]  # most parts are read without review
    rows = list(csv.DictReader((grades / "grades.csv").open(encoding="utf-8-sig")))
    assert [row["student"] for row in rows] == ["Ana García", "Ben Okafor", "Chloé Martin"]
    assert (result.code == 1) == bool([row for row in review if not row["correction"]])
    for name in ("grades.xlsx", "moodle-grades.csv", "canvas-grades.csv", "item-analysis.csv",
                 "item-analysis.pdf", "marked/Ana-García.pdf"):
        assert (grades / name).is_file(), name
    moodle = list(csv.DictReader((grades / "moodle-grades.csv").open(encoding="utf-8-sig")))
    assert moodle[0]["Email address"] == "ana@school.test"


def test_a_correction_in_review_csv_regrades_without_rescanning(scanned, run_cli, tmp_path):
    from docgen.project import load_project

    out = scanned / "output" / "weather"
    paths, _ = synthesize(load_project(scanned), out / "class-pack.pdf", out / "class-pack.scan.json",
                          tmp_path / "scans", dpi=150, seed=3, upside_down=0, hidden=0, dithered=0, duplicates=0)
    run_cli(["grade", *map(str, paths)], scanned)
    review_file = out / "grades" / "review.csv"
    lines = list(csv.reader(review_file.open(encoding="utf-8-sig")))
    header = lines[0]
    # The written question (6) needs the teacher's points; say 1 for every open line of it, "-" elsewhere.
    for line in lines[1:]:
        if not line[header.index("correction")]:
            line[header.index("correction")] = "1" if line[header.index("part")] == "points" else "-"
    with review_file.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(lines)
    for path in paths:
        path.unlink()  # nothing is scanned again
    again = run_cli(["grade"], scanned)
    assert again.code == 0, again.out + again.err
    rows = list(csv.DictReader((out / "grades" / "grades.csv").open(encoding="utf-8-sig")))
    assert {row["status"] for row in rows} == {"complete"}
    kept = list(csv.DictReader(review_file.open(encoding="utf-8-sig")))
    assert kept and all(row["correction"] for row in kept)  # the corrections stay for the next run


def test_a_page_that_is_not_a_worksheet_is_reported_and_nothing_guessed(scanned, run_cli, tmp_path):
    import cv2
    import numpy as np

    stray = tmp_path / "stray.png"
    image = np.full((1100, 850), 255, np.uint8)
    cv2.putText(image, "a letter home", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    cv2.imwrite(str(stray), image)
    result = run_cli(["grade", str(stray), "--topic", "weather"], scanned)
    assert result.code == 1
    review = list(csv.DictReader((scanned / "output/weather/grades/review.csv").open(encoding="utf-8-sig")))
    assert any("QR code" in row["reason"] for row in review)


def test_grade_usage_mistakes_exit_2(scanned, run_cli):
    assert run_cli(["grade", "no-such-scan.pdf"], scanned).code == 2
    assert run_cli(["grade"], scanned).code == 2  # nothing given, nothing read before


def _regraded(root: Path):
    """A fresh grading run in-process, from the readings kept (to look at every part's reading)."""
    from docgen.grade.run import grade
    from docgen.project import load_project

    return grade(load_project(root), [], "weather", root / "roster.csv")


def test_an_answer_fixed_in_the_topic_re_marks_every_copy_without_rescanning(scanned, run_cli, tmp_path):
    from docgen.project import load_project

    out = scanned / "output" / "weather"
    paths, drawn = synthesize(load_project(scanned), out / "class-pack.pdf", out / "class-pack.scan.json",
                              tmp_path / "scans", dpi=150, seed=5, upside_down=0, hidden=0, dithered=0,
                              duplicates=0)
    run_cli(["grade", *map(str, paths)], scanned)
    before = {sheet.name: sheet.grades[0] for sheet in _regraded(scanned)[0].sheets}
    topic = scanned / "content" / "weather.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("answer: The climate of a region",
                                                               "answer: A season"), encoding="utf-8")
    after = {sheet.name: sheet.grades[0] for sheet in _regraded(scanned)[0].sheets}
    changed = 0
    for name, grade in after.items():
        chosen = grade.parts[0].chosen
        if chosen is None or before[name].points is None:
            continue
        question = next(q for q in _plan(scanned, name) if q.number == grade.number)
        season = next(box.label for box in question.scan_rows[0].boxes if box.value == "A season")
        assert grade.points == (1 if chosen == (season,) else 0)
        changed += grade.points != before[name].points
    assert changed, "somebody's mark must change when the right answer does"


def _plan(root: Path, student: str):
    from docgen.grade.box_maps import Maps, Plans
    from docgen.project import load_project

    project = load_project(root)
    copy = next(copy for copy in Maps(project, "weather").copies.values() if copy.student == student)
    return Plans(project).of(copy).questions


def test_a_plain_worksheet_photocopied_is_graded_as_one_copy_in_any_page_order(scanned, run_cli, tmp_path):
    from docgen.project import load_project

    out = scanned / "output" / "weather"
    paths, drawn = synthesize(load_project(scanned), out / "worksheet-A.pdf", out / "worksheet-A.scan.json",
                              tmp_path / "scans", dpi=200, seed=11, dithered=0, duplicates=0)
    result = run_cli(["grade", *map(str, paths), "--topic", "weather"], scanned)
    assert "printed without a class pack" in result.out
    results = _regraded(scanned)
    (sheet,) = results[0].sheets
    assert sheet.name == "copy 1" and sorted(sheet.pages) == [1, 2]
    review = list(csv.DictReader((out / "grades" / "review.csv").open(encoding="utf-8-sig")))
    figures = compare(results, drawn, review)
    assert figures["wrong_sure"] == [] and figures["missing_from_review"] == []
