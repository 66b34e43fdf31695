"""Command line: arguments, exit statuses and printing; no logic of its own.

Exit status 0 when everything built, 1 when any topic (or the project
config) failed, 2 for a usage error. Everything heavier than argparse is
imported where it is used: `docgen --help` and a no-op `docgen build`
import neither pydantic nor WeasyPrint nor python-docx.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from docgen import __version__
from docgen.guides import GUIDES, guide_text
from docgen.root import CONFIG_NAME, find_root

if TYPE_CHECKING:
    from docgen.content.errors import Problem
    from docgen.content.reader import TopicFile
    from docgen.project import Project

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CONTENT_SUFFIXES = (".yaml", ".yml")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docgen",
        description="Printable study material from YAML topic files: a PDF handout, a Word "
                    "worksheet and answer key, and a one-page cheat sheet per topic.")
    parser.add_argument("--version", action="version", version=f"docgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build every output of every topic (or of the PATHs)")
    _build_options(build)
    build.add_argument("--shard", type=_shard, metavar="K/N",
                       help="build only the K-th of N stable shares of the topics (for split CI jobs)")
    build.add_argument("--roster", type=Path, metavar="FILE.csv",
                       help="also write class-pack.pdf: one worksheet per student of this class list "
                            "(columns name, version, edition)")

    watch = commands.add_parser("watch", help="build, then rebuild whenever a file is saved")
    _build_options(watch)

    preview = commands.add_parser("preview", help="serve a live preview on 127.0.0.1 that rebuilds on save")
    preview.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="content files or folders (default: the project's content folder)")
    preview.add_argument("--port", type=_port, default=8000, metavar="N", help="port to serve on (default: 8000)")
    preview.add_argument("--no-browser", action="store_true", help="do not open a web browser")

    check = commands.add_parser("check", help="validate content files without building")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    commands.add_parser("schema", help="print the JSON Schema of the content format")

    init = commands.add_parser("init", help="create a new project (config, example topic, templates)")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR")
    init.add_argument("--lang", type=_lang_tag, metavar="TAG",
                      help="the project's language, e.g. fr or pt-BR (default: this computer's language)")

    new = commands.add_parser("new", help="write a commented skeleton topic file")
    new.add_argument("title", help='the topic title, e.g. "Weather vs Climate"')
    new.add_argument("--lang", type=_lang_tag, metavar="TAG",
                     help="the topic's language (default: docgen.yaml's lang, else this computer's language)")

    help_ = commands.add_parser("help", help="print a guide: " + ", ".join(GUIDES),
                                description="Print one of docgen's guides. "
                                + "; ".join(f"{name}: {about}" for name, (_, about) in GUIDES.items()))
    help_.add_argument("topic", nargs="?", choices=list(GUIDES), metavar="TOPIC", help=", ".join(GUIDES))

    grade = commands.add_parser("grade", help="read scanned worksheets (scan: true) into grades, marked "
                                "copies and item analysis in output/<slug>/grades/")
    grade.add_argument("scans", nargs="*", type=Path, metavar="SCANS",
                       help="PDFs or images (JPEG, PNG, TIFF), pages in any order; none: grade again "
                            "from the last reading (after corrections in review.csv)")
    grade.add_argument("--topic", metavar="SLUG", help="grade only this topic")
    grade.add_argument("--roster", type=Path, metavar="FILE.csv",
                       help="the class list the class pack was printed from (names; email, id for the "
                            "gradebook imports)")
    import_ = commands.add_parser("import", help="write topic files from GIFT, Moodle XML, Aiken, QTI, CSV, "
                                                 "XLSX or Word question banks")
    import_.add_argument("files", nargs="*", type=Path, metavar="FILE")
    import_.add_argument("--lang", type=_lang_tag, metavar="TAG", help="the topics' language (default: guessed)")
    import_.add_argument("--split-categories", action="store_true", help="one topic per category of the input")
    import_.add_argument("--force", action="store_true", help="replace a topic of the same name")
    import_.add_argument("--template", type=Path, metavar="FILE.xlsx",
                         help="write an empty question spreadsheet with the columns docgen reads")

    labels = commands.add_parser("labels", help="print every label (key<TAB>text) in a language")
    labels.add_argument("--lang", type=_lang_tag, metavar="TAG",
                        help="language tag such as es or pt-BR (default: docgen.yaml's lang)")
    return parser


def _build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="content files or folders (default: the project's content folder)")
    command.add_argument("--only", type=_outputs, metavar="OUTPUTS",
                         help="comma-separated outputs to build, e.g. handout,cheatsheet "
                              "(default: docgen.yaml's `outputs:`)")
    command.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: output/)")
    command.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N",
                         help="topics built in parallel (default: the number of CPU cores)")
    command.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    loudness.add_argument("--verbose", "-v", action="store_true", help="also list up-to-date topics and files")


def _outputs(text: str) -> list[str]:
    """Names only; whether they are installed is checked when a real build starts."""
    names = list(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not names:
        raise argparse.ArgumentTypeError("name at least one output, e.g. --only handout")
    return names


def _check_outputs(names: list[str]) -> None:
    from docgen.registry import output_names, unknown_outputs_hint

    unknown = [name for name in names if name not in output_names()]
    if unknown:
        word = "outputs" if len(unknown) > 1 else "output"
        print(f"docgen build: error: --only: unknown {word} {', '.join(unknown)}\n"
              f"    hint: {unknown_outputs_hint()}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError("must be a port number from 0 to 65535 (0: any free port)")
    return int(text)


def _lang_tag(text: str) -> str:
    from docgen.content.model import LangTag
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(LangTag).validate_python(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a language tag; use e.g. en, es, pt-BR') from None


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError("use K/N with 1 <= K <= N, e.g. 2/4")
    return int(index), int(count)


def _content_files(project: Project, paths: list[Path]) -> list[Path]:
    """The YAML files named (folders searched), else every one in the content folder."""
    from docgen.content.errors import DocgenError, Problem
    from docgen.content.slug import topic_slug

    if not paths:
        _require_content_dir(project)
        paths = [project.content_dir]
    files: list[Path] = []
    for path in (path.resolve() for path in paths):
        if path.is_dir():  # `.YAML` from a Windows editor is a content file like `.yml`
            files += sorted(file for file in path.rglob("*")
                            if file.suffix.lower() in CONTENT_SUFFIXES and file.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise DocgenError([Problem(path, "no such file or folder",
                                       hint="give a content file (.yaml) or a folder of them")])
    slugs: dict[str, Path] = {}
    unsafe: list[Problem] = []
    for file in files:
        try:
            slug = topic_slug(file)
        except DocgenError as error:  # e.g. `...yaml`, whose outputs would land in the project folder
            unsafe += error.problems
            continue
        if slug in slugs and slugs[slug] != file:
            raise DocgenError([Problem(file, f'two content files have the slug "{slug}" '
                                             f"(the other is {slugs[slug]})",
                                       hint="rename one: the file name decides the output folder")])
        slugs[slug] = file
    if unsafe:
        raise DocgenError(unsafe)
    return list(dict.fromkeys(files))


def _require_content_dir(project: Project) -> None:
    """Outside a project there is no content folder: say where docgen looked."""
    from docgen.content.errors import DocgenError, Problem

    if project.content_dir.is_dir():
        return
    if project.config_file is None:
        raise DocgenError([Problem(None, f"no docgen.yaml was found in {Path.cwd()} or any folder "
                                         "above it, so this is not a docgen project",
                                   hint="go to your project folder first (cd FOLDER), or start a "
                                        "project here with `docgen init`")])
    raise DocgenError([Problem(project.config_file, f'the content folder "{project.config.content}" '
                                                    "does not exist",
                               hint="create it, or set `content:` in docgen.yaml to the folder "
                                    "that holds your topic files")])


def _print_problems(problems: list[Problem], root: Path) -> None:
    from docgen.engine.report import format_problems

    print(format_problems(problems, root, sys.stderr.isatty()), file=sys.stderr)


def _cmd_schema(_: argparse.Namespace) -> int:
    import json

    from docgen.content.schema import content_schema

    print(json.dumps(content_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, project: Project) -> int:
    from docgen.content.errors import DocgenError, display_path
    from docgen.engine.report import summary_line
    from docgen.content.reader import read_topic
    from docgen.render.job import RenderJob

    files = _content_files(project, args.paths)
    failed = 0
    for file in files:
        try:
            topic_file = read_topic(file, project.root)
            missing = RenderJob(topic_file, project).label_problems(list(project.config.outputs))
            if missing:
                raise DocgenError(missing)
            print(f"ok      {display_path(file, project.root)}")
            if topic_file.warnings:
                _print_problems(list(topic_file.warnings), project.root)
            for note in _derive_notes(topic_file, project):
                print(f"        derive {note}")
        except DocgenError as error:
            failed += 1
            _print_problems(error.problems, project.root)
    print(summary_line(len(files), {"ok": len(files) - failed, "failed": failed}, "checked"))
    return EXIT_FAILED if failed else EXIT_OK


def _request_key(args: argparse.Namespace) -> dict:
    """What a build was asked for, as the no-op record compares it."""
    return {"paths": [str(path.resolve()) for path in args.paths], "only": args.only,
            "shard": list(args.shard) if getattr(args, "shard", None) else None,
            "out": str(args.out.resolve()) if args.out else None,
            "roster": str(args.roster.resolve()) if getattr(args, "roster", None) else None}


def _answer_noop(args: argparse.Namespace, root: Path) -> int | None:
    """Exit status of a build with nothing to do, known without loading the project; else None."""
    if args.command != "build" or args.force or args.verbose:
        return None
    from docgen.engine.noop import answer, output_dir_of
    from docgen.engine.report import summary_line

    started = time.perf_counter()
    output_dir = output_dir_of(root, args.out)
    topics = answer(output_dir, _request_key(args)) if output_dir else None
    if topics is None:
        return None
    print(f"{summary_line(topics, {'up to date': topics})}; 0 files written in "
          f"{time.perf_counter() - started:.1f} s")
    return EXIT_OK


def _derive_notes(topic_file: TopicFile, project: Project) -> list[str]:
    """What each ``worksheet.derive`` kind makes of the topic, and what it leaves out and why."""
    if not topic_file.topic.worksheet.derive:
        return []
    from docgen.layout.derive import derive
    from docgen.render.job import RenderJob
    from docgen.layout.sheet import topic_seed

    job = RenderJob(topic_file, project)
    return [note for derived in derive(job.topic, job.labels, topic_seed(job.topic, job.slug))
            for note in derived.notes]


def _run_build(args: argparse.Namespace, project: Project) -> int:
    from docgen.content.errors import display_path
    from docgen.engine import noop
    from docgen.engine.lock import build_lock
    from docgen.engine.plan import in_shard, project_font_files
    from docgen.i18n.catalog import LOCALES
    from docgen.engine.report import NORMAL, QUIET, VERBOSE, Reporter
    from docgen.engine.runner import BuildRequest, build
    from docgen.root import resource_root
    from docgen.roster import read_roster

    if args.only:
        _check_outputs(args.only)
    files = _content_files(project, args.paths)
    shard = getattr(args, "shard", None)
    if shard:
        files = [file for file in files if in_shard(file.stem, *shard)]
    elif not files:
        print(f"no content files in {display_path(project.content_dir, project.root)}/", file=sys.stderr)
        return EXIT_FAILED
    output_dir = (args.out or project.output_dir).resolve()
    outputs = args.only or list(project.config.outputs)
    roster = read_roster(args.roster.resolve()) if getattr(args, "roster", None) else None
    if roster and not args.quiet:  # which encoding and columns were taken, before anything is built
        print(roster.note)
    # The booklet is every topic's, even when only some are built; a shard leaves it to the full build.
    booklet = tuple(_content_files(project, []) if args.paths else files) \
        if project.config.booklet and not shard else ()
    request = BuildRequest(project, outputs, output_dir, debug=args.debug, roster=roster, booklet=booklet)
    verbosity = QUIET if args.quiet else VERBOSE if args.verbose else NORMAL
    reporter = Reporter(project.root, output_dir, verbosity)
    started = time.perf_counter()
    with build_lock(output_dir, on_wait=reporter.waiting):
        noop.forget(output_dir)
        reporter.start(files)
        try:
            results = build(request, files, jobs=args.jobs, force=args.force, on_result=reporter.result,
                            every_topic=not args.paths and not shard, every_output=not args.only)
        finally:
            if reporter.progress is not None:
                reporter.progress.stop()
        failed = any(result.status == "failed" for result in results)
        if not failed and args.command == "build":
            folders = [path.resolve() for path in args.paths or [project.content_dir] if path.is_dir()]
            folders += [folder for folder in (project.templates_dir, resource_root(), LOCALES) if folder]
            read = [project.root / CONFIG_NAME] + [project.root / name for name in project_font_files(project)]
            read += [path for path in (project.reference_docx, roster and roster.path) if path]
            if project.templates_dir is None:  # a templates folder created later must be seen
                read.append(project.root / project.config.templates)
            noop.remember(output_dir, _request_key(args), read, list(dict.fromkeys([*files, *booklet])),
                          folders, topics=len(files), since_ns=project.read_ns)
    reporter.finish(results, time.perf_counter() - started)
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_watch(args: argparse.Namespace, root: Path) -> int:
    from docgen.content.errors import DocgenError
    from docgen.project import load_project
    from docgen.watch import watch

    def rebuild() -> None:
        try:  # docgen.yaml may have changed: read it again every time
            _run_build(args, load_project(root))
        except DocgenError as error:
            _print_problems(error.problems, root)
        print("watching for changes (Ctrl-C to stop)…", flush=True)

    project = load_project(root)
    if not args.paths:
        _require_content_dir(project)
    watch(root, (args.out or project.output_dir), rebuild, args.paths)
    print("stopped watching")
    return EXIT_OK


def _cmd_preview(args: argparse.Namespace, root: Path) -> int:
    from docgen.preview.session import serve_preview

    serve_preview(root, lambda project: _content_files(project, args.paths), args.port,
                  open_browser=not args.no_browser, debug=args.debug, paths=args.paths)
    print("preview stopped", flush=True)
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    from docgen.content.errors import display_path
    from docgen.scaffold import init_project

    folder = args.folder.resolve()
    lang, origin = (args.lang, "") if args.lang else _machine_language()
    created = init_project(folder, lang)
    for path in created:
        print(f"created {display_path(path, Path.cwd())}")
    if created:
        print(f"lang: {lang}{origin}")
    go_there = "" if folder == Path.cwd().resolve() else f"cd {shlex.quote(str(args.folder))} && "
    print(f"next: {go_there}docgen build" if created else "nothing to do: the project exists")
    return EXIT_OK


def _cmd_help(args: argparse.Namespace) -> int:
    if args.topic is None:
        print("docgen help TOPIC prints one of these guides:")
        for name, (_, about) in GUIDES.items():
            print(f"  {name:<16}{about}")
        return EXIT_OK
    print(guide_text(args.topic))
    return EXIT_OK


def _cmd_new(args: argparse.Namespace, project: Project) -> int:
    from docgen.content.errors import display_path
    from docgen.scaffold import new_topic

    if project.config_file is None:  # without docgen.yaml only a content folder makes a project
        _require_content_dir(project)
    if args.lang:
        lang, origin = args.lang, ""
    elif "lang" in project.config.model_fields_set:
        lang, origin = project.config.lang, ", docgen.yaml's lang; --lang TAG for another"
    else:
        lang, origin = _machine_language()
    path = new_topic(project.content_dir, args.title, lang)
    print(f"created {display_path(path, project.root)} (lang: {lang}{origin})")
    return EXIT_OK


def _machine_language() -> tuple[str, str]:
    """The language of this computer's settings, and how the teacher is told so."""
    from docgen.scaffold import machine_language

    lang = machine_language()
    if lang:
        return lang, ", from this computer's language settings; --lang TAG for another"
    return "en", ", as this computer's language settings name no language docgen has words for; --lang TAG for another"


