"""Pictures that travel inside an export: read safely, named by their content.

A question's picture is embedded in the file (base64 in Moodle XML, a file
in the QTI zip and the Anki package). It is read again here, not trusted
from the layout: it must still be a regular file inside the project. Its
name in the export is a hash of its bytes plus its extension, so two topics'
``diagram.png`` never overwrite each other in Moodle's or Anki's media store,
and a rebuilt export names an unchanged picture the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from docgen.content.errors import DocgenError, Problem
from docgen.layout.blocks import Figure

TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Media:
    name: str  # content hash + extension
    data: bytes
    alt: str
    width: str | None

    def img(self, src_prefix: str) -> str:
        """The <img> for a question text; ``src_prefix`` is where the system keeps the file."""
        style = f"max-width: 100%; width: {escape(self.width)}" if self.width else "max-width: 100%"
        return f'<p><img src="{src_prefix}{self.name}" alt="{escape(self.alt)}" style="{style}"></p>'


def read_media(figure: Figure, project_root: Path, content_file: Path) -> Media:
    path = figure.path.resolve()
    if not path.is_relative_to(project_root.resolve()) or not path.is_file() or path.suffix.lower() not in TYPES:
        raise DocgenError([Problem(content_file, f'the picture "{figure.path}" is not a PNG, JPEG or SVG '
                                                 "file inside the project", hint="keep question pictures "
                                                 "in the project folder, e.g. content/images/")])
    data = path.read_bytes()
    name = hashlib.sha256(data).hexdigest()[:16] + path.suffix.lower()
    return Media(name, data, figure.alt, figure.width)
