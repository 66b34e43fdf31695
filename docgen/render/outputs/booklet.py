"""The course booklet: every handout of the project in one book.

A title page and a table of contents come first, then each handout, laid
out by its own template, starting on an odd page (a blank page is added
where needed, so a double-sided print starts every topic on a right-hand
page). Page numbers run on through the whole book: each handout's first
page counter is set to where it falls. The contents are laid out twice,
before (to know how many pages they take) and after the handouts (with
their page numbers). Each topic is one bookmark.
"""

from __future__ import annotations

from pathlib import Path

from docgen.content.reader import read_topic
from docgen.dates import build_date
from docgen.fonts import font_setup
from docgen.i18n import labels_for
from docgen.markdown import typography
from docgen.project import Project
from docgen.render.job import PAGE_TEMPLATES, RenderJob
from docgen.render.outputs.handout import handout_html
from docgen.render.writers.html.templates import render_template

BOOKLET = "booklet.pdf"

# Added to each handout: continuous numbers, one bookmark per topic.
_HANDOUT_CSS = """
@page :first {{ counter-reset: page {first}; }}
@page {{ @bottom-right {{ content: counter(page); }} }}
h1 {{ bookmark-level: 1; }}
h2, h3, h4, h5, h6 {{ bookmark-level: none; }}
"""


def booklet_pdf(project: Project, files: list[Path]) -> bytes:
    from docgen.render.writers.html.printer import blank_page, layout, write_pdf

    jobs = [RenderJob(read_topic(file, project.root), project) for file in files]
    front = _front(project, jobs, [0] * len(jobs))
    pages = list(front.pages)
    starts: list[int] = []
    blank = blank_page(project.config.paper).pages
    for job in jobs:
        if len(pages) % 2:
            pages += blank
        starts.append(len(pages) + 1)
        with typography(job.labels.typography):
            html = handout_html(job).replace(
                "</head>", f"<style>{_HANDOUT_CSS.format(first=len(pages) + 1)}</style></head>", 1)
        pages += layout(html, job.topic_file.path.parent, project.root).pages
    numbered = _front(project, jobs, starts)
    if len(numbered.pages) != len(front.pages):  # page numbers never add a page; if they ever do, say so
        raise RuntimeError("the table of contents changed length once numbered")
    return write_pdf(numbered.copy(list(numbered.pages) + pages[len(front.pages):]), BOOKLET)


def _front(project: Project, jobs: list[RenderJob], starts: list[int]):
    from docgen.render.writers.html.printer import layout

    config = project.config
    labels = labels_for(config.lang, config.labels)
    date = None if config.date is False else labels.date(config.date or build_date())
    html = render_template(
        "booklet.html", project.templates_dir, project=config, lang=config.lang, paper=config.paper,
        labels=labels, title=config.course or labels["booklet_title"], date=date,
        fonts=font_setup(project.root, config.fonts, project.templates_dir),
        entries=[(job.topic.title, job.topic.subtitle, start) for job, start in zip(jobs, starts)])
    return layout(html, project.root, project.root)


def render(project: Project, files: list[Path]) -> dict[str, bytes]:
    return {BOOKLET: booklet_pdf(project, files)}


def setup(app) -> None:
    # Besides its templates, the booklet reads what its topics' handouts read (the engine plans it from those).
    app.add_output("booklet", render, scope="project", drawn_from="handout",
                   templates=("booklet.html", "handout.html", "handout.css", "handout-*.html", *PAGE_TEMPLATES))
