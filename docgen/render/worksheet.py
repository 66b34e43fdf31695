"""The worksheet: an editable .docx and the same questions as a PDF."""

from __future__ import annotations

from docgen.render import RenderJob, register
from docgen.render.html import pdf_from_template


def render_worksheet(job: RenderJob, answers: bool, stem: str) -> dict[str, bytes]:
    """Both files of a worksheet; the answer key is the same call with answers on."""
    if not job.topic.questions:
        job.notes.append(f"{stem}: skipped, the topic has no questions")
        return {}
    from docgen.timing import timed
    from docgen.render.docx.worksheet import worksheet_docx

    with timed("python-docx"):
        document = worksheet_docx(job, answers=answers)
    return {
        f"{stem}.docx": document,
        f"{stem}.pdf": pdf_from_template(job, "worksheet.html", f"{stem}.pdf",
                                         plan=job.worksheet, answers=answers),
    }


@register("worksheet", files=("worksheet.docx", "worksheet.pdf"))
def render(job: RenderJob) -> dict[str, bytes]:
    return render_worksheet(job, answers=False, stem="worksheet")
