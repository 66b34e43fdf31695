"""A topic's slug: the name of its content file, which names its output folder.

The slug becomes a folder inside the output folder, so it must be a plain
folder name on every system a project travels to: not `.` or `..` (a file
named `...yaml`) nor hidden (`.docgen` is the engine's own), no path separator, no character Windows refuses, and none
of the names Windows reserves for devices (CON, NUL, COM1...), which no
folder there can have. It is checked where it is made, here, and by the
manifest loader for slugs read back from disk.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.content.errors import DocgenError, Problem

_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.IGNORECASE)
_REFUSED = set('/\\:*?"<>|') | {chr(code) for code in range(32)} | {"\x7f"}


def unsafe_name(name: str) -> str | None:
    """Why ``name`` cannot be a file or folder name inside the output folder; None when it can."""
    if not name or set(name) <= {"."}:
        return "it is only dots" if name else "it is empty"
    if name.startswith("."):
        return "it starts with a dot, as hidden files and docgen's own .docgen folder do"
    refused = sorted(set(name) & _REFUSED)
    if refused:
        return "it holds " + " ".join(repr(char) for char in refused)
    if name != name.rstrip(". "):
        return "it ends with a dot or a space"
    if _RESERVED.fullmatch(name):
        return "Windows reserves it for a device"
    return None


def topic_slug(content_file: Path) -> str:
    """The slug of a content file; DocgenError when its name cannot name an output folder."""
    slug = content_file.stem
    why = unsafe_name(slug)
    if why:
        raise DocgenError([Problem(content_file, f'the file name "{slug}" cannot name a topic ({why})',
                                   hint="rename the file: its name (without .yaml) becomes the name of its "
                                        "output folder, e.g. unit-3-algebra.yaml")])
    return slug
