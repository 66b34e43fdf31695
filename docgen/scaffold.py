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

TOPIC = """\
# A docgen topic. Check it with `docgen check`, build it with `docgen build`.
# Every key is explained in the content guide: run `docgen help format`.
# To use an example below, remove the "# " in front of its lines.
title: {title}
# subtitle: One line under the title
# subject: Business Studies
# level: Year 11
summary: >
  The key idea of the topic in one or two sentences.
objectives:
  - Explain the key idea in your own words
sections:
  - heading: First section heading
    body: |
      Write the handout text here. **Bold**, *italic* and lists work:

      - first point
      - second point
compare:
  items: [First thing, Second thing]
  rows:
    - aspect: First aspect
      values: [What the first thing is, What the second thing is]
terms:
  - term: Key term
    definition: What it means, in one sentence.
questions:
  - type: choice
    prompt: Write the question here; which option is right?
    options: [The first option, The second option, The third option]
    answer: The second option
  - type: true_false
    statement: A statement that is either true or false.
    answer: true
  - type: short
    prompt: Explain the key idea in one sentence.
    answer: A model answer for the answer key.
  # - type: long
  #   prompt: A question that needs a paragraph or more.
  #   lines: 8
  #   answer: A model answer for the answer key.
  # - type: blank
  #   text: A sentence with a [[gap]] to fill in.
  #   word_bank: true
  # - type: match
  #   pairs:
  #     - {{left: First thing, right: What the first thing is}}
  #     - {{left: Second thing, right: What the second thing is}}
  # - type: classify
  #   prompt: Sort each statement under the thing it describes.
  #   statements:
  #     - {{text: A statement about the first thing, answer: First thing}}
  #     - {{text: A statement about the second thing, answer: Second thing}}
  # - type: table
  #   items: [First thing, Second thing]
  #   rows:
  #     - {{aspect: First aspect, values: [What the first thing is, "[[What the second thing is]]"]}}
# worksheet:
#   derive: [table, terms]   # exercises made from `compare` and `terms`
# cheatsheet:
#   notes: [A mnemonic or an exam tip]
"""

# A commented-out example line: "# key:", "# - key:" or a deeper "#   ..." line; a
# comment in words starts with a capital letter and stays a comment.
_EXAMPLE_LINE = re.compile(r"^(\s*)# (?=(?:- )?[a-z_]+:|\s)", re.MULTILINE)


def uncommented(skeleton: str) -> str:
    """The skeleton with every commented-out example switched on."""
    return _EXAMPLE_LINE.sub(r"\1", skeleton)


@lru_cache(maxsize=1)
def placeholder_texts() -> frozenset[str]:
    """Every text of the skeleton (commented-out examples included): a topic that
    still holds one has not been finished. The title, the types and the real
    examples of a subject, a level and the derived exercises are not placeholders."""
    import yaml

    texts: set[str] = set()

    def collect(node: object, key: object = None) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name not in ("title", "type", "subject", "level", "derive"):
                    collect(value, name)
        elif isinstance(node, list):
            for value in node:
                collect(value, key)
        elif isinstance(node, str):
            texts.add(node.strip())

    collect(yaml.safe_load(uncommented(TOPIC.format(title="x"))))
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


def init_project(folder: Path) -> list[Path]:
    """A ready-to-build project; existing files are left as they are."""
    files = {
        folder / "docgen.yaml": CONFIG,
        folder / "content" / "example-topic.yaml": TOPIC.format(title="Example Topic"),
        folder / "templates" / "README.md": TEMPLATES_README,
        folder / ".gitignore": "output/\n",
        folder / ".vscode" / "settings.json": json.dumps(
            {"yaml.schemas": {"./content-format.schema.json": "content/*.yaml"}}, indent=2) + "\n",
    }
    from docgen.content.schema import content_schema

    files[folder / "content-format.schema.json"] = json.dumps(content_schema(), indent=2) + "\n"
    return [path for path, text in files.items() if _create(path, text)]


def new_topic(content_dir: Path, title: str) -> Path:
    path = content_dir / f"{slugify(title)}.yaml"
    safe_title = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    if not _create(path, TOPIC.format(title=safe_title)):
        raise DocgenError([Problem(path, "a topic with this name already exists",
                                   hint="choose another title, or edit the existing file")])
    return path
