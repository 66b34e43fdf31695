"""Pictures made printable for a PDF (sections of the handout, questions of the worksheet)."""

from __future__ import annotations

from docgen.content.errors import DocgenError, KeyPath, Problem
from docgen.images import Picture, PictureError, prepare
from docgen.render.job import RenderJob

PAGE_WIDTH_MM = {"A4": 210.0, "letter": 215.9}


def printable_picture(job: RenderJob, image: str, width: str | None, where: KeyPath, output: str,
                      area_mm: float, max_height_mm: float) -> Picture:
    """``image`` (as the teacher typed it) ready to print ``area_mm`` wide at most; a note when blurred."""
    try:
        picture = prepare(job.topic_file.path.parent / image, width, area_mm * 72 / 25.4, where + ("image",),
                          image, max_height_pt=max_height_mm * 72 / 25.4)
    except PictureError as error:
        raise DocgenError([Problem(job.topic_file.path, str(error), key_path=where + ("image",),
                                   hint="open it in an image editor and save it again as PNG or JPEG")]) from None
    if picture.note:
        job.notes.append(f"{output}: {picture.note}")
    return picture
