"""Build topics: validate, render each output, write atomically.

Each topic is one task. With more than one job the tasks run in worker
processes; the parent never imports WeasyPrint or python-docx, so every
worker imports them once and reuses its caches for every topic it renders.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from docgen.engine.keep import Known, expect, settle, sha256
from docgen.engine.lock import held_by
from docgen.engine.plan import (CLASS_PACK, PROJECT, Manifest, Planner, Removal, TopicPlan, forget_outputs,
                                record)
from docgen.engine.pool import Died, WorkerPool
from docgen.timing import take
from docgen.engine.write import sweep_temporary_files, write_files
from docgen.content.errors import DocgenError, Problem, display_path
from docgen.content.reader import read_topic
from docgen.markdown import typography
from docgen.project import Project
from docgen.render.job import RenderJob, render_output
from docgen.registry import get_output
from docgen.roster import Roster


@dataclass
class TopicResult:
    slug: str
    file: Path
    status: str  # "built", "up to date", "failed" (some outputs may still have been written)
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # a built topic's are warnings
    seconds: float = 0.0
    built: dict[str, list[str]] = field(default_factory=dict)  # output -> the file names it wrote
    failed: list[str] = field(default_factory=list)  # outputs that failed
    output_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds (and counts) by library
    hashes: dict[str, str] = field(default_factory=dict)  # every file made (written or already there)
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (teacher's copy, the new file)
    removed: list[Removal] = field(default_factory=list)
    project: bool = False  # a project-level output (the booklet), not a topic


class BuildResults(list):
    """Each topic's and project output's result, and the files removed for topics or outputs gone."""

    removed: list[Removal]


@dataclass(frozen=True)
class BuildRequest:
    project: Project
    outputs: list[str]
    output_dir: Path
    debug: bool = False
    time_limit: float = 120.0  # seconds per topic; a pathological topic fails, the build goes on
    roster: Roster | None = None  # `--roster`: also write each topic's class pack
    owner: int | None = None  # the pid of the build holding the lock: no write once it has lost it
    booklet: tuple[Path, ...] = ()  # `booklet: true`: the content files it is made of, in order

    @property
    def topic_time_limit(self) -> float:
        """The limit grows with the work asked: each edition is a full set again, each student a layout."""
        students = len(self.roster.students) if self.roster else 0
        return self.time_limit * (1 + len(self.project.config.editions)) + SECONDS_PER_STUDENT * students

    @property
    def planned_outputs(self) -> list[str]:
        """The outputs asked for, after the class pack when there is a roster (first: a
        roster that does not fit the topic fails fast)."""
        return [CLASS_PACK, *self.outputs] if self.roster is not None else list(self.outputs)


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


def _internal_error(file: Path, error: Exception, debug: bool, what: str = "this topic") -> Problem:
    detail = traceback.format_exc() if debug else f"{type(error).__name__}: {error}"
    return Problem(file, f"internal error while building {what}: {detail}",
                   hint="this is a bug in docgen; please report it with the content file")


def write_made(request: BuildRequest, slug: str, files: dict[str, bytes], known: Known,
               result: TopicResult) -> None:
    """Write the files whose bytes changed, after moving aside any a teacher edited."""
    folder = request.output_dir / slug if slug else request.output_dir
    result.hashes = {name: sha256(data) for name, data in files.items()}
    if files:
        _check_still_building(request, result.file)
    try:
        changed, result.kept = settle(folder, files, known)
        expect(request.output_dir, slug, changed)
    except OSError as error:
        raise DocgenError([Problem(Path(error.filename or folder), f"cannot write the output: {error.strerror}",
                                   hint="check that the output folder is writable")]) from None
    if changed:
        result.written = write_files(folder, changed, request.output_dir)


def build_project_output(request: BuildRequest, plan: TopicPlan) -> TopicResult:
    """The booklet: every handout of the project in one book; never raises."""
    from docgen.render.outputs.booklet import BOOKLET

    started = time.perf_counter()
    result = TopicResult(PROJECT, request.output_dir / BOOKLET, "failed", project=True)
    try:
        made = get_output("booklet").render(request.project, list(plan.files))
        write_made(request, PROJECT, made, plan.known, result)
        result.built, result.status = {"booklet": list(made)}, "built"
    except DocgenError as error:
        result.problems, result.failed = error.problems, ["booklet"]
    except Exception as error:  # a bug in docgen: say so plainly
        result.problems, result.failed = [_internal_error(result.file, error, request.debug, "the booklet")], \
            ["booklet"]
    result.seconds = result.output_seconds["booklet"] = time.perf_counter() - started
    return result


def build_topic(request: BuildRequest, file: Path, outputs: list[str] | None = None,
                known: Known | None = None) -> TopicResult:
    """The given outputs of one topic (default: all asked for); never raises.

    One output's failure costs only that output: the others are still
    written, all together, atomically.
    """
    started = time.perf_counter()
    result = TopicResult(file.stem, file, "failed")
    outputs = request.planned_outputs if outputs is None else outputs
    try:
        topic_file = read_topic(file, request.project.root)
    except DocgenError as error:
        result.problems, result.failed = error.problems, list(outputs)
    except Exception as error:  # a bug in docgen: say so plainly, keep building the rest
        result.problems, result.failed = [_internal_error(file, error, request.debug)], list(outputs)
    else:
        job = RenderJob(topic_file, request.project, roster=request.roster)
        result.problems = list(topic_file.warnings)
        files: dict[str, bytes] = {}
        pending = list(outputs)

        def render_all() -> None:
            from docgen.render.glyphs import check_glyphs

            check_glyphs(job)  # before any output: a character no font has fails the topic
            missing = job.label_problems(pending)  # and so does a word with no text in its language
            if missing:
                raise DocgenError(missing)
            with typography(job.labels.typography):
                render_outputs()

        def render_outputs() -> None:
            while pending:
                name = pending[0]
                begun = time.perf_counter()
                try:
                    made = render_output(job, name)
                    files.update(made)
                    result.built[name] = list(made)
                except DocgenError as error:
                    result.problems += error.problems
                    result.failed.append(name)
                    if name == CLASS_PACK:  # a roster that does not fit the topic: build none of it
                        result.failed += pending[1:]
                        del pending[1:]
                except TopicTimeout:
                    raise
                except Exception as error:
                    result.problems.append(_internal_error(file, error, request.debug, f"the {name}"))
                    result.failed.append(name)
                result.output_seconds[name] = time.perf_counter() - begun
                pending.pop(0)

        try:
            _with_time_limit(request.topic_time_limit, render_all)
        except TopicTimeout:
            result.problems.append(Problem(
                file, f"building this topic took longer than {request.topic_time_limit:g} s "
                      f"and was stopped (at the {pending[0]})",
                hint="shorten very long texts or tables, or split the topic in two"))
            result.failed += pending
        except DocgenError as error:  # the topic as a whole, before any output
            result.problems += error.problems
            result.failed += pending
        except Exception as error:
            result.problems.append(_internal_error(file, error, request.debug))
            result.failed += pending
        try:
            write_made(request, topic_file.slug, files, known or {}, result)
        except DocgenError as error:
            result.problems += error.problems
            result.failed += list(result.built)
            result.built = {}
        result.notes = [note for note in [job.labels.fallback_note] if note] + job.notes
        result.status = "failed" if result.failed else "built"
    result.seconds = time.perf_counter() - started
    result.timings = take()
    return result


def _check_still_building(request: BuildRequest, file: Path) -> None:
    """A topic finished after its build was stopped (its worker outlived it) writes nothing: a
    later build may already have written newer files."""
    if request.owner is not None and not held_by(request.output_dir, request.owner):
        raise DocgenError([Problem(file, "not written: the build that started this topic was stopped",
                                   hint="build again to bring it up to date")])


def build(request: BuildRequest, files: Iterable[Path], jobs: int = 1, force: bool = False,
          on_result: Callable[[TopicResult], None] = lambda result: None,
          every_topic: bool = False, every_output: bool = False) -> BuildResults:
    """Build each output that is out of date, longest topics first; report each result
    as it arrives. ``every_topic``/``every_output``: this build covers the whole
    project, so what docgen wrote for topics or outputs no longer there is removed.
    The caller holds the build lock (or no one does, e.g. in a scratch folder)."""
    if held_by(request.output_dir, os.getpid()):
        request = replace(request, owner=os.getpid())
    sweep_temporary_files(request.output_dir)  # a build killed half-way through a write left them
    manifest = Manifest(request.output_dir)
    if manifest.discarded:
        print(f"{display_path(manifest.path, request.project.root)}: ignored, {manifest.discarded}; "
              "every output is built again and nothing it lists is removed", file=sys.stderr, flush=True)
    planner = Planner(request.project, manifest, request.planned_outputs, request.roster,
                      booklet=bool(request.booklet))
    results = BuildResults()
    results.removed = []
    todo: list[TopicPlan] = []
    plans: dict[str, TopicPlan] = {}
    for file in files:
        plan = plans[file.stem] = planner.plan(file, force)
        if plan.stale:
            todo.append(plan)
        else:
            result = TopicResult(plan.slug, file, "up to date")
            results.append(result)
            on_result(result)
    todo.sort(key=lambda plan: manifest.seconds(plan.slug, plan.stale), reverse=True)
    if request.booklet:  # its topics' keys: the ones just planned, the others planned for it alone
        booklet = planner.plan_booklet([plans.get(file.stem) or planner.plan(file, False)
                                        for file in request.booklet], force)
        if booklet.stale:
            todo.append(booklet)
    running = {plan.slug: plan for plan in todo}
    try:
        for result in _run(request, todo, jobs):
            record(manifest, running[result.slug], result)
            results.append(result)
            on_result(result)
        results.removed = forget_outputs(
            manifest, {plan.slug for plan in plans.values()} if every_topic else None,
            {*request.outputs, CLASS_PACK} if every_output else None,  # a class pack stays until its topic goes
            ({"booklet"} if request.booklet else set()) if every_topic else None)
    finally:
        manifest.save()
    return results


def _task(plan: TopicPlan) -> Callable[..., TopicResult]:
    return build_project_output if plan.slug == PROJECT else build_topic


def _arguments(request: BuildRequest, plan: TopicPlan) -> tuple:
    return (request, plan) if plan.slug == PROJECT else (request, plan.file, plan.stale, plan.known)


def _run(request: BuildRequest, plans: list[TopicPlan], jobs: int) -> Iterable[TopicResult]:
    if jobs <= 1 or len(plans) <= 1:
        for plan in plans:
            yield _task(plan)(*_arguments(request, plan))
        return
    # On Ctrl-C or SIGTERM the running topics are stopped at once: each either finished its
    # atomic writes or wrote nothing, and the next build makes what they did not.
    pool = WorkerPool(min(jobs, len(plans)))
    try:
        for index, outcome in pool.run((_task(plan), _arguments(request, plan)) for plan in plans):
            yield _died(plans[index], outcome) if isinstance(outcome, Died) else outcome
    finally:
        pool.close()
        sweep_temporary_files(request.output_dir)  # of a worker that had to be killed mid-write


def _died(plan: TopicPlan, death: Died) -> TopicResult:
    """A topic whose worker died: failed, with the reason; the others go on."""
    problem = Problem(plan.file, f"the process building this topic {death.reason()}",
                      hint="build it again; if it happens each time, build it alone "
                           "(docgen build FILE --jobs 1) to see where, and report it")
    return TopicResult(plan.slug, plan.file, "failed", problems=[problem], failed=list(plan.stale))
