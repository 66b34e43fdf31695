"""PDF pages as PNG images, for showing outputs side by side in any browser.

Rendered on request (only the pages a browser asks for) and cached by the
file's content, so a page that a save did not change is never rendered again.
PDFium is not thread-safe: one render at a time.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2

SCALE = 1.25  # 90 dpi: sharp in a column a third of a screen wide
MM_PER_POINT = 25.4 / 72

_lock = threading.Lock()
_images: OrderedDict[tuple, bytes] = OrderedDict()
_MAX_IMAGES = 256


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    width_pt: float  # of the first page
    height_pt: float

    @property
    def size_mm(self) -> tuple[int, int]:
        return round(self.width_pt * MM_PER_POINT), round(self.height_pt * MM_PER_POINT)

    @property
    def image_size(self) -> tuple[int, int]:
        """Pixels of a page image, so the page holds its place before the image arrives."""
        return round(self.width_pt * SCALE), round(self.height_pt * SCALE)


def stamp(path: Path) -> str:
    """The file's content digest: the cache key and the URL's version. A rebuild
    that wrote the same bytes (docgen's output is deterministic) keeps the URL,
    so the browser does not fetch that page again."""
    status = path.stat()
    return _digest(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=1024)
def _digest(path: Path, _mtime_ns: int, _size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def pdf_info(path: Path) -> PdfInfo:
    return _info(path, stamp(path))


@lru_cache(maxsize=256)
def _info(path: Path, _stamp: str) -> PdfInfo:
    with _lock:
        document = pypdfium2.PdfDocument(path)
        try:
            width, height = document[0].get_size() if len(document) else (0.0, 0.0)
            return PdfInfo(len(document), width, height)
        finally:
            document.close()


def page_png(path: Path, number: int) -> bytes | None:
    """Page ``number`` (1-based) as PNG, or None when the PDF has no such page."""
    key = (path, stamp(path), number)
    with _lock:
        if key in _images:
            _images.move_to_end(key)
            return _images[key]
        document = pypdfium2.PdfDocument(path)
        try:
            if not 1 <= number <= len(document):
                return None
            image = document[number - 1].render(scale=SCALE).to_pil()
        finally:
            document.close()
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=1)  # speed over size: it never leaves the machine
        _images[key] = buffer.getvalue()
        while len(_images) > _MAX_IMAGES:
            _images.popitem(last=False)
        return _images[key]
