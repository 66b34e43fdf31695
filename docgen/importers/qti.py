"""QTI 1.2, as Canvas (Classic Quizzes) and Blackboard export it: a zip, or its assessment XML.

Every ``<item>`` is read by what it asks for, its response elements, with
Canvas's ``question_type`` (or Blackboard's ``bbmd_questiontype``) to tell
look-alikes apart, and its ``resprocessing`` for what scores: the right
options (``varequal`` not under ``not``), the accepted texts, a number or a
range (``vargte``/``varlte``). Texts are ``mattext`` (Canvas) or
``mat_formattedtext`` (Blackboard) HTML. The general feedback is the
explanation (an essay's is its model answer); feedback on one answer is
kept as the choice builders keep Moodle's.

| item | docgen |
|---|---|
| one ``response_lid`` (True / False) | ``true_false`` |
| one ``response_lid`` | ``choice`` (several right when Multiple) |
| ``response_lid`` per left item | ``match`` / ``classify`` |
| ``response_lid`` per ``[gap]`` of the text | ``blank`` (a word bank for drop-downs) |
| ``response_str`` with answers | ``short`` |
| ``response_str`` without | ``long`` |
| ``response_num`` | ``numeric`` |
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.importers import Importer
from docgen.importers.build import Answer, Builder, Number, docgen_prompt, label_texts
from docgen.importers.html import html_to_markdown
from docgen.importers.model import Malformed, Read
from docgen.importers.xml import local, parse, root_name

_RESPONSES = ("response_lid", "response_str", "response_num", "response_xy", "response_grp")
_TOKEN = "\ue100"
MAX_MEMBER_BYTES = 100 * 1024 * 1024


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element.iter() if local(child) == name]


def _html_of(element: etree._Element) -> str:
    """The HTML of every text inside ``element`` (not inside a response), in reading order."""
    pieces = []
    for node in element.iter():
        name = local(node)
        if name in _RESPONSES and node is not element:
            continue
        if any(local(parent) in _RESPONSES for parent in node.iterancestors() if parent is not element
               and element in parent.iterancestors()):
            continue
        if name == "mattext" or name == "mat_formattedtext":
            text = node.text or ""
            html_text = name == "mat_formattedtext" or "html" in (node.get("texttype") or "")
            pieces.append(text if html_text else f"<p>{html.escape(text)}</p>")
    return "".join(pieces)


def _markdown(html_text: str) -> str:
    return html_to_markdown(html_text).inline


def _metadata(item: etree._Element) -> dict[str, str]:
    fields = {}
    for field in _children(item, "qtimetadatafield"):
        label = next((child.text for child in field if local(child) == "fieldlabel"), None)
        entry = next((child.text for child in field if local(child) == "fieldentry"), None)
        if label:
            fields[label.strip()] = (entry or "").strip()
    for name in ("bbmd_questiontype", "bbmd_asitype"):
        found = _children(item, name)
        if found:
            fields[name] = (found[0].text or "").strip()
    return fields


def _score(condition: etree._Element) -> float:
    total = 0.0
    for setvar in _children(condition, "setvar"):
        value = (setvar.text or "").strip()
        try:
            number = float(value)
        except ValueError:
            number = 100.0 if "max" in value.lower() else 0.0
        total = number if setvar.get("action", "Set") == "Set" else total + number
    return total


def _positive(condition: etree._Element, name: str) -> list[etree._Element]:
    """The ``name`` tests of a condition that are not negated."""
    return [node for node in _children(condition, name)
            if not any(local(parent) == "not" for parent in node.iterancestors()
                       if condition in parent.iterancestors() or parent is condition)]


class _Item:
    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.line = element.sourceline or 0
        self.meta = _metadata(element)
        presentation = next(iter(_children(element, "presentation")), None)
        if presentation is None:
            raise Malformed(self.line, "an item has no <presentation>", "every QTI item shows its question there")
        self.presentation = presentation
        self.responses = [node for node in presentation.iter() if local(node) in _RESPONSES]
        self.conditions = [(condition, _score(condition)) for condition in _children(element, "respcondition")]
        self.feedback = {node.get("ident"): _html_of(node) for node in _children(element, "itemfeedback")}

    @property
    def kind(self) -> str:
        return (self.meta.get("question_type") or self.meta.get("bbmd_questiontype") or "").lower()

    def scoring(self) -> list[etree._Element]:
        """The conditions that give marks, best first."""
        return [condition for condition, score in sorted(self.conditions, key=lambda pair: -pair[1]) if score > 0]

    def right_values(self, respident: str | None = None) -> list[str]:
        values = []
        for condition in self.scoring():
            for node in _positive(condition, "varequal"):
                if respident is None or node.get("respident") in (respident, None):
                    values.append((node.text or "").strip())
        return list(dict.fromkeys(values))

    def labels(self, response: etree._Element) -> dict[str, str]:
        return {label.get("ident"): _markdown(_html_of(label)) for label in _children(response, "response_label")}

    def prompt_html(self) -> str:
        pieces = []
        for node in self.presentation:
            if local(node) in _RESPONSES:
                break
            pieces.append(_html_of(node))
        return "".join(pieces)

    def after_html(self) -> str:
        """Texts after the last response (docgen's unit after a numeric box)."""
        pieces, seen = [], False
        for node in self.presentation:
            if local(node) in _RESPONSES:
                seen, pieces = True, []
            elif seen:
                pieces.append(_html_of(node))
        return "".join(pieces)

    def general_feedback(self) -> str:
        linked = [node.get("linkrefid") for condition, _ in self.conditions
                  if _children(condition, "other") for node in _children(condition, "displayfeedback")]
        for ident in linked + ["general_fb", "correct_fb"]:
            if ident in self.feedback and self.feedback[ident].strip():
                return self.feedback[ident]
        return ""

    def points(self) -> dict:
        value = self.meta.get("points_possible")
        try:
            points = float(value) if value else 0
        except ValueError:
            return {}
        return {"points": int(points) if points.is_integer() else points} if points > 0 else {}


class _Reader:
    def __init__(self) -> None:
        self.builder = Builder()

    def read(self, root: etree._Element) -> None:
        for element in _children(root, "item"):
            item = _Item(element)
            prompt, hint, paragraphs = docgen_prompt(html_to_markdown(item.prompt_html()).paragraphs)
            common = {"hint": hint, **item.points()}
            explanation = _markdown(item.general_feedback())
            lids = [node for node in item.responses if local(node) == "response_lid"]
            kinds = {local(node) for node in item.responses}
            if "response_num" in kinds or "numerical" in item.kind or item.kind == "numeric":
                self.numeric(item, prompt, explanation, common)
            elif len(lids) == 1 and kinds == {"response_lid"} and "blank" not in item.kind \
                    and "dropdown" not in item.kind:
                self.choice(item, lids[0], prompt, explanation, common)
            elif lids and kinds == {"response_lid"}:
                self.several(item, lids, prompt, paragraphs, explanation, common)
            elif kinds == {"response_str"}:
                self.written(item, prompt, explanation, common)
            else:
                self.builder.unsupported(f"a QTI item of the kind {item.kind or ', '.join(sorted(kinds)) or 'none'}"
                                         "; docgen has no such question", item.line, [f"text: {prompt}"])

    def choice(self, item: _Item, response: etree._Element, prompt: str, explanation: str, common: dict) -> None:
        labels = item.labels(response)
        right = set(item.right_values(response.get("ident")))
        words = {text.casefold(): text for text in labels.values()}
        true_words, false_words = label_texts("true"), label_texts("false")
        if len(labels) == 2 and (set(words) <= true_words | false_words and set(words) & true_words
                                 or "true_false" in item.kind):
            answer = any(labels[ident].casefold() in true_words for ident in right) if right else True
            self.builder.true_false(prompt, answer, item.line, explanation, **common)
            return
        multiple = (response.get("rcardinality") or "Single") == "Multiple"
        answers = [Answer(text, 1.0 if ident in right else 0.0, _markdown(item.feedback.get(f"{ident}_fb", "")))
                   for ident, text in labels.items()]
        self.builder.choice(prompt, answers, item.line, single=not multiple, explanation=explanation, **common)

    def several(self, item: _Item, lids: list, prompt: str, paragraphs: list[str], explanation: str,
                common: dict) -> None:
        names = [_markdown(_html_of_own(node)) for node in lids]
        text_html = item.prompt_html()
        is_gaps = all(f"[{name}]" in text_html for name in names if name) and "matching" not in item.kind
        if not is_gaps:
            pairs = []
            for node, left in zip(lids, names):
                labels = item.labels(node)
                right = item.right_values(node.get("ident"))
                pairs.append((left, labels.get(right[0], "") if right else ""))
            every_right = [text for node in lids for text in item.labels(node).values()]
            extra = [text for text in dict.fromkeys(every_right) if text not in {right for _, right in pairs}]
            self.builder.pairs(prompt, pairs, item.line, extra, explanation=explanation, **common)
            return
        gaps = []
        for node, name in zip(lids, names):
            labels = item.labels(node)
            right = item.right_values(node.get("ident"))
            gaps.append((labels.get(right[0], "?") if right else "?", []))
            text_html = text_html.replace(f"[{name}]", f"{_TOKEN}{chr(0xE200 + len(gaps) - 1)}", 1)
        bank = "dropdown" in item.kind or any(len(item.labels(node)) > 1 for node in lids)
        _, _, paragraphs = docgen_prompt(html_to_markdown(text_html).paragraphs)
        from docgen.importers.moodle_xml import _gapped

        self.builder.blank(_gapped(" ".join(paragraphs), gaps), item.line, word_bank=bank,
                           explanation=explanation, **common)

    def written(self, item: _Item, prompt: str, explanation: str, common: dict) -> None:
        answers = item.right_values()
        if answers and "essay" not in item.kind:
            self.builder.short(prompt, [Answer(html_to_markdown(html.escape(text)).inline, 1.0) for text in answers],
                               item.line, explanation=explanation, **common)
            return
        model = html_to_markdown(item.general_feedback()).markdown
        self.builder.long(prompt, item.line, answer=model, **common)

    def numeric(self, item: _Item, prompt: str, explanation: str, common: dict) -> None:
        numbers = []
        for condition in item.scoring():
            values = {name: [float(node.text) for node in _positive(condition, name) if _is_number(node.text)]
                      for name in ("varequal", "vargte", "vargt", "varlte", "varlt")}
            fraction = min(1.0, _score(condition) / 100)
            low = (values["vargte"] + values["vargt"])[:1]
            high = (values["varlte"] + values["varlt"])[:1]
            if low and high:
                numbers.append(Number((low[0] + high[0]) / 2, abs(high[0] - low[0]) / 2, fraction))
            numbers += [Number(value, 0.0, fraction) for value in values["varequal"]]
        if not numbers:
            raise Malformed(item.line, "a numeric item has no right answer in its <resprocessing>",
                            "a right answer is a <varequal>, or a <vargte> and a <varlte> for a range")
        unit = _markdown(item.after_html())
        self.builder.numeric(prompt, numbers, item.line, unit=unit, explanation=explanation, **common)


def _html_of_own(response: etree._Element) -> str:
    """A response's own text (a gap's name, a matching's left item), not its choices'."""
    pieces = []
    for node in response:
        if local(node) == "material":
            pieces.append(_html_of(node))
    return "".join(pieces)


def _is_number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True


def _assessments(data: bytes, path: Path) -> list[tuple[str, bytes]]:
    """(name, XML) of every assessment: the members of a package, or the file itself."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [(path.name, data)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = []
        for info in archive.infolist():
            if info.is_dir() or info.file_size > MAX_MEMBER_BYTES or not info.filename.lower().endswith(
                    (".xml", ".dat", ".qti")) or info.filename.lower().endswith("imsmanifest.xml"):
                continue
            member = archive.read(info)
            if root_name(member) == "questestinterop":
                found.append((info.filename, member))
        return found


def _detect(data: bytes, path: Path) -> bool:
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        return "imsmanifest.xml" in names and bool(_assessments(data, path))
    return root_name(data) == "questestinterop"


def read(data: bytes, path: Path) -> Read:
    reader, title, members = _Reader(), "", []
    for name, xml in _assessments(data, path):
        root = parse(xml)
        assessment = next(iter(_children(root, "assessment")), None)
        title = title or (assessment.get("title", "") if assessment is not None else "")
        try:
            reader.read(root)
        except Malformed as error:
            raise Malformed(error.line, f"{name}: {error.message}" if name != path.name else error.message,
                            error.hint) from None
        members.append(name)
    if not reader.builder.items:
        raise Malformed(None, "holds no QTI item", "export the quiz again as QTI 1.2 (Canvas: Classic Quizzes)")
    lines_of = f"{path.name}/{members[0]}" if members and members[0] != path.name else ""
    return Read(path, "QTI 1.2", reader.builder.items, title=title, lines_of=lines_of)


IMPORTERS = [Importer("QTI 1.2", _detect, read)]
