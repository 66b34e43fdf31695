"""What every importer produces: banks of questions in the content format's own data.

An importer reads one input file into a ``Read``: its questions, each
with the category the input files it under. Each ``Item`` is one question: its data as a topic file holds it
(plain dicts the content validator accepts), or none when the content
format cannot hold the question at all; ``notes`` are what could not be
kept in a field, written as YAML comments beside the question. Nothing is
dropped without a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Picture:
    """A picture the input carries (Moodle's ``@@PLUGINFILE@@``): written beside the topic."""

    name: str
    data: bytes
    alt: str

    def __post_init__(self) -> None:
        # The name comes from the input: never a path ("../../x.png"), only a plain file name.
        name = re.sub(r"[^\w.-]+", "-", self.name.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".-")
        self.name = name or "picture"


@dataclass
class Item:
    """One question read from the input, and where it starts there (1-based line)."""

    data: dict[str, Any] | None
    line: int
    notes: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)  # the question as written, when it is kept as a comment
    picture: Picture | None = None
    category: tuple[str, ...] = ()  # the category path the input puts it in (Moodle's, GIFT's)

    @property
    def kept(self) -> bool:
        """Whether the question is in the topic (else only in a comment)."""
        return self.data is not None


@dataclass
class Read:
    """An input file as read: its questions, and a title when the file names one."""

    path: Path
    format: str
    items: list[Item]
    title: str = ""
    notes: list[str] = field(default_factory=list)  # about the whole file (tags, settings)
    lines_of: str = ""  # the file the line numbers count in, when not ``path`` (a zip's member)
    line_word: str = "line"  # what a number counts: "paragraph" in a Word file


class Malformed(Exception):
    """An input that cannot be read: where, what, and how to fix it. Nothing is written."""

    def __init__(self, line: int | None, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint
