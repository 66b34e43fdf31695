"""The files of output/<slug>/grades/: grades, gradebook imports, review list and its crops.

Columns (docs/grading.md): questions are named as numbered in the first
version (``Q1``...), a question only another version asks as ``B7``.
An incomplete student (a doubt open, a page missing) has ``status``
``incomplete`` and no grade in the gradebook imports, so a guess is never
imported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import cv2

from docgen.grade.reading import PX_PER_MM
from docgen.grade.run import Result, Sheet, safe_name
from docgen.project import Project

CROP_MARGIN_MM = (25.0, 6.0)  # around a doubt's boxes: room for the options' words, and a line above


def columns(result: Result) -> list[tuple[str, str]]:
    """(question key, column name), in the first version's order, then any other version's."""
    seen: dict[str, str] = {}
    for sheet in sorted(result.sheets, key=lambda sheet: sheet.copy.version or ""):
        for grade in sheet.grades:
            if grade.key not in seen:
                prefix = "Q" if not seen or sheet.copy.version in (None, _first_version(result)) else \
                    sheet.copy.version
                seen[grade.key] = f"{prefix}{grade.number}"
    return list(seen.items())


def _first_version(result: Result) -> str | None:
    versions = sorted(sheet.copy.version or "" for sheet in result.sheets)
    return versions[0] or None if versions else None


def grade_rows(result: Result) -> tuple[list[str], list[list]]:
    named = columns(result)
    header = ["student", "version", *(name for _, name in named), "total", "max", "percent", "status"]
    rows = []
    for sheet in result.sheets:
        points = {grade.key: grade.points for grade in sheet.grades}
        percent = round(100 * sheet.total / sheet.max_points, 1) if sheet.max_points else 0.0
        rows.append([sheet.name, sheet.copy.version or "",
                     *(_number(points.get(key)) for key, _ in named),
                     _number(sheet.total), _number(sheet.max_points), percent,
                     "complete" if sheet.complete else "incomplete"])
    return header, rows


def _number(value: float | None) -> float | int | str:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(value, 2)


def write_reports(result: Result, plans, project: Project, roster: Path | None) -> None:
    from docgen.grade.analysis import write_item_analysis
    from docgen.grade.marked import write_marked

    folder = result.folder
    folder.mkdir(parents=True, exist_ok=True)
    header, rows = grade_rows(result)
    _write(folder / "grades.csv", _csv([header, *rows]))
    _xlsx(folder / "grades.xlsx", header, rows)
    title = plans.title(result.slug)
    extra = _roster_columns(roster)
    _write(folder / "moodle-grades.csv", _csv(_moodle(result, title, extra)))
    _write(folder / "canvas-grades.csv", _csv(_canvas(result, title, extra)))
    _write(folder / "review.csv", _csv(_review(result)))
    write_marked(result, plans)
    write_item_analysis(result, plans, project)


def _csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8")
    temporary.replace(path)


def _xlsx(path: Path, header: list[str], rows: list[list]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "grades"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    temporary = path.with_name(path.name + ".part")
    book.save(temporary)
    temporary.replace(path)


def _roster_columns(roster: Path | None) -> dict[str, dict[str, str]]:
    """Every column of the roster by student name (email, id...), for the gradebook imports."""
    if roster is None:
        return {}
    text = roster.read_bytes().decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(text.splitlines(), delimiter=max(",;\t", key=first.count))
    return {(row.get("name") or "").strip(): {key.strip().lower(): (value or "").strip()
                                             for key, value in row.items() if key}
            for row in reader}


def _moodle(result: Result, title: str, extra: dict) -> list[list]:
    """Moodle's grade import (Grades > Import > CSV file): map "Email address" to the user's email."""
    rows = [["Email address", "ID number", "Full name", title]]
    for sheet in result.sheets:
        own = extra.get(sheet.name, {})
        rows.append([own.get("email", ""), own.get("id", own.get("idnumber", "")), sheet.name,
                     _number(sheet.total) if sheet.complete else ""])
    return rows


def _canvas(result: Result, title: str, extra: dict) -> list[list]:
    """Canvas's gradebook import: its first five columns, then the assignment (made if new)."""
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]]
    for sheet in result.sheets:
        own = extra.get(sheet.name, {})
        rows.append([sheet.name, own.get("canvas_id", own.get("id", "")), own.get("sis_id", ""),
                     own.get("login", own.get("email", "")), own.get("section", ""),
                     _number(sheet.total) if sheet.complete else ""])
    return rows


def _review(result: Result) -> list[list]:
    """review.csv, and a crop of every doubt in review/ (the straightened page around its boxes)."""
    folder = result.folder / "review"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    rows = [["student", "version", "page", "question", "part", "reading", "reason", "crop", "correction"]]
    for sheet in result.sheets:
        for doubt in sheet.doubts:
            crop = _crop(result, sheet, doubt) if not doubt.resolved else ""
            rows.append([sheet.name, sheet.copy.version or "", doubt.page or "", doubt.question or "",
                         doubt.part, doubt.reading, doubt.reason, crop, doubt.correction])
    for page in result.unplaced:
        if not page.get("blank"):
            rows.append(["", "", "", "", "", page["source"], page["reason"], page["image"], ""])
    return rows


def _crop(result: Result, sheet: Sheet, doubt) -> str:
    reading = sheet.pages.get(doubt.page) if doubt.page else None
    if reading is None or doubt.rect is None:
        return ""
    image = cv2.imread(str(result.folder / reading.image), cv2.IMREAD_GRAYSCALE)
    if image is None:
        return ""
    x, y, w, h = doubt.rect
    across, down = CROP_MARGIN_MM
    top, left = int(max(0, (y - down) * PX_PER_MM)), int(max(0, (x - across) * PX_PER_MM))
    piece = image[top:int((y + h + down) * PX_PER_MM), left:int((x + w + across) * PX_PER_MM)]
    part = safe_name(doubt.part) if doubt.part else "answer"
    name = f"review/{safe_name(sheet.name)}-q{doubt.question}-{part}.png"
    cv2.imwrite(str(result.folder / name), piece)
    return name
