"""What the export tests share: a topic with every kind of content, and a way to render one output."""

from __future__ import annotations

from pathlib import Path

from conftest import write_topic
from docgen.content.reader import read_topic
from docgen.project import load_project
from docgen.render import RenderJob, get_output

# Terms and a comparison with the awkward cases: markup typed as text, a tab
# and a line break inside a definition, maths, an empty ("not applicable") cell.
CARDS_TOPIC = """
title: Cell Division
subject: Biology
level: Year 10
compare:
  items: [Mitosis, Meiosis]
  rows:
    - aspect: Number of divisions
      values: ["One", "Two"]
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
