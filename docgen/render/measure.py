"""The worksheet measured: laid out in PDF pages once, and what each question took.

The PDF is laid out first; where its pages break tells the Word writer
where to break, and the room each question printed tells it how much room
to give, so the .docx shows the same questions on the same pages. The
worksheet and its key share this one layout (docgen/render/writers/html/paint.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from docgen.render.job import RenderJob
from docgen.images import Picture
from docgen.render.writers.html.from_template import render_html
from docgen.render.writers.html.paint import Sheet, sheet_of
from docgen.render.pictures import PAGE_WIDTH_MM, printable_picture
from docgen.scan import FIRST_PAGES, placeholder, scan_enabled, with_page_codes


PX_MM = 25.4 / 96  # a CSS pixel, WeasyPrint's unit


@dataclass
class Printed:
    """What the PDF printed of one question, for Word to give the same room (mm, in order)."""

    rows: list[float] = field(default_factory=list)  # write-in table body rows
    lines: list[float] = field(default_factory=list)  # ruled answer areas
    hidden: float = 0.0  # key-only notes (hint, explanation) the worksheet keeps room for


def read_printed(document) -> tuple[dict[int, tuple[int, int]], dict[int, Printed]]:
    """From one walk over WeasyPrint's boxes: the first and last page (0-based) of each
    question, and its write-in rows, ruled areas and hidden notes as printed.

    The PDF keeps the key's words as room in both documents; Word gets the
    same pages and the same room, so the key's typed answers never make its
    pages run longer than the worksheet's. A part split over two pages is added up.
    """
    pages: dict[int, tuple[int, int]] = {}
    parts: dict[int, dict[str, dict[int, float]]] = {}
    current, group = None, None
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():  # in document order: a row group before its rows
            element = box.element
            if element is None:
                continue
            element_id = element.get("id", "")
            if element_id.startswith("q-"):
                current = int(element_id[2:])
                pages[current] = (pages.get(current, (index, index))[0], index)
            elif box.element_tag in ("thead", "tbody", "tfoot"):
                group = box.element_tag
            elif current is None:
                continue
            elif group == "tbody" and type(box).__name__ == "TableRowBox":
                _add(parts, current, "rows", element, box)
            elif element.get("class") == "lines" and box.element_tag == "div":
                _add(parts, current, "lines", element, box)
            elif box.element_tag == "p" and element.get("class", "").split()[:1] == ["answer"] \
                    and type(box).__name__ == "BlockBox":
                _add(parts, current, "hidden", element, box)
    printed = {number: Printed(rows=list(kinds.get("rows", {}).values()),
                               lines=list(kinds.get("lines", {}).values()),
                               hidden=sum(kinds.get("hidden", {}).values()))
               for number, kinds in parts.items()}
    return pages, printed


def _add(parts: dict, number: int, kind: str, element, box) -> None:
    sizes = parts.setdefault(number, {}).setdefault(kind, {})
    sizes[id(element)] = sizes.get(id(element), 0.0) + box.height * PX_MM


def page_starts(pages: dict[int, tuple[int, int]]) -> set[int]:
    """The questions that open a page: no earlier question (a tall table runs on) is on it."""
    starts: set[int] = set()
    last = 0
    for number, (first, end) in sorted(pages.items()):
        if first > last:
            starts.add(number)
        last = max(last, end)
    return starts


QUESTION_AREA_MM = 40.0 + 7.0  # worksheet.css: the side margins and the number gutter
QUESTION_PICTURE_MM = 80.0  # the tallest a question's picture prints


def question_pictures(job: RenderJob) -> dict[int, Picture]:
    """Each question's picture (format 1.1 ``image``), sized for the width under the prompt."""
    area_mm = PAGE_WIDTH_MM[job.project.config.paper] - QUESTION_AREA_MM
    return {question.number: printable_picture(job, str(question.image.path), question.image.width,
                                               ("question", question.number), "worksheet", area_mm,
                                               QUESTION_PICTURE_MM)
            for question in job.worksheet.questions if question.image}


@dataclass
class LaidOut:
    """A version's worksheet laid out once, for the worksheet's and the key's PDF and Word file."""

    sheet: Sheet
    pages: dict[int, tuple[int, int]]  # question -> its first and last page
    printed: dict[int, Printed]
    pictures: dict[int, Picture]


def worksheet_sheet(job: RenderJob, pictures: dict[int, Picture] | None = None, scan: bool = False,
                    row: int = 0) -> Sheet:
    """The worksheet and key of the job's version, edition and student, laid out in pages once.

    ``scan`` lays out the scannable page (docgen/scan.py): grids and points
    boxes (the key ticks the right ones), and, painted on the worksheet
    only, corner marks and a QR code naming each page (``row``: the
    student's roster row in a class pack). The digest of the printed
    worksheet is kept on the sheet's document as ``scan_digest``.
    """
    from docgen.render.writers.html.printer import layout

    html = render_html(job, "worksheet.html", worksheet=job.worksheet, answers=True,
                       line_pitch_mm=job.worksheet.line_pitch_mm,
                       pictures=question_pictures(job) if pictures is None else pictures,
                       scan=scan, scan_codes=Markup(placeholder()))
    if not scan:
        return sheet_of(layout(html, job.topic_file.path.parent, job.project.root), html)
    pages = FIRST_PAGES
    while True:  # a QR code on every page: a worksheet longer than FIRST_PAGES is laid out again
        coded, digest = with_page_codes(html, job, row, pages)
        document = layout(coded, job.topic_file.path.parent, job.project.root)
        if len(document.pages) <= pages:
            document.scan_digest = digest
            return sheet_of(document, coded)
        pages = len(document.pages)


def laid_out(job: RenderJob) -> LaidOut:
    """The job's worksheet, laid out by whichever of the worksheet and the key comes first;
    the other takes it over (the jobs of one topic share ``job.shared``).

    With ``scan`` on, the .docx is the editable copy, not the scanned one: its
    pages break where the plain worksheet's do, so that layout is made too.
    """
    key = ("worksheet", job.version, job.edition, job.student)
    found = job.shared.pop(key, None)
    if found is None:
        pictures = question_pictures(job)
        scan = scan_enabled(job)
        sheet = worksheet_sheet(job, pictures, scan=scan)
        plain = worksheet_sheet(job, pictures) if scan else sheet
        pages, printed = read_printed(plain.document)
        found = job.shared[key] = LaidOut(sheet, pages, printed, pictures)
    return found


