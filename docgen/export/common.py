"""What the exports share: plain one-line text, stable ids, reproducible zips."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from docgen.markdown import plain_text


def one_line(markdown: str | None) -> str:
    """The words of inline Markdown on one line: tabs and line breaks become spaces.

    Line-based formats (a TSV card a line) would otherwise split a card.
    """
    # Not the no-break spaces: "Pourquoi\u202f?" must not break, or lose its French spacing.
    return re.sub(r"[^\S\u00a0\u202f]+", " ", plain_text(markdown)).strip()


def stable_number(*parts: str, bits: int = 63) -> int:
    """A positive number from text, the same on every machine and every run (ids)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (1 << bits - 1) + (1 << bits - 1)


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed entry dates: the same content makes the same bytes


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` in the given order, compressed, with no date or machine in it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
