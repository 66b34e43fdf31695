"""GIFT, Moodle's text format, read as Moodle's importer reads it.

A transcription of ``question/format/gift/format.php`` (moodle/moodle):
questions are separated by blank lines, ``//`` lines are comments, ``\\``
escapes ``~ = # { } :`` (and ``\\n`` is a line break), ``$CATEGORY:`` sets
the category, ``::name::`` names a question, ``[markdown]``, ``[html]``,
``[plain]`` or ``[moodle]`` sets how a text is written, and the first
``{…}`` holds the answers: ``{}`` essay, ``{T}``/``{FALSE}`` true or false,
``{#…}`` numeric (``x:tolerance``, ``low..high``, several ``=`` answers),
``~`` multiple choice (``%50%`` weights, several right answers), ``=a -> b``
matching, otherwise short answer; ``#`` feedback after an answer and
``####`` general feedback. An answer set in the middle of a sentence is a
missing-word question: a short answer becomes a ``blank`` gap, a choice
keeps ``_____`` in its prompt.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.importers import Importer
from docgen.importers.builder import Answer, Builder, Number, category_path
from docgen.importers.from_html import html_to_markdown, plain_to_markdown
from docgen.importers.bank import Malformed, Read
from docgen.importers.text import decode, looks_textual

# Escaped control characters become private-use placeholders while the syntax is read.
_ESCAPES = {"\\:": "\ue03a", "\\#": "\ue023", "\\=": "\ue03d", "\\{": "\ue07b", "\\}": "\ue07d",
            "\\~": "\ue07e", "\\n": "\ue00a"}
_RESTORE = {"\ue03a": ":", "\ue023": "#", "\ue03d": "=", "\ue07b": "{", "\ue07d": "}", "\ue07e": "~",
            "\ue00a": "\n", "\ue05c": "\\"}
_WEIGHT = re.compile(r"^%(-?[0-9]+(?:\.[0-9]*)?)%")
_FORMAT = re.compile(r"^\[(moodle|html|plain|markdown)\]", re.I)
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")
_GAP = "_____"
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _escape(text: str) -> str:
    text = text.replace("\\\\", "\ue05c")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text


def _restore(text: str) -> str:
    for placeholder, character in _RESTORE.items():
        text = text.replace(placeholder, character)
    return text


class _Text:
    """GIFT texts as Markdown, in the question's format (``[html]``, ``[markdown]``, plain)."""

    def __init__(self) -> None:
        self.format = "moodle"

    def take_format(self, text: str) -> str:
        """Strips a leading [format] from the question text; the answers inherit it."""
        self.format, text = self._split(text, self.format)
        return text

    @staticmethod
    def _split(text: str, default: str) -> tuple[str, str]:
        match = _FORMAT.match(text.strip())
        return (match.group(1).lower(), text.strip()[match.end():]) if match else (default, text.strip())

    def markdown(self, text: str, block: bool = False) -> str:
        format_name, text = self._split(text, self.format)
        if format_name == "moodle" and _TAG.search(text):  # Moodle's auto-format lets HTML through
            format_name = "html"
        if format_name == "html":
            converted = html_to_markdown(_restore(text))
            return converted.markdown if block else converted.inline
        if format_name == "markdown":
            return _restore(text).strip()
        lines = [plain_to_markdown(" ".join(_restore(line).split())) for line in text.split("\ue00a")]
        return "\\\n".join(line for line in lines if line)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The questions: runs of lines between blank lines, comment lines removed, with their first line."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append((start, current))
            current = []
            continue
        if stripped.startswith("//"):
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _answer_with_feedback(text: str, format_: _Text) -> tuple[str, str]:
    answer, _, feedback = text.partition("#")
    return format_.markdown(answer), format_.markdown(feedback) if feedback.strip() else ""


