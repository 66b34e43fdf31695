"""Scannable worksheets (``scan: true``): corner marks, a QR code per page, and the map of every box.

docgen drew every box, so it knows where each one is. After a scannable
worksheet is laid out, the centres of its four corner marks, the square of
its QR code and the rectangle of every fillable box are read back from
WeasyPrint's layout boxes and written beside the PDF
(``worksheet.scan.json``, ``class-pack.scan.json``); ``docgen grade``
reads them from there and never guesses a position.

The QR code names the page: topic, version, edition, page and (in a class
pack) the student's roster row, plus a digest of the printed worksheet, so
that a page printed from an older build is never read against a newer map.
Only segno is needed here (``pip install docgen[grade]``); nothing of the
image work is imported by a build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from docgen.content.errors import DocgenError, Problem

QR_PREFIX = "DG1"
QR_MODULE_MM = 0.55  # one QR module: over 3 pixels at 150 dpi
QR_BORDER = 2  # modules of quiet zone inside the image (the page margin around it is white too)
FIRST_PAGES = 16  # pages given a QR code before layout; a longer worksheet is laid out again
PX_MM = 25.4 / 96  # a CSS pixel, WeasyPrint's unit
MAP_FORMAT = 1
_PLACEHOLDER = "<!--docgen-scan-codes-->"


def scan_enabled(job) -> bool:  # noqa: ANN001 - a RenderJob
    """The topic's ``worksheet.scan``, else docgen.yaml's ``scan``."""
    own = job.topic.worksheet.scan
    return job.project.config.scan if own is None else own


def topic_id(slug: str) -> str:
    """Eight hex digits naming the topic in a QR code (a slug may be too long to print small)."""
    return hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8].upper()


@dataclass(frozen=True)
class PageCode:
    """What a page's QR code says: ``DG1:TOPIC:VERSION:EDITION:PAGE:ROW:DIGEST``.

    ``edition`` is 0 for the standard one, else 1 + its index in
    the registered editions (docgen.registry.edition_names); ``row`` is the student's roster row (1-based),
    0 outside a class pack; ``page`` counts from 1 in the student's copy.
    """

    topic: str
    version: str  # "-" when the worksheet has one version
    edition: int
    page: int
    row: int
    digest: str

    def text(self) -> str:
        return ":".join((QR_PREFIX, self.topic, self.version, str(self.edition), str(self.page),
                         str(self.row), self.digest))

    @classmethod
    def parse(cls, text: str) -> "PageCode | None":
        """The code, or None for a QR code docgen did not print."""
        parts = text.strip().split(":")
        if len(parts) != 7 or parts[0] != QR_PREFIX:
            return None
        try:
            return cls(parts[1], parts[2], int(parts[3]), int(parts[4]), int(parts[5]), parts[6])
        except ValueError:
            return None


def edition_number(edition: str | None) -> int:
    from docgen.registry import edition_names

    return 0 if edition is None else edition_names().index(edition) + 1


def _segno():
    try:
        import segno
    except ImportError:
        raise DocgenError([Problem(None, "`scan: true` needs the segno package to print QR codes",
                                   hint='install docgen with its grading extra: pip install "docgen[grade]"')]) \
            from None
    return segno


def qr_svg_uri(text: str) -> str:
    """A QR code as an SVG data URL sized in millimetres (alphanumeric mode, error correction M)."""
    code = _segno().make(text, error="m", boost_error=False, micro=False)
    return code.svg_data_uri(scale=QR_MODULE_MM, unit="mm", border=QR_BORDER, omitsize=False)


def print_digest(html: str) -> str:
    """Four hex digits of the worksheet as printed (before its QR codes): a page from another build differs."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:4].upper()


