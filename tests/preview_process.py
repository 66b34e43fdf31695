"""`docgen preview` run as a user runs it: a separate process, on any free port."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


class Preview:
    def __init__(self, process: subprocess.Popen, url: str) -> None:
        self.process, self.url = process, url
        self.output = ""  # what it printed, once stopped

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.read()

    def state(self) -> dict:
        return json.loads(self.get("/state.json"))

    def wait_for(self, test: Callable[[dict], bool], timeout: float = 60) -> dict:
        """Poll /state.json until ``test`` holds; fail with what the preview printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if test(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"timed out; last state: {state}")

    def settled(self, timeout: float = 60) -> dict:
        return self.wait_for(lambda state: all(t["status"] != "building" for t in state["topics"]), timeout)


@contextmanager
def running_preview(project: Path) -> Iterator[Preview]:
    process = subprocess.Popen([sys.executable, "-m", "docgen", "preview", "--no-browser", "--port", "0"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("preview at http://127.0.0.1:"), line + process.stdout.read()
        preview = Preview(process, line.split()[2])
        yield preview
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C: the way a user stops it
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if "preview" in locals():
            preview.output = output
