"""The worksheet and its answer key: an editable .docx and the same pages as a PDF.

The key is the worksheet with its answers printed: the same layout
(docgen/render/measure.py), painted a second time, so the same pages.
"""

from __future__ import annotations

from docgen.layout.blocks import Lines
from docgen.layout.derive import derive
from docgen.layout.sheet import topic_seed, worksheet_reads
from docgen.render.job import RenderJob
from docgen.render.measure import laid_out, page_starts
from docgen.render.writers.html.paint import KEY, SHEET, paint_pdf
from docgen.scan import copy_map, map_file, scan_enabled
from docgen.timing import timed


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
    from docgen.render.writers.docx.document import worksheet_docx

    made = laid_out(job)
    pdf = paint_pdf(made.sheet, KEY if answers else SHEET, f"{job.slug}/{stem}.pdf")
    with timed("python-docx"):
        word = worksheet_docx(job, answers=answers, page_breaks=page_starts(made.pages), printed=made.printed,
                              pictures=made.pictures)
    files = {f"{stem}.docx": word, f"{stem}.pdf": pdf}
    if not answers and scan_enabled(job):
        document = made.sheet.document
        files[f"{stem}.scan.json"] = map_file(job.slug, [copy_map(document, job, 0, document.scan_digest,
                                                                 f"{stem}.pdf", 0)])
    return files


def render(job: RenderJob) -> dict[str, bytes]:
    # A derive kind that made nothing is said at build time too, not only by `docgen check`.
    for made in derive(job.topic, job.labels, topic_seed(job.topic, job.slug)):
        if not made.questions:
            job.notes.extend(f"worksheet: derive {note}" for note in made.notes)
    return render_worksheet(job, answers=False, stem="worksheet")


def setup(app) -> None:
    app.add_output("worksheet", render, reads=worksheet_reads)