def _cmd_labels(args: argparse.Namespace, project: Project) -> int:
    """Every label as the project's build prints it: catalog, then `labels:` overrides."""
    from docgen.i18n import labels_for

    labels = labels_for(args.lang or project.config.lang, project.config.labels)
    if labels.fallback_note:
        print(labels.fallback_note, file=sys.stderr)
    for key, text in labels.texts.items():
        print(f"{key}\t{text}")
    return EXIT_OK


def _cmd_grade(args: argparse.Namespace, project: Project) -> int:
    """0: every page placed and every mark sure; 1: something is in review.csv; 2: a usage mistake."""
    from docgen.grade.run import GRADES, READINGS, grade

    missing = [str(path) for path in args.scans if not path.is_file()]
    if missing:
        print(f"docgen grade: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if not args.scans and not any(project.output_dir.glob(f"{args.topic or '*'}/{GRADES}/{READINGS}")):
        print("docgen grade: give the scans to grade (PDFs or images); nothing was read before",
              file=sys.stderr)
        return EXIT_USAGE
    results = grade(project, args.scans, args.topic, args.roster)
    status = EXIT_OK
    for result in results:
        folder = result.folder.relative_to(project.root)
        complete = sum(sheet.complete for sheet in result.sheets)
        print(f"graded  {result.slug}: {len(result.sheets)} students ({complete} complete) -> {folder}/")
        for note in result.notes:
            print(f"        {note}")
        if result.review_count:
            print(f"        {result.review_count} to review: {folder}/review.csv (write a correction, "
                  "then run docgen grade again)")
            status = EXIT_FAILED
    return status
def _cmd_import(args: argparse.Namespace, project: Project) -> int:
    from docgen.importers.command import import_files, write_template

    if args.template:
        write_template(args.template, args.force)
        if not args.files:
            return EXIT_OK
    if not args.files:
        print("docgen import: name the files to import (or --template questions.xlsx)", file=sys.stderr)
        return EXIT_USAGE
    if project.config_file is None:
        _require_content_dir(project)
    import_files(args.files, project.content_dir, project.root, args.lang, args.split_categories, args.force)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    try:
        status = _dispatch(argv)
        sys.stdout.flush()  # here, not at exit, where a closed pipe could only print a traceback
        return status
    except BrokenPipeError:
        # `docgen help versions | head -5`: the reader has what it wanted; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _dispatch(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        return _cmd_schema(args)
    if args.command == "init":
        return _cmd_init(args)
    if args.command == "help":
        return _cmd_help(args)
    root = find_root(Path.cwd())
    status = _answer_noop(args, root)
    if status is not None:
        return status
    # Imported only now: `--help` and a no-op build never load the rest of docgen.
    from docgen.content.errors import DocgenError
    from docgen.engine.pool import Terminated, stop_on_sigterm

    stop_on_sigterm()  # `kill PID` stops a build, a watch or a preview as Ctrl-C does

    try:
        if args.command == "watch":
            return _cmd_watch(args, root)
        if args.command == "preview":
            return _cmd_preview(args, root)
        from docgen.project import load_project

        project = load_project(root)
        if args.command == "check":
            return _cmd_check(args, project)
        if args.command == "new":
            return _cmd_new(args, project)
        if args.command == "labels":
            return _cmd_labels(args, project)
        if args.command == "grade":
            return _cmd_grade(args, project)
        if args.command == "import":
            return _cmd_import(args, project)
        return _run_build(args, project)
    except DocgenError as error:
        _print_problems(error.problems, root)
        return EXIT_FAILED
    except KeyboardInterrupt as stop:
        print("\ninterrupted: files already written are complete; the rest were left as they were",
              file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 130
