"""The PDF handout: the topic's sections, comparison and glossary."""

from __future__ import annotations

from docgen.images import Picture
from docgen.render.job import TOPIC_HEAD, RenderJob
from docgen.render.writers.html.from_template import render_html
from docgen.render.pictures import PAGE_WIDTH_MM, printable_picture

SIDE_MARGINS_MM = 40.0  # handout.css: 20 mm left and right
PICTURE_HEIGHT_MM = 95.0  # handout.css: figure img max-height
SHORT_LAST_PAGE = 0.25  # a last page this empty is worth one tighter layout to save it


def section_pictures(job: RenderJob) -> dict[int, Picture]:
    """Each section's picture, sized for the text width; notes for the build."""
    area_mm = PAGE_WIDTH_MM[job.project.config.paper] - SIDE_MARGINS_MM
    return {index: printable_picture(job, section.image, section.width, ("sections", index), "handout.pdf",
                                     area_mm, PICTURE_HEIGHT_MM)
            for index, section in enumerate(job.topic.sections) if section.image}


def handout_html(job: RenderJob, pictures: dict[int, Picture] | None = None, tight: bool = False) -> str:
    """The handout's HTML, as the handout and the booklet both lay it out (pictures included)."""
    if pictures is None:
        pictures = section_pictures(job)
    return render_html(job, "handout.html", pictures=pictures, tight=tight)


def last_page_fill(document) -> float:
    """How much of the last page's height the content uses (0.1 = a few lines)."""
    box = document.pages[-1]._page_box  # WeasyPrint's laid-out page
    return box.children[0].margin_height() / box.height if box.children else 1.0


def render(job: RenderJob) -> dict[str, bytes]:
    """Lay out; when a few lines spill onto a last page, try once with tighter spacing
    (template's `tight`) and keep that layout if it saves the page."""
    from docgen.render.writers.html.printer import layout, write_pdf

    pictures = section_pictures(job)

    def lay_out(tight: bool):
        return layout(handout_html(job, pictures, tight), job.topic_file.path.parent, job.project.root)

    document = lay_out(False)
    if len(document.pages) > 1 and last_page_fill(document) < SHORT_LAST_PAGE:
        tighter = lay_out(True)
        if len(tighter.pages) < len(document.pages):
            document = tighter
            pages = len(document.pages)
            job.notes.append(f"handout.pdf: spacing tightened to save a page ({pages} page{'s' * (pages > 1)})")
    return {"handout.pdf": write_pdf(document, f"{job.slug}/handout.pdf")}


def setup(app) -> None:
    app.add_output("handout", render, reads=(*TOPIC_HEAD, "summary", "objectives", "sections", "compare", "terms"))
