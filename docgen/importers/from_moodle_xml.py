"""Moodle XML, read as ``question/format/xml/format.php`` (moodle/moodle) reads it.

Every ``<question type="…">`` of the ``<quiz>``: ``category`` switches the
category; ``multichoice``, ``truefalse``, ``shortanswer``, ``essay``,
``matching``, ``numerical``, ``ddwtos``, ``gapselect`` and ``cloze``
(multianswer) become docgen questions; any other type (``description``,
``calculated`` …) is kept as a comment. Texts are HTML, turned into
Markdown; a picture the question text shows (``@@PLUGINFILE@@/x.png`` with
its ``<file>``) becomes the question's picture. The words docgen's own
export adds (``Choose all that apply.``, ``Hint: …`` under an essay, the
gap instruction) are recognised in every shipped language and taken back
out, so a docgen export imports as the topic it came from.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from pathlib import Path

from lxml import etree

from docgen.importers import Importer
from docgen.importers.builder import (GAP_MARK, Answer, Builder, Number, category_path, docgen_prompt, gap_token,
                                    gapped)
from docgen.importers.from_html import Converted, html_table, html_to_markdown, plain_to_markdown
from docgen.importers.bank import Malformed, Picture, Read
from docgen.importers.safe_xml import parse, root_name

# Moodle's multianswer syntax (question/type/multianswer/questiontype.php).
SUBQUESTION = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|NUMERICAL|NM|MULTICHOICE\w*|MC\w*)"
                         r":(.*?)(?<!\\)\}", re.S)
ALTERNATIVE = re.compile(r"~?(=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))"
                         r"(#(.*?(?<!\\)(?=[~}]|$)))?", re.S)
def _text(element: etree._Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "") if found is not None else ""


class _Question:
    """One <question>: its texts as Markdown, its picture, what docgen's export added."""

    def __init__(self, reader: "_Reader", element: etree._Element) -> None:
        self.reader, self.element = reader, element
        self.line = element.sourceline or 0
        self.notes: list[str] = []
        self.picture: Picture | None = None

    def convert(self, tag: str, html_text: str | None = None) -> Converted:
        """A text field as Markdown; plain and Markdown fields as they are."""
        field = self.element.find(tag)
        raw = html_text if html_text is not None else _text(field)
        form = (field.get("format") if field is not None else None) or "html"
        if form == "markdown":
            return Converted([raw.strip()])
        if form == "plain_text":
            return Converted([plain_to_markdown(raw)])
        converted = html_to_markdown(raw)
        for src, alt in converted.images:
            self.take_picture(field, src, alt, tag)
        return converted

    def take_picture(self, field: etree._Element | None, src: str, alt: str, tag: str) -> None:
        name = src.split("@@PLUGINFILE@@/", 1)[-1] if src.startswith("@@PLUGINFILE@@/") else ""
        files = {file.get("name"): file for file in (field.findall("file") if field is not None else [])}
        if tag != "questiontext" or self.picture is not None or name not in files:
            self.notes.append(f"a picture ({src or alt}) kept out: docgen shows one picture per question, "
                              "above its prompt")
            return
        try:
            data = base64.b64decode(files[name].text or "", validate=False)
        except (binascii.Error, ValueError):
            self.notes.append(f"the picture {name} could not be decoded")
            return
        self.picture = Picture(name, data, html.unescape(alt))

    def prompt(self, html_text: str | None = None) -> tuple[str, str, list[str]]:
        """(prompt, hint, paragraphs): docgen's own notes and the essay hint taken back out."""
        return docgen_prompt(self.convert("questiontext", html_text).paragraphs)

    def common(self, hint: str = "") -> dict:
        hints = [_text(element) for element in self.element.findall("hint") if _text(element).strip()]
        hints = [html_to_markdown(text).inline for text in hints]
        hint = hint or (hints[0] if hints else "")
        self.notes += [f"another hint: {text}" for text in hints[1:]]
        grade = self.element.findtext("defaultgrade")
        common = {"hint": hint, "category": self.reader.category, "notes": self.notes,
                  "picture": self.picture}
        try:
            if grade is not None and float(grade) > 0:
                common["points"] = float(grade) if not float(grade).is_integer() else int(float(grade))
        except ValueError:
            raise Malformed(self.line, f'the defaultgrade "{grade}" is not a number',
                            "write the question's mark as a number, e.g. <defaultgrade>1</defaultgrade>") from None
        return common

    def explanation(self) -> str:
        return self.convert("generalfeedback").inline

    def answers(self) -> list[Answer]:
        found = []
        for answer in self.element.findall("answer"):
            form = answer.get("format") or "html"
            raw = _text(answer)
            text = html_to_markdown(raw).inline if form in ("html", "moodle_auto_format") else plain_to_markdown(raw)
            feedback = html_to_markdown(_text(answer.find("feedback"))).inline
            found.append(Answer(text, _fraction(answer.get("fraction", "0"), self.line), feedback))
        return found


