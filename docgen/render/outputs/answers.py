"""The answer key: the worksheet with every answer filled in.

With versions, one key per version, and two ways to mark a mixed pile:
``answers-grid.pdf`` (one page, question × version) and ``versions.csv``
(version, number, question, answer) for spreadsheets and scanners. Both
read the same layouts as the keys, so they cannot disagree with them.
"""

from __future__ import annotations

import csv
import io

from docgen.layout.editions import edition_named
from docgen.layout.blocks import WorksheetLayout
from docgen.markdown import plain_text
from docgen.render.job import PAGE_TEMPLATES, RenderJob
from docgen.render.outputs.worksheet import render_worksheet
from docgen.layout.sheet import worksheet_reads

# Largest first; the first that fits one page. Past the last, the grid runs on more pages at
# that size (its header repeated, no row split): a cut or unreadable answer cannot be marked by.
GRID_SIZES_PT = (11.0, 10.0, 9.0)


def render(job: RenderJob) -> dict[str, bytes]:
    files = render_worksheet(job, answers=True, stem="answers")
    if files and job.version_count > 1:
        layouts = [version.worksheet for version in job.versions()]
        files["answers-grid.pdf"] = answers_grid(job, layouts)
        files["versions.csv"] = versions_csv(layouts, job.labels.csv_separator)
    return files


def versions_csv(layouts: list[WorksheetLayout], separator: str) -> bytes:
    """One row per question of every version; UTF-8 with a BOM so Excel reads accents right,
    and the separator of the topic's language, so it opens as columns there."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=separator, lineterminator="\r\n")
    writer.writerow(["version", "number", "question", "answer"])
    for layout in layouts:
        for question in layout.questions:
            writer.writerow([layout.version, question.number, plain_text(question.prompt),
                             plain_text(question.answer_summary)])
    return stream.getvalue().encode("utf-8-sig")


def grid_row(answers: list[str]) -> list[tuple[str, int]]:
    """A row's cells as (answer, columns spanned): an answer every version shares is
    printed once across the row; every answer is printed whole."""
    cells = [answers[0]] if len(set(answers)) == 1 else answers
    span = len(answers) if len(cells) == 1 else 1
    return [(plain_text(answer), span) for answer in cells]


def answers_grid(job: RenderJob, layouts: list[WorksheetLayout]) -> bytes:
    """Every version's answers on one page: a row per question number, a column per version."""
    from docgen.render.writers.html.from_template import render_html
    from docgen.render.writers.html.printer import layout, write_pdf

    # A question with no model answer (a long answer left to the teacher) says so: an empty cell looks lost.
    rows = [grid_row([layout.questions[index].answer_summary or job.labels["no_model_answer"] for layout in layouts])
            for index in range(len(layouts[0].questions))]
    # An edition with fixed type (large print: 18 pt) is set at it whatever the size asked: one layout
    # says how many pages.
    fixed_pt = edition_named(job.edition).fixed_pt
    sizes = (fixed_pt,) if fixed_pt else GRID_SIZES_PT
    document = None
    for size in sizes:
        html = render_html(job, "answers-grid.html", layouts=layouts, rows=rows, body_pt=size)
        document = layout(html, job.topic_file.path.parent, job.project.root)
        if len(document.pages) == 1:
            break
    else:
        job.notes.append(f"answers-grid.pdf: {len(document.pages)} pages at {size:g} pt")
    return write_pdf(document, f"{job.slug}/answers-grid.pdf")


def setup(app) -> None:
    app.add_output("answers", render, templates=("worksheet.html", "worksheet.css", "worksheet-*.html", "answers-grid.html", *PAGE_TEMPLATES), reads=worksheet_reads)
