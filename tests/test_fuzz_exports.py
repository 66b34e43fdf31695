"""Fuzzing the exports: any valid topic exports into files their readers accept.

Random valid topics (see test_fuzz_input) through all five exports: the
Moodle XML must import with Moodle's rules (tests/moodle_reader.py) with one
question per worksheet question, the QTI package must open as a zip whose
XML parses, the Anki deck must hold its collection, cards.tsv one card a
line, flashcards.pdf open. The one allowed failure is docgen's own: a card
text too long for a card even at 9 pt.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import given
from pypdf import PdfReader

from docgen.content.errors import DocgenError
from docgen.export.cards import study_cards
from docgen.registry import get_output
from moodle_reader import read_quiz
from test_fuzz_input import topic_data
from test_fuzz_render import RENDER_SETTINGS, valid_job

EXPORTS = ("moodle", "qti", "anki", "quizlet", "flashcards")


@given(data=topic_data(clean=True))
@RENDER_SETTINGS
def test_every_valid_topic_exports_into_files_their_readers_accept(fuzz_project, data):
    job = valid_job(fuzz_project, data)
    topic = job.topic
    files: dict[str, bytes] = {}
    for name in EXPORTS:
        try:
            files.update(get_output(name).render(job))
        except DocgenError as error:
            assert name == "flashcards", error
            assert "even at 9 pt" in error.problems[0].message
    questions = len(job.worksheet.questions)
    cards = len(study_cards(topic, job.labels))
    assert ("quiz.moodle.xml" in files) == ("quiz.qti.zip" in files) == (questions > 0)
    if questions:
        assert len(read_quiz(files["quiz.moodle.xml"])) == questions
        with zipfile.ZipFile(io.BytesIO(files["quiz.qti.zip"])) as archive:
            for name in archive.namelist():
                root = ET.fromstring(archive.read(name))
                if name != "imsmanifest.xml":
                    assert len(root.findall(".//{*}item")) == questions
    if cards or questions:
        with zipfile.ZipFile(io.BytesIO(files["deck.apkg"])) as archive:
            assert "collection.anki2" in archive.namelist()
    if cards:
        assert files["cards.tsv"].decode("utf-8").count("\n") == cards
        if "flashcards.pdf" in files:
            assert len(PdfReader(io.BytesIO(files["flashcards.pdf"])).pages) >= 2
