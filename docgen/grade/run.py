"""`docgen grade SCANS...`: read the pile, grade each student, write output/<slug>/grades/.

Reading is kept (``grades/readings.json`` and the straightened pages in
``grades/pages/``), so `docgen grade` with no scans grades again from them:
after a correction in review.csv, a threshold changed in docgen.yaml, or an
answer fixed in the topic, nothing is scanned twice.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import cv2

from docgen.content.errors import DocgenError, Problem
from docgen.grade.boxes import Thresholds, measure, state
from docgen.grade.box_maps import Copy, Maps, Plans
from docgen.grade.scoring import Box, Doubt, QuestionGrade, doubts_of, grade_question, read_part
from docgen.project import Project
from docgen.scan import PageCode

GRADES = "grades"
READINGS = "readings.json"
READINGS_FORMAT = 1
WORKERS = 2  # processes reading pages (docgen's machines: 2 cores and up)


@dataclass
class PageReading:
    """A placed page as read: whose page it is and the ink of each of its boxes (the cache)."""

    source: str
    code: PageCode
    image: str  # the straightened page, relative to the grades folder
    marks_found: int
    boxes: dict[tuple, tuple[float, float]]  # (question, row, box) -> (ink, faint)

    def to_json(self) -> dict:
        return {"source": self.source, "code": self.code.text(), "image": self.image,
                "marks_found": self.marks_found,
                "boxes": [[*key, *value] for key, value in self.boxes.items()]}

    @classmethod
    def from_json(cls, data: dict) -> "PageReading":
        code = PageCode.parse(data["code"])
        return cls(data["source"], code, data["image"], data["marks_found"],
                   {tuple(box[:3]): (box[3], box[4]) for box in data["boxes"]})


@dataclass
class Sheet:
    """One student's copy as scanned: their pages, and what went wrong with them."""

    copy: Copy
    name: str
    pages: dict[int, PageReading] = field(default_factory=dict)
    doubts: list[Doubt] = field(default_factory=list)
    grades: list[QuestionGrade] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(doubt.resolved for doubt in self.doubts) and all(
            grade.points is not None for grade in self.grades)

    @property
    def total(self) -> float:
        return round(sum(grade.points or 0 for grade in self.grades), 2)

    @property
    def max_points(self) -> float:
        return sum(grade.max_points for grade in self.grades)


@dataclass
class Result:
    """Everything one topic's grading wrote, for the command line to report."""

    slug: str
    folder: Path
    sheets: list[Sheet]
    unplaced: list[dict]
    notes: list[str]

    @property
    def review_count(self) -> int:
        return sum(1 for sheet in self.sheets for doubt in sheet.doubts if not doubt.resolved) + len(
            [page for page in self.unplaced if not page.get("blank")])


def grade(project: Project, scans: list[Path], slug: str | None, roster: Path | None) -> list[Result]:
    """Grade the scans (or, with none, the readings kept from the last time) of every topic they show."""
    from docgen.grade import require

    require()
    maps = Maps(project, slug)
    limits = Thresholds(project.config.grading.fill, project.config.grading.cancel)
    if scans:
        readings, unplaced = _read_scans(project, maps, scans, slug)
    else:
        readings, unplaced = _cached(project, maps, slug)
    plans = Plans(project)
    names = _roster_names(roster)
    results = []
    for topic_slug in sorted(readings):
        folder = project.output_dir / topic_slug / GRADES
        notes: list[str] = []
        sheets = _sheets(maps, readings[topic_slug], names, notes)
        corrections = _corrections(folder)
        for sheet in sheets:
            _grade_sheet(sheet, plans.of(sheet.copy), limits, corrections)
        result = Result(topic_slug, folder, sheets, unplaced.get(topic_slug, []), notes)
        from docgen.grade.reports import write_reports

        write_reports(result, plans, project, roster)
        results.append(result)
    return results


