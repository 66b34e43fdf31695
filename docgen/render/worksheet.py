"""The worksheet and its answer key: an editable .docx and the same pages as a PDF.

The PDF is laid out first; where its pages break tells the Word writer
where to break, so the .docx shows the same questions on the same pages.
The key is the worksheet with its answers printed: the same layout, the
same pages.
"""

from __future__ import annotations

from docgen.derive import derive
from docgen.layout import Lines
from docgen.render import RenderJob, register
from docgen.render.html import render_html
from docgen.timing import timed
from docgen.worksheet import topic_seed


def question_pages(document) -> dict[int, tuple[int, int]]:
    """The first and last page (0-based) of each question, read from WeasyPrint's boxes."""
    pages: dict[int, tuple[int, int]] = {}
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element_id = box.element.get("id", "") if box.element is not None else ""
            if element_id.startswith("q-"):
                number = int(element_id[2:])
                pages[number] = (pages.get(number, (index, index))[0], index)
    return pages


def page_starts(pages: dict[int, tuple[int, int]]) -> set[int]:
    """The questions that open a page: no earlier question (a tall table runs on) is on it."""
    starts: set[int] = set()
    last = 0
    for number, (first, end) in sorted(pages.items()):
        if first > last:
            starts.add(number)
        last = max(last, end)
    return starts


def worksheet_document(job: RenderJob, answers: bool):
    """The worksheet (or key) of the job's version, edition and student, laid out in pages."""
    from docgen.render.pdf import layout

    html = render_html(job, "worksheet.html", worksheet=job.worksheet, answers=answers,
                       line_pitch_mm=job.worksheet.line_pitch_mm)
    return layout(html, job.topic_file.path.parent, job.project.root)


def _note_missing_answers(job: RenderJob, stem: str) -> None:
    """A key with empty lines where an answer should be is worth a word at build time."""
    missing = [str(question.number) for question in job.worksheet.questions
               for block in question.blocks if isinstance(block, Lines) and not block.answer]
    if missing:
        job.notes.append(f"{stem}: no model answer for question {', '.join(missing)} "
                         "(the key says so; add `answer:` to give one)")


def render_worksheet(job: RenderJob, answers: bool, stem: str) -> dict[str, bytes]:
    """Both files of a worksheet, one pair per version (``worksheet-A.docx``, ...);
    the answer key is the same call with answers on."""
    if not job.worksheet.questions:
        job.notes.append(f"{stem}: skipped, the topic has no questions")
        return {}
    if answers:
        _note_missing_answers(job, stem)
    files: dict[str, bytes] = {}
    for version in job.versions():
        files.update(_one_version(version, answers, f"{stem}-{version.version}" if version.version else stem))
    return files


def _one_version(job: RenderJob, answers: bool, stem: str) -> dict[str, bytes]:
    from docgen.render.docx.worksheet import worksheet_docx
    from docgen.render.pdf import write_pdf

    document = worksheet_document(job, answers)
    breaks = page_starts(question_pages(document))
    pdf = write_pdf(document, f"{job.slug}/{stem}.pdf")
    with timed("python-docx"):
        word = worksheet_docx(job, answers=answers, page_breaks=breaks)
    return {f"{stem}.docx": word, f"{stem}.pdf": pdf}


@register("worksheet", files=("worksheet.docx", "worksheet.pdf"))
def render(job: RenderJob) -> dict[str, bytes]:
    # A derive kind that made nothing is said at build time too, not only by `docgen check`.
    for made in derive(job.topic, job.labels, topic_seed(job.topic, job.slug)):
        if not made.questions:
            job.notes.extend(f"worksheet: derive {note}" for note in made.notes)
    return render_worksheet(job, answers=False, stem="worksheet")
