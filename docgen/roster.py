"""A class list for the class pack: ``name`` (required), ``version``, ``edition``.

The roster is read and checked whole before anything is built: a missing
name column, an empty or repeated name, an unknown version or edition is
reported with its file and line, and nothing is written. Other columns
(an email, a form group) are allowed and ignored.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from docgen.content.errors import DocgenError, Problem, quoted_list
from docgen.project import EDITIONS
from docgen.questions import LETTERS

STANDARD = "standard"  # an edition cell may name the standard edition explicitly


@dataclass(frozen=True)
class Student:
    name: str
    line: int  # in the roster file, for messages
    version: str | None = None  # "A", "B", ...; None: assigned in turn
    edition: str | None = None  # None: the standard edition


@dataclass(frozen=True)
class Roster:
    path: Path
    students: tuple[Student, ...]
    digest: str  # the file's hash: a changed roster rebuilds the class packs

    def version_error(self, student: Student, count: int) -> DocgenError:
        """The student asks for a version the topic does not have."""
        have = "only version A" if count == 1 else f"versions A to {LETTERS[count - 1]}"
        return DocgenError([Problem(self.path, f'{student.name} is given version "{student.version}", but '
                                    f"this topic has {have}", student.line,
                                    hint="use a version the topic has, leave the cell empty to assign "
                                         "versions in turn, or raise `versions:`")])


def read_roster(path: Path) -> Roster:
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as error:
        raise DocgenError([Problem(path, f"cannot read the roster: {(error.strerror or str(error)).lower()}",
                                   hint="give the path of a .csv file with a `name` column")]) from None
    except UnicodeDecodeError:
        raise DocgenError([Problem(path, "the roster is not UTF-8 text",
                                   hint="save it from your spreadsheet as \"CSV UTF-8\"")]) from None
    problems: list[Problem] = []
    students: list[Student] = []
    # Spreadsheets set to French, German, Spanish... save "CSV" with semicolons: the header line says which.
    first = text.split("\n", 1)[0]
    reader = csv.reader(text.splitlines(), delimiter=max(",;\t", key=first.count))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if "name" not in header:
        raise DocgenError([Problem(path, "the roster has no `name` column", 1,
                                   hint="the first line must name the columns: name (required), version, "
                                        "edition, e.g. `name,version,edition`")])
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of a spreadsheet export
        cells = {key: (row[index].strip() if index < len(row) else "") for index, key in enumerate(header)}
        student, found = _student(path, cells, line, seen)
        problems += found
        if student:
            students.append(student)
            seen[student.name.casefold()] = line
    if not students and not problems:
        problems.append(Problem(path, "the roster lists no students", hint="add one student a line under "
                                                                           "the header line"))
    if problems:
        raise DocgenError(problems)
    return Roster(path, tuple(students), hashlib.sha256(data).hexdigest())


def _student(path: Path, cells: dict[str, str], line: int,
             seen: dict[str, int]) -> tuple[Student | None, list[Problem]]:
    problems = []
    name = cells.get("name", "")
    if not name:
        problems.append(Problem(path, "the name is empty", line, hint="write the student's name, or delete the line"))
    elif name.casefold() in seen:
        problems.append(Problem(path, f'"{name}" is listed twice (first on line {seen[name.casefold()]})', line,
                                hint="tell the two apart, e.g. with an initial: each name prints on its own part"))
    version = cells.get("version", "").upper() or None
    if version is not None and (len(version) != 1 or version not in LETTERS):
        problems.append(Problem(path, f'unknown version "{cells["version"]}"', line,
                                hint="write a letter from A to Z, or leave the cell empty to assign versions in turn"))
    edition = cells.get("edition", "").lower() or None
    if edition == STANDARD:
        edition = None
    elif edition is not None and edition not in EDITIONS:
        problems.append(Problem(path, f'unknown edition "{cells["edition"]}"', line,
                                hint=f"write one of {quoted_list([STANDARD, *EDITIONS])}, or leave it empty"))
    if problems:
        return None, problems
    return Student(name, line, version, edition), []
