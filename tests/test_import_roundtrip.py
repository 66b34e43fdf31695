"""Round trips: a topic exported to Moodle XML or QTI and imported back asks the same questions.

For every topic of the corpus (the export tests' topic with every quiz
construct, the Word tests' topic with every question type, the example
topics, a topic with a picture and a pool), the export is imported with
``docgen import`` and the imported topic file is read as any topic is:
each question has the original's type and makes the same quiz item (its
prompt, options and which are right, answers, gaps, pairs, numbers), with
the same explanation, hint, points and pool. Ruled-line counts are print
settings no quiz format carries, so they are left out.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, REPO, write_topic
from docgen.content.reader import read_topic
from docgen.export.quiz import EssayItem, GapsItem, quiz_question
from docgen.project import load_project
from docgen.registry import get_output
from docgen.render.job import RenderJob
from exports_helpers import QUIZ_TOPIC
from test_docx import TOPIC as WORD_TOPIC

PICTURE_TOPIC = """\
title: Pictures and pools
questions:
  - type: short
    prompt: Name the organelle in the picture.
    image: images/cell.png
    alt: A dividing cell
    answer: Nucleus
  - type: numeric
    prompt: How many chromosomes does a human cell hold?
    answer: 46
    group: Recall / facts
  - type: true_false
    statement: Gametes hold 23 chromosomes.
    answer: true
    group: Recall / facts
"""

CORPUS = {
    "cells": QUIZ_TOPIC,
    "word": yaml.safe_dump(WORD_TOPIC, allow_unicode=True, sort_keys=False),
    "example": EXAMPLE.read_text("utf-8"),
    "spanish": (REPO / "content" / "logistica-y-operaciones.yaml").read_text("utf-8"),
    "pictures": PICTURE_TOPIC,
}
EXPORTS = {"moodle": "quiz.moodle.xml", "qti": "quiz.qti.zip"}


def _asked(path: Path, project: Path, pools: bool = True) -> list[tuple]:
    """What each question of a topic file asks, as a quiz system sees it (``pools``: with its pool)."""
    topic_file = read_topic(path, project)
    job = RenderJob(topic_file, load_project(project))
    asked = []
    for question, layout in zip(topic_file.topic.questions, job.worksheet.questions):
        item = quiz_question(layout).item
        if isinstance(item, EssayItem):  # HTML: a line break inside a paragraph is a space
            item = dataclasses.replace(item, lines=0, model_answer=" ".join(item.model_answer.split()))
        if isinstance(item, GapsItem):  # a word bank is shuffled by a seed made from the file's name
            item = dataclasses.replace(item, bank=tuple(sorted(item.bank)))
        picture = (layout.image.path.read_bytes(), layout.image.alt) if layout.image else None
        quiz = quiz_question(layout)  # texts as HTML: "straight" quotes are typeset as the export sets them
        asked.append((question.type, quiz.prompt, item, quiz.explanation, quiz.hint, layout.points,
                      layout.group if pools else None, picture))
    return asked


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("name", CORPUS)
def test_an_exported_topic_imports_as_the_same_questions(tmp_path, run_cli, name, export):
    source = tmp_path / "source"
    (source / "content" / "images").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "bad" / "_assets" / "photo.png", source / "content" / "images" / "cell.png")
    (source / "docgen.yaml").write_text("course: Test Course\n", "utf-8")
    original = write_topic(source, name, CORPUS[name])
    job = RenderJob(read_topic(original, source), load_project(source))
    (file, data), = get_output(export).render(job).items()
    exported = tmp_path / file
    exported.write_bytes(data)

    target = tmp_path / "target"
    (target / "content").mkdir(parents=True)
    (target / "docgen.yaml").write_text("course: Test Course\n", "utf-8")
    result = run_cli(["import", str(exported)], target)
    assert result.code == 0, result.err
    assert "kept as a comment" not in result.out, result.out
    (imported,) = (target / "content").glob("*.yaml")
    assert imported.read_text("utf-8").startswith(f"# Imported by `docgen import` from {file}")
    pools = export == "moodle"  # a pool is a Moodle category; the QTI export has none (one section)
    assert _asked(imported, target, pools) == _asked(original, source, pools)
