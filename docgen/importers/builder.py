"""Questions as the content format holds them, from what quiz formats say.

Every importer reads its own syntax, then calls these builders with the
same few things (a prompt, answers with their grades and feedback), so a
Moodle, GIFT or QTI multiple choice becomes the same ``choice`` by the same
rules. What a field cannot hold goes to the nearest one that can (the
right answer's feedback into ``explanation``) or into a note, written as a
comment beside the question. Each question is validated as the content
reader would; one that does not fit (nine options, two alike) is kept
whole as a comment, with the reason, for the teacher to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from pydantic import ValidationError

from docgen.importers.bank import Item, Picture

GAP_MARK = "\ue100"  # with the next character, stands for the n-th gap while the HTML around it is read
PICTURE = "{picture}"  # stands for the picture's path until the writer knows the topic's name
FULL = 0.9999  # a grade this high is full marks (Moodle stores 100 % as 1.0000000)


@dataclass(frozen=True)
class Answer:
    """One answer as quiz formats give it: text (Markdown), its grade (1 = full), its feedback."""

    text: str
    fraction: float = 0.0
    feedback: str = ""


@dataclass(frozen=True)
class Number:
    """One accepted numeric answer: ``value ± tolerance``, with its grade and feedback."""

    value: float
    tolerance: float = 0.0
    fraction: float = 1.0
    feedback: str = ""


def percent(fraction: float) -> str:
    """A grade as a teacher reads it: 50 %, 33.333 %."""
    return f"{fraction * 100:.5g} %"


@lru_cache(maxsize=None)
def label_texts(key: str) -> frozenset[str]:
    """A docgen label in every shipped language, casefolded: how docgen's own exports say it."""
    from docgen.i18n import labels_for
    from docgen.i18n.catalog import shipped_languages

    return frozenset(labels_for(lang).texts[key].casefold() for lang in shipped_languages())


_HINT = re.compile(r"^\*(?P<label>[^:*]+): (?P<hint>.+)\*$", re.S)


def docgen_prompt(paragraphs: list[str]) -> tuple[str, str, list[str]]:
    """A question text's paragraphs without the words docgen's exports add, in any shipped
    language ("Choose all that apply.", "Hint: …", "Fill in the gaps."): (prompt, hint, paragraphs)."""
    paragraphs, hint = list(paragraphs), ""
    if paragraphs and paragraphs[-1].strip("*").casefold() in label_texts("choose_all"):
        paragraphs.pop()
    match = _HINT.match(paragraphs[-1]) if paragraphs else None
    if match and match.group("label").casefold() in label_texts("hint"):
        hint = match.group("hint")
        paragraphs.pop()
    if paragraphs and paragraphs[0].casefold() in label_texts("fill_gaps") | label_texts("fill_gaps_bank"):
        paragraphs.pop(0)
    return " ".join(paragraphs), hint, paragraphs


def _joined(*texts: str) -> str:
    return " ".join(text.strip() for text in texts if text and text.strip())


