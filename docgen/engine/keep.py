"""A file a teacher changed is never overwritten or deleted.

docgen knows what it wrote: the manifest holds the SHA-256 of every file,
and a journal holds those of the files a build is about to put in place (a
build killed half-way leaves docgen's own files, not "edited" ones). Before
a file is written or removed, its bytes on disk are compared with those: a
file that differs is a teacher's, and it is moved aside to
``NAME (edited).EXT`` (format-1.2.md) before the new one takes its name.
A file whose bytes are already the new ones is not written again, so its
time stamp and inode say truthfully that nothing changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Optional

from docgen.engine.stamps import STATE
from docgen.engine.write import write_text

JOURNALS = STATE / "writing"  # one file per folder being written: the hashes about to be docgen's
EDITED = " (edited)"

# A file name's hashes docgen wrote there; None: listed by an older docgen that kept no hashes (trusted).
Known = dict[str, Optional[list[str]]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def edited_name(path: Path) -> Path:
    """``worksheet-A (edited).docx``; ``(edited 2)`` and on when that name is taken."""
    stem, suffix = path.name.split(".", 1) if "." in path.name else (path.name, "")
    dot = "." if suffix else ""
    for count in range(1, 1000):
        mark = EDITED if count == 1 else f" (edited {count})"
        candidate = path.with_name(f"{stem}{mark}{dot}{suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)


def is_docgens(path: Path, hashes: list[str] | None) -> bool:
    """Whether the file on disk holds bytes docgen wrote there (a missing file counts)."""
    if hashes is None or not path.exists():
        return True
    return file_sha256(path) in hashes


def set_aside(path: Path) -> Path:
    """Move a teacher's version out of docgen's way, under a name that says so."""
    target = edited_name(path)
    os.rename(path, target)
    return target


def settle(folder: Path, files: dict[str, bytes], known: Known) -> tuple[dict[str, bytes], list[tuple[Path, Path]]]:
    """The files whose bytes differ from what is on disk (to be written), and the
    hand-edited files moved aside first, each as (its new name, the file written in its place)."""
    changed: dict[str, bytes] = {}
    kept: list[tuple[Path, Path]] = []
    for name, data in files.items():
        target = folder / name
        try:
            current = target.read_bytes()
        except OSError:  # missing (or not a file: writing it says why)
            changed[name] = data
            continue
        if current == data:
            continue
        hashes = known.get(name, [])
        if hashes is not None and sha256(current) not in hashes:
            kept.append((set_aside(target), target))
        changed[name] = data
    return changed, kept


def _journal_prefix(folder: str) -> str:
    return sha256(folder.encode("utf-8"))[:16]


def expect(output_dir: Path, folder: str, files: dict[str, bytes]) -> None:
    """Before files are put in place: note their hashes as docgen's (read back if the build dies).
    Each write has its own journal, so a finishing build never drops one a worker still needs."""
    if files:
        name = f"{_journal_prefix(folder)}-{os.getpid()}-{os.urandom(4).hex()}.json"
        write_text(output_dir / JOURNALS / name,
                   json.dumps({"folder": folder, "hashes": {name: sha256(data) for name, data in files.items()}}))


def journals(output_dir: Path) -> tuple[list[Path], dict[str, dict[str, str]]]:
    """What builds that did not finish were writing: the journals, and folder -> file name -> hash."""
    found: dict[str, dict[str, str]] = {}
    paths = sorted((output_dir / JOURNALS).glob("*.json"))
    for path in paths:
        try:
            data = json.loads(path.read_text("utf-8"))
            found.setdefault(str(data["folder"]), {}).update({str(k): str(v) for k, v in data["hashes"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return paths, found


def clear_journals(output_dir: Path, read: list[Path], folders: set[str]) -> None:
    """The manifest just saved records these: the journals read when it was loaded, and
    those of the folders it recorded (a worker still writing elsewhere keeps its own)."""
    for path in read:
        path.unlink(missing_ok=True)
    for folder in folders:
        for path in (output_dir / JOURNALS).glob(f"{_journal_prefix(folder)}-*.json"):
            path.unlink(missing_ok=True)

