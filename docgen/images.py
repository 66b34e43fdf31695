"""Pictures made ready for print: format, printed width, resolution.

Shared by every output that prints a picture (a section's image today, a
question's tomorrow): each is known by its path, alt text, width and key
path. A raster picture is never printed larger than at 150 dpi unless the
content asks for a width, and a picture that prints under 150 dpi is named
in a build note; GIF, WebP, BMP and TIFF are converted to PNG (WeasyPrint
embeds PNG, JPEG and SVG); an SVG's generic font families are mapped to the
house fonts instead of whatever the machine has.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from docgen.content.errors import KeyPath

PRINT_DPI = 150
SUFFIXES_OF = {"PNG": ("png",), "JPEG": ("jpg", "jpeg"), "GIF": ("gif",), "WEBP": ("webp",), "BMP": ("bmp",),
               "TIFF": ("tiff", "tif"), "SVG": ("svg",)}
NATIVE = ("PNG", "JPEG")  # what WeasyPrint embeds as is; the other rasters are converted to PNG
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|mm|cm|in|pt)\s*$")
PT_PER_UNIT = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0}
SVG_FAMILIES = {"sans-serif": '"docgen sans"', "serif": '"docgen serif"',
                "monospace": '"docgen sans"', "system-ui": '"docgen sans"'}


def parse_width(text: str) -> tuple[float, str] | None:
    """``60%`` -> (60.0, "%"), ``80mm`` -> (80.0, "mm"); None when it is not a size."""
    match = SIZE.match(text)
    return (float(match.group(1)), match.group(2)) if match else None


def width_problem(text: str) -> str | None:
    """What is wrong with a `width` value, or None (used by the content checks)."""
    parsed = parse_width(text)
    if parsed is None:
        return f'"{text}" is not a size'
    value, unit = parsed
    if value <= 0:
        return f'"{text}" is not a size larger than 0'
    if unit == "%" and value > 100:
        return f'"{text}" is wider than the page (at most 100%)'
    return None


def sniff(head: bytes) -> str | None:
    """The picture format from the file's first bytes (names can lie)."""
    signatures = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"BM": "BMP",
                  b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
    for signature, kind in signatures.items():
        if head.startswith(signature):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WEBP"
    if b"<svg" in head[:512]:
        return "SVG"
    return None


class PictureError(ValueError):
    """A file that looks like a picture but cannot be read (truncated, corrupt, too large)."""


@dataclass(frozen=True)
class Picture:
    """What a template needs to print one picture."""

    src: str  # a file or data: URL the PDF fetcher serves
    width_pt: float | None  # printed width; None: the template's own (an SVG's size)
    note: str | None = None  # for the build notes: printed under 150 dpi


def prepare(path: Path, width: str | None, area_pt: float, where: KeyPath, name: str,
            max_height_pt: float | None = None) -> Picture:
    """Make the picture at ``path`` printable in a text area ``area_pt`` wide (and at
    most ``max_height_pt`` tall: a tall picture is narrowed to keep its shape).

    ``name`` is the path as the teacher typed it, for the notes.
    """
    from PIL import Image

    data = path.read_bytes()
    kind = sniff(data[:512].lstrip())
    asked = _asked_pt(width, area_pt)
    label = ".".join(str(part) for part in where)
    if kind == "SVG":
        text = data.decode("utf-8", "replace")
        svg = _house_fonts(text)
        # Unchanged, it stays a file, so that pictures it links to resolve next to it.
        return Picture(path.resolve().as_uri() if svg == text else _data_url("image/svg+xml", svg.encode("utf-8")),
                       asked)
    note = None
    try:
        with Image.open(io.BytesIO(data)) as image:
            pixels, tall = image.size
            if kind in NATIVE:
                image.verify()  # WeasyPrint would otherwise fail on it, or leave a hole
                src = path.resolve().as_uri()
            else:
                buffer = io.BytesIO()
                image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB") \
                    .save(buffer, "PNG")
                src = _data_url("image/png", buffer.getvalue())
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise PictureError(f'cannot read the picture "{name}": {error}') from None
    natural = pixels / PRINT_DPI * 72  # widest print at 150 dpi
    printed = asked if asked is not None else min(natural, area_pt)
    if max_height_pt is not None and printed * tall / pixels > max_height_pt:
        printed = max_height_pt * pixels / tall
    dpi = pixels / (printed / 72)
    if dpi < PRINT_DPI - 0.5:
        note = (f'{label}: "{name}" prints at {dpi:.0f} dpi, under the {PRINT_DPI} dpi a sharp print '
                f"needs; use a picture at least {round(printed / 72 * PRINT_DPI)} pixels wide, or a smaller width")
    return Picture(src, printed, note)


def _asked_pt(width: str | None, area_pt: float) -> float | None:
    parsed = parse_width(width) if width else None
    if parsed is None:
        return None
    value, unit = parsed
    return min(area_pt * value / 100 if unit == "%" else value * PT_PER_UNIT[unit], area_pt)


def _house_fonts(svg: str) -> str:
    """Generic font families in an SVG name the house fonts (else the machine picks, e.g. DejaVu)."""
    def swap(match: re.Match) -> str:
        families = [family.strip() for family in match.group(2).split(",")]
        mapped = [SVG_FAMILIES.get(family.strip("'\"").lower(), family) for family in families]
        if not any(family.startswith('"docgen') for family in mapped):
            mapped.append('"docgen sans"')
        return match.group(1) + ", ".join(mapped).replace('"', "'") + match.group(3)
    svg = re.sub(r'(font-family\s*=\s*")([^"]*)(")', swap, svg)
    svg = re.sub(r"(font-family\s*:\s*)([^;\"}]*)(;|\"|})", swap, svg)
    root = re.search(r"<svg\b[^>]*>", svg)
    if root and "<text" in svg and "font-family" not in root.group(0):  # text with no family of its own
        svg = svg[:root.start() + 4] + " font-family=\"'docgen sans'\"" + svg[root.start() + 4:]
    return svg


def _data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def picture_bytes(src: str) -> bytes | None:
    """The raster a ``Picture.src`` points at (a file or a converted PNG); None for SVG."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        return None if "svg" in header else base64.b64decode(payload)
    path = Path(unquote(urlparse(src).path))
    return None if path.suffix.lower() == ".svg" else path.read_bytes()
