"""`docgen init` and `docgen new`: a working project and topic skeletons."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from docgen.content.errors import DocgenError, Problem
from docgen.content.slug import unsafe_name

CONFIG = """\
# docgen project settings. Every key is optional.
# course: Business Studies 11B
# teacher: Ms Rivera
# school: Riverside High School
paper: A4            # or: letter
lang: en             # default language of the topics (labels, dates, hyphenation: docgen help languages)
# content: content   # where the topic files are
# output: output     # where the outputs go
# outputs: [handout, worksheet, answers, cheatsheet]
# student_fields: [Name, Class, Date]   # default: these three in the topic's language
# labels: {answer_key: MARKING SCHEME}  # your words for any label: `docgen labels` lists them
# date: 2026-09-01   # the date printed on outputs (default: the build date; false: none)
# fonts: {sans: fonts/School-Regular.ttf, fallback: [fonts/NotoSansSC-Regular.otf]}
# templates: templates        # a file there overrides the built-in template of the same name
# reference_docx: styles.docx # the Word files take their styles from this document
"""

TEMPLATES_README = """\
# Your templates

A file here replaces docgen's built-in template of the same name
(`handout.html`, `worksheet.html`, `cheatsheet.html`, their `.css` files).
To change one part only, extend the built-in template and override a block:

    {% extends "builtin/handout.html" %}
    {% block footer %}Property of Riverside High School{% endblock %}

A `custom.css` here is applied after the built-in styles of every PDF.
"""

# The skeleton of a topic; each {skeleton_...} is a text of the catalog, in the
# topic's language (docgen/i18n: ENGLISH and the .po files).
TOPIC = """\
# {skeleton_check}
# {skeleton_guide}
# {skeleton_examples}
title: {title}
lang: {lang}
# subtitle: {skeleton_subtitle}
# subject: {skeleton_subject}
# level: {skeleton_level}
summary: >
  {skeleton_summary}
objectives:
  - {skeleton_objective}
sections:
  - heading: {skeleton_heading}
    body: |
      {skeleton_body}

      - {skeleton_point_1}
      - {skeleton_point_2}
compare:
  items: [{skeleton_thing_1}, {skeleton_thing_2}]
  rows:
    - aspect: {skeleton_aspect}
      values: [{skeleton_value_1}, {skeleton_value_2}]
terms:
  - term: {skeleton_term}
    definition: {skeleton_definition}
questions:
  - type: choice
    prompt: {skeleton_choice_prompt}
    options: [{skeleton_option_1}, {skeleton_option_2}, {skeleton_option_3}]
    answer: {skeleton_option_2}
  - type: true_false
    statement: {skeleton_statement}
    answer: true
  - type: short
    prompt: {skeleton_short_prompt}
    answer: {skeleton_model_answer}
  # - type: long
  #   prompt: {skeleton_long_prompt}
  #   lines: 8
  #   answer: {skeleton_model_answer}
  # - type: blank
  #   text: {skeleton_blank_text}
  #   word_bank: true
  # - type: match
  #   pairs:
  #     - {{left: {skeleton_thing_1}, right: {skeleton_value_1}}}
  #     - {{left: {skeleton_thing_2}, right: {skeleton_value_2}}}
  # - type: classify
  #   prompt: {skeleton_classify_prompt}
  #   statements:
  #     - {{text: {skeleton_statement_1}, answer: {skeleton_thing_1}}}
  #     - {{text: {skeleton_statement_2}, answer: {skeleton_thing_2}}}
  # - type: table
  #   items: [{skeleton_thing_1}, {skeleton_thing_2}]
  #   rows:
  #     - {{aspect: {skeleton_aspect}, values: [{skeleton_value_1}, "[[{skeleton_value_2}]]"]}}
  # - type: numeric
  #   prompt: {skeleton_numeric_prompt}
  #   answer: 9.81
  #   tolerance: 0.05
  #   unit: m/s²
