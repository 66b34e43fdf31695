"""``docgen import``: read every input, then write every topic, then report.

Any malformed input stops the command before anything is written: its
file:line, what is wrong and a hint, exit status 1.
"""

from __future__ import annotations

from pathlib import Path

from docgen.content.errors import DocgenError, Problem, display_path
from docgen.importers import Malformed, read_input
from docgen.importers.writer import Planned, kept_as_comments, plan, write


def read_all(paths: list[Path]) -> list:
    """Every input read, or DocgenError naming each one that is malformed."""
    reads, problems = [], []
    for path in paths:
        try:
            reads.append(read_input(path))
        except Malformed as error:
            problems.append(Problem(path, error.message, error.line, hint=error.hint))
    if problems:
        raise DocgenError(problems)
    return reads


def import_files(paths: list[Path], content_dir: Path, root: Path, lang: str | None, split: bool,
                 force: bool) -> list[Planned]:
    """Import ``paths`` into ``content_dir``; prints what was imported and what became comments."""
    planned = plan(read_all(paths), content_dir, lang, split, force)
    write(planned, content_dir)
    for topic in planned:
        source = topic.source
        counts = f"{topic.imported} question{'s' if topic.imported != 1 else ''} imported"
        if topic.commented:
            counts += f", {kept_as_comments(topic.commented)}"
        print(f"imported {display_path(source.path, root)} ({source.format}) -> "
              f"{display_path(topic.path, root)}: {counts}")
        where = display_path(source.path.parent / source.lines_of if source.lines_of else source.path, root)
        for item in topic.items:
            for note in item.notes:
                print(f"  {where}:{item.line}: {note}" if item.line else f"  {where}: {note}")
        for path in topic.pictures:
            print(f"  picture {display_path(path, root)}")
    if planned:
        print("next: check the questions (comments say what could not be kept), then docgen build")
    return planned


def write_template(path: Path, force: bool) -> None:
    from docgen.importers.from_table import write_template as write_sheet

    if path.exists() and not force:
        raise DocgenError([Problem(path, "already exists", hint="choose another name, or add --force to replace it")])
    if path.suffix.lower() != ".xlsx":
        raise DocgenError([Problem(path, "the template is a spreadsheet", hint="name it questions.xlsx")])
    write_sheet(path)
    print(f"created {path}: one question a row; the columns are in docgen help importing")
