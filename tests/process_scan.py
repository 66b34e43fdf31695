"""The processes of a test's docgen run, found in /proc by session (no psutil needed).

A run started with ``start_new_session=True`` leads its own session: every
process it starts (workers, the forkserver, multiprocessing's resource
tracker) stays in that session unless it leaves it on purpose, even when
it is orphaned and adopted by init.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()  # after the command name, which may hold spaces


def alive_in_session(session: int) -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process of the session."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and fields[0] != "Z" and int(fields[3]) == session:
                found[int(entry)] = int(fields[1])
    return found


def survivors(session: int, seconds: float) -> dict[int, str]:
    """The session's processes still alive after ``seconds`` (polling: returns as soon as none is)."""
    deadline = time.monotonic() + seconds
    while True:
        alive = alive_in_session(session)
        if not alive or time.monotonic() > deadline:
            return {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    for pid in alive if Path(f"/proc/{pid}/cmdline").exists()}
        time.sleep(0.05)


def workers(session: int, main: int) -> list[int]:
    """Processes of the session two levels below ``main``: the forkserver's children."""
    alive = alive_in_session(session)
    children = {pid for pid, parent in alive.items() if parent == main}
    return sorted(pid for pid, parent in alive.items() if parent in children)


def kill_all(session: int) -> None:
    """Clean up after a failed test: nothing of it may outlive it."""
    for pid in alive_in_session(session):
        try:
            os.kill(pid, 9)
        except OSError:
            pass