@dataclass
class _Read:
    """What a worker read of one scanned page, for the main process to file."""

    name: str
    code: PageCode | None = None
    page: bytes = b""  # JPEG: the straightened page, or (unplaced) the scan made smaller
    marks_found: int = 0
    boxes: dict = field(default_factory=dict)
    reason: str = ""
    blank: bool = False


_MAPS: Maps | None = None  # each worker's copy of the maps (set once, not sent with every page)


def _start_worker(maps: Maps) -> None:
    global _MAPS
    _MAPS = maps


def _read_unit(unit: tuple[Path, int | None]) -> list[_Read]:
    """Place and measure the pages of one unit (a PDF page, an image file)."""
    from docgen.grade.inputs import load
    from docgen.grade.reading import Placed, place

    read = []
    for scan in load(*unit):
        placed = place(scan, _MAPS.geometry)
        if not isinstance(placed, Placed):
            small = cv2.resize(scan.image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
            read.append(_Read(scan.name, page=_jpeg(small, 70), reason=placed.reason, blank=placed.blank))
            continue
        copy = _MAPS.copy(placed.code)
        boxes = {(q, row, box): measure(placed.page, x, y, w, h)
                 for q, row, box, x, y, w, h in copy.boxes(placed.code.page)}
        read.append(_Read(scan.name, placed.code, _jpeg(placed.page, 85), placed.marks_found, boxes))
    return read


def _jpeg(image, quality: int) -> bytes:
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()


def _read_all(maps: Maps, paths: list[Path]) -> list[_Read]:
    """Every page read, in the order given; on two worker processes when there is more than a page."""
    from concurrent.futures import ProcessPoolExecutor

    from docgen.grade.inputs import units

    work = units(paths)
    workers = min(WORKERS, os.cpu_count() or 1, len(work))
    if workers <= 1:
        _start_worker(maps)
        return [read for unit in work for read in _read_unit(unit)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(maps,)) as pool:
        return [read for reads in pool.map(_read_unit, work) for read in reads]


def _read_scans(project: Project, maps: Maps, paths: list[Path], slug: str | None):
    readings: dict[str, list[PageReading]] = {}
    unplaced: dict[str, list[dict]] = {}
    lost = []
    for index, read in enumerate(_read_all(maps, paths)):
        if read.code is None:
            lost.append((read, index))
            continue
        copy = maps.copy(read.code)
        folder = project.output_dir / copy.slug / GRADES
        image = f"pages/{index + 1:04d}.jpg"
        (folder / "pages").mkdir(parents=True, exist_ok=True)
        (folder / image).write_bytes(read.page)
        readings.setdefault(copy.slug, []).append(PageReading(read.name, read.code, image, read.marks_found,
                                                              read.boxes))
    topics = sorted(readings) or ([slug] if slug else sorted(set(maps.slugs.values())))
    for read, index in lost:  # a page that names no topic belongs to every topic graded now
        for topic_slug in topics:
            folder = project.output_dir / topic_slug / GRADES
            (folder / "unplaced").mkdir(parents=True, exist_ok=True)
            image = f"unplaced/{index + 1:04d}.jpg"
            (folder / image).write_bytes(read.page)
            unplaced.setdefault(topic_slug, []).append(
                {"source": read.name, "reason": read.reason, "image": image, "blank": read.blank})
            readings.setdefault(topic_slug, [])
    for topic_slug, pages in readings.items():
        folder = project.output_dir / topic_slug / GRADES
        folder.mkdir(parents=True, exist_ok=True)
        data = {"format": READINGS_FORMAT, "pages": [page.to_json() for page in pages],
                "unplaced": unplaced.get(topic_slug, [])}
        _write_atomic(folder / READINGS, json.dumps(data, indent=1, ensure_ascii=False))
    return readings, unplaced


def _cached(project: Project, maps: Maps, slug: str | None):
    readings, unplaced = {}, {}
    slugs = [slug] if slug else sorted(set(maps.slugs.values()))
    for topic_slug in slugs:
        path = project.output_dir / topic_slug / GRADES / READINGS
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        readings[topic_slug] = [PageReading.from_json(page) for page in data["pages"]]
        unplaced[topic_slug] = data["unplaced"]
    if not readings:
        raise DocgenError([Problem(None, "nothing to grade: no scans given, and none read before",
                                   hint="docgen grade SCANS... (PDFs or images of the printed worksheets)")])
    return readings, unplaced


def _roster_names(roster: Path | None) -> dict[int, str]:
    if roster is None:
        return {}
    from docgen.roster import read_roster

    return {index + 1: student.name for index, student in enumerate(read_roster(roster).students)}


def _sheets(maps: Maps, pages: list[PageReading], names: dict[int, str], notes: list[str]) -> list[Sheet]:
    """Pages gathered into copies: a class pack's by student row (a page scanned twice is read once);
    a plain worksheet's in scan order, a page number seen again starting the next copy."""
    sheets: dict[tuple, Sheet] = {}
    unnamed = 0
    for reading in pages:
        copy = maps.copy(reading.code)
        if isinstance(copy, str):  # the build changed since reading: say so, keep the rest
            notes.append(f"{reading.source}: {copy}")
            continue
        code = reading.code
        if code.row:
            key = (code.version, code.edition, code.row)
        else:
            if not unnamed or code.page in sheets[("copy", unnamed)].pages:  # that page again: the next copy
                unnamed += 1
            key = ("copy", unnamed)
        name = names.get(code.row) or copy.student or f"copy {unnamed}"
        sheet = sheets.setdefault(key, Sheet(copy, name))
        if code.page in sheet.pages:
            first = sheet.pages[code.page]
            notes.append(f"{reading.source}: page {code.page} of {name} scanned twice (also "
                         f"{first.source}); the first is read")
            continue
        sheet.pages[code.page] = reading
    for sheet in sheets.values():
        if not sheet.copy.row:
            notes.append(f"{sheet.name}: a worksheet printed without a class pack; its pages were put "
                         "together in scan order")
        for page in range(1, len(sheet.copy.pages) + 1):
            if page not in sheet.pages:
                sheet.doubts.append(Doubt(None, "", page, "", f"page {page} was not scanned"))
    return sorted(sheets.values(), key=lambda sheet: (sheet.copy.row or 10**6, sheet.name))


def _grade_sheet(sheet: Sheet, plan, limits: Thresholds, corrections: dict) -> None:
    where = {}
    for page_number, page in enumerate(sheet.copy.pages, start=1):
        for q, row, box, x, y, w, h in page["boxes"]:
            where[(q, row, box)] = (page_number, (x, y, w, h))

    def boxes(question: int, row, count: int) -> list[Box | None]:
        found = []
        for index in range(count):
            page_number, rect = where.get((question, row, index), (None, None))
            reading = sheet.pages.get(page_number)
            if reading is None or (question, row, index) not in reading.boxes:
                found.append(None)
                continue
            ink, faint = reading.boxes[(question, row, index)]
            found.append(Box(page_number, rect, ink, faint, state(ink, faint, limits)))
        return found

    for question in plan.questions:
        parts = [read_part(question, index, row, boxes(question.number, index, len(row.boxes)), limits,
                           corrections.get((sheet.name, question.number, row.name)))
                 for index, row in enumerate(question.scan_rows)]
        points = read_part(question, -1, None, boxes(question.number, "p", len(question.points_boxes)), limits,
                           corrections.get((sheet.name, question.number, "points")))
        result = grade_question(question, parts, points)
        sheet.grades.append(result)
        sheet.doubts.extend(doubts_of(result))


def _corrections(folder: Path) -> dict[tuple, str]:
    """The teacher's corrections in the review.csv of the last run: (student, question, part) -> text."""
    import csv

    path = folder / "review.csv"
    if not path.is_file():
        return {}
    found = {}
    with path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            correction = (row.get("correction") or "").strip()
            if correction and (row.get("question") or "").strip().isdigit():
                found[(row["student"], int(row["question"]), row.get("part") or "")] = correction
    return found


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def safe_name(text: str) -> str:
    """A file name from a student's name: letters kept (accents too), the rest dashes."""
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-") or "student"