# worksheet:
#   derive: [table, terms]   # {skeleton_derive}
# cheatsheet:
#   notes: [{skeleton_note}]
"""


def skeleton(title: str, lang: str) -> str:
    """The skeleton topic with its placeholder texts and comments in ``lang`` (English
    for a language docgen has no catalog for)."""
    texts = _skeleton_texts(lang)
    return TOPIC.format(title=title, lang=lang, **texts)


def _skeleton_texts(lang: str) -> dict[str, str]:
    """The catalog's texts as written: the ordinary spaces a teacher types ("ici ;"), which
    the build makes the language's spaces, not invisible no-break ones in the file."""
    from docgen.i18n import ENGLISH
    from docgen.i18n.catalog import find_catalog

    texts = {**ENGLISH, **(find_catalog(lang) or {})}
    return {key: text for key, text in texts.items() if key.startswith("skeleton_")}


# A commented-out example line: "# key:", "# - key:" or a deeper "#   ..." line; a
# comment in words starts with a capital letter and stays a comment.
_EXAMPLE_LINE = re.compile(r"^(\s*)# (?=(?:- )?[a-z_]+:|\s)", re.MULTILINE)


def uncommented(skeleton: str) -> str:
    """The skeleton with every commented-out example switched on."""
    return _EXAMPLE_LINE.sub(r"\1", skeleton)


@lru_cache(maxsize=1)
def placeholder_texts() -> frozenset[str]:
    """Every text of the skeleton in every shipped language (commented-out examples
    included): a topic that still holds one has not been finished. The title, the
    language, the types and the real examples of a subject, a level and the derived
    exercises are not placeholders."""
    import yaml

    texts: set[str] = set()

    def collect(node: object, key: object = None) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name not in ("title", "lang", "type", "subject", "level", "derive"):
                    collect(value, name)
        elif isinstance(node, list):
            for value in node:
                collect(value, key)
        elif isinstance(node, str):
            texts.add(node.strip())

    from docgen.i18n.catalog import shipped_languages

    for lang in shipped_languages():
        collect(yaml.safe_load(uncommented(skeleton("x", lang))))
    return frozenset(texts)


def slugify(title: str) -> str:
    """`Logistics vs Operations!` -> `logistics-vs-operations`."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "topic"
    return f"{slug}-topic" if unsafe_name(slug) else slug  # `con`, `nul`: no folder on Windows


def _create(path: Path, text: str) -> bool:
    """Write ``path`` unless it exists; never overwrite a teacher's file."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return True


def init_project(folder: Path, lang: str) -> list[Path]:
    """A ready-to-build project in ``lang``; existing files are left as they are."""
    files = {
        folder / "docgen.yaml": CONFIG.replace("lang: en             ", f"lang: {lang:<15}", 1),
        folder / "content" / "example-topic.yaml": skeleton(_example_title(lang), lang),
        folder / "templates" / "README.md": TEMPLATES_README,
        folder / ".gitignore": "output/\n",
        folder / ".vscode" / "settings.json": json.dumps(
            {"yaml.schemas": {"./content-format.schema.json": "content/*.yaml"}}, indent=2) + "\n",
    }
    from docgen.content.schema import content_schema

    files[folder / "content-format.schema.json"] = json.dumps(content_schema(), indent=2) + "\n"
    return [path for path, text in files.items() if _create(path, text)]


def _example_title(lang: str) -> str:
    return json.dumps(_skeleton_texts(lang)["skeleton_example_title"], ensure_ascii=False)


def new_topic(content_dir: Path, title: str, lang: str) -> Path:
    path = content_dir / f"{slugify(title)}.yaml"
    safe_title = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    if not _create(path, skeleton(safe_title, lang)):
        raise DocgenError([Problem(path, "a topic with this name already exists",
                                   hint="choose another title, or edit the existing file")])
    return path


def machine_language() -> str | None:
    """The language of this computer's settings, when docgen has a catalog for it:
    ``fr_FR.UTF-8`` -> ``fr``. The variables gettext reads for messages, in its order
    (not LC_CTYPE, which Python itself sets to C.UTF-8 when the locale is missing),
    else the locale the system reports."""
    import locale
    import os

    from docgen.i18n import has_catalog

    names = [os.environ.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    tags = [tag for value in names for tag in value.split(":") if tag] + [locale.getlocale()[0] or ""]
    for tag in tags:
        language = tag.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if language in ("c", "posix"):
            continue
        return language if language.isalpha() and has_catalog(language) else None
    return None
