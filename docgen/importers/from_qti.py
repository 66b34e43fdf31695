"""QTI 1.2, as Canvas (Classic Quizzes) and Blackboard export it: a zip, or its assessment XML.

Every ``<item>`` is read by what it asks for, its response elements, with
Canvas's ``question_type`` (or Blackboard's ``bbmd_questiontype``) to tell
look-alikes apart, and its ``resprocessing`` for what scores: the right
options (``varequal`` not under ``not``), the accepted texts, a number or a
range (``vargte``/``varlte``). Texts are ``mattext`` (Canvas) or
``mat_formattedtext`` (Blackboard) HTML. The general feedback is the
explanation; an essay's model answer is its ``<solution>`` (else its
general feedback); feedback on one answer is kept as the choice builders
keep Moodle's.

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
import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from docgen.importers import Importer, zip_names
from docgen.importers.builder import (GAP_MARK, Answer, Builder, Number, docgen_prompt, gap_token, gapped,
                                    label_texts)
from docgen.importers.from_html import html_table, html_to_markdown
from docgen.importers.bank import Malformed, Picture, Read
from docgen.importers.safe_xml import local, parse, root_name

_RESPONSES = ("response_lid", "response_str", "response_num", "response_xy", "response_grp")
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
        for ident in linked + ["general_fb", "correct_fb", "correct"]:  # Canvas's, then Blackboard's
            if ident in self.feedback and self.feedback[ident].strip():
                return self.feedback[ident]
        return ""

    def solution(self) -> str:
        """A model answer given as QTI's ``<solution>``."""
        return "".join(_html_of(node) for node in _children(self.element, "solution"))

    def points(self) -> dict:
        value = self.meta.get("points_possible")
        try:
            points = float(value) if value else 0
        except ValueError:
            return {}
        return {"points": int(points) if points.is_integer() else points} if points > 0 else {}


class _Reader:
    def __init__(self, files: dict[str, bytes] | None = None, member: str = "") -> None:
        self.builder = Builder()
        self.files = files or {}  # the package's other members, for the pictures items show
        self.member = member

    def picture(self, images: list[tuple[str, str]]) -> tuple[Picture | None, list[str]]:
        """The first picture of the prompt that the package holds; notes for the others."""
        found, notes = None, []
        for src, alt in images:
            path = unquote(src.replace("$IMS-CC-FILEBASE$/", "").split("?")[0])
            wanted = posixpath.normpath(posixpath.join(posixpath.dirname(self.member), path))
            data = self.files.get(wanted) or next((data for name, data in self.files.items()
                                                   if name.endswith("/" + path.lstrip("/"))), None)
            if found is None and data is not None:
                found = Picture(posixpath.basename(path), data, html.unescape(alt))
            else:
                notes.append(f"a picture ({src or alt}) kept out: docgen shows one picture per question, "
                             "above its prompt")
        return found, notes

    def read(self, root: etree._Element) -> None:
        for element in _children(root, "item"):
            item = _Item(element)
            converted = html_to_markdown(item.prompt_html())
            prompt, hint, paragraphs = docgen_prompt(converted.paragraphs)
            picture, notes = self.picture(converted.images)
            common = {"hint": hint, "picture": picture, "notes": notes, **item.points()}
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
            text_html = text_html.replace(f"[{name}]", gap_token(len(gaps) - 1), 1)
        table = html_table(text_html)
        if table and any(GAP_MARK in cell for row in table[1] for cell in row):  # a table to complete
            prompt, hint, _ = docgen_prompt(html_to_markdown(table[0]).paragraphs)
            tokens = {gap_token(index): answer for index, (answer, _) in enumerate(gaps)}
            self.builder.grid(prompt, table[1], tokens, item.line, explanation=explanation,
                              **{**common, "hint": hint or common.get("hint", "")})
            return
        bank = "dropdown" in item.kind or any(len(item.labels(node)) > 1 for node in lids)
        _, _, paragraphs = docgen_prompt(html_to_markdown(text_html).paragraphs)
        self.builder.blank(gapped(" ".join(paragraphs), gaps), item.line, word_bank=bank,
                           explanation=explanation, **common)

    def written(self, item: _Item, prompt: str, explanation: str, common: dict) -> None:
        answers = item.right_values()
        if answers and "essay" not in item.kind:
            self.builder.short(prompt, [Answer(html_to_markdown(html.escape(text)).inline, 1.0) for text in answers],
                               item.line, explanation=explanation, **common)
            return
        general, solution = item.general_feedback(), item.solution()
        if solution and general.endswith(solution):  # docgen's export: the explanation, then the model answer
            general = general[:-len(solution)]
        elif not solution:  # the general feedback is what a grader reads: the model answer
            general, solution = "", general
        self.builder.long(prompt, item.line, answer=html_to_markdown(solution).markdown,
                          explanation=_markdown(general), **common)

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


def _members(data: bytes) -> dict[str, bytes]:
    """Every file of a package (none larger than MAX_MEMBER_BYTES)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()
                if not info.is_dir() and info.file_size <= MAX_MEMBER_BYTES}


def _assessments(files: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """(name, XML) of every assessment of a package."""
    return [(name, member) for name, member in files.items()
            if name.lower().endswith((".xml", ".dat", ".qti")) and not name.lower().endswith("imsmanifest.xml")
            and root_name(member) == "questestinterop"]


def _detect(data: bytes, path: Path) -> bool:
    names = zip_names(data)
    if names:
        return "imsmanifest.xml" in names and bool(_assessments(_members(data)))
    return root_name(data) == "questestinterop"


def read(data: bytes, path: Path) -> Read:
    files = _members(data) if zipfile.is_zipfile(io.BytesIO(data)) else {}
    builder, title, members = Builder(), "", []
    for name, xml in _assessments(files) if files else [(path.name, data)]:
        reader = _Reader(files, name)
        reader.builder = builder
        root = parse(xml)
        assessment = next(iter(_children(root, "assessment")), None)
        title = title or (assessment.get("title", "") if assessment is not None else "")
        try:
            reader.read(root)
        except Malformed as error:
            raise Malformed(error.line, f"{name}: {error.message}" if name != path.name else error.message,
                            error.hint) from None
        members.append(name)
    if not builder.items:
        raise Malformed(None, "holds no QTI item", "export the quiz again as QTI 1.2 (Canvas: Classic Quizzes)")
    lines_of = f"{path.name}/{members[0]}" if members and members[0] != path.name else ""
    return Read(path, "QTI 1.2", builder.items, title=title, lines_of=lines_of)


def setup(app) -> None:
    for importer in (Importer("QTI 1.2", _detect, read),):
        app.add_importer(importer)
