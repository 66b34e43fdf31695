"""Moodle XML read back as Moodle's importer reads it.

A Python transcription of what question/format/xml/format.php (moodle/moodle)
does with each question type: which elements it reads, how it turns
``fraction`` into a grade, which grades ``match_grade_options`` accepts
(question/engine/bank.php), how the multianswer (cloze) parser splits
``{1:SHORTANSWER:=…}`` (question/type/multianswer/questiontype.php) and how
gapselect/ddwtos number their choices. A file this reader rejects is one
Moodle would reject or import wrongly.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# question_bank::fraction_options_full(): the only grades Moodle accepts.
_RAW = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
        0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05]
FRACTIONS = [0.0] + _RAW + [-value for value in _RAW]

# multianswer: ANSWER_REGEX (the subquestion) and ANSWER_ALTERNATIVE_REGEX (each answer).
SUBQUESTION = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|NUMERICAL|NM|MULTICHOICE|MC)"
                         r":(.*?)(?<!\\)\}", re.S)
ALTERNATIVE = re.compile(r"~?(=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))"
                         r"(#(.*?(?<!\\)(?=[~}]|$)))?", re.S)


class ImportError_(AssertionError):
    """What Moodle would report as an import error."""


def grade(value: str) -> float:
    """match_grade_options($gradeoptionsfull, $fraction, 'error')."""
    fraction = float(value) / 100
    for allowed in FRACTIONS:
        if abs(fraction - allowed) < 0.00001:
            return allowed
    raise ImportError_(f"invalid grade {value}")


@dataclass
class Imported:
    qtype: str
    name: str = ""
    questiontext: str = ""
    generalfeedback: str = ""
    defaultmark: float = 1.0
    answers: list[tuple[str, float]] = field(default_factory=list)  # (text, fraction)
    single: bool = True
    hints: list[str] = field(default_factory=list)
    graderinfo: str = ""
    subquestions: list[tuple[str, str]] = field(default_factory=list)  # matching (text, answer)
    gaps: list[list[tuple[str, float]]] = field(default_factory=list)  # cloze: answers per gap
    choices: list[str] = field(default_factory=list)  # ddwtos drag boxes, 1-based in the text
    places: list[int] = field(default_factory=list)  # ddwtos: the right choice of each gap
    files: dict[str, bytes] = field(default_factory=dict)  # every embedded file, by name
    tolerances: list[float] = field(default_factory=list)  # numerical: one per answer
    units: list[tuple[str, float]] = field(default_factory=list)  # numerical: (unit, multiplier)
    tags: list[str] = field(default_factory=list)
    category: str = ""


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _files(element: ET.Element | None, into: dict[str, bytes]) -> None:
    for file in (element.findall("file") if element is not None else []):
        assert file.get("encoding") == "base64"
        into[(file.get("path") or "/") + file.get("name")] = base64.b64decode(file.text or "")


def _headers(question: ET.Element, qtype: str) -> Imported:
    name = _text(question.find("name"))
    if not name and qtype != "cloze":
        raise ImportError_("question without a name")
    imported = Imported(qtype, name=name, questiontext=_text(question.find("questiontext")),
                        generalfeedback=_text(question.find("generalfeedback")))
    _files(question.find("questiontext"), imported.files)
    _files(question.find("generalfeedback"), imported.files)
    if question.find("defaultgrade") is not None:
        imported.defaultmark = float(question.find("defaultgrade").text)
    imported.hints = [_text(hint) for hint in question.findall("hint")]
    imported.tags = [_text(tag) for tag in question.findall("tags/tag")]
    return imported


def _multichoice(question: ET.Element) -> Imported:
    imported = _headers(question, "multichoice")
    imported.single = (question.findtext("single", "true").strip() not in ("false", ""))
    for answer in question.findall("answer"):
        imported.answers.append((_text(answer), grade(answer.get("fraction", "0"))))
        _files(answer, imported.files)
    fractions = [value for _, value in imported.answers]
    if imported.single and max(fractions) != 1.0:
        raise ImportError_("fractionsnomax: one answer must be worth 100 %")
    if not imported.single and sum(value for value in fractions if value > 0) < 0.999:
        raise ImportError_("fractionsaddwrong: the positive grades do not add up to 100 %")
    if len(imported.answers) < 2:
        raise ImportError_("notenoughanswers")
    return imported


def _truefalse(question: ET.Element) -> Imported:
    imported = _headers(question, "truefalse")
    for answer in question.findall("answer"):
        text = _text(answer)
        if text not in ("true", "false"):
            raise ImportError_("truefalseimporterror: answers must be 'true' and 'false'")
        imported.answers.append((text, 1.0 if answer.get("fraction") == "100" else 0.0))
    return imported


def _shortanswer(question: ET.Element) -> Imported:
    imported = _headers(question, "shortanswer")
    imported.answers = [(_text(answer), grade(answer.get("fraction", "0"))) for answer in question.findall("answer")]
    if max(value for _, value in imported.answers) != 1.0:
        raise ImportError_("fractionsnomax")
    return imported


def _numerical(question: ET.Element) -> Imported:
    """import_numerical: each answer with its grade and tolerance; units with their multipliers."""
    imported = _headers(question, "numerical")
    for answer in question.findall("answer"):
        value = _text(answer)
        if value != "*":
            float(value)  # Moodle's form rejects an answer that is not a number
        imported.answers.append((value, grade(answer.get("fraction", "0"))))
        imported.tolerances.append(float(answer.findtext("tolerance", "0")))
    if not imported.answers or max(value for _, value in imported.answers) != 1.0:
        raise ImportError_("fractionsnomax")
    imported.units = [(unit.findtext("unit_name"), float(unit.findtext("multiplier")))
                      for unit in question.findall("units/unit")]
    return imported


def _essay(question: ET.Element) -> Imported:
    imported = _headers(question, "essay")
    imported.hints = []  # import_essay reads no hints: a hint there would be lost
    imported.graderinfo = _text(question.find("graderinfo"))
    _files(question.find("graderinfo"), imported.files)
    return imported


def _match(question: ET.Element) -> Imported:
    imported = _headers(question, "match")
    for sub in question.findall("subquestion"):
        imported.subquestions.append((_text(sub), _text(sub.find("answer"))))
        _files(sub, imported.files)
    if sum(1 for text, _ in imported.subquestions if text) < 1:
        raise ImportError_("notenoughquestions")
    return imported


def _cloze(question: ET.Element) -> Imported:
    """qtype_multianswer_extract_question and qtype_multianswer_validate_question."""
    imported = _headers(question, "cloze")
    text = imported.questiontext
    imported.defaultmark = 0
    for match in SUBQUESTION.finditer(text):
        answers = []
        for alternative in ALTERNATIVE.finditer(match.group(3)):
            if alternative.group(1) == "=":
                value = 1.0
            elif alternative.group(2):
                value = float(alternative.group(2)) / 100
            else:
                value = 0.0
            answer = html.unescape(alternative.group(3)).replace("\\}", "}").replace("\\#", "#")
            answers.append((answer, value))
        if not answers or max(value for _, value in answers) != 1.0:
            raise ImportError_(f"fractionsnomax in {match.group(0)}")
        imported.gaps.append(answers)
        imported.defaultmark += float(match.group(1) or 1)
    if not imported.gaps:
        raise ImportError_("questionsmissing: a cloze question needs at least one gap")
    return imported


def _ddwtos(question: ET.Element, qtype: str = "ddwtos", choice: str = "dragbox") -> Imported:
    """qtype_ddwtos / qtype_gapselect import_from_xml: [[n]] is the n-th choice, 1-based."""
    imported = _headers(question, qtype)
    for box in question.findall(choice):
        imported.choices.append(_text(box))
        assert box.findtext("group", "").strip() == "1"
    imported.places = [int(number) for number in re.findall(r"\[\[(\d+)\]\]", imported.questiontext)]
    if not imported.places or any(not 1 <= place <= len(imported.choices) for place in imported.places):
        raise ImportError_("a gap names a choice that does not exist")
    return imported


READERS = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
           "essay": _essay, "matching": _match, "match": _match, "cloze": _cloze,
           "multianswer": _cloze, "ddwtos": _ddwtos, "numerical": _numerical,
           "gapselect": lambda question: _ddwtos(question, "gapselect", "selectoption")}


def read_quiz(data: bytes) -> list[Imported]:
    """Every question of the file, each tagged with the category it was imported into."""
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    questions, category = [], ""
    for element in root.findall("question"):
        qtype = element.get("type")
        if qtype == "category":
            category = _text(element.find("category"))
            continue
        if qtype not in READERS:
            raise ImportError_(f"xmltypeunsupported: {qtype}")
        imported = READERS[qtype](element)
        imported.category = category
        for reference in re.findall(r"@@PLUGINFILE@@(/[^\"'\s>]+)", imported.questiontext + imported.graderinfo):
            if reference not in imported.files:
                raise ImportError_(f"the text shows {reference} but the question carries no such file")
        questions.append(imported)
    return questions
