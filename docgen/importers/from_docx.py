"""A worksheet typed in Word: numbered questions, lettered options, the answer marked.

Questions are the paragraphs numbered ``1.`` or ``1)`` (typed, or Word's
own numbering at the first level); options are lettered ``a)``/``A.``
(typed, or numbered at a deeper level or with letters). The right option
is the one typed in **bold** or highlighted, or the one an ``Answer:``
line names (its letter or its text; "Answer" in any shipped language:
Réponse, Respuesta, Antwort …). Options True / False make a true_false; no
options and an ``Answer:`` line a short answer (a numeric one when the
answer is a number, ``9.81 ± 0.05 m/s²``); no options and no answer an
extended answer. Reports count paragraphs where other formats count lines.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docgen.importers import Importer, zip_names
from docgen.importers.builder import Answer, Builder, Number, label_texts
from docgen.importers.from_html import plain_to_markdown
from docgen.importers.bank import Malformed, Read

_QUESTION = re.compile(r"^\s*(?:Q(?:uestion)?\s*)?(\d{1,3})\s*[.)]\s+(.+)$", re.I | re.S)
_OPTION = re.compile(r"^\s*\(?([a-jA-J])\s*[.)]\s+(.+)$", re.S)
_ANSWER = re.compile(r"^\s*([^\W\d_]+)\s*[:：]\s*(.+)$", re.S)
_NUMBER = re.compile(r"^(-?\d+(?:[.,]\d+)?)\s*(?:(?:±|\+/-|\+-)\s*(\d+(?:[.,]\d+)?))?\s*(\S.*)?$")
_LETTER_FORMATS = {"lowerLetter", "upperLetter"}


@dataclass
class _Option:
    text: str
    marked: bool


@dataclass
class _Question:
    line: int
    prompt: list[str]
    options: list[_Option] = field(default_factory=list)
    answer: str = ""
    after: list[str] = field(default_factory=list)  # paragraphs after the options that are no answer


def _numbering(document) -> dict[tuple[str, str], str]:
    """(numId, level) -> Word's number format ("decimal", "lowerLetter" …)."""
    from docx.oxml.ns import qn

    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for definition in numbering.findall(qn("w:abstractNum")):
        for level in definition.findall(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            abstract[(definition.get(qn("w:abstractNumId")), level.get(qn("w:ilvl")))] = \
                fmt.get(qn("w:val")) if fmt is not None else "decimal"
    formats = {}
    for num in numbering.findall(qn("w:num")):
        reference = num.find(qn("w:abstractNumId"))
        if reference is None:
            continue
        for (abstract_id, level), fmt in abstract.items():
            if abstract_id == reference.get(qn("w:val")):
                formats[(num.get(qn("w:numId")), level)] = fmt
    return formats


def _list_level(paragraph, formats: dict) -> str | None:
    """"question" or "option" for a paragraph in a Word list, else None."""
    from docx.oxml.ns import qn

    holders = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        holders.append(style.element.pPr)
        style = style.base_style
    for properties in holders:
        num = properties.find(qn("w:numPr")) if properties is not None else None
        if num is None:
            continue
        num_id = num.find(qn("w:numId"))
        level = num.find(qn("w:ilvl"))
        num_id = num_id.get(qn("w:val")) if num_id is not None else None
        level = level.get(qn("w:val")) if level is not None else "0"
        if num_id in (None, "0"):
            return None
        fmt = formats.get((num_id, level), "decimal")
        return "option" if level != "0" or fmt in _LETTER_FORMATS else "question"
    return None


def _marked(paragraph) -> bool:
    """Typed in bold or highlighted: every run with text."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or run.font.highlight_color is not None for run in runs)


def _questions(document) -> list[_Question]:
    formats = _numbering(document)
    questions: list[_Question] = []
    answer_words = label_texts("numeric_answer") | {"answer", "correct answer", "key"}
    for number, paragraph in enumerate(document.paragraphs, 1):
        text = paragraph.text.strip()
        if not text:
            continue
        level = _list_level(paragraph, formats)
        typed_question, typed_option = _QUESTION.match(text), _OPTION.match(text)
        answer = _ANSWER.match(text)
        current = questions[-1] if questions else None
        if answer and answer.group(1).casefold() in answer_words and current:
            current.answer = answer.group(2).strip()
        elif level == "question" or (typed_question and level is None):
            questions.append(_Question(number, [typed_question.group(2) if typed_question and level is None
                                                else text]))
        elif current and (level == "option" or typed_option):
            option_text = typed_option.group(2) if typed_option and level is None else text
            current.options.append(_Option(option_text.strip(), _marked(paragraph)))
        elif current and not current.options and not current.answer:
            current.prompt.append(text)
        elif current:
            current.after.append(text)
    return questions


def _build(builder: Builder, question: _Question) -> None:
    prompt = plain_to_markdown(" ".join(question.prompt))
    notes = [f"text after the options: {text}" for text in question.after]
    options, answer = question.options, question.answer
    if options:
        marked = [option.marked for option in options]
        if answer:
            letter = answer.strip().rstrip(".)").upper()
            letters = [part.strip() for part in re.split(r"[,;\s]+(?:and\s+)?", letter) if part.strip()]
            if letters and all(len(part) == 1 and 0 <= ord(part) - ord("A") < len(options) for part in letters):
                marked = [chr(ord("A") + index) in letters for index in range(len(options))]
            else:
                marked = [option.text.casefold() == answer.casefold() for option in options]
        elif all(marked):
            marked = [False] * len(options)  # all bold is the document's style, not a mark
        words = [option.text.strip().rstrip(".").casefold() for option in options]
        true_words, false_words = label_texts("true"), label_texts("false")
        if len(options) == 2 and words[0] in true_words and words[1] in false_words and any(marked):
            builder.true_false(prompt, marked[0], question.line, notes=notes)
            return
        if not any(marked):
            builder.unsupported("no option is marked as the answer (bold, highlighted or an Answer: line)",
                                question.line, [" ".join(question.prompt)] +
                                [f"{chr(ord('a') + i)}) {option.text}" for i, option in enumerate(options)])
            return
        answers = [Answer(plain_to_markdown(option.text), 1.0 if right else 0.0)
                   for option, right in zip(options, marked)]
        builder.choice(prompt, answers, question.line, single=sum(marked) == 1, notes=notes)
        return
    if not answer:
        builder.long(prompt, question.line, notes=notes)
        return
    number = _NUMBER.match(answer)
    if number:
        value = float(number.group(1).replace(",", "."))
        tolerance = float(number.group(2).replace(",", ".")) if number.group(2) else 0.0
        builder.numeric(prompt, [Number(value, tolerance)], question.line, unit=(number.group(3) or "").strip(),
                        notes=notes)
        return
    accepted = [part.strip() for part in re.split(r"\s+/\s+|;", answer) if part.strip()]
    builder.short(prompt, [Answer(plain_to_markdown(text), 1.0) for text in accepted], question.line, notes=notes)


def _detect(data: bytes, path: Path) -> bool:
    return "word/document.xml" in zip_names(data)


def read(data: bytes, path: Path) -> Read:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise Malformed(None, f"cannot be read as a Word document ({type(error).__name__})",
                        "open it in Word or LibreOffice and save it again as .docx") from None
    questions = _questions(document)
    if not questions:
        raise Malformed(None, "has no numbered question",
                        "number each question (1. or 1)) and letter its options (a) or A.)")
    builder = Builder()
    for question in questions:
        _build(builder, question)
    title = (document.core_properties.title or "").strip()
    return Read(path, "Word", builder.items, title=title, line_word="paragraph")


def setup(app) -> None:
    for importer in (Importer("Word (.docx)", _detect, read),):
        app.add_importer(importer)
