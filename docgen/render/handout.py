"""The PDF handout: the topic's sections, comparison and glossary."""

from __future__ import annotations

from docgen.render import TOPIC_HEAD, RenderJob, register
from docgen.render.html import pdf_from_template


@register("handout", files=("handout.pdf",),
          reads=(*TOPIC_HEAD, "summary", "objectives", "sections", "compare", "terms"))
def render(job: RenderJob) -> dict[str, bytes]:
    return {"handout.pdf": pdf_from_template(job, "handout.html", "handout.pdf")}
