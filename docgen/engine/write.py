"""Atomic writes inside the output folder: a file is either the old good one or the new complete one."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from docgen.content.errors import DocgenError, Problem

TEMP_SUFFIX = ".tmp"  # a file being written is ".NAME.XXXXXXXX.tmp" beside its target
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
_staged: set[Path] = set()  # this process's temporary files not yet renamed into place


def inside(root: Path, path: Path) -> Path:
    """``path`` with every link and ``..`` resolved, checked to lie strictly inside ``root``.

    Whatever a manifest, a slug or an output's file name says, docgen writes
    and deletes only there: a link in the output folder that leads out of
    it is refused, never followed.
    """
    base, resolved = root.resolve(), path.resolve()
    if resolved == base or not resolved.is_relative_to(base):
        raise DocgenError([Problem(path, f"refusing to write outside the output folder {base} "
                                         f"(this path leads to {resolved})",
                                   hint="remove the link or the odd name that leads out of the output folder; "
                                        "docgen writes only inside it")])
    return resolved


def write_files(folder: Path, files: dict[str, bytes], root: Path | None = None) -> list[Path]:
    """Write every file of a topic, or (on failure) none of them; each must lie in ``root``
    (default: ``folder``).

    Each file goes to a temporary name beside its target, is flushed to disk,
    and only when all are ready are they renamed into place.
    """
    for name in files:  # a name may hold a subfolder: an edition's "<edition>/worksheet.pdf"
        inside(root or folder, folder / name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path]] = []
        try:
            for name, data in files.items():
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
                staged.append((Path(temp), target))
                _staged.add(Path(temp))
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
        except BaseException:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
                _staged.discard(temp)
            raise
        for temp, target in staged:
            os.chmod(temp, 0o644)
            os.replace(temp, target)
            _staged.discard(temp)
        return [target for _, target in staged]
    except OSError as error:
        raise DocgenError([Problem(Path(error.filename) if error.filename else folder,
                                   f"cannot write the output: {error.strerror}",
                                   hint="check that the output folder is writable and the disk is not full")]) from None


def write_text(path: Path, text: str, root: Path | None = None) -> None:
    write_files(path.parent, {path.name: text.encode("utf-8")}, root)


def discard_staged() -> None:
    """This process is being stopped: remove the temporary files of a write under way."""
    for temp in list(_staged):
        temp.unlink(missing_ok=True)


def sweep_temporary_files(output_dir: Path) -> None:
    """Remove what a build killed half-way through a write left (SIGKILL runs no clean-up).

    Only names write_files makes, and never through a link out of the folder."""
    for parent, _, names in os.walk(output_dir):
        for name in names:
            if _TEMPORARY.fullmatch(name):
                Path(parent, name).unlink(missing_ok=True)
