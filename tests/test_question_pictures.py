"""A picture above a question's prompt (format 1.1 `image`, `alt`, `width` on any question)."""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
from PIL import Image, ImageDraw

from conftest import write_topic

TOPIC = """
title: Pictures
questions:
  - type: short
    prompt: Label the diagonal of this rectangle.
    image: images/diagram.png
    alt: A rectangle with one diagonal.
    width: 60%
    answer: The diagonal
  - type: true_false
    statement: The box is labelled.
    image: images/shape.svg
    alt: A box with the words Label me.
    answer: true
"""


def pictures(project: Path) -> None:
    folder = project / "content" / "images"
    folder.mkdir(parents=True)
    image = Image.new("RGB", (900, 500), "white")
    ImageDraw.Draw(image).line([0, 0, 900, 500], fill="black", width=8)
    image.save(folder / "diagram.png")
    (folder / "shape.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
                                      '<rect x="5" y="5" width="190" height="90" fill="none" stroke="black"/>'
                                      "</svg>", "utf-8")


def test_question_pictures_print_in_the_pdf_and_the_word_file(project, run_cli):
    pictures(project)
    write_topic(project, "pics", TOPIC)
    result = run_cli(["build", "--only", "worksheet,answers", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert "question 2's SVG picture shows as its alt text in Word" in result.out
    folder = project / "output" / "pics"
    with pdfplumber.open(folder / "worksheet.pdf") as pdf:
        page = pdf.pages[0]
        (raster,) = page.images
        prompt = next(word for word in page.extract_words() if word["text"] == "Label")
        assert raster["bottom"] < prompt["top"]  # above the prompt
        text_width = page.width - (22 + 18 + 7) * 72 / 25.4
        assert abs((raster["x1"] - raster["x0"]) - 0.6 * text_width) < 3  # width: 60%
    for name in ("worksheet.docx", "answers.docx"):
        document = docx.Document(folder / name)
        assert len(document.inline_shapes) == 1, name
        assert "[A box with the words Label me.]" in "\n".join(p.text for p in document.paragraphs)


def test_a_question_picture_needs_its_alt_and_a_real_file(project, run_cli):
    write_topic(project, "pics", """
        title: T
        questions:
          - type: short
            prompt: P
            image: images/missing.png
          - type: short
            prompt: Q
            alt: a picture that is not there
        """)
    result = run_cli(["check"], project)
    assert result.code == 1
    assert 'question 1 (questions[0]): the key "alt" is missing' in result.err
    assert 'question 1 (questions[0].image): the image file "images/missing.png" does not exist' in result.err
    assert "question 2 (questions[1].alt): `alt` is for an image, but there is no `image`" in result.err
