"""``docgen import``: question banks from other tools as topic files.

One module per input format, each registered in its ``setup(app)``;
formats are tried in the order docgen.registry lists them (containers
first: a .docx and an .xlsx are zips too) and told apart by what the file
holds (a zip's members, an XML root, a CSV header, Aiken's ``ANSWER:``
lines), never by its name alone. Each
format reads its file into the content model's own data
(``docgen.importers.bank``); ``docgen.importers.writer`` turns that into
topic files.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from docgen.importers.bank import Malformed, Read

MAX_INPUT_BYTES = 200 * 1024 * 1024  # a bank bigger than this is not a question bank


@dataclass(frozen=True)
class Importer:
    """One input format: its name, how to recognise its content, how to read it."""

    name: str  # as reports say it: "GIFT", "Moodle XML"
    detect: Callable[[bytes, Path], bool]  # (the file's bytes, its path)
    read: Callable[[bytes, Path], Read]


def importers() -> list[Importer]:
    """Every input format, in the order they are tried (docgen.registry)."""
    from docgen.registry import registry

    return registry().importers


def zip_names(data: bytes) -> list[str]:
    """The members of a zip (a .docx, an .xlsx, a QTI package), or none when ``data`` is no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except zipfile.BadZipFile:
        return []


def read_input(path: Path) -> Read:
    """The questions of one input file, in whichever format it is; Malformed when none fits."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise Malformed(None, "is larger than 200 MB", "split the bank into smaller files")
        data = path.read_bytes()
    except OSError as error:
        raise Malformed(None, f"cannot be read: {error.strerror}", "check the file name and that it is readable") \
            from None
    for importer in importers():
        if importer.detect(data, path):
            return importer.read(data, path)
    names = ", ".join(importer.name for importer in importers())
    raise Malformed(None, "is in no format docgen can import",
                    f"docgen imports {names}; see `docgen help importing`")


__all__ = ["Importer", "Malformed", "Read", "importers", "read_input", "zip_names"]
