"""Spreadsheets (CSV and XLSX): one question a row, in the columns format 1.2 names.

``type`` (a question type name, or what teachers call it: ``mcq``,
``truefalse``), ``question``, ``answer``, ``option_a`` … ``option_j``,
``explanation``, ``hint``, ``points``, ``group``; ``tolerance`` and
``unit`` for ``numeric``. A choice's ``answer`` is the letter(s) of the
right option(s) (``C``, ``A,C``) or the option's text; a true_false's is
true or false in any shipped language (``vrai``, ``falsch``). A short
answer's options are its other accepted answers; a match's and a
classify's options are ``left -> right`` pairs. CSV may be UTF-8 (with or
without a BOM) or Windows-1252, with commas, semicolons or tabs between
cells; numbers may have a decimal comma.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterator

from docgen.importers import Importer, zip_names
from docgen.importers.builder import Answer, Builder, Number, label_texts
from docgen.importers.from_html import plain_to_markdown
from docgen.importers.bank import Malformed, Read
from docgen.importers.text import decode, looks_textual

OPTION_COLUMNS = tuple(f"option_{letter}" for letter in "abcdefghij")
COLUMNS = ("type", "question", "answer", *OPTION_COLUMNS, "explanation", "hint", "points", "group",
           "tolerance", "unit")
_TRUE_EXTRA = {"t", "1", "yes", "y", "v", "w"}
_FALSE_EXTRA = {"f", "0", "no", "n"}


def _header(cells: list[str]) -> list[str]:
    return [re.sub(r"[\s-]+", "_", cell.strip().lower()) for cell in cells]


def _is_header(cells: list[str]) -> bool:
    names = set(_header(cells))
    return "type" in names and "question" in names


def _rows_csv(text: str) -> Iterator[tuple[int, list[str]]]:
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_xlsx(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise Malformed(None, f"cannot be read as a spreadsheet ({type(error).__name__})",
                        "open it in Excel or LibreOffice and save it again as .xlsx") from None
    sheet = workbook["questions"] if "questions" in workbook.sheetnames else workbook.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        yield number, [_cell(value) for value in row]
    workbook.close()


def _number(text: str, line: int, column: str) -> float:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma (Excel in French, German, Spanish)
    try:
        return float(cleaned)
    except ValueError:
        raise Malformed(line, f'{column} "{text}" is not a number', f"write a number in the {column} column, "
                        "e.g. 2.5 or 2,5") from None


def _type_name(text: str, line: int) -> str:
    from docgen.content.validate import did_you_mean
    from docgen.registry import question_types

    names = {name: name for name in question_types()}
    names.update({synonym: kind.name for kind in question_types().values() for synonym in kind.synonyms})
    key = text.strip().lower().replace("-", "_")
    if key in names or key.replace("_", " ") in names:
        return names.get(key) or names[key.replace("_", " ")]
    hint = did_you_mean(key, list(names)) or ""
    raise Malformed(line, f'the type "{text}" is no question type',
                    f"{hint + ' ' if hint else ''}the types are {', '.join(question_types())}")


def _pair(text: str, line: int) -> tuple[str, str]:
    left, arrow, right = text.partition("->")
    if not arrow or not left.strip() or not right.strip():
        raise Malformed(line, f'the option "{text}" is not a pair', "write each pair as left -> right")
    return plain_to_markdown(left), plain_to_markdown(right)


class _Sheet:
    def __init__(self) -> None:
        self.builder = Builder()

    def row(self, line: int, cells: dict[str, str]) -> None:
        kind = _type_name(cells["type"], line)
        question = plain_to_markdown(cells.get("question", ""))
        answer = cells.get("answer", "").strip()
        options = [cells[column].strip() for column in OPTION_COLUMNS if cells.get(column, "").strip()]
        common: dict = {"explanation": plain_to_markdown(cells.get("explanation", "")),
                        "hint": plain_to_markdown(cells.get("hint", "")), "group": cells.get("group", "").strip()}
        if cells.get("points", "").strip():
            common["points"] = _number(cells["points"], line, "points")
        builder = self.builder
        if kind == "choice":
            builder.choice(question, self.choice_answers(options, answer, line), line, **common)
        elif kind == "true_false":
            builder.true_false(question, self.truth(answer, line), line, **common)
        elif kind == "short":
            answers = [Answer(plain_to_markdown(text), 1.0) for text in [answer, *options] if text]
            if answers:
                builder.short(question, answers, line, **common)
            else:
                builder.add({"type": "short", "prompt": question, **common}, line)
        elif kind == "long":
            builder.long(question, line, answer=plain_to_markdown(answer), **common)
        elif kind == "blank":
            builder.blank([cells.get("question", "").strip()], line, **common)  # its [[gaps]] as typed
        elif kind in ("match", "classify"):
            pairs = [_pair(option, line) for option in options]
            builder.pairs(question, pairs, line, **common)
        elif kind == "numeric":
            tolerance = _number(cells["tolerance"], line, "tolerance") if cells.get("tolerance", "").strip() else 0.0
            builder.numeric(question, [Number(_number(answer, line, "answer"), tolerance)], line,
                            unit=cells.get("unit", "").strip(), **common)
        else:
            builder.unsupported(f'a "{kind}" question cannot be written in one row', line,
                                [f"{key}: {value}" for key, value in cells.items() if value])

    @staticmethod
    def choice_answers(options: list[str], answer: str, line: int) -> list[Answer]:
        if len(options) < 2:
            raise Malformed(line, "a choice question needs at least two options",
                            "fill option_a, option_b … with the options")
        letters = [part.strip().upper() for part in re.split(r"[,;\s]+", answer) if part.strip()]
        if letters and all(len(letter) == 1 and "A" <= letter <= "J" for letter in letters):
            for letter in letters:
                if ord(letter) - ord("A") >= len(options):
                    raise Malformed(line, f"the answer {letter} names an empty option",
                                    f"the options are A to {chr(ord('A') + len(options) - 1)}")
            right = {ord(letter) - ord("A") for letter in letters}
        elif answer in options:
            right = {options.index(answer)}
        else:
            raise Malformed(line, f'the answer "{answer}" is neither an option\'s letter nor its text',
                            "write the letter of the right option (C, or A,C for several)")
        answers = [Answer(plain_to_markdown(text), 1.0 if index in right else 0.0)
                   for index, text in enumerate(options)]
        if len(right) > 1:  # several right options: each is worth an equal share
            answers = [Answer(a.text, 1 / len(right) if a.fraction else 0.0) for a in answers]
        return answers

    @staticmethod
    def truth(answer: str, line: int) -> bool:
        word = answer.strip().casefold()
        if word in label_texts("true") | _TRUE_EXTRA:
            return True
        if word in label_texts("false") | _FALSE_EXTRA:
            return False
        raise Malformed(line, f'the answer "{answer}" is neither true nor false',
                        "write true or false (or vrai/faux, wahr/falsch, verdadero/falso …)")


def _read_rows(rows: Iterator[tuple[int, list[str]]], path: Path, format_name: str) -> Read:
    sheet, columns = _Sheet(), None
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if columns is None:
            if not _is_header(cells):
                raise Malformed(line, "the first row is not a header with the columns type and question",
                                "start with the header row: type, question, answer, option_a, option_b … "
                                "(docgen import --template questions.xlsx writes one)")
            columns = _header(cells)
            unknown = [name for name in columns if name and name not in COLUMNS]
            if unknown:
                raise Malformed(line, f'the column "{unknown[0]}" is not one docgen reads',
                                f"the columns are {', '.join(COLUMNS)}")
            continue
        row = {name: value for name, value in zip(columns, cells) if name}
        if not row.get("type", "").strip():
            raise Malformed(line, "a row has no type", "write the question type (choice, true_false, short …)")
        sheet.row(line, row)
    if not sheet.builder.items:
        raise Malformed(None, "has no question rows", "add a row per question under the header")
    return Read(path, format_name, sheet.builder.items)


def _detect_csv(data: bytes, path: Path) -> bool:
    if not looks_textual(data):
        return False
    first = next((line for line in decode(data[:8192]).split("\n") if line.strip()), "")
    return any(_is_header(first.split(delimiter)) for delimiter in (";", ",", "\t"))


def _detect_xlsx(data: bytes, path: Path) -> bool:
    return "xl/workbook.xml" in zip_names(data)


def read_csv(data: bytes, path: Path) -> Read:
    return _read_rows(_rows_csv(decode(data)), path, "CSV")


def read_xlsx(data: bytes, path: Path) -> Read:
    return _read_rows(_rows_xlsx(data), path, "XLSX")


def write_template(path: Path) -> None:
    """An empty question sheet: the header row, a list of types to pick from, columns sized to read."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from docgen.engine.write import write_files
    from docgen.registry import question_types

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questions"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 40 if cell.value in ("question", "explanation") else 14
    sheet.freeze_panes = "A2"
    types = DataValidation(type="list", formula1='"' + ",".join(question_types()) + '"', allow_blank=True)
    sheet.add_data_validation(types)
    types.add("A2:A1000")
    stream = io.BytesIO()
    workbook.save(stream)
    write_files(path.parent, {path.name: stream.getvalue()})


def setup(app) -> None:
    for importer in (Importer("XLSX", _detect_xlsx, read_xlsx), Importer("CSV", _detect_csv, read_csv),):
        app.add_importer(importer)
