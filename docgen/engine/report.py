"""What a build prints: a progress bar on a terminal, plain lines otherwise.

Problems always go to stderr as plain lines (`file:line:col: key: message`
and an indented hint), coloured only on a terminal, so that editors and CI
logs can read them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from docgen.content.errors import Problem
    from docgen.engine.runner import TopicResult

QUIET, NORMAL, VERBOSE = 0, 1, 2


def _color(text: str, code: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


def format_problems(problems: list[Problem], root: Path, color: bool) -> str:
    lines = []
    for problem in problems:
        head, _, hint = problem.format(relative_to=root).partition("\n")
        location = problem.location(root)
        if location and head.startswith(location):
            head = _color(location, "1", color) + head[len(location):]
        lines.append(head)
        if hint:
            lines.append(_color(hint, "2", color))
    return "\n".join(lines)


def summary_line(done: int, unchanged: int, failed: int, verb: str) -> str:
    def topics(count: int) -> str:
        return f"{count} topic{'s' if count != 1 else ''}"

    parts = [f"{topics(done)} {verb}"]
    if unchanged:
        parts.append(f"{unchanged} up to date")
    parts.append(f"{failed} failed")
    return ", ".join(parts)


class Reporter:
    """Prints each topic's result as it arrives and a summary at the end."""

    def __init__(self, root: Path, output_dir: Path, verbosity: int = NORMAL,
                 out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.root, self.output_dir, self.verbosity = root, output_dir, verbosity
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.color = self.err.isatty()
        self.progress = None
        self.task = None

    def start(self, total: int) -> None:
        if total and self.out.isatty() and self.verbosity > QUIET:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), TextColumn("{task.description}"),
                                     transient=True)
            self.progress.start()
            self.task = self.progress.add_task("", total=total)

    def waiting(self) -> None:
        print("another docgen build of this project is running; waiting for it to finish…",
              file=self.err, flush=True)

    def _say(self, text: str, stream: TextIO) -> None:
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=stream, flush=True)

    def result(self, result: TopicResult) -> None:
        from docgen.content.errors import display_path  # not at the top: a no-op build only needs summary_line

        name = display_path(result.file, self.root)
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=name)
        if result.status == "up to date":
            if self.verbosity >= VERBOSE:
                self._say(f"ok      {name} (up to date)", self.out)
            return
        if result.status == "failed":
            failed = f" ({', '.join(result.failed)})" if result.built else ""
            self._say(_color("failed", "31;1", self.color) + f"  {name}{failed}", self.err)
            self._say(format_problems(result.problems, self.root, self.color), self.err)
        if (result.written or result.status == "built") and self.verbosity >= NORMAL:
            target = display_path(self.output_dir / result.slug, self.root)
            self._say(f"built   {name} -> {target}/ ({len(result.written)} files, "
                      f"{result.seconds:.1f} s)", self.out)
            for note in result.notes:
                self._say(f"        {note}", self.out)
            if self.verbosity >= VERBOSE:
                for path in result.written:
                    self._say(f"        wrote {display_path(path, self.root)}", self.out)

    def finish(self, results: list[TopicResult], seconds: float) -> None:
        if self.progress is not None:
            self.progress.stop()
        counts = {status: sum(1 for r in results if r.status == status)
                  for status in ("built", "up to date", "failed")}
        files = sum(len(r.written) for r in results)
        line = summary_line(counts["built"], counts["up to date"], counts["failed"], "built")
        print(f"{line}; {files} file{'s' if files != 1 else ''} written in {seconds:.1f} s",
              file=self.out, flush=True)
