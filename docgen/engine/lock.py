"""One build of a project at a time: a lock file in the output folder."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from docgen.content.errors import DocgenError, Problem
from docgen.engine.stamps import STATE
from docgen.engine.write import inside

LOCK = STATE / "build.lock"


def _open(output_dir: Path) -> int:
    """The lock file, never through a link: a project received with `build.lock` linked to
    another file must not have that file emptied (O_NOFOLLOW also refuses one made meanwhile)."""
    path = output_dir / LOCK
    inside(output_dir, path.parent)  # `.docgen` itself may not lead out of the output folder
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():  # never docgen's: the link goes, whatever it leads to stays untouched
        path.unlink()
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)


@contextmanager
def build_lock(output_dir: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's build lock; if another build holds it, say so and wait.

    An OS lock (flock) is released by the kernel when a build dies, so a
    crashed build never leaves the project locked. The lock file holds the
    pid of the build holding it, for its workers to check (``held_by``).
    """
    try:
        handle = _open(output_dir)
    except OSError as error:
        raise DocgenError([Problem(output_dir, f"cannot write the output folder: {error.strerror}",
                                   hint="choose a folder you can write to (--out DIR, or `output:` "
                                        "in docgen.yaml), or free some disk space")]) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def held_by(output_dir: Path, pid: int) -> bool:
    """Whether the build with this pid still holds the lock: a worker asks before it writes, so
    that a topic finished after its build was stopped never lands over a later build's files."""
    try:
        handle = os.open(output_dir / LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if os.pread(handle, 32, 0).strip() != str(pid).encode():
            return False
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True  # held (by the build of that pid: it wrote it once it had the lock)
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False  # nobody holds it: that build is gone
    finally:
        os.close(handle)
