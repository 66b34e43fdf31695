"""The class pack: one worksheet per student, in roster order, ready to print.

Each student's worksheet is the one a single build would write for their
version and edition, with their name printed in the name field. Every
part starts on an odd page (a blank page is added after an odd-length
part), so printing double-sided never puts two students on one sheet.
"""

from __future__ import annotations

from docgen.questions import LETTERS
from docgen.render import RenderJob
from docgen.roster import Roster

CLASS_PACK = "class-pack.pdf"
CLASS_PACK_MAP = "class-pack.scan.json"  # with `scan: true`: where every student's boxes are


def class_pack(job: RenderJob, roster: Roster) -> dict[str, bytes]:
    from docgen.render.pdf import blank_page, write_pdf
    from docgen.render.worksheet import worksheet_document
    from docgen.scan import copy_map, map_file, scan_enabled

    if not job.worksheet.questions:
        job.notes.append(f"{CLASS_PACK}: skipped, the topic has no questions")
        return {}
    count = job.version_count
    for student in roster.students:
        if student.version is not None and LETTERS.index(student.version) >= count:
            raise roster.version_error(student, count)
    pages: list = []
    documents, copies = [], []
    scan = scan_enabled(job)
    for index, student in enumerate(roster.students):
        version = student.version or LETTERS[index % count]
        part = job.but(version=version if count > 1 else None, edition=student.edition, student=student.name)
        document = worksheet_document(part, answers=False, scan=scan, row=index + 1)
        documents.append(document)
        if scan:
            copies.append(copy_map(document, part, index + 1, document.scan_digest, CLASS_PACK, len(pages)))
        pages += document.pages
        if len(document.pages) % 2:
            pages += blank_page(job.project.config.paper).pages
    combined = documents[0].copy(pages)
    job.notes.append(f"{CLASS_PACK}: {len(roster.students)} students, {len(pages)} pages")
    files = {CLASS_PACK: write_pdf(combined, f"{job.slug}/{CLASS_PACK}")}
    if scan:
        files[CLASS_PACK_MAP] = map_file(job.slug, copies)
    return files
