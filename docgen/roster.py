"""A class list for the class pack: ``name`` (required), ``version``, ``edition``.

The roster is read and checked whole before anything is built: a missing
name column, an empty or repeated name, an unknown version or edition is
reported with its file and line, and nothing is written. Other columns
(an email, a form group) are allowed and ignored. A class list is what a
spreadsheet saved: any of the encodings spreadsheets write, and column
headers in any shipped language (``Nom;Prénom;Classe``: the names are
"Prénom Nom"); the build says which encoding and columns it took.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from docgen.content.errors import DocgenError, Problem, quoted_list
from docgen.i18n.words import roster_role
from docgen.questions import LETTERS
from docgen.registry import edition_names

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
    note: str = ""  # how it was read: encoding, which columns made the names

    def version_error(self, student: Student, count: int) -> DocgenError:
        """The student asks for a version the topic does not have."""
        have = "only version A" if count == 1 else f"versions A to {LETTERS[count - 1]}"
        return DocgenError([Problem(self.path, f'{student.name} is given version "{student.version}", but '
                                    f"this topic has {have}", student.line,
                                    hint="use a version the topic has, leave the cell empty to assign "
                                         "versions in turn, or raise `versions:`")])


# What spreadsheets save a class list as: UTF-8 (with or without a byte-order mark),
# "CSV" from Excel on Windows (Windows-1252), "Unicode text" (UTF-16) and old
# Excel for Mac (Mac Roman). The detection library decides among these only.
ENCODINGS = ["utf_16", "cp1252", "mac_roman"]
ENCODING_NAMES = {"utf_16": "UTF-16", "cp1252": "Windows-1252", "mac_roman": "Mac Roman"}


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=ENCODINGS).best()
    if match is None:
        raise DocgenError([Problem(path, "cannot tell how the roster's text is encoded",
                                   hint="save it from your spreadsheet as \"CSV UTF-8\"")])
    return str(match).lstrip("\ufeff"), ENCODING_NAMES.get(match.encoding, match.encoding)


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    """Which column holds what: ``first`` and ``last`` (joined "first last"), or ``full``;
    ``version`` and ``edition``. A header word of any shipped language counts."""
    roles = [roster_role(cell) for cell in header]
    found: dict[str, int] = {}
    for index, can_be in enumerate(roles):
        for role in ("first", "version", "edition"):
            if role in can_be:
                found.setdefault(role, index)
    for index, can_be in enumerate(roles):  # "Name" beside "Vorname" is the family name
        if "last" in can_be and ("first" in found or "full" not in can_be) and index != found.get("first"):
            found.setdefault("last", index)
        elif "full" in can_be:
            found.setdefault("full", index)
    if "first" in found and "last" in found:
        found.pop("full", None)
    elif "full" not in found:  # one part of the name only: it is the name
        parts = [found.pop(role) for role in ("first", "last") if role in found]
        if not parts:
            raise DocgenError([Problem(path, "the roster has no name column", 1,
                                       hint="the first line must name the columns: a name column (`name`, or "
                                            "`first name` and `last name`, in any language docgen speaks: "
                                            "`Prénom`, `Nom`, `Vorname`, `apellidos`...), then optionally "
                                            "`version` and `edition`, e.g. `name,version,edition`")])
        found["full"] = parts[0]
    return found


def read_roster(path: Path) -> Roster:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocgenError([Problem(path, f"cannot read the roster: {(error.strerror or str(error)).lower()}",
                                   hint="give the path of a .csv file with a `name` column")]) from None
    text, encoding = _decode(path, data)
    problems: list[Problem] = []
    students: list[Student] = []
    # Spreadsheets set to French, German, Spanish... save "CSV" with semicolons: the header line says which.
    first = text.split("\n", 1)[0]
    reader = csv.reader(text.splitlines(), delimiter=max(",;\t", key=first.count))
    header = [cell.strip() for cell in next(reader, [])]
    columns = _columns(path, header)
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of a spreadsheet export
        cells = {role: (row[index].strip() if index < len(row) else "") for role, index in columns.items()}
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
    taken = " + ".join(f"“{header[columns[role]]}”" for role in ("first", "last", "full") if role in columns)
    note = f"roster: {len(students)} students, {encoding}, names from the column{'s' if '+' in taken else ''} {taken}"
    return Roster(path, tuple(students), hashlib.sha256(data).hexdigest(), note)


def _student(path: Path, cells: dict[str, str], line: int,
             seen: dict[str, int]) -> tuple[Student | None, list[Problem]]:
    problems = []
    name = " ".join(part for part in (cells.get("first", ""), cells.get("last", "")) if part) or cells.get("full", "")
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
    elif edition is not None and edition not in edition_names():
        problems.append(Problem(path, f'unknown edition "{cells["edition"]}"', line,
                                hint=f"write one of {quoted_list([STANDARD, *edition_names()])}, or leave it empty"))
    if problems:
        return None, problems
    return Student(name, line, version, edition), []
