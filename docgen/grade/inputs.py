"""Scans in: PDFs (every page rasterised) and images (JPEG, PNG, TIFF, a phone photo) as grey pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from docgen.content.errors import DocgenError, Problem

SCAN_DPI = 200  # PDFs are rasterised at this resolution
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")


@dataclass
class Scan:
    """One scanned page: where it came from (file, page in it) and its grey pixels."""

    source: str
    index: int  # 0-based page in its file
    image: np.ndarray  # uint8, one channel

    @property
    def name(self) -> str:
        return f"{self.source} p.{self.index + 1}"


def read_scans(paths: list[Path]) -> list[Scan]:
    """Every page of every file, in the order given."""
    return [scan for path, index in units(paths) for scan in load(path, index)]


def units(paths: list[Path]) -> list[tuple[Path, int | None]]:
    """What can be read apart (a PDF's page; an image file, every frame of a TIFF), in order.

    An unreadable or unknown file is an error before anything is read.
    """
    found: list[tuple[Path, int | None]] = []
    for path in paths:
        if not path.is_file():
            raise DocgenError([Problem(path, "no such file", hint="give the scanned PDFs or images to grade")])
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            found += [(path, index) for index in range(_page_count(path))]
        elif suffix in IMAGE_SUFFIXES:
            found.append((path, None))
        else:
            raise DocgenError([Problem(path, f'"{path.suffix}" is not a scan docgen reads',
                                       hint="give PDFs or images (JPEG, PNG, TIFF)")])
    return found


def load(path: Path, index: int | None) -> list[Scan]:
    """One unit's grey pages: a PDF page rasterised at SCAN_DPI, or every frame of an image."""
    if index is not None:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        bitmap = document[index].render(scale=SCAN_DPI / 72, grayscale=True)
        scan = Scan(path.name, index, np.array(bitmap.to_pil().convert("L")))
        document.close()
        return [scan]
    ok, pages = cv2.imreadmulti(str(path), flags=cv2.IMREAD_GRAYSCALE)
    if not ok or not pages:
        single = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        pages = [single] if single is not None else []
    if not pages:
        raise DocgenError([Problem(path, "cannot read this image", hint="scan to PDF, JPEG, PNG or TIFF")])
    return [Scan(path.name, frame, page) for frame, page in enumerate(pages)]


def _page_count(path: Path) -> int:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise DocgenError([Problem(path, f"cannot read this PDF ({error})",
                                   hint="scan again, or export the scans as images")]) from None
    count = len(document)
    document.close()
    return count
