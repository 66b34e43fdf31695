"""The answer key: the worksheet with every answer filled in."""

from __future__ import annotations

from docgen.render import PAGE_TEMPLATES, RenderJob, register
from docgen.render.worksheet import render_worksheet


@register("answers", files=("answers.docx", "answers.pdf"),
          templates=("worksheet.html", "worksheet.css", "worksheet-*.html", *PAGE_TEMPLATES))
def render(job: RenderJob) -> dict[str, bytes]:
    return render_worksheet(job, answers=True, stem="answers")
