"""Run the preview: serve, build everything once, then rebuild on every save.

Three threads: the main one watches files, a builder thread hands topics to
the warm worker one at a time (the one just saved first), and the server
answers the browser. Builds go through the engine (docgen.engine.runner),
so the preview rebuilds exactly what `docgen build` would, no more.
"""

from __future__ import annotations

import queue
import threading
import time
import webbrowser
from pathlib import Path
from typing import Callable

from docgen.content.errors import DocgenError
from docgen.engine.report import format_problems
from docgen.engine.runner import BuildRequest
from docgen.preview.server import PreviewServer
from docgen.preview.state import BUILDING, BUILT, PreviewState
from docgen.preview.worker import WarmWorker
from docgen.project import Project, load_project
from docgen.engine.pool import STOP_SECONDS
from docgen.watch import Inputs, changes

ListFiles = Callable[[Project], list[Path]]


class Builder(threading.Thread):
    """Takes batches of saved files and brings the affected topics up to date."""

    def __init__(self, root: Path, list_files: ListFiles, state: PreviewState, server: PreviewServer,
                 inputs: Inputs, debug: bool) -> None:
        super().__init__(name="docgen-preview-builder", daemon=True)
        self.root, self.list_files, self.state, self.server, self.debug = root, list_files, state, server, debug
        self.inputs = inputs
        self.saved: queue.Queue[set[Path] | None] = queue.Queue()
        self.stopping = threading.Event()
        self.worker = WarmWorker()

    def run(self) -> None:
        request = self.build_pass(set())
        built = [topic.file for topic in self.state.snapshot()[2] if topic.status == BUILT]
        if request is not None and built and not self.stopping.is_set():
            self.worker.warm_up(request, built[0])
        while (batch := self.saved.get()) is not None:
            while not self.saved.empty():  # saves that came in meanwhile: one pass for all
                more = self.saved.get()
                if more is None:
                    return
                batch |= more
            self.build_pass(batch)

    def build_pass(self, saved: set[Path]) -> BuildRequest | None:
        """Build every topic that is out of date; the saved content files first."""
        try:  # docgen.yaml, and so the output folder, may have changed
            project = load_project(self.root)
            files = self.list_files(project)
        except DocgenError as error:
            self.state.set_project_problems(format_problems(error.problems, self.root, False))
            return None
        self.state.set_project_problems("")
        self.server.configure(project)
        output_dir = project.output_dir.resolve()
        self.state.set_files(files, output_dir)
        saved = {path.resolve() for path in saved}
        first = [file for file in files if file.resolve() in saved]
        # A saved file that is no topic (an image, a template, docgen.yaml) may concern any topic.
        concerned = files if saved - {file.resolve() for file in files} else first
        self.state.mark([file.stem for file in concerned], BUILDING)
        request = BuildRequest(project, list(project.config.outputs), output_dir, debug=self.debug)
        for file in first + [file for file in files if file not in first]:
            if self.stopping.is_set():
                break
            built = self.worker.build(request, file)
            if not self.stopping.is_set():  # stopped half-way: not a failure to show
                self.state.record(built)
        self.inputs.refresh()  # a topic may name other pictures now, docgen.yaml other folders
        return request

    def stop(self) -> None:
        self.stopping.set()
        self.saved.put(None)


def serve_preview(root: Path, list_files: ListFiles, port: int, open_browser: bool, debug: bool = False,
                  paths: list[Path] = ()) -> None:
    """Serve until Ctrl-C or SIGTERM; raises DocgenError when the project or the port cannot be used.
    ``paths``: the content files or folders asked for (none: the content folder)."""
    project = load_project(root)
    files = list_files(project)
    state = PreviewState(project.output_dir.resolve())
    state.set_files(files, project.output_dir.resolve())
    server = PreviewServer(port, state, project)
    threading.Thread(target=server.serve_forever, name="docgen-preview-server", daemon=True).start()
    inputs = Inputs(root, project.output_dir, list(paths))
    builder = Builder(root, list_files, state, server, inputs, debug)
    builder.start()
    print(f"preview at {server.url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        webbrowser.open(server.url)
    try:
        for batch in changes(root, inputs):
            builder.saved.put(batch)
    except KeyboardInterrupt:
        pass  # Ctrl-C (or SIGTERM) is how one stops the preview
    finally:
        builder.stop()
        deadline = time.monotonic() + 2 * STOP_SECONDS
        while builder.is_alive() and time.monotonic() < deadline:
            builder.worker.interrupt()  # the topic under way stops now: its files are written or not
            builder.join(0.1)
        builder.worker.close()
        state.close()
        server.shutdown()
        server.server_close()
