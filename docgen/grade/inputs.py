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
    """Every page of every file, in the order given; an unreadable file is an error before anything runs."""
    scans: list[Scan] = []
    for path in paths:
        scans.extend(_read(path))
    return scans


def _read(path: Path) -> list[Scan]:
    if not path.is_file():
        raise DocgenError([Problem(path, "no such file", hint="give the scanned PDFs or images to grade")])
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf(path)
    if suffix in IMAGE_SUFFIXES:
        ok, pages = cv2.imreadmulti(str(path), flags=cv2.IMREAD_GRAYSCALE)
        if not ok or not pages:
            single = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            pages = [single] if single is not None else []
        if not pages:
            raise DocgenError([Problem(path, "cannot read this image", hint="scan to PDF, JPEG, PNG or TIFF")])
        return [Scan(path.name, index, page) for index, page in enumerate(pages)]
    raise DocgenError([Problem(path, f'"{path.suffix}" is not a scan docgen reads',
                               hint="give PDFs or images (JPEG, PNG, TIFF)")])


def _pdf(path: Path) -> list[Scan]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise DocgenError([Problem(path, f"cannot read this PDF ({error})",
                                   hint="scan again, or export the scans as images")]) from None
    scans = []
    for index in range(len(document)):
        bitmap = document[index].render(scale=SCAN_DPI / 72, grayscale=True)
        scans.append(Scan(path.name, index, np.array(bitmap.to_pil().convert("L"))))
    document.close()
    return scans