class Builder:
    """The questions of one input, with what each could not hold."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def add(self, data: dict[str, Any], line: int, notes: list[str] | None = None,
            picture: Picture | None = None, category: tuple[str, ...] = ()) -> Item:
        """A question: validated, its default points dropped, or kept as a comment with the reason."""
        data = {key: value for key, value in data.items() if value not in (None, "", [])}
        if isinstance(data.get("points"), float) and data["points"].is_integer():
            data["points"] = int(data["points"])
        item = Item(data, line, list(notes or []), picture=picture, category=category)
        if picture is not None:
            data["image"], data["alt"] = PICTURE, picture.alt or picture.name  # the writer names the file
        problem = _problem(data)
        if problem:
            item.data = None
            item.notes.append(f"kept as a comment: {problem}")
            item.source = dump_lines(data)
        self.items.append(item)
        return item

    def _put(self, data: dict[str, Any], line: int, notes: list[str], common: dict[str, Any]) -> Item:
        """``common``: the keys every question has (hint, points, group), and ``picture``,
        ``category`` and ``notes`` (what the input said that no field holds)."""
        picture, category = common.pop("picture", None), common.pop("category", ())
        notes = list(common.pop("notes", [])) + notes
        return self.add({**data, **common}, line, notes, picture, category)

    def unsupported(self, what: str, line: int, source: list[str], category: tuple[str, ...] = ()) -> Item:
        """A question the content format has no type for: the whole of it as a comment."""
        item = Item(None, line, [f"kept as a comment: {what}"], source=source, category=category)
        self.items.append(item)
        return item

    # --- the builders, one per kind of question ----------------------------------------

    def choice(self, prompt: str, answers: list[Answer], line: int, single: bool | None = None,
               explanation: str = "", **common: Any) -> Item:
        notes: list[str] = []
        right = [answer for answer in answers if answer.fraction >= FULL]
        positive = [answer for answer in answers if answer.fraction > 0]
        multiple = single is False or len(right) != 1 or len(positive) > 1 and single is not True
        if multiple:
            right = positive
            if len({round(answer.fraction, 4) for answer in right}) > 1:
                notes.append("partial credit: " + ", ".join(f'"{a.text}" {percent(a.fraction)}' for a in right))
            wrong = [answer for answer in answers if answer.fraction <= 0]
            if any(abs(answer.fraction + 1 / len(wrong)) > 0.001 for answer in wrong if answer.fraction < 0):
                notes.append("penalties: " + ", ".join(f'"{a.text}" {percent(a.fraction)}' for a in wrong))
        else:
            partial = [answer for answer in answers if 0 < answer.fraction < FULL or answer.fraction < 0]
            if partial:
                notes.append("partial credit: " + ", ".join(f'"{a.text}" {percent(a.fraction)}' for a in partial))
        explanation = _joined(explanation, *(answer.feedback for answer in right))
        notes += [f'feedback for "{answer.text}": {answer.feedback}' for answer in answers
                  if answer.feedback and answer not in right]
        texts = [answer.text for answer in right]
        data = {"type": "choice", "prompt": prompt, "options": [answer.text for answer in answers],
                "answer": texts if multiple else texts[0], "explanation": explanation}
        return self._put(data, line, notes, common)

    def true_false(self, statement: str, answer: bool, line: int, explanation: str = "",
                   right_feedback: str = "", wrong_feedback: str = "", **common: Any) -> Item:
        notes = [f"feedback for a wrong answer: {wrong_feedback}"] if wrong_feedback else []
        data = {"type": "true_false", "statement": statement, "answer": answer,
                "explanation": _joined(explanation, right_feedback)}
        return self._put(data, line, notes, common)

    def short(self, prompt: str, answers: list[Answer], line: int, explanation: str = "",
              case_sensitive: bool = False, **common: Any) -> Item:
        notes: list[str] = []
        right = [answer for answer in answers if answer.fraction >= FULL] or \
            sorted(answers, key=lambda answer: -answer.fraction)[:1]
        if right and right[0].fraction < FULL:
            notes.append(f'no answer earns full marks; "{right[0].text}" earned {percent(right[0].fraction)}')
        partial = [answer for answer in answers if answer not in right]
        if partial:
            notes.append("partial credit: " + ", ".join(f'"{a.text}" {percent(a.fraction)}' for a in partial))
        if case_sensitive:
            notes.append("answers were case-sensitive")
        if any("*" in answer.text for answer in right):
            notes.append("an answer uses * as a wildcard")
        explanation = _joined(explanation, *(answer.feedback for answer in right))
        notes += [f'feedback for "{a.text}": {a.feedback}' for a in partial if a.feedback]
        data = {"type": "short", "prompt": prompt, "answer": right[0].text if right else None,
                "accept": [answer.text for answer in right[1:]], "explanation": explanation}
        return self._put(data, line, notes, common)

    def long(self, prompt: str, line: int, answer: str = "", lines: int | None = None, explanation: str = "",
             **common: Any) -> Item:
        data = {"type": "long", "prompt": prompt, "answer": answer, "lines": lines, "explanation": explanation}
        return self._put(data, line, [], common)

    def numeric(self, prompt: str, numbers: list[Number], line: int, unit: str = "", explanation: str = "",
                **common: Any) -> Item:
        notes: list[str] = []
        right = next((number for number in numbers if number.fraction >= FULL), None) or \
            max(numbers, key=lambda number: number.fraction)
        if right.fraction < FULL:
            notes.append(f"no answer earns full marks; {right.value:g} earned {percent(right.fraction)}")
        for number in numbers:
            inside = number.fraction == right.fraction and \
                abs(number.value - right.value) + number.tolerance <= right.tolerance
            if number is not right and not inside:  # a value inside the range says nothing new
                notes.append(f"also accepted: {number.value:g} ± {number.tolerance:g} for "
                             f"{percent(number.fraction)}" + (f" ({number.feedback})" if number.feedback else ""))
        data = {"type": "numeric", "prompt": prompt, "answer": _plain_number(right.value),
                "tolerance": _plain_number(right.tolerance) if right.tolerance else None, "unit": unit,
                "explanation": _joined(explanation, right.feedback)}
        return self._put(data, line, notes, common)

    def pairs(self, prompt: str, pairs: list[tuple[str, str]], line: int, extra: list[str] | None = None,
              **common: Any) -> Item:
        """Matching: a ``match`` when every right side is used once (choices that match nothing
        kept as a note), else a ``classify``: sorting into the right sides, as docgen exports one."""
        extra = [right for right in (extra or []) if right]
        rights = [right for _, right in pairs]
        if prompt.casefold() in label_texts("match_prompt") | label_texts("classify_prompt"):
            prompt = ""
        if len(set(rights)) == len(rights):
            if extra:
                common["notes"] = [*common.get("notes", []), "choices that match nothing: "
                                   + ", ".join(f'"{right}"' for right in extra)]
            data = {"type": "match", "prompt": prompt, "pairs": [{"left": left, "right": right}
                                                                 for left, right in pairs]}
        else:
            data = {"type": "classify", "prompt": prompt, "categories": list(dict.fromkeys(rights + extra)),
                    "statements": [{"text": left, "answer": right} for left, right in pairs]}
        return self._put(data, line, [], common)

    def blank(self, parts: list[str | tuple[str, list[str]]], line: int, word_bank: bool = False,
              notes: list[str] | None = None, **common: Any) -> Item:
        """Gap text: ``parts`` are Markdown and (answer, notes about the gap) pairs."""
        text, notes = [], list(notes or [])
        for part in parts:
            if isinstance(part, tuple):
                answer, gap_notes = part
                text.append(f"[[{answer}]]")
                notes += [f'gap "{answer}": {note}' for note in gap_notes]
            else:
                text.append(part)
        data = {"type": "blank", "text": "".join(text).strip(), "word_bank": word_bank or None}
        return self._put(data, line, notes, common)


    def grid(self, prompt: str, rows: list[list[str]], gaps: dict[str, str], line: int, **common: Any) -> Item:
        """A table to complete: a header row of items, then rows of an aspect and values;
        a cell that is a gap token of ``gaps`` is a cell to fill in."""
        from docgen.questions.table import NOT_APPLICABLE

        def value(cell: str) -> str | None:
            if cell in gaps:
                return f"[[{gaps[cell]}]]"
            return None if cell in (NOT_APPLICABLE, "") else cell

        if prompt.casefold() in label_texts("table_prompt"):
            prompt = ""
        data = {"type": "table", "prompt": prompt, "items": rows[0][1:],
                "rows": [{"aspect": row[0], "values": [value(cell) for cell in row[1:]]} for row in rows[1:]]}
        return self._put(data, line, [], common)


def gap_token(index: int) -> str:
    """What stands for gap ``index`` in a text until it is split (private-use characters)."""
    return f"{GAP_MARK}{chr(0xE200 + index)}"


def gapped(text: str, gaps: list[tuple[str, list[str]]]) -> list:
    """A Markdown text with gap tokens as ``Builder.blank``'s parts: text, and (answer, notes) per gap."""
    parts: list = []
    for piece in re.split(f"({GAP_MARK}.)", text):
        if piece.startswith(GAP_MARK) and len(piece) == 2:
            parts.append(gaps[ord(piece[1]) - 0xE200])
        elif piece:
            parts.append(piece)
    return parts


