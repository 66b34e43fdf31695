"""The PDF handout: the topic's sections, comparison and glossary."""

from __future__ import annotations

from docgen.images import Picture, prepare
from docgen.render import RenderJob, register
from docgen.render.html import pdf_from_template

PAGE_WIDTH_MM = {"A4": 210.0, "letter": 215.9}
SIDE_MARGINS_MM = 40.0  # handout.css: 20 mm left and right


def section_pictures(job: RenderJob) -> dict[int, Picture]:
    """Each section's picture, sized for the text width; notes for the build."""
    area_pt = (PAGE_WIDTH_MM[job.project.config.paper] - SIDE_MARGINS_MM) * 72 / 25.4
    pictures = {}
    for index, section in enumerate(job.topic.sections):
        if section.image:
            path = job.topic_file.path.parent / section.image
            picture = prepare(path, section.width, area_pt, ("sections", index, "image"), section.image)
            if picture.note:
                job.notes.append(f"handout.pdf: {picture.note}")
            pictures[index] = picture
    return pictures


@register("handout", files=("handout.pdf",))
def render(job: RenderJob) -> dict[str, bytes]:
    return {"handout.pdf": pdf_from_template(job, "handout.html", "handout.pdf",
                                             pictures=section_pictures(job))}
