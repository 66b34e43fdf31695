"""quiz.qti.zip: the worksheet's questions as an IMS QTI 1.2 package.

The flavour Canvas Classic Quizzes writes and reads (Canvas's
``question_type`` item metadata, scores out of 100), which is plain QTI 1.2
that Blackboard and other QTI 1.2 readers import too: ``imsmanifest.xml``
naming one ``imsqti_xmlv1p2`` resource, the assessment XML with one
``<item>`` per question. The same items as the Moodle export (``quiz.py``):

| item      | Canvas question type | QTI 1.2 response |
|-----------|----------------------|------------------|
| ChoiceItem    | ``multiple_choice_question``, ``multiple_answers_question`` | ``response_lid`` Single / Multiple |
| TrueFalseItem | ``true_false_question`` | ``response_lid`` Single |
| ShortItem     | ``short_answer_question`` | ``response_str``, every accepted answer a ``varequal`` |
| EssayItem     | ``essay_question`` (model answer as general feedback, and as the ``solution``) | ``response_str``, marked by hand |
| GapsItem      | ``fill_in_multiple_blanks_question``; ``multiple_dropdowns_question`` with a bank | one ``response_lid`` per gap |
| MatchItem     | ``matching_question`` | one ``response_lid`` per left item |
| NumericItem   | ``numerical_question`` | ``response_num``, right within ``vargte``/``varlte`` |

Texts are HTML (escaped into ``mattext texttype="text/html"``), maths as
``\\(`` ``\\)`` for the LMS's MathJax.
"""

from __future__ import annotations

import random

import xml.etree.ElementTree as ET

from docgen.export.common import stable_number, zip_bytes
from docgen.export.media import read_media
from docgen.export.quiz import (QUIZ_READS, ChoiceItem, EssayItem, Gap, GapsItem, MatchItem, NumericItem, QuizQuestion, ShortItem,
                                TrueFalseItem, label_html, render_quiz)
from docgen.render.job import RenderJob

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NAMESPACE = "http://www.imsglobal.org/xsd/imscp_v1p1"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _material(parent: ET.Element, text: str, html: bool = True) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", text, texttype="text/html" if html else "text/plain")


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _choice_response(presentation: ET.Element, ident: str, labels: list[tuple[str, str]],
                     multiple: bool = False, html: bool = True, prompt: str | None = None) -> None:
    response = _sub(presentation, "response_lid", ident=ident, rcardinality="Multiple" if multiple else "Single")
    if prompt is not None:
        _material(response, prompt, html=False)
    render = _sub(response, "render_choice")
    for label_ident, text in labels:
        label = _sub(render, "response_label", ident=label_ident)
        _material(label, text, html)


def _condition(resprocessing: ET.Element, score: str, action: str = "Set") -> ET.Element:
    """A respcondition; the caller fills its conditionvar."""
    condition = _sub(resprocessing, "respcondition", **({"continue": "No"} if action == "Set" else {"continue": "Yes"}))
    conditionvar = _sub(condition, "conditionvar")
    _sub(condition, "setvar", score, action=action, varname="SCORE")
    return conditionvar


def shuffled_choices(rights: list[str], seed: str) -> list[str]:
    """A matching item's choices in an order of their own (seeded by the item, so every build
    writes the same file): an LMS that does not shuffle them must not list them in the order
    of the answers, which would give the answers away."""
    order = list(rights)
    random.Random(seed).shuffle(order)
    if order == rights and len(order) > 1:  # the draw gave the answers' order back
        order = order[1:] + order[:1]
    return order


def canvas_type(item) -> str:
    if isinstance(item, GapsItem):
        return "multiple_dropdowns_question" if item.bank else "fill_in_multiple_blanks_question"
    if isinstance(item, ChoiceItem):
        return "multiple_answers_question" if item.multiple else "multiple_choice_question"
    return {TrueFalseItem: "true_false_question", ShortItem: "short_answer_question", EssayItem: "essay_question",
            MatchItem: "matching_question", NumericItem: "numerical_question"}[type(item)]


