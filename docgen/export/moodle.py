"""quiz.moodle.xml: the worksheet's questions as Moodle XML, for the question bank.

One category per topic (a pool, ``group``, becomes a subcategory for
"random question" slots), then each question as the Moodle type that
asks the same thing (see ``quiz.py`` for how blocks become items):

| item      | Moodle type |
|-----------|-------------|
| ChoiceItem    | ``multichoice`` (``single`` false when several are correct) |
| TrueFalseItem | ``truefalse`` |
| ShortItem     | ``shortanswer`` (every accepted answer at 100 %) |
| EssayItem     | ``essay`` (the model answer as information for graders) |
| GapsItem      | ``cloze`` (``{1:SHORTANSWER:=…}``); with a word bank ``ddwtos`` (drag the words into the text); a grid ``gapselect`` (pick each cell) |
| MatchItem     | ``matching`` (a sort: each statement matched to its category) |
| NumericItem   | ``numerical`` (the answer with its tolerance; the unit as Moodle's unit, not graded) |

Text is HTML made by docgen.markdown with raw HTML off, written as escaped
XML text (never raw markup); maths stays LaTeX between ``\\(`` ``\\)`` for
Moodle's MathJax filter. The explanation is the general feedback, the
hint a hint (shown in Moodle's interactive mode).
"""

from __future__ import annotations

import base64
import math
import xml.etree.ElementTree as ET

from docgen.export.quiz import (QUIZ_READS, ChoiceItem, EssayItem, Gap, GapsItem, MatchItem, NumericItem, QuizQuestion, ShortItem,
                                TrueFalseItem, label_html, render_quiz)
from docgen.export.media import read_media
from docgen.render.job import RenderJob

PENALTY = "0.3333333"  # Moodle's default: a third off for each wrong try (interactive mode)


def fraction(share: float) -> str:
    """A grade as Moodle stores it: percent with 5 decimals (33.33333), trailing zeros dropped.

    Moodle's importer accepts only its own list of grades (100, 50,
    33.33333, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, ... and their
    negatives); 1/k for k up to 10 is always on it.
    """
    text = f"{round(share, 7) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def category_path(*names: str) -> str:
    """``$course$/top/Topic/Pool``; a slash inside a name is written twice, as Moodle does."""
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in names)])


def _text(parent: ET.Element, tag: str, html: str) -> ET.Element:
    """An HTML text field: ``<tag format="html"><text>…</text></tag>`` (escaped, never raw markup)."""
    element = ET.SubElement(parent, tag, {"format": "html"})
    ET.SubElement(element, "text").text = html
    return element


def _plain(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _answer(parent: ET.Element, share: float, text: str, html: bool = False) -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction(share), **({"format": "html"} if html else {})})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "")


