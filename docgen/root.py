"""Where the project is: the folder holding docgen.yaml.

Kept apart from docgen.project (which validates docgen.yaml with pydantic)
so that a no-op build and `docgen --help` import nothing heavy.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAME = "docgen.yaml"


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding docgen.yaml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def resource_root() -> Path:
    """The built-in templates: inside the installed package, else the source tree's."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"
