"""`docgen watch`: rebuild what changed as soon as a file is saved."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterator

IGNORED_PARTS = {".git", ".venv", "__pycache__", ".docgen", "node_modules"}


def changes(root: Path, output_dir: Path, stop: threading.Event | None = None) -> Iterator[set[Path]]:
    """Each batch of files saved under ``root``, until ``stop`` is set (Ctrl-C
    raises KeyboardInterrupt, for the caller to end its work cleanly).

    Changes under the output folder (our own writes) and editor temp files are
    ignored, so a build never triggers itself.
    """
    from watchfiles import watch as watch_changes

    output_dir = output_dir.resolve()

    def relevant(_change, path: str) -> bool:
        file = Path(path)
        if file.name.startswith(".") or file.name.endswith(("~", ".swp", ".tmp")):
            return False
        if IGNORED_PARTS.intersection(file.parts):
            return False
        return not file.resolve().is_relative_to(output_dir)

    for batch in watch_changes(root, watch_filter=relevant, stop_event=stop, debounce=200, rust_timeout=500):
        yield {Path(path) for _, path in batch}


def watch(root: Path, output_dir: Path, rebuild: Callable[[], object],
          stop: threading.Event | None = None) -> None:
    """Build once, then again after every batch of saved changes, until stopped
    (by ``stop`` or Ctrl-C). A rebuild is incremental, so only the affected
    topics are built.
    """
    try:
        rebuild()
        for _ in changes(root, output_dir, stop):
            rebuild()
    except KeyboardInterrupt:  # Ctrl-C is how one stops watching; every file written is complete
        return
