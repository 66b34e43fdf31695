"""Which fonts set the text, and whether every character has one.

A character that no font has prints as an empty box ("tofu") and nothing
in WeasyPrint or Word says so. Before a topic is rendered, every character
it will print is looked up in the fonts that can set it: the bundled fonts
(or the project's ``fonts:``), then every font fontconfig knows, which is
where Pango falls back to for a missing glyph. Font tables are read once
per process.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from docgen.root import resource_root

# The bundled fonts of each role (templates/fonts/, declared in fonts.css) and
# the CSS family each role's files are declared as.
BUNDLED = {
    "serif": ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"),
    "sans": ("DocgenSans-Regular.ttf", "DocgenSans-Bold.ttf", "DocgenSans-Italic.ttf",
             "DocgenSans-BoldItalic.ttf"),
}
FAMILIES = {"serif": "docgen serif", "sans": "docgen sans"}
# Never drawn with a glyph: line breaks, tabs, joiners, directional marks.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


class FontFileError(Exception):
    """A file that is not a font docgen can read."""


def _open(path: Path) -> TTFont:
    try:
        return TTFont(str(path), lazy=True, fontNumber=0)
    except (TTLibError, OSError, ValueError, AssertionError) as error:
        raise FontFileError(f"it is not a TrueType or OpenType font ({error})") from None


@lru_cache(maxsize=None)
def font_family(path: Path) -> str:
    """The family name a document names the font by (typographic family, else family)."""
    font = _open(path)
    names = font["name"] if "name" in font else None
    name = names and (names.getDebugName(16) or names.getDebugName(1))
    if not name:
        raise FontFileError("the font has no family name")
    return name


@lru_cache(maxsize=None)
def font_style(path: Path) -> tuple[int, str]:
    """(CSS weight, ``normal`` or ``italic``) from the font's OS/2 table."""
    font = _open(path)
    if "OS/2" not in font:
        return 400, "normal"
    table = font["OS/2"]
    return table.usWeightClass or 400, "italic" if table.fsSelection & 1 else "normal"


@lru_cache(maxsize=None)
def font_characters(path: Path) -> frozenset[int]:
    font = _open(path)
    return frozenset(font.getBestCmap() or ())


@lru_cache(maxsize=1)
def system_characters() -> frozenset[int]:
    """Every code point some font known to fontconfig has (``fc-list``'s charsets).

    Honours FONTCONFIG_FILE and the rest of fontconfig's environment, as
    Pango does when it looks for a fallback font.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        listing = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    points: set[int] = set()
    for token in listing.split():
        first, _, last = token.partition("-")
        try:
            points.update(range(int(first, 16), int(last or first, 16) + 1))
        except ValueError:
            continue
    return frozenset(points)


def font_files(root: Path, fonts, role: str, templates: Path | None = None) -> list[Path]:  # noqa: ANN001
    """The files that set a role: the project's ``fonts:``, else the bundled ones (a
    file of the same name in the project's templates/fonts/ replaces a bundled one)."""
    own = fonts.files(role) if fonts else []
    if own:
        return [(root / name).resolve() for name in own]
    folders = [folder / "fonts" for folder in (templates, resource_root()) if folder]
    return [next((folder / name for folder in folders if (folder / name).is_file()), folders[-1] / name)
            for name in BUNDLED.get(role, ())]


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule of fonts.css."""

    family: str
    url: str
    weight: int | None = None  # None: the face serves every weight and style (fallbacks)
    style: str | None = None


@dataclass(frozen=True)
class FontSetup:
    """What fonts.css declares: the faces, and the family stacks of text and UI."""

    faces: list[FontFace]
    text: list[str]  # --font-text: the serif, then the fallbacks
    ui: list[str]  # --font-ui: the sans, then the fallbacks


def font_setup(root: Path, fonts, templates: Path | None = None) -> FontSetup:  # noqa: ANN001
    """The faces of serif and sans (project or bundled), then of the fallbacks.

    A project's font gets a family name of its own (``docgen sans 1a2b3c4d``,
    from its path and modification time): WeasyPrint keeps every face it was
    given for the life of the process, and a long-running process (tests,
    ``docgen watch`` with one job) must not set text in a font that docgen.yaml
    no longer names.
    """
    faces, families = [], {}
    for role, family in FAMILIES.items():
        paths = font_files(root, fonts, role, templates)
        own = bool(fonts and fonts.files(role))
        families[role] = f"{family} {_tag(paths)}" if own else family
        for path in paths:
            weight, style = font_style(path)
            faces.append(FontFace(families[role], path.as_uri(), weight, style))
    fallbacks = []
    for index, path in enumerate(font_files(root, fonts, "fallback"), start=1):
        fallbacks.append(f"docgen fallback {index} {_tag([path])}")
        faces.append(FontFace(fallbacks[-1], path.as_uri()))
    return FontSetup(faces, [families["serif"], *fallbacks], [families["sans"], *fallbacks])


def _tag(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
    return digest.hexdigest()[:8]


def missing_characters(text: set[str], root: Path, fonts) -> list[str]:  # noqa: ANN001
    """The characters of ``text`` that no font can set, in code point order."""
    wanted = {char for char in text
              if not char.isspace() and unicodedata.category(char) not in _INVISIBLE}
    for role in ("serif", "sans", "fallback"):
        for path in font_files(root, fonts, role):
            wanted = {char for char in wanted if ord(char) not in font_characters(path)}
            if not wanted:
                return []
    system = system_characters()
    return sorted((char for char in wanted if ord(char) not in system), key=ord)
