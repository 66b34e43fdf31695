"""`docgen init` and `docgen new`: a working project and topic skeletons."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from docgen.content.errors import DocgenError, Problem

CONFIG = """\
# docgen project settings. Every key is optional.
# course: Business Studies 11B
# teacher: Ms Rivera
# school: Riverside High School
paper: A4            # or: letter
lang: en             # default language of the topics (hyphenation, PDF metadata)
# content: content   # where the topic files are
# output: output     # where the outputs go
# outputs: [handout, worksheet, answers, cheatsheet]
# student_fields: [Name, Class, Date]
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
# A docgen topic. Build it with: docgen build
# Every key is explained in docs/content-format.md of docgen; `docgen check` validates this file.
title: {title}
# subtitle: One line under the title
# subject: Business Studies
# level: Year 11
summary: >
  The key idea of the topic in one or two sentences.
objectives:
  - Explain the key idea in your own words
sections:
  - heading: Introduction
    body: |
      Write the handout text here. **Bold**, *italic* and lists work:

      - first point
      - second point
compare:
  items: [First thing, Second thing]
  rows:
    - aspect: Definition
      values: [What the first thing is, What the second thing is]
terms:
  - term: Key term
    definition: What it means, in one sentence.
questions:
  - type: choice
    prompt: Which statement is true?
    options: [The first option, The second option, The third option]
    answer: The second option
  - type: true_false
    statement: A statement to judge.
    answer: true
  - type: short
    prompt: Explain the key idea in one sentence.
    answer: A model answer for the answer key.
# worksheet:
#   derive: [table, terms, sort, true_false, recall]  # exercises made from compare and terms
"""


def slugify(title: str) -> str:
    """`Logistics vs Operations!` -> `logistics-vs-operations`."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "topic"


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
