"""Word's accessibility checker rules that python-docx controls, read from the XML of every
.docx of the accessibility corpus (each edition and version, worksheets and keys)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from contrast import contrast, readable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "dc": "http://purl.org/dc/elements/1.1/",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "v": "urn:schemas-microsoft-com:vml"}


def word_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.docx"))


def parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xml") and (name.startswith("word/") or name.startswith("docProps/"))}


@pytest.fixture(scope="module")
def documents(a11y_corpus):
    found = {path.relative_to(a11y_corpus).as_posix(): parts(path) for path in word_files(a11y_corpus)}
    assert len(found) == 2 * 3 * 4  # 2 topics, 3 editions, worksheet and key in versions A and B
    return found


def test_every_picture_has_alt_text_or_is_marked_decorative(documents):
    pictures = 0
    for name, xml in documents.items():
        for properties in xml["word/document.xml"].iterfind(".//wp:docPr", NS):
            pictures += 1
            decorative = properties.find(".//{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative")
            assert (properties.get("descr") or "").strip() or decorative is not None, name
    assert pictures >= 12  # the question picture in each of the photosynthesis files


def test_data_tables_repeat_their_header_row_and_layout_tables_say_so(documents):
    kinds = set()
    for name, xml in documents.items():
        for table in xml["word/document.xml"].iterfind(".//w:tbl", NS):
            look = table.find("w:tblPr/w:tblLook", NS)
            first_row = table.find("w:tr/w:trPr/w:tblHeader", NS) is not None
            if look.get(f"{{{W}}}firstRow") == "1":
                kinds.add("data")
                assert first_row, name
                assert table.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val"), name
            else:
                kinds.add("layout")
                assert not first_row, name
                assert table.find("w:tblPr/w:tblDescription", NS).get(f"{{{W}}}val"), name
    assert kinds == {"data", "layout"}


def test_headings_are_headings(documents):
    for name, xml in documents.items():
        styles = {style.get(f"{{{W}}}styleId"): style for style in xml["word/styles.xml"].iterfind("w:style", NS)}
        levels = []
        for paragraph in xml["word/document.xml"].iterfind(".//w:body/w:p", NS):
            style = paragraph.find("w:pPr/w:pStyle", NS)
            level = styles[style.get(f"{{{W}}}val")].find("w:pPr/w:outlineLvl", NS) if style is not None else None
            if level is not None:
                levels.append(int(level.get(f"{{{W}}}val")) + 1)
        assert levels[0] == 1 and levels.count(1) == 1, name  # one title, first
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), name  # no level skipped
        assert levels.count(2) >= 1, name


def test_title_and_language_are_set(documents):
    for name, xml in documents.items():
        core = xml["docProps/core.xml"]
        assert core.findtext("dc:title", namespaces=NS).strip(), name
        language = "es" if name.startswith("fotosintesis") else "en"
        assert core.findtext("dc:language", namespaces=NS) == language, name
        defaults = xml["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        assert defaults.get(f"{{{W}}}val").split("-")[0] == language, name


def test_no_text_in_floating_boxes(documents):
    for name, xml in documents.items():
        for part, root in xml.items():
            for forbidden in (".//wp:anchor", ".//w:txbxContent", ".//v:textbox", ".//w:framePr"):
                assert root.find(forbidden, NS) is None, (name, part, forbidden)


def _chain(styles: dict, style_id: str | None, tag: str):
    """A property (``w:rPr/w:color``) as the style or the styles it is based on set it."""
    while style_id in styles:
        style = styles[style_id]
        found = style.find(tag, NS)
        if found is not None:
            return found
        based = style.find("w:basedOn", NS)
        style_id = based.get(f"{{{W}}}val") if based is not None else None
    return None


def test_text_colours_meet_the_contrast_minimum(documents):
    """Every run's colour against the fill behind it (cell, paragraph, else white paper)."""
    checked = set()
    for name, xml in documents.items():
        styles = {style.get(f"{{{W}}}styleId"): style for style in xml["word/styles.xml"].iterfind("w:style", NS)}
        for part in [p for p in xml if re.match(r"word/(document|header\d*|footer\d*)\.xml", p)]:
            for paragraph in xml[part].iterfind(".//w:p", NS):
                paragraph_style = paragraph.find("w:pPr/w:pStyle", NS)
                paragraph_style = paragraph_style.get(f"{{{W}}}val") if paragraph_style is not None else "Normal"
                cell = paragraph.getparent()
                fill = cell.find("w:tcPr/w:shd", NS) if cell.tag == f"{{{W}}}tc" else None
                fill = fill if fill is not None else paragraph.find("w:pPr/w:shd", NS)
                fill = fill if fill is not None else _chain(styles, paragraph_style, "w:pPr/w:shd")
                background = fill.get(f"{{{W}}}fill") if fill is not None else "FFFFFF"
                background = "FFFFFF" if background in (None, "auto") else background
                for run in paragraph.iterfind("w:r", NS):
                    if not "".join(run.itertext()).strip():
                        continue
                    run_style = run.find("w:rPr/w:rStyle", NS)
                    colour = run.find("w:rPr/w:color", NS)
                    for source in ([run_style.get(f"{{{W}}}val")] if run_style is not None else []) + [paragraph_style]:
                        if colour is None:
                            colour = _chain(styles, source, "w:rPr/w:color")
                    value = colour.get(f"{{{W}}}val") if colour is not None else "000000"
                    value = "000000" if value == "auto" else value
                    checked.add((value, background))
                    assert readable(f"#{value}", f"#{background}"), \
                        (name, part, value, background, round(contrast(f"#{value}", f"#{background}"), 2))
    assert len(checked) >= 3  # body text, the accent answers, gray notes at least
