"""Command line: arguments, exit statuses and printing; no logic of its own.

Exit status 0 when everything built, 1 when any topic (or the project
config) failed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from docgen import __version__
from docgen.content.errors import DocgenError, Problem
from docgen.project import ALL_OUTPUTS, Project, find_root, load_project

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docgen",
        description="Printable study material from YAML topic files: a PDF handout, a Word "
                    "worksheet and answer key, and a one-page cheat sheet per topic.")
    parser.add_argument("--version", action="version", version=f"docgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build every output of every topic (or of the PATHs)")
    build.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="content files or folders (default: the project's content folder)")
    build.add_argument("--only", type=_outputs, metavar="OUTPUTS",
                       help="comma-separated outputs to build: " + ",".join(ALL_OUTPUTS))
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: output/)")
    build.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N",
                       help="topics built in parallel (default: the number of CPU cores)")
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")

    check = commands.add_parser("check", help="validate content files without building")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    commands.add_parser("schema", help="print the JSON Schema of the content format")
    return parser


def _outputs(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in ALL_OUTPUTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown output {', '.join(unknown) or '(none)'}; choose from {', '.join(ALL_OUTPUTS)}")
    return names


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(text)


def _print_problems(problems: list[Problem], root: Path) -> None:
    for problem in problems:
        print(problem.format(relative_to=root), file=sys.stderr)


def _content_files(project: Project, paths: list[Path]) -> list[Path]:
    """The YAML files named (folders searched), else every one in the content folder."""
    if not paths:
        paths = [project.content_dir]
    files: list[Path] = []
    for path in (path.resolve() for path in paths):
        if path.is_dir():
            files += sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml"))
        elif path.is_file():
            files.append(path)
        else:
            raise DocgenError([Problem(path, "no such file or folder",
                                       hint="give a content file (.yaml) or a folder of them")])
    slugs: dict[str, Path] = {}
    for file in files:
        if file.stem in slugs and slugs[file.stem].resolve() != file.resolve():
            raise DocgenError([Problem(file, f'two content files have the slug "{file.stem}" '
                                             f"(the other is {slugs[file.stem]})",
                                       hint="rename one: the file name decides the output folder")])
        slugs[file.stem] = file
    return list(dict.fromkeys(files))


def _cmd_schema(_: argparse.Namespace) -> int:
    from docgen.content.schema import content_schema

    print(json.dumps(content_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, project: Project) -> int:
    from docgen.content.reader import read_topic

    files = _content_files(project, args.paths)
    failed = 0
    for file in files:
        try:
            read_topic(file, project.root)
            print(f"ok      {_relative(file, project.root)}")
        except DocgenError as error:
            failed += 1
            _print_problems(error.problems, project.root)
    print(_summary_line(len(files) - failed, 0, failed, "checked"))
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_build(args: argparse.Namespace, project: Project) -> int:
    from docgen.build.runner import BuildRequest, TopicResult, build

    files = _content_files(project, args.paths)
    if not files:
        print(f"no content files in {_relative(project.content_dir, project.root)}/", file=sys.stderr)
        return EXIT_FAILED
    outputs = args.only or list(project.config.outputs)
    output_dir = (args.out or project.output_dir).resolve()
    request = BuildRequest(project, outputs, output_dir, debug=args.debug)
    started = time.perf_counter()

    def report(result: TopicResult) -> None:
        name = _relative(result.file, project.root)
        if result.status == "failed":
            print(f"failed  {name}", file=sys.stderr)
            _print_problems(result.problems, project.root)
            return
        if result.status == "up to date":
            print(f"ok      {name} (up to date)")
            return
        print(f"built   {name} -> {_relative(output_dir / result.slug, project.root)}/ "
              f"({len(result.written)} files, {result.seconds:.1f} s)")
        for note in result.notes:
            print(f"        {note}")

    results = build(request, files, jobs=args.jobs, force=args.force, on_result=report)
    counts = {status: sum(1 for r in results if r.status == status)
              for status in ("built", "up to date", "failed")}
    print(_summary_line(counts["built"], counts["up to date"], counts["failed"], "built")
          + f" in {time.perf_counter() - started:.1f} s")
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def _summary_line(done: int, unchanged: int, failed: int, verb: str) -> str:
    def topics(count: int) -> str:
        return f"{count} topic{'s' if count != 1 else ''}"

    parts = [f"{topics(done)} {verb}"]
    if unchanged:
        parts.append(f"{unchanged} up to date")
    parts.append(f"{failed} failed")
    return ", ".join(parts)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        return _cmd_schema(args)
    root = find_root(Path.cwd())
    try:
        project = load_project(root)
        if args.command == "check":
            return _cmd_check(args, project)
        return _cmd_build(args, project)
    except DocgenError as error:
        _print_problems(error.problems, root)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted; outputs already written are complete, the rest were left as they were",
              file=sys.stderr)
        return 130
