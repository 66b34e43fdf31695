"""Rules that relate one field of a topic to another.

They run on the typed model (so types are already right) and return every
broken rule at once, each with the key path the loader can place.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from docgen.content.errors import Broken, KeyPath, display_path, quoted_list
from docgen.images import SUFFIXES_OF, sniff, width_problem
from docgen.content.lint import comma_splits, flow_text, rejoined
from docgen.content.loader import SourceMap
from docgen.content.model import DERIVE_SOURCE, Comparison, Topic
from docgen.registry import question_type, question_types

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp", ".bmp", ".tif", ".tiff")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun[:-1] if count == 1 else noun}"


def _check_compare(compare: Comparison, source: SourceMap) -> Iterator[Broken]:
    count = len(compare.items)
    for index, row in enumerate(compare.rows):
        if len(row.values) != count:
            path = ("compare", "rows", index, "values")
            yield Broken(path,
                         f"has {_count(len(row.values), 'values')} ({quoted_list(row.values)}) "
                         f"but there are {count} items ({quoted_list(compare.items)})",
                         _values_hint(row.values, count, path, source))


def _values_hint(values: list[str | None], count: int, path: KeyPath, source: SourceMap) -> str:
    """Too many values in `[a, b]` are most often one value with a comma in it."""
    hint = ("give one value per item, in the order of `items`; write ~ or \"\" where an item "
            "has no value")
    if len(values) < count or path not in source.flow:
        return hint
    guess = rejoined(values, comma_splits(values, path, source))
    if len(guess) == count:
        return ("a comma inside [ ] ends a value, so a value that contains a comma is read as "
                f"two: put it in quotes: values: {flow_text(guess)}")
    return ("a comma inside [ ] ends a value: if a value contains a comma, put it in quotes, "
            'e.g. [First, "Second, with a comma"]; otherwise ' + hint)


def _valid(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def check_valid_parts(data: Any, source: SourceMap) -> Iterator[Broken]:
    """The cross-field rules of the parts of a file that are valid when the whole is not.

    A teacher fixing a typo in one question should hear in the same run
    that another question's answer is not among its options.
    """
    if not isinstance(data, dict):
        return
    compare = _valid(Comparison, data.get("compare"))
    if compare:
        yield from _check_compare(compare, source)
    topic = SimpleNamespace(compare=compare)  # all a question's rules read of its topic
    questions = data.get("questions")
    for index, raw in enumerate(questions if isinstance(questions, list) else []):
        kind = question_types().get(raw.get("type")) if isinstance(raw, dict) else None
        question = _valid(kind.model, raw) if kind else None
        if question is not None:
            yield from kind.check(question, topic, ("questions", index))


def check_topic(topic: Topic, content_file: Path, project_root: Path,
                source: SourceMap | None = None) -> Iterator[Broken]:
    """``source`` (how the file was written) lets a hint tell what a comma did."""
    if not (topic.sections or topic.compare or topic.terms or topic.questions):
        yield Broken((), "the topic has nothing to show",
                     "add at least one of: sections, compare, terms, questions")
    if topic.compare:
        yield from _check_compare(topic.compare, source or SourceMap())
    for index, section in enumerate(topic.sections):
        yield from check_image(section.image, section.alt, section.width, ("sections", index),
                               content_file, project_root)
    for index, question in enumerate(topic.questions):
        yield from question_type(question.type).check(question, topic, ("questions", index))
        yield from check_image(question.image, question.alt, question.width, ("questions", index),
                               content_file, project_root)
    yield from _check_cheatsheet(topic)
    yield from _check_derive(topic)
    yield from _check_pick(topic)


def check_image(image: str | None, alt: str | None, width: str | None, path: KeyPath, content_file: Path,
                project_root: Path) -> Iterator[Broken]:
    """A picture's rules wherever it is (a section, a question): file, format, alt, width."""
    if width is not None and (wrong := width_problem(width)):
        yield Broken(path + ("width",), wrong,
                     "give a share of the text width like `60%`, or a length like `80mm`, `8cm` or `3in`")
    if image is None:
        for key, value in (("alt", alt), ("width", width)):
            if value is not None:
                yield Broken(path + (key,), f"`{key}` is for an image, but there is no `image`",
                             f"add `image: path/to/picture.png`, or delete the `{key}` line")
        return
    if alt is None:
        yield Broken(path, 'the key "alt" is missing: an image needs a text alternative',
                     "describe the picture in one sentence for readers who cannot see it: `alt: ...`; "
                     'for a purely decorative picture, write `alt: ""` to say so')
    where = path + ("image",)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", image) and not re.match(r"^[a-zA-Z]:[\\/]", image):
        yield Broken(where, f'"{image}" is a URL; images must be files in the project',
                     "download the picture into the project folder (for example into "
                     "content/images/) and give its path")
        return
    folder = _relative(content_file.parent, project_root)
    try:
        target = (content_file.parent / image).resolve()
        root = project_root.resolve()
        if not target.is_relative_to(root):
            written = Path(os.path.normpath(content_file.parent.resolve() / image))
            if written.is_relative_to(root):
                yield Broken(where, f'"{image}" is a link to a file outside the project folder',
                             "copy the picture itself into the project folder instead of "
                             "linking to it")
                return
            yield Broken(where, f'"{image}" is outside the project folder',
                         "copy the picture into the project folder (for example into "
                         "content/images/) and give its path from there")
            return
        if not target.is_file():
            yield Broken(where, f'the image file "{image}" does not exist',
                         f"the path is relative to the folder of this file ({folder}); "
                         "check the spelling, including capital letters")
            return
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            yield Broken(where, f'"{image}" is not a picture docgen can print',
                         "use a PNG, JPEG, SVG, GIF, WebP, BMP or TIFF file")
            return
        with target.open("rb") as handle:
            head = handle.read(512).lstrip()
    except (OSError, ValueError, RuntimeError) as error:
        # A name with a NUL byte, a path too long, a symlink loop, no permission.
        reason = getattr(error, "strerror", None) or "the path is not a valid file name"
        yield Broken(where, f'cannot read the image "{_shorten(image)}": {reason.lower()}',
                     "give the path of a PNG, JPEG or SVG file inside the project folder")
        return
    # The content decides the format, not the name: a PNG named .jpg prints, with a warning.
    kind = sniff(head)
    written = target.suffix.lower().lstrip(".")
    if kind is None:
        yield Broken(where, f'"{image}" is not a valid {written.upper()} image',
                     "open it in an image editor and save it again as PNG or JPEG")
    elif written not in SUFFIXES_OF[kind]:
        yield Broken(where, f'"{image}" is a {kind} picture named .{written}; it prints as the {kind} it is',
                     f"rename it to .{SUFFIXES_OF[kind][0]} so that other programs open it too", warning=True)


