"""Maintainers: derive the bundled sans (templates/fonts/DocgenSans-*.ttf) from Carlito.

Carlito (metric-compatible with Calibri, as in the Word files) has the narrow
no-break space U+202F and the thin space U+2009 but no no-break space
U+00A0. Pango sets a missing U+00A0 with the space glyph, so the layout is
right, but the PDF text layer then holds a plain space: copy-paste and search
lose the no-break space French typography puts before ":" and inside « ».
This script adds a glyph of its own for U+00A0 (a copy of the space: empty,
same advance), so the text layer maps it back to U+00A0.

Carlito's licence (SIL OFL 1.1) allows modified versions, but "Carlito" is a
Reserved Font Name: a modified version may not be called so. The derived
family is "Docgen Sans"; the copyright and licence notices are kept.

    python tools/docgen_sans.py /usr/share/fonts/truetype/crosextra templates/fonts

reads Carlito-{Regular,Bold,Italic,BoldItalic}.ttf from the first folder and
writes DocgenSans-*.ttf into the second. The output is byte-for-byte the same
for the same input (no timestamp is recalculated).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
ADDED = {0x00A0: "uni00A0"}  # code point -> new glyph, a copy of "space"
RESERVED, FAMILY, POSTSCRIPT = "Carlito", "Docgen Sans", "DocgenSans"
NAMES = (1, 3, 4, 16, 18, 21)  # family, unique id, full, typographic, compatible and WWS family names
NOTE = (" Docgen Sans is a Modified Version of Carlito (SIL OFL 1.1): a glyph of its own for U+00A0 "
        "NO-BREAK SPACE, renamed as the licence requires for a Reserved Font Name.")


def derive(source: Path, target: Path) -> None:
    font = TTFont(str(source), recalcTimestamp=False)
    order = font.getGlyphOrder()
    for code, name in ADDED.items():
        font["glyf"].glyphs[name] = copy.deepcopy(font["glyf"]["space"])
        font["hmtx"].metrics[name] = font["hmtx"].metrics["space"]
        if "hdmx" in font:
            for widths in font["hdmx"].hdmx.values():
                widths[name] = widths["space"]
        if "LTSH" in font:
            font["LTSH"].yPels[name] = font["LTSH"].yPels["space"]
        order.append(name)
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[code] = name
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    for record in font["name"].names:  # the notices (copyright, trademark, licence) stay as they are
        text = record.toUnicode()
        if record.nameID == 10:  # the description
            record.string = text + NOTE
        elif record.nameID == 6:  # the PostScript name
            record.string = text.replace(RESERVED, POSTSCRIPT)
        elif record.nameID in NAMES:
            record.string = text.replace(RESERVED, FAMILY)
    font.save(str(target))


def main(source_dir: Path, target_dir: Path) -> None:
    for style in STYLES:
        derive(source_dir / f"{RESERVED}-{style}.ttf", target_dir / f"{POSTSCRIPT}-{style}.ttf")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
