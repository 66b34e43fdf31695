"""Atomic writes: a file is either the old good one or the new complete one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.content.errors import DocgenError, Problem


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file of a topic, or (on failure) none of them.

    Each file goes to a temporary name beside its target, is flushed to disk,
    and only when all are ready are they renamed into place.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path]] = []
        try:
            for name, data in files.items():
                target = folder / name  # a name may hold a subfolder: "large-print/worksheet.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                staged.append((Path(temp), target))
        except BaseException:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        for temp, target in staged:
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        return [target for _, target in staged]
    except OSError as error:
        raise DocgenError([Problem(Path(error.filename) if error.filename else folder,
                                   f"cannot write the output: {error.strerror}",
                                   hint="check that the output folder is writable and the disk is not full")]) from None


def write_text(path: Path, text: str) -> None:
    write_files(path.parent, {path.name: text.encode("utf-8")})
