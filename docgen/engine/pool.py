"""Worker processes that die with their build, and whose death costs only their task.

concurrent.futures' pool cannot say which task a dead worker was running
(every pending task fails with BrokenProcessPool), cannot stop a running
task, and leaves its workers running when the build is killed. Here each
worker runs one task at a time over its own pipe, so:

- a worker that dies (the OOM killer, a crash in a C library, kill -9)
  fails only the task it was running, named with the signal that ended it,
  and a new worker takes its place for the rest;
- stopping the build (Ctrl-C, SIGTERM) ends every worker at once: SIGTERM,
  on which a worker removes the temporary files of a write under way and
  exits, then SIGKILL for one that does not stop within a second;
- a build that is killed takes its workers with it: each asks the kernel
  for SIGTERM when its parent dies (Linux), or watches for it (elsewhere).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator

from docgen.engine.write import discard_staged

STOP_SECONDS = 1.0  # how long a worker told to stop may take before it is killed


class Terminated(KeyboardInterrupt):
    """SIGTERM: stop like Ctrl-C (every worker ended, every file complete), then exit 143."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def stop_on_sigterm() -> None:
    """Make `kill PID` stop this process as Ctrl-C does, clean-up included (the default
    SIGTERM ends Python at once, leaving its workers running)."""
    signal.signal(signal.SIGTERM, _raise_terminated)


@dataclass(frozen=True)
class Died:
    """A task whose worker process ended before answering."""

    exitcode: int | None

    def reason(self) -> str:
        number = -self.exitcode if self.exitcode and self.exitcode < 0 else \
            self.exitcode - 128 if self.exitcode == 128 + signal.SIGTERM else None  # our SIGTERM exit
        if number:
            name = signal.Signals(number).name
            why = " (the system may have run out of memory)" if name == "SIGKILL" else ""
            return f"was killed ({name}){why}"
        return f"stopped unexpectedly (exit status {self.exitcode})"


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """Stop now, leaving no temporary file. (Not by raising SystemExit: raised where Python
    ignores exceptions, in a weakref callback or a __del__, it would only print a traceback.)"""
    discard_staged()
    os._exit(128 + signum)


def _die_with(parent: int) -> None:
    """End this worker when ``parent`` (the build) is gone, however it ended.

    On Linux the kernel sends SIGTERM when the process that started the worker
    ends; started by a forkserver (which ends right after the build), or on
    another system, a thread also watches for the build's end."""
    if sys.platform.startswith("linux"):
        import ctypes

        set_parent_death_signal = 1  # PR_SET_PDEATHSIG
        ctypes.CDLL(None).prctl(set_parent_death_signal, signal.SIGTERM)
        if os.getppid() == parent:
            return
    threading.Thread(target=_watch_parent, args=(parent,), name="docgen-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int) -> None:
    while _alive(parent):
        time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)


def _serve(connection: Connection, parent: int) -> None:
    """A worker: run each task it is sent, send back its result, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    _die_with(parent)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        function, arguments = task
        try:
            answer = function(*arguments)
        except Exception as error:  # the caller's to raise, as concurrent.futures does
            answer = error
        connection.send(answer)


@dataclass
class _Worker:
    process: Any
    connection: Connection
    task: int | None = None  # the index of the task it runs


class WorkerPool:
    """Up to ``jobs`` worker processes, started when needed and kept warm between tasks."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True,
                                       name="docgen-worker")
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def run(self, tasks: Iterable[tuple[Callable[..., Any], tuple]]) -> Iterator[tuple[int, Any]]:
        """Each task's index and result (or ``Died``), as each finishes; a task's exception is
        raised here. Leaving early (an exception, Ctrl-C) stops the tasks still running."""
        pending = deque(enumerate(tasks))
        try:
            while pending or self.busy:
                while pending and len(self.busy) < self.jobs:
                    index, task = pending.popleft()
                    self.busy.append(self._hand(index, task))
                ready = wait([w.connection for w in self.busy] + [w.process.sentinel for w in self.busy])
                for worker in [w for w in self.busy if w.connection in ready or w.process.sentinel in ready]:
                    self.busy.remove(worker)
                    answer = self._answer(worker)
                    if isinstance(answer, Exception):
                        raise answer
                    yield worker.task, answer
        finally:
            self.stop_running()

    def _hand(self, index: int, task: tuple) -> _Worker:
        """Give a task to an idle worker, or to a new one (an idle one may have died meanwhile)."""
        while self.idle:
            worker = self.idle.pop()
            try:
                worker.connection.send(task)
            except OSError:
                _end([worker.process])
                continue
            worker.task = index
            return worker
        worker = self._start()
        worker.connection.send(task)
        worker.task = index
        return worker

    def call(self, function: Callable[..., Any], *arguments: Any) -> Any:
        """One task, in a warm worker; its result or ``Died``."""
        [(_, answer)] = self.run([(function, arguments)])
        return answer

    def _answer(self, worker: _Worker) -> Any:
        try:
            if worker.connection.poll():
                answer = worker.connection.recv()
                self.idle.append(worker)
                return answer
        except (EOFError, OSError):
            pass
        worker.process.join()
        worker.connection.close()
        return Died(worker.process.exitcode)

    def interrupt(self) -> None:
        """From another thread: end the task under way now (``run`` then answers ``Died``)."""
        for worker in list(self.busy):
            worker.process.terminate()

    def stop_running(self) -> None:
        """End the workers running a task now (they write nothing more); idle ones stay warm."""
        _end([w.process for w in self.busy])
        for worker in self.busy:
            worker.connection.close()
        self.busy = []

    def close(self) -> None:
        """End every worker."""
        for worker in self.idle:
            try:
                worker.connection.send(None)
            except OSError:
                pass
        _end([w.process for w in self.idle], STOP_SECONDS)
        self.idle = []
        self.stop_running()


def _end(processes: list, patience: float = 0.0) -> None:
    """Stop these processes: let them leave within ``patience``, then SIGTERM, then SIGKILL."""
    deadline = time.monotonic() + patience
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
