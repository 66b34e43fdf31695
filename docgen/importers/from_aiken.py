"""Aiken: a question line, options ``A.`` or ``A)``, then ``ANSWER: X``.

As Moodle's ``question/format/aiken`` reads it: the lines before the first
option are the question, each option starts with a capital letter and a
dot or parenthesis, and ``ANSWER:`` names the right letter and ends the
question; blank lines between questions are optional.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.importers import Importer
from docgen.importers.builder import Answer, Builder
from docgen.importers.from_html import plain_to_markdown
from docgen.importers.bank import Malformed, Read
from docgen.importers.text import decode, looks_textual

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.I)


def _detect(data: bytes, path: Path) -> bool:
    if not looks_textual(data):
        return False
    lines = [line.strip() for line in decode(data[:65536]).split("\n")]
    answers = sum(1 for line in lines if re.match(r"^ANSWER\s*:\s*[A-Z]\s*$", line))
    options = sum(1 for line in lines if _OPTION.match(line))
    return answers > 0 and options >= 2 * answers and "{" not in "".join(lines)


def read(data: bytes, path: Path) -> Read:
    builder = Builder()
    prompt: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(decode(data).split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        answer, option = _ANSWER.match(line), _OPTION.match(line)
        if answer:
            letter = answer.group(1).strip().upper()
            letters = [key for key, _ in options]
            if not prompt or len(options) < 2:
                raise Malformed(number, "ANSWER: comes before a question with at least two options",
                                "write the question on one line, then A. B. … each on its own line, then ANSWER: A")
            if letter not in letters:
                raise Malformed(number, f'ANSWER: {letter} names no option (the options are {", ".join(letters)})',
                                "write the letter of the right option, e.g. ANSWER: B")
            builder.choice(plain_to_markdown(" ".join(prompt)),
                           [Answer(plain_to_markdown(text), 1.0 if key == letter else 0.0) for key, text in options],
                           start, single=True)
            prompt, options = [], []
        elif option and prompt:
            options.append((option.group(1), option.group(2)))
        elif options:
            raise Malformed(number, f'"{line[:60]}" follows the options, but the question has no ANSWER: line',
                            "end each question with ANSWER: and the right letter, e.g. ANSWER: B")
        else:
            start = start if prompt else number
            prompt.append(line)
    if prompt or options:
        raise Malformed(start, "the last question has no ANSWER: line", "end it with ANSWER: and the right letter")
    if not builder.items:
        raise Malformed(None, "holds no Aiken question", "write a question, its options A. B. …, then ANSWER: A")
    return Read(path, "Aiken", builder.items)


def setup(app) -> None:
    for importer in (Importer("Aiken", _detect, read),):
        app.add_importer(importer)
