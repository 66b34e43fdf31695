"""No character lost: every character a topic prints must have a font.

Checked once per topic, before any output is rendered, over everything the
outputs print: the content file's text, docgen.yaml's (course, teacher,
student fields, labels), the labels of the topic's language and the date.
A character no font has is an error that names it, the field and the
line, so the topic fails and nothing is written, instead of printing
empty boxes.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from typing import Any

from docgen.content.errors import DocgenError, KeyPath, Problem
from docgen.content.loader import load_yaml_file
from docgen.fonts import missing_characters
from docgen.i18n.catalog import catalog_path
from docgen.render.job import RenderJob

MAX_PROBLEMS = 8  # a topic in the wrong script would otherwise list every field
CONFIG_TEXTS = ("course", "teacher", "school", "student_fields", "labels")


def check_glyphs(job: RenderJob) -> None:
    """Raise a DocgenError when some character of the topic's outputs has no font."""
    printed = set()
    for text in _printed_texts(job):
        printed.update(text)
    missing = missing_characters(printed, job.project.root, job.project.config.fonts)
    if missing:
        problems = _problems(job, set(missing))
        if shutil.which("fc-list") is None:
            problems.append(Problem(None, "fontconfig's fc-list is not installed, so docgen cannot see "
                                          "the fonts of this computer", hint="install the package fontconfig"))
        raise DocgenError(problems)


def _printed_texts(job: RenderJob) -> Iterator[str]:
    config = job.project.config
    yield from (text for _, text in _strings(job.topic.model_dump(exclude_none=True)))
    yield from (text for _, text in _strings(config.model_dump(include=set(CONFIG_TEXTS), exclude_none=True)))
    yield from job.labels.texts.values()
    yield from job.student_fields
    if job.date:
        yield job.date


def _strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string in loaded YAML (or a model dump), with its key path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _problems(job: RenderJob, missing: set[str]) -> list[Problem]:
    """One problem per field holding a missing character, where the user can fix it."""
    problems: list[Problem] = []
    found: set[str] = set()
    topic = job.topic_file.source()
    for file, keep in ((job.topic_file.path, None), (job.project.config_file, CONFIG_TEXTS)):
        if file is None:
            continue
        loaded = topic if file == job.topic_file.path else load_yaml_file(file)
        for path, text in _strings(loaded.data):
            if keep is not None and (not path or path[0] not in keep):
                continue
            chars = [char for char in dict.fromkeys(text) if char in missing]  # in reading order
            if chars:
                found.update(chars)
                line, column = loaded.source_map.position(path) or (None, None)
                problems.append(Problem(file, _message(chars), line, column, path, _HINT))
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS]
        problems.append(Problem(job.topic_file.path, f"... and {more} more fields with the same characters",
                                hint=_HINT))
    catalog = catalog_path("en" if job.labels.fallback else job.labels.lang)
    for key, text in job.labels.texts.items():  # labels docgen.yaml does not override
        chars = (missing - found) & set(text)
        if chars:
            problems.append(Problem(catalog, _message(sorted(chars)), key_path=(key,), hint=_HINT))
            found |= chars
    if missing - found:  # only the date is left: Babel writes it in the topic's language
        line, column = topic.source_map.position(("lang",)) or (None, None)
        problems.append(Problem(job.topic_file.path, _message(sorted(missing - found)) + f" in the date "
                                f'"{job.date}", written in this language', line, column, ("lang",), _HINT))
    return problems


def _message(ordered: list[str]) -> str:
    chars = set(ordered)
    shown = "".join(ordered[:12]) + ("…" if len(ordered) > 12 else "")
    codes = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, '').lower()}".strip()
                      for char in ordered[:3])
    return (f'no font has the character{"s" if len(chars) > 1 else ""} "{shown}" ({codes}'
            f'{", …" if len(ordered) > 3 else ""}): {"they" if len(chars) > 1 else "it"} would print '
            "as empty boxes")


_HINT = ("install a font that has them (Chinese, Japanese, Korean: the package fonts-noto-cjk or "
         "fonts-wqy-microhei; other scripts: fonts-noto), or put a font file in the project and name it "
         "in docgen.yaml under `fonts: {fallback: [fonts/your-font.ttf]}` (`docgen help languages`)")
