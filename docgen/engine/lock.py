"""One build of a project at a time: a lock file in the output folder."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from docgen.content.errors import DocgenError, Problem

LOCK = Path(".docgen") / "build.lock"


@contextmanager
def build_lock(output_dir: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's build lock; if another build holds it, say so and wait.

    An OS lock (flock) is released by the kernel when a build dies, so a
    crashed build never leaves the project locked.
    """
    path = output_dir / LOCK
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as error:
        raise DocgenError([Problem(output_dir, f"cannot write the output folder: {error.strerror}",
                                   hint="choose a folder you can write to (--out DIR, or `output:` "
                                        "in docgen.yaml), or free some disk space")]) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
