"""The class pack: one worksheet per student, in roster order, ready to print.

Each student's worksheet is the one a single build would write for their
version and edition, with their name printed in the name field. Every
part starts on an odd page (a blank page is added after an odd-length
part), so printing double-sided never puts two students on one sheet.
"""

from __future__ import annotations

from docgen.questions import LETTERS
from docgen.render.job import RenderJob
from docgen.roster import Roster

CLASS_PACK = "class-pack.pdf"
CLASS_PACK_MAP = "class-pack.scan.json"  # with `scan: true`: where every student's boxes are


def class_pack(job: RenderJob, roster: Roster) -> dict[str, bytes]:
    from docgen.render.writers.html.paint import SHEET, paint_pdf
    from docgen.render.writers.html.printer import blank_page
    from docgen.render.measure import worksheet_sheet
    from docgen.scan import copy_map, map_file, scan_enabled

    if not job.worksheet.questions:
        job.notes.append(f"{CLASS_PACK}: skipped, the topic has no questions")
        return {}
    count = job.version_count
    for student in roster.students:
        if student.version is not None and LETTERS.index(student.version) >= count:
            raise roster.version_error(student, count)
    pages: list = []
    sheets, copies = [], []
    scan = scan_enabled(job)
    for index, student in enumerate(roster.students):
        version = student.version or LETTERS[index % count]
        part = job.but(version=version if count > 1 else None, edition=student.edition, student=student.name)
        sheet = worksheet_sheet(part, scan=scan, row=index + 1)
        sheets.append(sheet)
        if scan:
            copies.append(copy_map(sheet.document, part, index + 1, sheet.document.scan_digest, CLASS_PACK,
                                   len(pages)))
        pages += sheet.document.pages
        if len(sheet.document.pages) % 2:
            pages += blank_page(job.project.config.paper).pages
    combined = sheets[0].document.copy(pages)
    job.notes.append(f"{CLASS_PACK}: {len(roster.students)} students, {len(pages)} pages")
    files = {CLASS_PACK: paint_pdf(sheets[0], SHEET, f"{job.slug}/{CLASS_PACK}", combined)}
    if scan:
        files[CLASS_PACK_MAP] = map_file(job.slug, copies)
    return files


def render(job: RenderJob) -> dict[str, bytes]:
    return class_pack(job, job.roster)


def setup(app) -> None:
    # Every edition a student is listed for is in the one pack: it is not made per edition.
    app.add_output("class-pack", render, drawn_from="worksheet", editions=False)
