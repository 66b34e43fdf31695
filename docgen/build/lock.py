"""One build of a project at a time: a lock file in the output folder."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

LOCK = Path(".docgen") / "build.lock"


@contextmanager
def build_lock(output_dir: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's build lock; if another build holds it, say so and wait.

    An OS lock (flock) is released by the kernel when a build dies, so a
    crashed build never leaves the project locked.
    """
    path = output_dir / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
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
