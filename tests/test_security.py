"""Every output treats content as untrusted text: nothing fetched, nothing run."""

from __future__ import annotations

import zipfile

import docx
from pypdf import PdfReader

from conftest import write_topic

HOSTILE = "<script>alert(1)</script> {{ 823*1001 }} {% include '/etc/passwd' %}"


def hostile_topic(port: int) -> str:
    image = f"<img src='http://127.0.0.1:{port}/x.png'>"
    return f"""
title: "{HOSTILE}"
summary: "{image} [file](file:///etc/passwd)"
compare:
  items: ["{image}", "B"]
  rows:
    - aspect: "{HOSTILE}"
      values: ["{image}", "![x](http://127.0.0.1:{port}/y.png)"]
terms:
  - term: Term
    definition: "{image}"
questions:
  - type: choice
    prompt: "{HOSTILE}"
    options: ["{image}", "Plain"]
    answer: Plain
  - type: short
    prompt: "[link](file:///etc/passwd) and [web](http://127.0.0.1:{port}/z)"
    answer: "{HOSTILE}"
"""


def test_no_output_fetches_anything_or_runs_templates(project, run_cli, listener):
    port, connections = listener
    write_topic(project, "hostile", hostile_topic(port))
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0, result.err
    folder = project / "output" / "hostile"
    assert connections == []
    typed = "<script>alert(1)</script> {{ 823*1001 }} {% include '/etc/passwd' %}"
    for name in ("handout.pdf", "worksheet.pdf", "answers.pdf", "cheatsheet.pdf"):
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(folder / name).pages)
        assert "<script>alert(1)</script>" in text, name
        assert "{{ 823*1001 }}" in text, name  # shown, not evaluated
        assert "root:x:0:0" not in text
        assert b"/EmbeddedFiles" not in (folder / name).read_bytes()
    for name in ("worksheet.docx", "answers.docx"):
        document = docx.Document(folder / name)
        text = "\n".join(p.text for p in document.paragraphs)
        assert typed in text or typed in document.core_properties.title, name
        with zipfile.ZipFile(folder / name) as archive:
            relations = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
        assert "file:" not in relations, name  # links only to the web, never to local files


def test_exports_keep_content_as_text_and_fetch_nothing(project, run_cli, listener):
    import re
    import sqlite3
    import xml.etree.ElementTree as ET

    port, connections = listener
    write_topic(project, "hostile", hostile_topic(port))
    result = run_cli(["build", "--jobs", "1", "--only", "moodle,qti,anki,quizlet,flashcards"], project)
    assert result.code == 0, result.err
    folder = project / "output" / "hostile"
    assert connections == []
    # The HTML fields (names and categories are plain text, shown escaped).
    texts = [element.findtext("text") or "" for element in ET.parse(folder / "quiz.moodle.xml").iter()
             if element.get("format") == "html"]
    with zipfile.ZipFile(folder / "quiz.qti.zip") as archive:
        for name in archive.namelist():
            texts += [element.text or "" for element in ET.fromstring(archive.read(name)).iter()
                      if element.get("texttype") == "text/html"]
    with zipfile.ZipFile(folder / "deck.apkg") as archive:
        (project / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(project / "collection.anki2") as database:
        texts += [fields for (fields,) in database.execute("SELECT flds FROM notes")]
    html = "\n".join(texts)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as typed
    assert not re.search(r"<(script|img)\b", html)  # never markup
    assert "file:" not in " ".join(re.findall(r'href="([^"]*)"', html))
    assert "{{ 823*1001 }}" in html and "823823" not in html  # six digits: never a port number in a URL
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(folder / "flashcards.pdf").pages)
    assert "<script>alert(1)</script>" in pdf
