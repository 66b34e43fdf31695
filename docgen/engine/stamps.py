"""File signatures (size and time stamp) and the engine's state folder.

Light on purpose: the no-op fast path uses it before anything else of
docgen is imported.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

STATE = Path(".docgen")  # in the output folder: the manifest, the no-op record, the lock
# A file changed again within this long of being looked at could keep its
# size and time stamp; such a file is hashed (or looked at) again next time.
RACY_NS = 2_000_000_000


def signature(path: Path | str) -> list[int] | None:
    """Size and modification time of a regular file; None when missing, not a file, or
    changed too recently to be told apart from a later change."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or time.time_ns() - status.st_mtime_ns < RACY_NS:
        return None
    return [status.st_size, status.st_mtime_ns]


def folder_stamp(path: Path | str) -> int | None:
    """A folder's time stamp (it changes when an entry is added or removed); None when
    missing or too recent to trust."""
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return None if time.time_ns() - stamp < RACY_NS else stamp