def category_path(path: str) -> tuple[str, ...]:
    """``$course$/top/Cells/Pool // two`` -> ("Cells", "Pool / two"): Moodle's context and top dropped."""
    parts = [part.replace("\ue000", "/").strip() for part in path.strip().replace("//", "\ue000").split("/")]
    parts = [part for part in parts if part]
    while parts and (parts[0].startswith("$") and parts[0].endswith("$") or parts[0] == "top"):
        parts = parts[1:]
    return tuple(parts)


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _problem(data: dict[str, Any]) -> str | None:
    """Why the content reader would refuse this question, or None."""
    from docgen.content.model import topic_model
    from docgen.registry import question_types

    checked = {key: value for key, value in data.items() if key not in ("image", "alt")}
    try:
        topic = topic_model().model_validate({"title": "Imported", "questions": [checked]})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"][2:] if not str(part).startswith("function"))
        return f"{where + ': ' if where else ''}{first['msg']}"
    question = topic.questions[0]
    kind = question_types()[question.type]
    for broken in kind.check(question, topic, ()):
        if not broken.warning:
            return broken.message
    if "points" in data and abs(data["points"] - kind.parts(question, topic)) < 1e-9:
        del data["points"]  # the default: the file stays as a teacher would write it
    return None


class _Dumper(yaml.SafeDumper):
    """YAML as a teacher writes it: block style, multi-line text as ``|`` blocks, Unicode as is."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def dump_lines(data: Any) -> list[str]:
    return dump([data]).rstrip("\n").split("\n")
