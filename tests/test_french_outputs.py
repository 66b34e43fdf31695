"""A French topic, every output: French spacing and French words, nothing left in English (#27)."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import write_topic
from docgen.cli import main

NBSP, NNBSP = "\u00a0", "\u202f"
TOPIC = """\
title: La Révolution
lang: fr
worksheet:
  versions: 2
sections:
  - heading: Les causes
    body: "Pourquoi ? Voici : « la crise » ; enfin !"
terms:
  - {term: Tiers état, definition: "Le peuple : paysans, artisans, bourgeois."}
questions:
  - type: short
    prompt: "Quand la Bastille est-elle prise ?"
    answer: "Le 14 juillet 1789 !"
    hint: "Pensez à la fête nationale !"
  - type: long
    prompt: "Pourquoi la monarchie tombe-t-elle ?"
    hint: "Pensez aux finances !"
  - type: blank
    text: "La [[Bastille]] est prise ; le [[roi]] fuit."
    word_bank: true
  - type: match
    pairs:
      - {left: "1789 ?", right: "Prise de la Bastille"}
      - {left: "1792 ?", right: "Proclamation de la République"}
      - {left: "1799 ?", right: "Coup d'État de Brumaire"}
"""
OUTPUTS = "handout,worksheet,answers,moodle,qti,anki,quizlet"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("fr")
    (project / "content").mkdir()
    (project / "docgen.yaml").write_text("course: Histoire\n", "utf-8")
    write_topic(project, "revolution", TOPIC)
    import os

    here = os.getcwd()
    os.chdir(project)
    try:
        assert main(["build", "--only", OUTPUTS, "--jobs", "1", "--quiet"]) == 0
    finally:
        os.chdir(here)
    return project / "output" / "revolution"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in Document(path).paragraphs)


def test_french_spacing_in_the_printed_outputs(built):
    handout = pdf_text(built / "handout.pdf")
    assert f"Pourquoi{NNBSP}? Voici{NBSP}: «{NBSP}la crise{NBSP}»{NNBSP}; enfin{NNBSP}!" in handout
    assert "Pourquoi ?" not in handout
    for name in ("worksheet-A.docx", "answers-B.docx"):
        assert f"prise{NNBSP}?" in docx_text(built / name), name
    assert f"1789{NNBSP}!" in docx_text(built / "answers-A.docx")
    assert f"prise{NNBSP}?" in pdf_text(built / "worksheet-A.pdf")


def test_french_spacing_and_words_in_the_exports(built):
    moodle = (built / "quiz.moodle.xml").read_text("utf-8")
    assert f"Question 1{NBSP}: Quand la Bastille est-elle prise{NNBSP}?" in moodle
    assert "Question 1: " not in moodle
    assert f"<text>Pensez à la fête nationale{NNBSP}!</text>" in moodle  # Moodle's own hint
    assert f"Indice{NBSP}: Pensez aux finances{NNBSP}!" in moodle  # an essay's hint, in its text
    with zipfile.ZipFile(built / "quiz.qti.zip") as package:
        qti = next(package.read(name).decode() for name in package.namelist() if name.endswith("revolution.xml"))
    assert f"prise{NNBSP}?" in qti and f"Indice{NBSP}:" in qti and "Hint" not in qti
    cards = (built / "cards.tsv").read_text("utf-8")
    assert f"Le peuple{NBSP}: paysans" in cards


def test_anki_note_types_and_word_bank_are_french(built, tmp_path):
    with zipfile.ZipFile(built / "deck.apkg") as package:
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
    database = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        import json

        [models] = database.execute("select models from col").fetchone()
        fronts = [row[0] for row in database.execute("select flds from notes")]
    finally:
        database.close()
    models = json.loads(models)
    fields = {field["name"] for model in models.values() for field in model["flds"]}
    cards = {template["name"] for model in models.values() for template in model["tmpls"]}
    assert {"Terme", "Définition", "Question", "Réponse", "Explication", "Indice", "Texte"} <= fields
    assert not fields & {"Term", "Definition", "Answer", "Hint", "Text"}
    assert {"Terme → définition", "Définition → terme"} <= cards and "Term → definition" not in cards
    assert any("{{hint:Indice}}" in template["qfmt"] for model in models.values() for template in model["tmpls"])
    assert any(f"Banque de mots{NBSP}: " in front for front in fronts)
    assert not any("Banque de mots: " in front for front in fronts)


def test_answers_grid_and_versions_csv_use_the_french_separator(built):
    grid = pdf_text(built / "answers-grid.pdf")
    assert f"Bastille{NNBSP}; roi" in grid or f"roi{NNBSP}; Bastille" in grid, grid
    assert "Bastille; roi" not in grid
    rows = list(csv.reader(io.StringIO((built / "versions.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["version", "number", "question", "answer"]
    blank = next(row for row in rows if "Bastille" in row[3])
    assert f"Bastille{NNBSP}; roi" == blank[3]


def test_a_label_around_html_fields_cannot_add_markup():
    from docgen.export.quiz import label_html
    from docgen.i18n import labels_for

    labels = labels_for("fr", {"hint_text": "<script>x</script> Indice : {hint}"})
    assert label_html(labels, "hint_text", hint="<em>pensez</em>") == \
        f"&lt;script&gt;x&lt;/script&gt; Indice{NBSP}: <em>pensez</em>"