# An answer inside {1:SHORTANSWER:=…} ends at an unescaped }, # or ~; Moodle
# undoes \\} and \\# and decodes entities after splitting, so those survive.
_CLOZE_ANSWER = str.maketrans({"\\": "&#92;", "}": "\\}", "#": "\\#", "~": "&#126;", "&": "&amp;",
                               "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def cloze_escape(text: str) -> str:
    return text.translate(_CLOZE_ANSWER)


def inert(html: str, bank: bool) -> str:
    """Content that looks like a gap (``{1:SHORTANSWER:…}``, ``[[1]]``) must stay text."""
    return html.replace("[[", "[&#91;") if bank else html.replace("{", "&#123;")


def _gaps_text(item: GapsItem, prompt: str) -> str:
    """Question text with each gap in Moodle's embedded-answer syntax, or ``[[n]]`` for a bank."""
    words = list(dict.fromkeys(item.bank))
    bank = bool(item.bank)
    pieces = [inert(prompt, bank)]
    for part in item.parts:
        if not isinstance(part, Gap):
            pieces.append(inert(part, bank))
        elif bank:
            pieces.append(f"[[{words.index(part.answer) + 1}]]")
        else:
            pieces.append(f"{{1:SHORTANSWER:={cloze_escape(part.answer)}}}")
    return "".join(pieces)


class MoodleWriter:
    """Builds the <quiz> document question by question."""

    def __init__(self, job: RenderJob) -> None:
        self.job = job
        self.labels = job.labels
        self.quiz = ET.Element("quiz")
        self.category: str | None = None
        topic = job.topic
        self.tags = [value for value in (topic.subject, topic.level, job.slug) if value]

    def set_category(self, path: str) -> None:
        if path != self.category:
            question = ET.SubElement(self.quiz, "question", {"type": "category"})
            category = ET.SubElement(question, "category")
            ET.SubElement(category, "text").text = path
            self.category = path

    def name(self, question: QuizQuestion) -> str:
        stem = question.stem if len(question.stem) <= 80 else question.stem[:79].rstrip() + "…"
        return self.labels.format("quiz_question_name", number=question.number, stem=stem)

    def add(self, question: QuizQuestion) -> None:
        item = question.item
        moodle_type = {ChoiceItem: "multichoice", TrueFalseItem: "truefalse", ShortItem: "shortanswer",
                       EssayItem: "essay", MatchItem: "matching", NumericItem: "numerical"}.get(type(item))
        if isinstance(item, GapsItem):
            moodle_type = ("gapselect" if item.select else "ddwtos") if item.bank else "cloze"
        element = ET.SubElement(self.quiz, "question", {"type": moodle_type})
        name = ET.SubElement(element, "name")
        ET.SubElement(name, "text").text = self.name(question)
        prompt = question.prompt
        media = read_media(question.image, self.job.project.root, self.job.topic_file.path) \
            if question.image else None
        if media:
            prompt = media.img("@@PLUGINFILE@@/") + prompt
        if isinstance(item, EssayItem) and question.hint:
            # Essays take no hints in Moodle: the hint goes under the prompt.
            prompt += f"<p><em>{label_html(self.labels, 'hint_text', hint=question.hint)}</em></p>"
        text = _gaps_text(item, prompt) if isinstance(item, GapsItem) else prompt
        questiontext = _text(element, "questiontext", text)
        if media:  # the picture travels inside the file, as Moodle's own export does
            file = ET.SubElement(questiontext, "file", {"name": media.name, "path": "/", "encoding": "base64"})
            file.text = base64.b64encode(media.data).decode("ascii")
        _text(element, "generalfeedback", question.explanation)
        if not (isinstance(item, GapsItem) and not item.bank):  # a cloze's grade is the sum of its gaps
            _plain(element, "defaultgrade", f"{question.points:g}")
        _plain(element, "penalty", PENALTY)
        _plain(element, "hidden", "0")
        getattr(self, f"_{item.kind}")(element, item)
        if question.hint and not isinstance(item, EssayItem):
            _text(element, "hint", question.hint)
        tags = ET.SubElement(element, "tags")
        for value in self.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = value

    def _choice(self, element: ET.Element, item: ChoiceItem) -> None:
        _plain(element, "single", "false" if item.multiple else "true")
        _plain(element, "shuffleanswers", "false")  # the printed order (options kept last stay last)
        _plain(element, "answernumbering", "ABCD")
        correct = sum(option.correct for option in item.options)
        wrong = len(item.options) - correct
        for option in item.options:
            if not item.multiple:
                share = 1.0 if option.correct else 0.0
            else:  # ticking every box scores nothing: each wrong tick takes back its share
                share = 1 / correct if option.correct else -1 / wrong
            _answer(element, share, option.html, html=True)

    def _truefalse(self, element: ET.Element, item: TrueFalseItem) -> None:
        _answer(element, 1.0 if item.answer else 0.0, "true")
        _answer(element, 0.0 if item.answer else 1.0, "false")

    def _short(self, element: ET.Element, item: ShortItem) -> None:
        _plain(element, "usecase", "0")
        for answer in dict.fromkeys(item.answers):
            _answer(element, 1.0, answer)

    def _numeric(self, element: ET.Element, item: NumericItem) -> None:
        answer = ET.SubElement(element, "answer", {"fraction": "100"})
        ET.SubElement(answer, "text").text = f"{item.answer:.15g}"
        _text(answer, "feedback", "")
        _plain(answer, "tolerance", f"{item.tolerance:.15g}")
        if item.unit:  # shown beside the box; the student's number alone is graded
            unit = ET.SubElement(ET.SubElement(element, "units"), "unit")
            _plain(unit, "multiplier", "1")
            _plain(unit, "unit_name", item.unit)
            _plain(element, "unitgradingtype", "0")
            _plain(element, "showunits", "3")  # the unit printed after the box
            _plain(element, "unitsleft", "0")

    def _essay(self, element: ET.Element, item: EssayItem) -> None:
        _plain(element, "responseformat", "editor")
        _plain(element, "responserequired", "1")
        _plain(element, "responsefieldlines", str(min(40, max(5, 5 * math.ceil(item.lines / 5)))))
        _plain(element, "attachments", "0")
        _text(element, "graderinfo", item.model_answer)
        _text(element, "responsetemplate", "")

    def _gaps(self, element: ET.Element, item: GapsItem) -> None:
        if not item.bank:
            return  # a cloze carries its answers in its text
        # A word bank keeps its printed order; a grid's drop-downs are shuffled by Moodle.
        _plain(element, "shuffleanswers", "1" if item.select else "0")
        counts = {word: item.bank.count(word) for word in item.bank}
        for word in dict.fromkeys(item.bank):
            box = ET.SubElement(element, "selectoption" if item.select else "dragbox")
            ET.SubElement(box, "text").text = word
            ET.SubElement(box, "group").text = "1"
            if counts[word] > 1 and not item.select:  # the same word fills several gaps
                ET.SubElement(box, "infinite")

    def _match(self, element: ET.Element, item: MatchItem) -> None:
        _plain(element, "shuffleanswers", "true")
        for left, right in item.pairs:
            sub = _text(element, "subquestion", left)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right
        for right in item.extra:  # a choice that matches nothing: a subquestion with no text
            sub = _text(element, "subquestion", "")
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right

    def document(self) -> bytes:
        """The file; empty texts as ``<text></text>``, as Moodle's own export writes them."""
        ET.indent(self.quiz, "  ")
        body = ET.tostring(self.quiz, encoding="utf-8", short_empty_elements=False)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def moodle_xml(job: RenderJob, questions: list[QuizQuestion]) -> bytes:
    writer = MoodleWriter(job)
    title = job.topic.title
    # The topic's own questions first, then each pool in its subcategory.
    for question in sorted(questions, key=lambda q: (q.group is not None, q.group or "")):
        writer.set_category(category_path(title, question.group) if question.group else category_path(title))
        writer.add(question)
    return writer.document()


def render(job: RenderJob) -> dict[str, bytes]:
    return render_quiz(job, "quiz.moodle.xml", moodle_xml)


def setup(app) -> None:
    # Editions change the print; the quiz is the topic's own: made once.
    app.add_output("moodle", render, templates=(), reads=QUIZ_READS, editions=False)
