"""What the export tests share: a topic with every kind of content, and a way to render one output."""

from __future__ import annotations

from pathlib import Path

from conftest import write_topic
from docgen.content.reader import read_topic
from docgen.project import load_project
from docgen.registry import get_output
from docgen.render.job import RenderJob

HEADER = """
title: Cell Division
subject: Biology
level: Year 10
compare:
  items: [Mitosis, Meiosis]
  rows:
    - aspect: Number of divisions
      values: ["One", "Two"]
"""
# Terms and a comparison with the awkward cases: markup typed as text, a tab
# and a line break inside a definition, maths, an empty ("not applicable") cell.
CARDS_TOPIC = HEADER + """\
    - aspect: Daughter cells
      values: ["Two, identical to the parent", "Four, each with half the chromosomes"]
    - aspect: Crossing over
      values: [~, "Yes, in prophase I"]
terms:
  - term: Chromosome
    definition: "A thread of DNA <b>wound</b> around proteins; humans have $2n = 46$."
  - term: Gamete
    definition: "A sex cell:\\tsperm or egg,\\nwith one set of chromosomes."
  - term: Zygote
    definition: The cell formed when two gametes fuse.
"""
# Cards the topic makes: 3 terms, then 5 filled comparison cells.
CARD_COUNT = 8


def render_output(project: Path, name: str, text: str, output: str, **call) -> tuple[dict[str, bytes], RenderJob]:
    """Write the topic ``name`` and render one output in process (no engine, no files)."""
    path = write_topic(project, name, text)
    job = RenderJob(read_topic(path, project), load_project(project))
    return get_output(output).render(job, **call), job

# Every question type, with the cases that trip exporters: several correct
# options (fractions), accepted alternatives, a Markdown model answer, gap
# answers holding Moodle's cloze syntax characters, a word bank with a word
# used twice, a category no statement belongs to, typed HTML and cloze syntax.
QUIZ_TOPIC = HEADER + r"""questions:
  - type: choice
    prompt: "Which process makes gametes? <b>not bold</b>"
    options: [Mitosis, Meiosis, Binary fission]
    answer: Meiosis
    explanation: Gametes need half the chromosomes.
    hint: Think of sex cells.
  - type: choice
    prompt: Which of these happen in meiosis?
    options: [Crossing over, Two divisions, Four cells, Cloning, Budding, Spores, Fusion]
    answer: [Crossing over, Two divisions, Four cells]
  - type: true_false
    statement: Mitosis makes two identical cells.
    answer: true
  - type: true_false
    statement: Meiosis happens in skin cells.
    answer: false
  - type: short
    prompt: Name the phase where chromosomes line up, with $n$ pairs.
    answer: Metaphase
    accept: [metaphase I, Metaphase II]
  - type: long
    prompt: Compare mitosis and meiosis.
    answer: |
      Mitosis:

      - one division
      - two cells
    hint: Use the table.
  - type: blank
    text: "Code {1:SHORTANSWER:=x} stays text; a gap [[a}b#c~d\\e]] and [[Prophase]]."
  - type: blank
    text: "Meiosis has [[two]] divisions and mitosis has [[one]]; twins share [[two]] cells."
    word_bank: true
  - type: match
    pairs:
      - {left: Mitosis, right: Growth and repair}
      - {left: Meiosis, right: Gametes}
      - {left: Fertilisation, right: Zygote}
  - type: classify
    prompt: Sort the facts.
    categories: [Mitosis, Meiosis, Neither]
    statements:
      - {text: Two divisions, answer: Meiosis}
      - {text: Identical daughter cells, answer: Mitosis}
      - {text: Crossing over, answer: Meiosis}
"""
QUIZ_COUNT = 10


def with_picture_and_pool(project: Path, job: RenderJob) -> RenderJob:
    """The job, its first question showing a picture and two questions in a pool.

    The layout is what the exports read; the content keys that fill these
    fields (a question's ``image``, its ``group``) are set by the layout, so
    setting them here is what a topic using them will give the exports.
    """
    import dataclasses
    import shutil

    from docgen.layout.blocks import Figure

    picture = project / "content" / "images" / "cell.png"
    picture.parent.mkdir(exist_ok=True)
    shutil.copy(Path(__file__).parent / "bad" / "_assets" / "photo.png", picture)
    questions = list(job.worksheet.questions)
    questions[0] = dataclasses.replace(questions[0], image=Figure(picture, "A dividing cell", "60%"))
    for index in (2, 3):
        questions[index] = dataclasses.replace(questions[index], group="Recall / facts")
    job.__dict__["worksheet"] = dataclasses.replace(job.worksheet, questions=questions)
    return job


def render_job(job: RenderJob, output: str) -> dict[str, bytes]:
    return get_output(output).render(job)


def rendered_once(tmp_path_factory, output: str) -> tuple[dict[str, bytes], RenderJob]:
    """QUIZ_TOPIC rendered into ``output`` in a project of its own (for module fixtures)."""
    project = tmp_path_factory.mktemp(output)
    (project / "content").mkdir()
    (project / "docgen.yaml").write_text("course: Test Course\n", "utf-8")
    return render_output(project, "cells", QUIZ_TOPIC, output)


def derived_topic() -> str:
    """The example topic with every derived exercise (ordinary questions from then on)."""
    import yaml

    from conftest import EXAMPLE

    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["worksheet"] = {**data.get("worksheet", {}),
                         "derive": ["table", "terms", "sort", "true_false", "recall"]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
