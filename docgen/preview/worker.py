"""One warm worker process: builds topics one at a time through the engine.

The first build of a process pays for importing WeasyPrint and python-docx
and for their first document (fonts, parsed stylesheets, the Word base
document): about a second. The preview keeps one process alive that has
paid it, so every save afterwards costs only the rendering itself.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docgen.content.errors import DocgenError, Problem
from docgen.engine.pool import Died, WorkerPool
from docgen.engine.report import changes, format_problems
from docgen.engine.runner import BuildRequest
from docgen.preview.state import BUILT, FAILED, TopicState

_rendered = False  # in the worker: has this process rendered a document yet?


def _heading(file: Path, root: Path) -> tuple[str, str]:
    from docgen.content.reader import read_topic
    from docgen.markdown import plain_text

    topic = read_topic(file, root).topic
    return plain_text(topic.title), plain_text(topic.subject or "")


def build_one(request: BuildRequest, file: Path) -> TopicState:
    """Build one topic under the project's build lock (runs in the worker)."""
    global _rendered
    from docgen.engine.lock import build_lock
    from docgen.engine.runner import build

    root = request.project.root
    try:
        with build_lock(request.output_dir):
            [result] = build(request, [file])
    except DocgenError as error:  # e.g. the output folder is not writable
        return TopicState(file.stem, file, status=FAILED, problems=format_problems(error.problems, root, False))
    if result.status == "failed":
        return TopicState(file.stem, file, status=FAILED,
                          problems=format_problems(result.problems, root, False))
    _rendered = _rendered or result.status == "built"
    title, subject = _heading(file, root)
    said = tuple(result.notes) + tuple(changes([result], [], root))  # a file set aside or removed too
    return TopicState(file.stem, file, title, subject, BUILT, notes=said,
                      written=tuple(str(path) for path in result.written))


def warm_up(request: BuildRequest, file: Path) -> None:
    """Render one topic into a scratch folder, unless this process already rendered one."""
    global _rendered
    if _rendered:
        return
    from dataclasses import replace

    from docgen.engine.runner import build_topic

    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as scratch:
        build_topic(replace(request, output_dir=Path(scratch)), file)
    _rendered = True


class WarmWorker:
    """A one-process pool, started again if its process dies, ended with the preview."""

    def __init__(self) -> None:
        self.pool = WorkerPool(1)

    def build(self, request: BuildRequest, file: Path) -> TopicState:
        """The topic's new state; a failure of the worker itself fails only this topic."""
        try:
            answer = self.pool.call(build_one, request, file)
        except Exception as error:  # a bug in docgen: say so on the page, keep previewing
            problem = Problem(file, f"internal error while previewing this topic: {type(error).__name__}: {error}",
                              hint="this is a bug in docgen; please report it with the content file")
        else:
            if not isinstance(answer, Died):
                return answer
            problem = Problem(file, f"the preview's build process {answer.reason()} while building this topic",
                              hint="save the file again to retry; if it happens again, run "
                                   "`docgen build` on it to see the error")
        return TopicState(file.stem, file, status=FAILED,
                          problems=format_problems([problem], request.project.root, False))

    def warm_up(self, request: BuildRequest, file: Path) -> None:
        self.pool.call(warm_up, request, file)  # a worker that died here is simply started again

    def interrupt(self) -> None:
        """The preview is stopping: end the build under way now (it writes nothing more)."""
        self.pool.interrupt()

    def close(self) -> None:
        self.pool.close()
