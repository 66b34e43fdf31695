"""Imported questions as topic files: planned in full first, then written all at once.

A topic per input (or per category with ``split``): a comment at the top
saying where it came from, the title, ``lang`` (given, or guessed from the
text), then the questions, each with what it could not hold as comments
beside it. An existing topic is never replaced (a new name is chosen)
unless ``force``; pictures the input carries go to ``images/<slug>/``
beside the topic. Nothing is written until every input has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.importers.builder import PICTURE, dump
from docgen.importers.lang import guess_language
from docgen.importers.bank import Item, Read

_TEXT_KEYS = ("prompt", "statement", "text", "answer", "explanation")


@dataclass
class Planned:
    """One topic file to write, and what it holds."""

    path: Path
    text: str
    source: Read
    items: list[Item]
    pictures: dict[Path, bytes] = field(default_factory=dict)

    @property
    def imported(self) -> int:
        return sum(item.kept for item in self.items)

    @property
    def commented(self) -> int:
        return sum(not item.kept for item in self.items)


def kept_as_comments(count: int) -> str:
    return "1 kept as a comment" if count == 1 else f"{count} kept as comments"


def _title(name: str) -> str:
    stem = name.split(".")[0].replace("_", " ").replace("-", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else "Imported questions"


def _groups(read: Read, split: bool) -> list[tuple[str, list[Item], tuple[str, ...]]]:
    """(title, items, the category path they share) for each topic to write."""
    if split:
        order = list(dict.fromkeys(item.category for item in read.items))
        return [(category[-1] if category else (read.title or _title(read.path.name)),
                 [item for item in read.items if item.category == category], category) for category in order]
    paths = [item.category for item in read.items]
    common: tuple[str, ...] = paths[0] if paths else ()
    for path in paths[1:]:
        while path[:len(common)] != common:
            common = common[:-1]
    title = read.title or (common[-1] if common else _title(read.path.name))
    return [(title, read.items, common)]


def _texts(items: list[Item]) -> list[str]:
    return [str(item.data[key]) for item in items if item.data for key in _TEXT_KEYS
            if isinstance(item.data.get(key), str)]


def _comment(lines: list[str], indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in lines]


def topic_text(read: Read, title: str, items: list[Item], common: tuple[str, ...], lang: str | None,
               picture_folder: str) -> str:
    kept = sum(item.kept for item in items)
    header = [f"Imported by `docgen import` from {read.path.name} ({read.format}): "
              f"{kept} question{'s' if kept != 1 else ''}"
              + (f", {kept_as_comments(len(items) - kept)}" if kept != len(items) else "") + ".",
              f"\"{read.line_word} N\" below is a {read.line_word} of {read.lines_of or read.path.name}; "
              "check the questions, then build."]
    if common:
        header.append("Category: " + " / ".join(common))
    header += read.notes
    head: dict[str, Any] = {"title": title}
    if lang:
        head["lang"] = lang
    out = _comment(header, "") + [dump(head).rstrip("\n")]
    if not any(item.kept for item in items):
        out.append("questions: []")
    else:
        out.append("questions:")
    for item in items:
        notes = list(item.notes)
        data = item.data
        if data is not None:
            data = dict(data)
            if item.category[len(common):]:
                data["group"] = " / ".join(item.category[len(common):])
            if data.get("image") == PICTURE:
                data["image"] = f"{picture_folder}/{item.picture.name}"
        where = f"{read.line_word} {item.line}: " if item.line else ""
        if notes:
            out += _comment([where + notes[0], *notes[1:]], "  ")
        if data is None:
            out += _comment(item.source, "  ")
        else:
            out += ["  " + line if line else line for line in dump([data]).rstrip("\n").split("\n")]
    return "\n".join(out) + "\n"


def _free(path: Path, taken: set[Path], force: bool) -> Path:
    """``path``, or with -2, -3 … when a topic of that name exists (unless ``force``) or is planned."""
    candidate, number = path, 1
    while candidate in taken or (candidate.exists() and not force):
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    taken.add(candidate)
    return candidate


def _pictures(items: list[Item], folder: Path) -> dict[Path, bytes]:
    """Each picture of the topic as a file of ``folder``; two pictures of one name get two names."""
    files: dict[Path, bytes] = {}
    for item in items:
        picture = item.picture
        if picture is None or not item.kept:
            continue
        stem, dot, suffix = picture.name.rpartition(".")
        name, number = picture.name, 1
        while files.get(folder / name, picture.data) != picture.data:
            number += 1
            name = f"{stem}-{number}.{suffix}" if dot else f"{picture.name}-{number}"
        picture.name = name
        files[folder / name] = picture.data
    return files


def plan(reads: list[Read], content_dir: Path, lang: str | None, split: bool, force: bool) -> list[Planned]:
    from docgen.scaffold import slugify

    taken: set[Path] = set()
    planned: list[Planned] = []
    for read in reads:
        for title, items, common in _groups(read, split):
            path = _free(content_dir / f"{slugify(title)}.yaml", taken, force)
            folder = f"images/{path.stem}"
            pictures = _pictures(items, content_dir / folder)
            topic_lang = lang or guess_language(_texts(items))
            text = topic_text(read, title, items, common, topic_lang, folder)
            planned.append(Planned(path, text, read, items, pictures))
    return planned


def write(planned: list[Planned], content_dir: Path) -> None:
    """Every planned file at once (each complete, or none of them)."""
    from docgen.engine.write import write_files

    files: dict[str, bytes] = {}
    for topic in planned:
        files[topic.path.relative_to(content_dir).as_posix()] = topic.text.encode("utf-8")
        for path, data in topic.pictures.items():
            files[path.relative_to(content_dir).as_posix()] = data
    write_files(content_dir, files)
