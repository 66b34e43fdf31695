"""Reproducible .docx bytes: the same topic builds into the same file, byte for byte.

python-docx stamps every zip member with the current time, so two builds
of an unchanged topic would differ and a build system would see a change.
The package is written here once, every member dated the build's date,
in python-docx's own order and with its content types and relationships
(rewriting python-docx's zip afterwards compressed every part twice).
"""

from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx.document import Document
from docx.opc.pkgwriter import PackageWriter

_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest date a zip can hold


class _DatedZip:
    """What python-docx's package writer writes to (``write``, ``close``), every member
    dated ``stamp`` and given the same permissions."""

    def __init__(self, stream: BytesIO, when: datetime) -> None:
        self.zip = ZipFile(stream, "w", ZIP_DEFLATED)
        self.stamp = max(when, _ZIP_EPOCH).timetuple()[:6]

    def write(self, pack_uri, blob: bytes) -> None:
        member = ZipInfo(pack_uri.membername, date_time=self.stamp)
        member.compress_type = ZIP_DEFLATED
        member.external_attr = 0o644 << 16
        self.zip.writestr(member, blob)

    def close(self) -> None:
        self.zip.close()


def docx_bytes(document: Document, when: datetime) -> bytes:
    """``document`` as .docx bytes, every zip member dated ``when``."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    stream = BytesIO()
    writer = _DatedZip(stream, when)
    # PackageWriter.write, with the dated zip in place of python-docx's own.
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return stream.getvalue()
