"""`docgen watch`: rebuild what changed as soon as a file is saved."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

IGNORED_PARTS = {".git", ".venv", "__pycache__", ".docgen", "node_modules"}


def watch(root: Path, output_dir: Path, rebuild: Callable[[], object],
          stop: threading.Event | None = None) -> None:
    """Build once, then again after every batch of saved changes, until stopped
    (by ``stop`` or Ctrl-C).

    Changes under the output folder (our own writes) and editor temp files are
    ignored; a rebuild is incremental, so only the affected topics are built.
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

    try:
        rebuild()
        for _ in watch_changes(root, watch_filter=relevant, stop_event=stop, debounce=200,
                               rust_timeout=500):
            rebuild()
    except KeyboardInterrupt:  # Ctrl-C is how one stops watching; every file written is complete
        return