def with_page_codes(html: str, job, row: int, pages: int) -> tuple[str, str]:  # noqa: ANN001
    """The worksheet HTML with a QR code on each of its first ``pages`` pages, and its digest.

    A QR code is a margin box's content (``@page :nth(N) { @top-left }``): it
    never moves the text, so the pages break where they would without it.
    """
    digest = print_digest(html)
    version = job.worksheet.version or "-"
    rules = []
    for page in range(1, pages + 1):
        code = PageCode(topic_id(job.slug), version, edition_number(job.edition), page, row, digest)
        rules.append(f'@page :nth({page}) {{ @top-left {{ content: url("{qr_svg_uri(code.text())}"); }} }}')
    return html.replace(_PLACEHOLDER, "<style>\n" + "\n".join(rules) + "\n</style>", 1), digest


def placeholder() -> str:
    """Where the page codes' stylesheet goes (worksheet.html prints it in the head when scanning)."""
    return _PLACEHOLDER


def _mm(value: float) -> float:
    return round(value * PX_MM, 2)


def read_page(page) -> dict:  # noqa: ANN001 - a WeasyPrint page
    """One laid-out page's corner marks (centres, TL TR BR BL), QR symbol square and boxes, in mm from
    its top left.

    A box is ``[question, row, box, x, y, width, height]``; ``row`` is the
    index of the question's scan row, or ``"p"`` for the points boxes.
    """
    marks, boxes, qr = [], [], None
    current = None
    for box in page._page_box.descendants():
        if type(box).__name__ == "MarginBox" and box.at_keyword == "@top-left":
            images = [child for child in box.descendants() if type(child).__name__ == "InlineReplacedBox"]
            if images:
                image = images[0]
                quiet = QR_BORDER * QR_MODULE_MM  # the symbol itself: what a QR detector finds the corners of
                qr = [round(_mm(image.border_box_x()) + quiet, 2), round(_mm(image.border_box_y()) + quiet, 2),
                      round(_mm(image.border_width()) - 2 * quiet, 2), round(_mm(image.border_height()) - 2 * quiet, 2)]
            continue
        element = box.element
        if element is None or type(box).__name__ == "TextBox":
            continue
        element_id = element.get("id", "")
        if element_id.startswith("q-") and element_id[2:].isdigit():
            current = int(element_id[2:])
        if "scan-mark" in element.get("class", "").split():
            marks.append((_mm(box.border_box_x() + box.border_width() / 2),
                          _mm(box.border_box_y() + box.border_height() / 2)))
        elif element.get("data-row") is not None and current is not None:
            row = element.get("data-row")
            boxes.append([current, row if row == "p" else int(row), int(element.get("data-box")),
                          _mm(box.border_box_x()), _mm(box.border_box_y()), _mm(box.border_width()),
                          _mm(box.border_height())])
    return {"marks": _corners(sorted(set(marks))), "qr": qr, "boxes": _unique(boxes)}


def _unique(boxes: list[list]) -> list[list]:
    """Each box once (a box element may be drawn by more than one layout box)."""
    seen, kept = set(), []
    for box in boxes:
        if tuple(box[:3]) not in seen:
            seen.add(tuple(box[:3]))
            kept.append(box)
    return kept


def _corners(points: list[tuple[float, float]]) -> list[list[float]]:
    """The four mark centres as top left, top right, bottom right, bottom left."""
    if len(points) != 4:
        return [list(point) for point in points]
    top = sorted(sorted(points, key=lambda p: p[1])[:2])
    bottom = sorted(sorted(points, key=lambda p: p[1])[2:])
    return [list(top[0]), list(top[1]), list(bottom[1]), list(bottom[0])]


def copy_map(document, job, row: int, digest: str, pdf: str, first_page: int) -> dict:  # noqa: ANN001
    """One printed copy (a version, or a student's part of a class pack) as `docgen grade` reads it."""
    size = document.pages[0]
    return {"version": job.worksheet.version, "edition": job.edition, "student": job.student, "row": row,
            "digest": digest, "pdf": pdf, "first_page": first_page,
            "page_mm": [_mm(size.width), _mm(size.height)],
            "pages": [read_page(page) for page in document.pages]}


def map_file(slug: str, copies: list[dict]) -> bytes:
    """The ``.scan.json`` beside a scannable PDF: every copy it holds, page by page."""
    data = {"format": MAP_FORMAT, "slug": slug, "topic": topic_id(slug), "copies": copies}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
