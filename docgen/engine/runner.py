"""Build topics: validate, render each output, write atomically.

Each topic is one task. With more than one job the tasks run in worker
processes; the parent never imports WeasyPrint or python-docx, so every
worker imports them once and reuses its caches for every topic it renders.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from docgen.engine.plan import Manifest, shared_inputs
from docgen.timing import take
from docgen.engine.write import write_files
from docgen.content.errors import DocgenError, Problem
from docgen.content.reader import read_topic
from docgen.markdown import quotes
from docgen.project import Project
from docgen.roster import Roster
from docgen.render import RenderJob, render_outputs


@dataclass
class TopicResult:
    slug: str
    file: Path
    status: str  # "built", "up to date", "failed"
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # a built topic's are warnings
    seconds: float = 0.0
    inputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds (and counts) by library


@dataclass(frozen=True)
class BuildRequest:
    project: Project
    outputs: list[str]
    output_dir: Path
    debug: bool = False
    time_limit: float = 120.0  # seconds per topic; a pathological topic fails, the build goes on
    roster: Roster | None = None  # `--roster`: also write each topic's class pack

    @property
    def topic_time_limit(self) -> float:
        """The limit grows with the work asked: each edition is a full set again, each student a layout."""
        students = len(self.roster.students) if self.roster else 0
        return self.time_limit * (1 + len(self.project.config.editions)) + SECONDS_PER_STUDENT * students


SECONDS_PER_STUDENT = 10.0  # a class pack's worksheet, with room for a slow machine


class TopicTimeout(Exception):
    """Raised inside a topic's build when it runs past the time limit."""


def _on_alarm(signum, frame):
    raise TopicTimeout


def _with_time_limit(seconds: float, work: Callable[[], None]) -> None:
    """Run ``work`` under a wall-clock limit (SIGALRM; main thread only, else unlimited)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        work()
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build_topic(request: BuildRequest, file: Path) -> TopicResult:
    """Everything for one topic; never raises, failures become problems."""
    started = time.perf_counter()
    result = TopicResult(file.stem, file, "failed")
    try:
        topic_file = read_topic(file, request.project.root)
        result.inputs = [file] + [(file.parent / s.image).resolve()
                                  for s in topic_file.topic.sections if s.image]
        job = RenderJob(topic_file, request.project)
        files: dict[str, bytes] = {}

        def render_all() -> None:
            from docgen.render.glyphs import check_glyphs

            check_glyphs(job)  # before any output: a character no font has fails the topic
            with quotes(job.labels.quotes):
                if request.roster is not None:  # first: a roster that does not fit the topic fails fast
                    from docgen.render.classpack import class_pack

                    files.update(class_pack(job, request.roster))
                files.update(render_outputs(job, request.outputs))

        _with_time_limit(request.topic_time_limit, render_all)
        result.written = write_files(request.output_dir / topic_file.slug, files)
        result.notes = [note for note in [job.labels.fallback_note] if note] + job.notes
        result.problems = list(topic_file.warnings)
        result.status = "built"
    except DocgenError as error:
        result.problems = error.problems
    except TopicTimeout:
        result.problems = [Problem(file, f"building this topic took longer than {request.topic_time_limit:g} s "
                                         "and was stopped",
                                   hint="shorten very long texts or tables, or split the topic in two")]
    except Exception as error:  # a bug in docgen: say so plainly, keep building the rest
        detail = traceback.format_exc() if request.debug else f"{type(error).__name__}: {error}"
        result.problems = [Problem(file, f"internal error while building this topic: {detail}",
                                   hint="this is a bug in docgen; please report it with the content file")]
    result.seconds = time.perf_counter() - started
    result.timings = take()
    return result


def build(request: BuildRequest, files: Iterable[Path], jobs: int = 1, force: bool = False,
          on_result: Callable[[TopicResult], None] = lambda result: None) -> list[TopicResult]:
    """Build every file that is out of date; report each result as it arrives."""
    manifest = Manifest(request.output_dir)
    shared = shared_inputs(request.project, request.outputs)
    if request.roster is not None:
        shared["roster"] = request.roster.digest
    results: list[TopicResult] = []
    todo: list[Path] = []
    for file in files:
        if not force and manifest.up_to_date(file.stem, file.resolve(), shared, request.output_dir):
            result = TopicResult(file.stem, file, "up to date")
            results.append(result)
            on_result(result)
        else:
            todo.append(file)
    for result in _run(request, todo, jobs):
        results.append(result)
        if result.status == "built":
            manifest.record(result.slug, result.file.resolve(), shared, result.inputs,
                            [path.relative_to(request.output_dir / result.slug).as_posix()
                             for path in result.written])
        else:
            manifest.forget(result.slug)
        on_result(result)
    if todo:
        manifest.save()
    return results


def _worker_ignores_ctrl_c() -> None:
    """Ctrl-C is the parent's to handle: it stops handing out topics and lets the
    running ones finish, so workers never die half-way with a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(request: BuildRequest, files: list[Path], jobs: int) -> Iterable[TopicResult]:
    if jobs <= 1 or len(files) <= 1:
        for file in files:
            yield build_topic(request, file)
        return
    context = multiprocessing.get_context("forkserver" if "forkserver" in
                                          multiprocessing.get_all_start_methods() else "spawn")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=context,
                               initializer=_worker_ignores_ctrl_c)
    try:
        futures = {pool.submit(build_topic, request, file) for file in files}
        for future in as_completed(futures):
            yield future.result()
    finally:
        # On Ctrl-C, topics not started are dropped; running ones finish their
        # atomic writes (or write nothing), so no file is ever half-written.
        pool.shutdown(wait=True, cancel_futures=True)