def gap_text(item: GapsItem) -> str:
    """The gapped text with Canvas's blanks, ``[g1]``, ``[g2]``; brackets in content stay text."""
    pieces, number = [], 0
    for part in item.parts:
        if isinstance(part, Gap):
            number += 1
            pieces.append(f"[g{number}]")
        else:
            pieces.append(part.replace("[", "&#91;"))
    return "".join(pieces)


class QtiWriter:
    def __init__(self, job: RenderJob) -> None:
        self.job = job
        self.labels = job.labels
        self.media: dict[str, bytes] = {}  # name -> bytes of the pictures the items show
        self.root = ET.Element("questestinterop", {"xmlns": QTI_NAMESPACE})
        self.ident = f"d{stable_number('qti', job.slug):x}"
        assessment = _sub(self.root, "assessment", ident=self.ident, title=job.topic.title)
        _metadata(assessment, {"cc_maxattempts": "1"})
        self.section = _sub(assessment, "section", ident="root_section")

    def add(self, question: QuizQuestion) -> None:
        item = question.item
        ident = "i" + question.key.rsplit(":", 1)[-1].replace("-", "_")
        element = _sub(self.section, "item", ident=ident, title=f"{question.number}. {question.stem[:80]}")
        _metadata(_sub(element, "itemmetadata"), {"question_type": canvas_type(item),
                                                  "points_possible": f"{question.points:g}"})
        presentation = _sub(element, "presentation")
        text = question.prompt
        if question.image:  # a file of the package, beside the assessment
            media = read_media(question.image, self.job.project.root, self.job.topic_file.path)
            self.media[media.name] = media.data
            text = media.img("media/") + text
        if question.hint:  # QTI 1.2 quizzes show no hints: it stays with the question
            text += f"<p><em>{label_html(self.labels, 'hint_text', hint=question.hint)}</em></p>"
        if isinstance(item, GapsItem):
            text += gap_text(item)
        _material(presentation, text)
        resprocessing = _sub(element, "resprocessing")
        _sub(_sub(resprocessing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
             vartype="Decimal")
        feedback = question.explanation and f"<p>{question.explanation}</p>"
        if isinstance(item, EssayItem):
            feedback += item.model_answer
        if feedback:  # shown after any answer: Canvas's "general feedback"
            condition = _sub(resprocessing, "respcondition", **{"continue": "Yes"})
            _sub(_sub(condition, "conditionvar"), "other")
            _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        getattr(self, f"_{item.kind}")(presentation, resprocessing, item)
        if feedback:
            _material(_sub(_sub(element, "itemfeedback", ident="general_fb"), "flow_mat"), feedback)
        if isinstance(item, EssayItem) and item.model_answer:  # QTI's own place for it, read back by docgen import
            solution = _sub(_sub(element, "itemfeedback", ident="model_answer"), "solution")
            _material(_sub(solution, "solutionmaterial"), item.model_answer)

    def _choice(self, presentation, resprocessing, item: ChoiceItem) -> None:
        labels = [(f"o{index}", option.html) for index, option in enumerate(item.options, 1)]
        _choice_response(presentation, "response1", labels, multiple=item.multiple)
        condition = _condition(resprocessing, "100")
        if not item.multiple:
            correct = next(f"o{i}" for i, option in enumerate(item.options, 1) if option.correct)
            _sub(condition, "varequal", correct, respident="response1")
            return
        every = _sub(condition, "and")
        for index, option in enumerate(item.options, 1):
            target = every if option.correct else _sub(every, "not")
            _sub(target, "varequal", f"o{index}", respident="response1")

    def _truefalse(self, presentation, resprocessing, item: TrueFalseItem) -> None:
        _choice_response(presentation, "response1",
                         [("true", self.labels["true"]), ("false", self.labels["false"])])
        _sub(_condition(resprocessing, "100"), "varequal", "true" if item.answer else "false",
             respident="response1")

    def _short(self, presentation, resprocessing, item: ShortItem) -> None:
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        for answer in dict.fromkeys(item.answers):  # one rule each: conditions in one rule are ANDed
            _sub(_condition(resprocessing, "100"), "varequal", answer, respident="response1")

    def _numeric(self, presentation, resprocessing, item: NumericItem) -> None:
        response = _sub(presentation, "response_num", ident="response1", rcardinality="Single", numtype="Decimal")
        _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        if item.unit:  # after the box, as printed; the number alone is scored
            _material(presentation, item.unit, html=False)
        condition = _condition(resprocessing, "100")
        if item.tolerance:  # Canvas's "answer with margin": within the range, both ends included
            between = _sub(condition, "and")
            _sub(between, "vargte", f"{item.answer - item.tolerance:.15g}", respident="response1")
            _sub(between, "varlte", f"{item.answer + item.tolerance:.15g}", respident="response1")
        else:
            _sub(condition, "varequal", f"{item.answer:.15g}", respident="response1")

    def _essay(self, presentation, resprocessing, item: EssayItem) -> None:
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib", rows=str(item.lines)), "response_label", ident="answer1", rshuffle="No")

    def _gaps(self, presentation, resprocessing, item: GapsItem) -> None:
        gaps = item.gaps
        words = list(dict.fromkeys(item.bank))
        share = f"{100 / len(gaps):.4f}".rstrip("0").rstrip(".")
        for index, gap in enumerate(gaps, 1):
            choices = words if item.bank else [gap.answer]
            labels = [(f"g{index}w{number}", word) for number, word in enumerate(choices, 1)]
            _choice_response(presentation, f"response_g{index}", labels, html=False, prompt=f"g{index}")
            right = labels[choices.index(gap.answer)][0]
            _sub(_condition(resprocessing, share, action="Add"), "varequal", right,
                 respident=f"response_g{index}")

    def _match(self, presentation, resprocessing, item: MatchItem) -> None:
        rights = shuffled_choices(list(dict.fromkeys([right for _, right in item.pairs] + list(item.extra))),
                                  seed=repr(item.pairs))
        labels = [(f"r{number}", right) for number, right in enumerate(rights, 1)]
        share = f"{100 / len(item.pairs):.4f}".rstrip("0").rstrip(".")
        for index, (left, right) in enumerate(item.pairs, 1):
            response = _sub(presentation, "response_lid", ident=f"response_m{index}", rcardinality="Single")
            _material(response, left)
            render = _sub(response, "render_choice")
            for label_ident, text in labels:
                _material(_sub(render, "response_label", ident=label_ident), text, html=False)
            _sub(_condition(resprocessing, share, action="Add"), "varequal",
                 labels[rights.index(right)][0], respident=f"response_m{index}")

    def assessment(self) -> bytes:
        ET.indent(self.root, "  ")
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(self.root, encoding="utf-8") + b"\n"

    def manifest(self, href: str, files: list[str]) -> bytes:
        manifest = ET.Element("manifest", {"xmlns": CP_NAMESPACE, "identifier": f"m{self.ident}"})
        metadata = _sub(manifest, "metadata")
        _sub(metadata, "schema", "IMS Content")
        _sub(metadata, "schemaversion", "1.1.3")
        _sub(manifest, "organizations")
        resources = _sub(manifest, "resources")
        resource = _sub(resources, "resource", identifier=f"r{self.ident}", type="imsqti_xmlv1p2", href=href)
        for file in files:
            _sub(resource, "file", href=file)
        ET.indent(manifest, "  ")
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="utf-8") + b"\n"


def qti_package(job: RenderJob, questions: list[QuizQuestion]) -> bytes:
    writer = QtiWriter(job)
    for question in questions:
        writer.add(question)
    href = f"{writer.ident}/{job.slug}.xml"
    media = {f"{writer.ident}/media/{name}": data for name, data in writer.media.items()}
    files = {href: writer.assessment(), **media}
    return zip_bytes({"imsmanifest.xml": writer.manifest(href, list(files)), **files})


def render(job: RenderJob) -> dict[str, bytes]:
    return render_quiz(job, "quiz.qti.zip", qti_package)


def setup(app) -> None:
    # Editions change the print; the quiz is the topic's own: made once.
    app.add_output("qti", render, templates=(), reads=QUIZ_READS, editions=False)
