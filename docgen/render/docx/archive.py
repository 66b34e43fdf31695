"""Reproducible .docx bytes: the same topic builds into the same file, byte for byte.

python-docx stamps every zip member with the current time, so two builds
of an unchanged topic would differ and a build system would see a change.
"""

from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest date a zip can hold


def reproducible(package: bytes, when: datetime) -> bytes:
    """``package`` with every member dated ``when`` and given the same permissions."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    output = BytesIO()
    with ZipFile(BytesIO(package)) as source, ZipFile(output, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = ZipInfo(info.filename, date_time=stamp)
            member.compress_type = ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return output.getvalue()
