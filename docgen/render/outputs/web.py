"""The `html` output: the handout and the worksheet as web pages for screen readers,
phones and zoom (format 1.2: ``handout.html``, ``worksheet.html``).

Each page is one self-contained file: its fonts (subset to the characters
the page uses), pictures and styles are inside it as data: URLs and a
<style> element, so it opens from a USB stick or a learning platform with
nothing fetched. Maths is MathML, which screen readers speak. The worksheet
is a form a student fills in with the keyboard alone; it holds no answers
(there is no web answer key). docs/accessibility.md says what is guaranteed.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from docgen.fonts import FontSetup, font_setup
from docgen.images import Picture
from docgen.markdown import math_as, plain_text
from docgen.render.job import RenderJob
from docgen.render.outputs.handout import section_pictures
from docgen.render.writers.html.from_template import render_html
from docgen.render.measure import question_pictures

TEMPLATES = ("web-*.html", "web.css", "fonts.css", "handout.html", "worksheet.html", "worksheet-blocks.html",
             "worksheet-scan.html",
             "page.html", "custom.css", "edition-*.css", "fonts/")


def data_url(src: str) -> str:
    """A picture's address as a data: URL (a file URL is read; a data: URL stays)."""
    if src.startswith("data:"):
        return src
    path = Path(unquote(urlparse(src).path))
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_pictures(pictures: dict[int, Picture]) -> dict[int, Picture]:
    return {key: Picture(data_url(picture.src), picture.width_pt) for key, picture in pictures.items()}


def web_fonts(job: RenderJob, text: str) -> FontSetup:
    """The sans faces (the project's or Carlito) and fallbacks, subset to ``text``'s characters,
    as data: URLs; fonts.css writes their @font-face rules as for the PDFs.

    A web page reads best in the sans face; the whole families would make
    each page several megabytes, the subsets a few dozen kilobytes each.
    """
    config = job.project.config
    setup = font_setup(job.project.root, config.fonts, job.project.templates_dir)
    characters = "".join(sorted(set(text) | {chr(code) for code in range(0x20, 0x7F)}))
    faces = [dataclasses.replace(face, url="data:font/ttf;base64," +
                                 _subset(unquote(urlparse(face.url).path), characters))
             for face in setup.faces if face.family in setup.ui]
    return FontSetup(faces, setup.ui, setup.ui)


@lru_cache(maxsize=64)
def _subset(path: str, characters: str) -> str:
    """The font at ``path`` with only ``characters``, base64 (the same page asks twice: once cached)."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "timestamp seems very low" for Carlito
    font = TTFont(path)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # screens of today smooth outlines themselves
    for table in ("GSUB", "GPOS", "GDEF"):  # kerning, ligatures: seconds to subset, little on screen
        if table in font:
            del font[table]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def page_characters(job: RenderJob) -> str:
    """Every character a page of the topic can show: its file, the project's settings
    (course, teacher), the labels and the date. One subset then serves every page,
    version and edition of the topic."""
    config_file = job.project.root / "docgen.yaml"
    texts = [job.topic_file.path.read_text("utf-8"), *job.labels.texts.values(), job.date or "",
             config_file.read_text("utf-8") if config_file.is_file() else ""]
    return "".join(texts)


def _page(job: RenderJob, template: str, **context: object) -> bytes:
    with math_as("mathml"):
        html = render_html(job, template, fonts=web_fonts(job, page_characters(job)), **context)
    return html.encode("utf-8")


def render(job: RenderJob) -> dict[str, bytes]:
    files = {"handout.html": _page(job, "web-handout.html", pictures=inline_pictures(section_pictures(job)),
                                   description=plain_text(job.topic.summary))}
    if not job.worksheet.questions:
        job.notes.append("worksheet.html: skipped, the topic has no questions")
        return files
    for version in job.versions():
        stem = f"worksheet-{version.version}" if version.version else "worksheet"
        files[f"{stem}.html"] = _page(version, "web-worksheet.html", worksheet=version.worksheet, answers=False,
                                      line_pitch_mm=version.worksheet.line_pitch_mm,
                                      pictures=inline_pictures(question_pictures(version)),
                                      scan=False)  # a web form is never scanned
    return files


def setup(app) -> None:
    app.add_output("html", render, templates=TEMPLATES)