def _fraction(value: str, line: int) -> float:
    try:
        return float(value) / 100
    except ValueError:
        raise Malformed(line, f'the answer grade fraction="{value}" is not a number',
                        'write grades in percent: fraction="100", fraction="50", fraction="0"') from None


class _Reader:
    def __init__(self) -> None:
        self.builder = Builder()
        self.category: tuple[str, ...] = ()
        self.tags: dict[str, None] = {}

    def read(self, root: etree._Element) -> None:
        for element in root.iter("question"):
            kind = element.get("type", "")
            if kind == "category":
                self.category = category_path(_text(element.find("category")))
                continue
            for tag in element.findall("tags/tag"):
                self.tags[_text(tag).strip()] = None
            question = _Question(self, element)
            method = getattr(self, f"_{kind}", None)
            if method is None:
                self._unsupported(question, kind)
            else:
                method(question)

    def _unsupported(self, question: _Question, kind: str) -> None:
        prompt = question.convert("questiontext").inline
        source = [f"{kind} question: {prompt}"] + [f"answer: {answer.text} ({answer.fraction * 100:g} %)"
                                                   for answer in question.answers()]
        self.builder.unsupported(f"a Moodle {kind} question; docgen has no such question type",
                                 question.line, source, self.category)

    def _multichoice(self, question: _Question) -> None:
        prompt, hint, _ = question.prompt()
        single = (question.element.findtext("single") or "true").strip().lower() not in ("false", "0")
        answers = question.answers()
        self.builder.choice(prompt, answers, question.line, single=single, explanation=question.explanation(),
                            **question.common(hint))

    def _truefalse(self, question: _Question) -> None:
        prompt, hint, _ = question.prompt()
        answers = {answer.text.strip().casefold(): answer for answer in question.answers()}
        true, false = answers.get("true"), answers.get("false")
        if true is None or false is None:
            raise Malformed(question.line, "a truefalse question needs the answers true and false",
                            "Moodle writes <answer fraction=\"100\"><text>true</text></answer> and one for false")
        right, wrong = (true, false) if true.fraction >= false.fraction else (false, true)
        self.builder.true_false(prompt, right is true, question.line, question.explanation(), right.feedback,
                                wrong.feedback, **question.common(hint))

    def _shortanswer(self, question: _Question) -> None:
        prompt, hint, _ = question.prompt()
        case = (question.element.findtext("usecase") or "0").strip() == "1"
        answers = question.answers()
        if not answers:
            raise Malformed(question.line, "a shortanswer question has no answer", "add <answer fraction=\"100\">")
        self.builder.short(prompt, answers, question.line, explanation=question.explanation(),
                           case_sensitive=case, **question.common(hint))

    def _essay(self, question: _Question) -> None:
        prompt, hint, _ = question.prompt()
        # Moodle's box height (responsefieldlines) is not the printed page's: docgen's default stays.
        answer = question.convert("graderinfo").markdown
        self.builder.long(prompt, question.line, answer=answer, explanation=question.explanation(),
                          **question.common(hint))

    def _matching(self, question: _Question) -> None:
        prompt, hint, _ = question.prompt()
        pairs, extra = [], []
        for sub in question.element.findall("subquestion"):
            left = html_to_markdown(_text(sub)).inline if (sub.get("format") or "html") != "plain_text" \
                else plain_to_markdown(_text(sub))
            right = plain_to_markdown(_text(sub.find("answer")))
            (pairs.append((left, right)) if left else extra.append(right))
        if len(pairs) < 2:
            raise Malformed(question.line, "a matching question needs at least two subquestions",
                            "each <subquestion> holds a text and its <answer>")
        self.builder.pairs(prompt, pairs, question.line, extra, explanation=question.explanation(),
                           **question.common(hint))

    _match = _matching

    def _numerical(self, question: _Question) -> None:
        prompt, hint, _ = question.prompt()
        numbers, notes = [], question.notes
        for answer in question.element.findall("answer"):
            value = _text(answer).strip()
            feedback = html_to_markdown(_text(answer.find("feedback"))).inline
            fraction = _fraction(answer.get("fraction", "0"), question.line)
            if value == "*":
                if feedback:
                    notes.append(f"feedback for any other number: {feedback}")
                continue
            try:
                numbers.append(Number(float(value), abs(float(answer.findtext("tolerance") or 0)), fraction,
                                      feedback))
            except ValueError:
                raise Malformed(answer.sourceline, f'the numerical answer "{value}" is not a number',
                                "write the answer as a number, e.g. <text>9.81</text>") from None
        if not numbers:
            raise Malformed(question.line, "a numerical question has no answer", "add <answer fraction=\"100\">")
        unit = ""
        for element in question.element.findall("units/unit"):
            name = (element.findtext("unit_name") or "").strip()
            if (element.findtext("multiplier") or "1").strip() in ("1", "1.0") and not unit:
                unit = name
            elif name:
                notes.append(f"also accepted in {name} (× {element.findtext('multiplier')})")
        self.builder.numeric(prompt, numbers, question.line, unit=unit, explanation=question.explanation(),
                             **question.common(hint))

    def _ddwtos(self, question: _Question, choice: str = "dragbox") -> None:
        """[[n]] is the n-th choice: the gaps' answers, and a word bank of them."""
        choices = [html.unescape(_text(box)).strip() for box in question.element.findall(choice)]
        raw = _text(question.element.find("questiontext"))
        places: list[int] = []

        def gap(match: re.Match) -> str:
            places.append(int(match.group(1)))
            return gap_token(len(places) - 1)

        marked = re.sub(r"\[\[(\d+)\]\]", gap, raw)
        if not places or any(not 1 <= place <= len(choices) for place in places):
            raise Malformed(question.line, "a gap [[n]] names a choice the question does not have",
                            f"the question has {len(choices)} choices, numbered from 1")
        answers = [plain_to_markdown(choices[place - 1]) for place in places]
        table = html_table(marked)
        if table and any(GAP_MARK in cell for row in table[1] for cell in row):  # a table to complete
            prompt, hint, _ = question.prompt(table[0])
            gaps = {gap_token(index): answer for index, answer in enumerate(answers)}
            self.builder.grid(prompt, table[1], gaps, question.line, explanation=question.explanation(),
                              **question.common(hint))
            return
        prompt, hint, paragraphs = question.prompt(marked)
        unused = [choice_ for index, choice_ in enumerate(choices, 1) if index not in places]
        if unused:
            question.notes.append("choices that fill no gap: " + ", ".join(f'"{word}"' for word in unused))
        if len({(box.findtext("group") or "1").strip() for box in question.element.findall(choice)}) > 1:
            question.notes.append("the choices were in several groups; the word bank holds them all")
        self.builder.blank(gapped(" ".join(paragraphs), [(answer, []) for answer in answers]), question.line,
                           word_bank=True, explanation=question.explanation(), **question.common(hint))

    def _gapselect(self, question: _Question) -> None:
        self._ddwtos(question, "selectoption")

    def _cloze(self, question: _Question) -> None:
        raw = _text(question.element.find("questiontext"))
        gaps: list[tuple[str, list[str]]] = []

        def gap(match: re.Match) -> str:
            gaps.append(_cloze_gap(match))
            return gap_token(len(gaps) - 1)

        marked = SUBQUESTION.sub(gap, raw)
        if not gaps:
            raise Malformed(question.line, "a cloze question has no embedded answer",
                            "write each gap as {1:SHORTANSWER:=answer}")
        prompt, hint, paragraphs = question.prompt(marked)
        self.builder.blank(gapped(" ".join(paragraphs), gaps), question.line,
                           explanation=question.explanation(), **question.common(hint))

    _multianswer = _cloze


