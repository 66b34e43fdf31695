"""One error type for everything a user can get wrong.

Errors are values with positions: they are raised at the edges (loading,
validation, rendering a topic) and formatted once, by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

KeyPath = tuple[str | int, ...]


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` when it is inside it (what users typed), else as is."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except (ValueError, OSError, RuntimeError):  # outside root, unreadable, symlink loop
            pass
    return str(path)


def format_key_path(path: KeyPath) -> str:
    """``("questions", 3, "answer")`` -> ``question 4 (questions[3].answer)``.

    The key path counts from zero, the sheet from one: a teacher looks for
    "question 4", so a question's path says its number first.
    """
    text = _key_path(path)
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        return f"question {path[1] + 1} ({text})"
    return text


def _key_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Broken:
    """A broken rule at a key path; the reader turns it into a Problem with a position."""

    path: KeyPath
    message: str
    hint: str | None = None
    warning: bool = False  # printed, but the file still builds


def quoted_list(texts: list[str | None]) -> str:
    """``"A", "B", ~``: options or items as a message quotes them (~ for an empty value)."""
    return ", ".join("~" if text is None else f'"{text}"' for text in texts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, where it is and how to fix it."""

    file: Path | None
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    key_path: KeyPath = ()
    hint: str | None = None
    warning: bool = False  # printed, but the file still builds

    def location(self, relative_to: Path | None = None) -> str:
        if self.file is None:
            return ""
        text = display_path(self.file, relative_to)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def format(self, relative_to: Path | None = None) -> str:
        head = self.location(relative_to)
        parts = [head] if head else []
        if self.key_path:
            parts.append(format_key_path(self.key_path))
        parts.append(f"warning: {self.message}" if self.warning else self.message)
        text = ": ".join(parts)
        if self.hint:
            text += "\n    hint: " + self.hint
        return text


@dataclass
class DocgenError(Exception):
    """A user-facing failure: one or more problems, never a traceback."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(problem.format() for problem in self.problems)

    @classmethod
    def single(cls, file: Path | None, message: str, **where: object) -> "DocgenError":
        return cls([Problem(file, message, **where)])  # type: ignore[arg-type]