def _weight(text: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(text)
    if not match:
        return None, text
    return float(match.group(1)) / 100, text[match.end():]


def _number(text: str, line: int) -> float:
    try:
        return float(_restore(text).strip())
    except ValueError:
        raise Malformed(line, f'"{_restore(text).strip()}" is not a number',
                        "a numeric answer is {#3.5}, {#3.5:0.1} (with a tolerance) or {#3..4} (a range)") from None


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.builder = Builder()
        self.category: tuple[str, ...] = ()

    def read(self, text: str) -> None:
        for line, lines in _blocks(_escape(text)):
            block = "\n".join(lines).strip()
            if block.startswith("$CATEGORY:"):
                first, _, rest = block.partition("\n")
                self.category = category_path(_restore(first[len("$CATEGORY:"):]))
                if not rest.strip():
                    continue
                block, line = rest.strip(), line + 1
            self.question(block, line, lines)

    def question(self, text: str, line: int, lines: list[str]) -> None:
        name = ""
        if text.startswith("::"):
            end = text.find("::", 2)
            if end >= 0:
                name, text = _restore(text[2:end]).strip(), text[end + 2:].strip()
        start, finish = text.find("{"), text.find("}")
        source = [_restore(line_) for line_ in lines]
        if start < 0 and finish < 0:
            self.builder.unsupported("a description (text with no answers); docgen has no such question",
                                     line, source, category=self.category)
            return
        if start < 0 or finish < start:
            raise Malformed(line + text[:max(start, finish)].count("\n"), "has a } without its {" if start < 0
                            else "opens an answer set with { that is never closed",
                            "close the answers with }, or write \\{ and \\} for braces in the text")
        answers = text[start + 1:finish].strip()
        before, after = text[:start], text[finish + 1:].strip()
        format_ = _Text()
        before = format_.take_format(before)
        general = ""
        if "####" in answers:
            answers, _, general = answers.rpartition("####")
            answers = answers.strip()
        common = {"category": self.category, "notes": [f"name: {name}"] if _named(name, before) else []}
        explanation = format_.markdown(general) if general.strip() else ""
        missing_word = bool(after)
        prompt = format_.markdown(before)
        if missing_word:  # the answers stood in the sentence: a line to fill in where they were
            prompt = f"{prompt} {_GAP} {format_.markdown(after)}".strip()
        builder = self.builder
        if not answers:
            builder.long(prompt, line, explanation=explanation, **common)
        elif answers.startswith("#"):
            numbers, wrong = self.numbers(answers[1:], line, format_)
            if wrong:
                common["notes"].append(f"feedback for any other number: {wrong}")
            builder.numeric(prompt, numbers, line, explanation=explanation, **common)
        elif "~" in answers:
            self.choice(prompt, answers, line, format_, explanation, common)
        elif "=" in answers and "->" in answers:
            self.matching(prompt, answers, line, format_, common)
        elif answers.split("#")[0].strip() in _TRUE + _FALSE:
            value, *feedback = answers.split("#")
            wrong, right = (feedback + ["", ""])[:2]
            builder.true_false(prompt, value.strip() in _TRUE, line, explanation,
                               format_.markdown(right) if right.strip() else "",
                               format_.markdown(wrong) if wrong.strip() else "", **common)
        else:
            self.short(before, after, answers, line, format_, explanation, common)

    def choice(self, prompt: str, answers: str, line: int, format_: _Text, explanation: str,
               common: dict) -> None:
        single = "=" in answers
        parts = [part.strip() for part in answers.replace("=", "~=").split("~")]
        parts = parts[1:] if not parts[0] else parts
        if len(parts) < 2:
            raise Malformed(line, "a multiple choice question needs at least two answers",
                            "write each answer after ~ (wrong) or = (right): {=Paris ~Lyon ~Nice}")
        options = []
        for part in parts:
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            else:
                weight, part = _weight(part)
                fraction = weight or 0.0
            text, feedback = _answer_with_feedback(part, format_)
            options.append(Answer(text, fraction, feedback))
        self.builder.choice(prompt, options, line, single=single, explanation=explanation, **common)

    def matching(self, prompt: str, answers: str, line: int, format_: _Text, common: dict) -> None:
        pairs, extra = [], []
        for part in [part.strip() for part in answers.split("=") if part.strip()]:
            if "->" not in part:
                raise Malformed(line, f'the matching answer "{_restore(part)}" has no ->',
                                "write each pair as =left -> right")
            left, _, right = part.partition("->")
            right_text = plain_to_markdown(_restore(right))
            if left.strip():
                pairs.append((format_.markdown(left), right_text))
            else:
                extra.append(right_text)
        if len(pairs) < 2:
            raise Malformed(line, "a matching question needs at least two pairs", "write =left -> right at least twice")
        self.builder.pairs(prompt, pairs, line, extra, **common)

    def short(self, before: str, after: str, answers: str, line: int, format_: _Text, explanation: str,
              common: dict) -> None:
        options = []
        for part in [part.strip() for part in answers.split("=") if part.strip()]:
            weight, part = _weight(part)
            text, feedback = _answer_with_feedback(part, format_)
            options.append(Answer(text, 1.0 if weight is None else weight, feedback))
        if not options:
            raise Malformed(line, "has an answer set with no answer", "write the answer after =: {=Paris}")
        if not after:
            self.builder.short(format_.markdown(before), options, line, explanation=explanation, **common)
            return
        right = [option for option in options if option.fraction >= 0.9999] or options[:1]
        gap_notes = [f'also accepted: "{option.text}"' for option in right[1:]]
        gap_notes += [f'"{option.text}" earned {option.fraction * 100:g} %' for option in options
                      if option not in right]
        gap_notes += [f'feedback for "{option.text}": {option.feedback}' for option in options if option.feedback]
        parts = [format_.markdown(before) + " ", (right[0].text, gap_notes), " " + format_.markdown(after)]
        self.builder.blank(parts, line, explanation=explanation, **common)

    def numbers(self, answers: str, line: int, format_: _Text) -> tuple[list[Number], str]:
        """The accepted numbers, and the feedback for any other (after ``~``)."""
        wrong_feedback = ""
        if "~" in answers:
            answers, _, wrong_feedback = answers.partition("~")
        numbers = []
        for part in [part.strip() for part in answers.split("=") if part.strip()]:
            weight, part = _weight(part)
            value_text, _, feedback = part.partition("#")
            value_text = value_text.strip()
            if ".." in value_text[1:]:
                low, _, high = value_text.partition("..")
                low_value, high_value = _number(low, line), _number(high, line)
                value, tolerance = (low_value + high_value) / 2, abs(high_value - low_value) / 2
            elif ":" in value_text[1:]:
                value_part, _, tolerance_part = value_text.partition(":")
                value, tolerance = _number(value_part, line), abs(_number(tolerance_part, line))
            else:
                value, tolerance = _number(value_text, line), 0.0
            numbers.append(Number(value, tolerance, 1.0 if weight is None else weight,
                                  format_.markdown(feedback) if feedback.strip() else ""))
        if not numbers:
            raise Malformed(line, "a numeric question {#…} has no number",
                            "write the answer after #: {#3.5}, {#3.5:0.1} or {#3..4}")
        wrong = format_.markdown(wrong_feedback.lstrip("#")) if wrong_feedback.strip("# \n") else ""
        return numbers, wrong


def _named(name: str, text: str) -> bool:
    """Whether a question's name says something its text does not (Moodle names a nameless one by its text)."""
    plain = _restore(text).strip()
    return bool(name) and not plain.startswith(name.rstrip("…. "))


def _detect(data: bytes, path: Path) -> bool:
    if not looks_textual(data):
        return False
    text = decode(data[:65536])
    return bool(re.search(r"\{[^}]*\}", text, re.S) or "::" in text or "$CATEGORY:" in text) \
        or path.suffix.lower() == ".gift"


def read(data: bytes, path: Path) -> Read:
    reader = _Reader(path)
    reader.read(decode(data))
    if not reader.builder.items:
        raise Malformed(None, "holds no GIFT question", "a GIFT question is a text and its answers in braces: "
                        "Who wrote Hamlet? {=Shakespeare ~Marlowe}")
    return Read(path, "GIFT", reader.builder.items)


def setup(app) -> None:
    for importer in (Importer("GIFT", _detect, read),):
        app.add_importer(importer)
