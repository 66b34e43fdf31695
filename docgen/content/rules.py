"""Rules that relate one field of a topic to another.

They run on the typed model (so types are already right) and return every
broken rule at once, each with the key path the loader can place.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from docgen.content.errors import KeyPath, display_path
from docgen.images import sniff, width_problem
from docgen.content.model import BlankQuestion, ChoiceQuestion, ClassifyQuestion, MatchQuestion, Topic

GAP = re.compile(r"\[\[(.*?)\]\]")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp", ".bmp", ".tif", ".tiff")


@dataclass(frozen=True)
class Broken:
    path: KeyPath
    message: str
    hint: str | None = None


def _count(count: int, noun: str) -> str:
    return f"{count} {noun[:-1] if count == 1 else noun}"


def _options_text(options: list[str]) -> str:
    return ", ".join(f'"{option}"' for option in options)


def classify_categories(topic: Topic, question: ClassifyQuestion) -> list[str]:
    """A classify question sorts into its own categories, else the compared items."""
    if question.categories:
        return list(question.categories)
    return list(topic.compare.items) if topic.compare else []


def check_topic(topic: Topic, content_file: Path, project_root: Path) -> Iterator[Broken]:
    if not (topic.sections or topic.compare or topic.terms or topic.questions):
        yield Broken((), "the topic has nothing to show",
                     "add at least one of: sections, compare, terms, questions")
    if topic.compare:
        count = len(topic.compare.items)
        for index, row in enumerate(topic.compare.rows):
            if len(row.values) != count:
                yield Broken(("compare", "rows", index, "values"),
                             f"has {_count(len(row.values), 'values')} but there are {count} items "
                             f"({_options_text(topic.compare.items)})",
                             "give one value per item, in the order of `items`; write ~ or \"\" "
                             "where an item has no value")
    for index, section in enumerate(topic.sections):
        yield from check_image(section.image, section.alt, section.width, ("sections", index),
                               content_file, project_root)
    for index, question in enumerate(topic.questions):
        yield from _check_question(topic, question, ("questions", index))
    yield from _check_cheatsheet(topic)


def _check_question(topic: Topic, question: object, path: KeyPath) -> Iterator[Broken]:
    if isinstance(question, ChoiceQuestion):
        seen: set[str] = set()
        for index, option in enumerate(question.options):
            if option in seen:
                yield Broken(path + ("options", index), f'the option "{option}" appears twice',
                             "every option must be different")
            seen.add(option)
        answers = question.answers
        for index, answer in enumerate(answers):
            if answer not in question.options:
                where = path + ("answer",) + ((index,) if question.multiple else ())
                yield Broken(where, f'"{answer}" is not one of the options ({_options_text(question.options)})',
                             "the answer must repeat the text of the correct option exactly")
        if len(set(answers)) != len(answers):
            yield Broken(path + ("answer",), "the same answer is listed twice",
                         "list each correct option once")
    elif isinstance(question, BlankQuestion):
        gaps = GAP.findall(question.text)
        if not gaps:
            yield Broken(path + ("text",), "has no gap to fill in",
                         "mark each gap with double brackets: The capital of France is [[Paris]].")
        elif any(not gap.strip() for gap in gaps):
            yield Broken(path + ("text",), "has an empty gap [[ ]]",
                         "write the missing word inside the brackets: [[Paris]]")
    elif isinstance(question, MatchQuestion):
        for side in ("left", "right"):
            values = [getattr(pair, side) for pair in question.pairs]
            if len(set(values)) != len(values):
                yield Broken(path + ("pairs",), f"two pairs have the same {side} side",
                             "every item on each side must be different, or the answer is ambiguous")
    elif isinstance(question, ClassifyQuestion):
        categories = classify_categories(topic, question)
        if not categories:
            yield Broken(path, "has no categories to sort into",
                         "add `categories: [A, B]`, or a `compare:` block whose items are used by default")
            return
        for index, statement in enumerate(question.statements):
            if statement.answer not in categories:
                yield Broken(path + ("statements", index, "answer"),
                             f'"{statement.answer}" is not one of the categories ({_options_text(categories)})',
                             "use the exact name of a category")


def check_image(image: str | None, alt: str | None, width: str | None, path: KeyPath, content_file: Path,
                project_root: Path) -> Iterator[Broken]:
    """A picture's rules, wherever it is (a section, a question): file, format, alt, width."""
    if width is not None and (wrong := width_problem(width)):
        yield Broken(path + ("width",), f"{wrong}",
                     "give a share of the text width like `60%`, or a length like `80mm`, `8cm` or `3in`")
    if image is None:
        for key, value in (("alt", alt), ("width", width)):
            if value is not None:
                yield Broken(path + (key,), f"`{key}` is for an image, but there is no `image`",
                             f"add `image: path/to/picture.png`, or delete the `{key}` line")
        return
    if alt is None:
        yield Broken(path, 'the key "alt" is missing: an image needs a text alternative',
                     "describe the picture in one sentence for readers who cannot see it: `alt: ...`")
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
    # The content decides the format, not the name: a PNG named .jpg prints (with a build note).
    if sniff(head) is None:
        yield Broken(where, f'"{image}" is not a valid {target.suffix.lstrip(".").upper()} image',
                     "open it in an image editor and save it again as PNG or JPEG")


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