def _relative(folder: Path, root: Path) -> str:
    """A folder as a hint names it: relative to the project, with a trailing slash."""
    text = display_path(folder, root)
    return "the project folder" if text == "." else text + "/"


def _shorten(text: str, limit: int = 60) -> str:
    text = text.replace("\0", "\\0")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_cheatsheet(topic: Topic) -> Iterator[Broken]:
    include = topic.cheatsheet.include
    if include is None:
        return
    present = topic.cheatsheet_parts
    where = {"summary": "`summary:` to the topic", "compare": "a `compare:` block to the topic",
             "terms": "`terms:` to the topic", "notes": "`notes:` under `cheatsheet:`"}
    for index, part in enumerate(include):
        if part not in present:
            yield Broken(("cheatsheet", "include", index), f'"{part}" is listed, but the topic has no {part}',
                         f"add {where[part]}, or remove \"{part}\" from `include`")
    if len(set(include)) != len(include):
        yield Broken(("cheatsheet", "include"), "lists the same part twice",
                     "name each part once, in the order it should appear")


def _check_derive(topic: Topic) -> Iterator[Broken]:
    derive = topic.worksheet.derive
    for index, kind in enumerate(derive):
        source = DERIVE_SOURCE[kind]
        if not getattr(topic, source):
            yield Broken(("worksheet", "derive", index),
                         f'"{kind}" is made from {source}, but the topic has no {source}',
                         f"add `{source}:` to the topic, or remove \"{kind}\" from `derive`")
    if len(set(derive)) != len(derive):
        yield Broken(("worksheet", "derive"), "lists the same kind twice",
                     "name each kind once, in the order the exercises should appear")
def _check_pick(topic: Topic) -> Iterator[Broken]:
    """Each pool named in ``pick`` exists and holds enough questions to draw from."""
    pools: dict[str, int] = {}
    for question in topic.questions:
        if question.group is not None:
            pools[question.group] = pools.get(question.group, 0) + 1
    for group, count in (topic.worksheet.pick or {}).items():
        where = ("worksheet", "pick", group)
        if group not in pools:
            yield Broken(where, f'no question is in the group "{group}"',
                         f"add `group: {group}` to the questions of this pool"
                         + (f"; the groups are {quoted_list(sorted(pools))}" if pools else ""))
        elif count > pools[group]:
            yield Broken(where, f'draws {count} questions from the group "{group}", which holds '
                         f"only {_count(pools[group], 'questions')}",
                         f"draw at most {pools[group]}, or add questions to the group")
