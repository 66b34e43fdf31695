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


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_line(total: int, outcomes: dict[str, int], verb: str = "") -> str:
    """`3 topics checked: 2 ok, 1 failed`: every topic counted once, zeros left out."""
    said = ", ".join(f"{count} {outcome}" for outcome, count in outcomes.items() if count)
    return plural(total, "topic") + (f" {verb}" if verb else "") + (f": {said}" if said else "")


def changes(results: list[TopicResult], removed: list, root: Path) -> list[str]:
    """Every file set aside or removed, and where and why: nothing disappears unsaid."""
    from docgen.content.errors import display_path

    lines = []
    for result in results:
        for copy, new in result.kept:
            lines.append(f"kept    {display_path(copy, root)}: it was changed by hand since docgen "
                         f"wrote it; the new {new.name} is beside it")
    for removal in [*removed, *(removal for result in results for removal in result.removed)]:
        if removal.kept is not None:
            lines.append(f"kept    {display_path(removal.kept, root)}: it was changed by hand; docgen "
                         f"no longer makes {removal.path.name} ({removal.reason})")
        else:
            lines.append(f"removed {display_path(removal.path, root)}: {removal.reason}")
    return lines


class Reporter:
    """Prints each topic's result as it arrives and a summary at the end."""

    def __init__(self, root: Path, output_dir: Path, verbosity: int = NORMAL,
                 out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.root, self.output_dir, self.verbosity = root, output_dir, verbosity
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.color = self.err.isatty()
        self.progress = None
        self.task = None
        self.pending: list[str] = []  # topics without a result yet, in the order they are built

    def start(self, files: list[Path]) -> None:
        from docgen.content.errors import display_path

        self.pending = [display_path(file, self.root) for file in files]
        if files and self.out.isatty() and self.verbosity > QUIET:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            # Rich draws a bar in progress red by default; red means failure to a reader.
            bar = BarColumn(complete_style="cyan", finished_style="green")
            self.progress = Progress(TextColumn("building"), bar, MofNCompleteColumn(),
                                     TimeElapsedColumn(), TextColumn("{task.description}"),
                                     console=Console(file=self.out), transient=True)
            self.progress.start()
            self.task = self.progress.add_task(self.pending[0], total=len(files))

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
        if result.project:
            self._project_result(result, name)
            return
        if name in self.pending:
            self.pending.remove(name)
        if self.progress is not None:  # name the topic being built now, not the one just done
            self.progress.update(self.task, advance=1, description=self.pending[0] if self.pending else "")
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
            files = plural(len(result.written), "file") if result.written else "no file changed"
            self._say(f"built   {name} -> {target}/ ({files}, {result.seconds:.1f} s)", self.out)
            for note in result.notes:
                self._say(f"        {note}", self.out)
            if self.verbosity >= VERBOSE:
                for path in result.written:
                    self._say(f"        wrote {display_path(path, self.root)}", self.out)
        if result.status != "failed" and result.problems:  # a built topic's problems are warnings
            self._say(format_problems(result.problems, self.root, self.color), self.err)

    def _project_result(self, result: TopicResult, name: str) -> None:
        """The booklet: one line, like a topic's."""
        if result.status == "failed":
            self._say(_color("failed", "31;1", self.color) + f"  {name}", self.err)
            self._say(format_problems(result.problems, self.root, self.color), self.err)
        elif self.verbosity >= NORMAL:
            state = "built  " if result.written else "ok     "
            unchanged = "" if result.written else " (made again, the same bytes)"
            self._say(f"{state} {name}{unchanged} ({result.seconds:.1f} s)", self.out)

    def finish(self, results: list[TopicResult], seconds: float) -> None:
        if self.progress is not None:
            self.progress.stop()
        from docgen.registry import DEFAULT_OUTPUTS

        removed = getattr(results, "removed", [])
        for line in changes(results, removed, self.root):
            print(line, file=self.out, flush=True)
        if any(removal.output in DEFAULT_OUTPUTS for removal in removed):
            print("        to add outputs to the default ones rather than replace them, write e.g. "
                  "`outputs: [default, moodle]` in docgen.yaml", file=self.out, flush=True)
        topics = [r for r in results if not r.project]
        counts = {status: sum(1 for r in topics if r.status == status)
                  for status in ("built", "up to date", "failed")}
        files = sum(len(r.written) for r in results)
        gone = sum(1 for r in [*removed, *(m for r in results for m in r.removed)] if r.kept is None)
        line = summary_line(len(topics), counts)
        line += "".join(f"; {Path(r.file).name} {r.status}" for r in results if r.project)
        line += f"; {plural(files, 'file')} written" + (f", {gone} removed" if gone else "")
        print(f"{line} in {seconds:.1f} s", file=self.out, flush=True)