def _cloze_gap(match: re.Match) -> tuple[str, list[str]]:
    """One {n:TYPE:answers}: its right answer, and notes for what a gap cannot hold."""
    kind = match.group(2)
    answers = []
    for alternative in ALTERNATIVE.finditer(match.group(3)):
        fraction = 1.0 if alternative.group(1) == "=" else \
            float(alternative.group(2).replace(",", ".")) / 100 if alternative.group(2) else 0.0
        text = html.unescape(alternative.group(3)).replace("\\}", "}").replace("\\#", "#").replace("\\~", "~")
        answers.append((text.strip(), fraction, html.unescape(alternative.group(5) or "").strip()))
    if not answers:
        return "?", [f"the gap {match.group(0)} has no answer"]
    best = max(range(len(answers)), key=lambda index: answers[index][1])
    right, notes = answers[best][0], []
    if kind in ("NUMERICAL", "NM") and ":" in right:
        right, _, tolerance = right.partition(":")
        if float(tolerance or 0):
            notes.append(f"numeric, ± {tolerance}")
    if kind.startswith(("MULTICHOICE", "MC")):
        notes.append("was a drop-down of " + ", ".join(f'"{answer[0]}"' for answer in answers))
    else:
        notes += [f'"{answer[0]}" {"also accepted" if answer[1] >= 0.9999 else f"earned {answer[1] * 100:g} %"}'
                  for index, answer in enumerate(answers) if index != best]
    if kind in ("SHORTANSWER_C", "SAC", "MWC"):
        notes.append("case-sensitive")
    if int(match.group(1) or 1) != 1:
        notes.append(f"worth {match.group(1)} marks")
    notes += [f'feedback for "{answer[0]}": {answer[2]}' for answer in answers if answer[2]]
    return plain_to_markdown(right), notes


def _detect(data: bytes, path: Path) -> bool:
    return root_name(data) == "quiz"


def read(data: bytes, path: Path) -> Read:
    root = parse(data)
    reader = _Reader()
    reader.read(root)
    if not reader.builder.items:
        raise Malformed(None, "holds no question", "export the question bank again from Moodle")
    tags = [tag for tag in reader.tags if tag]
    return Read(path, "Moodle XML", reader.builder.items, notes=[f"Moodle tags: {', '.join(tags)}"] if tags else [])


def setup(app) -> None:
    for importer in (Importer("Moodle XML", _detect, read),):
        app.add_importer(importer)
