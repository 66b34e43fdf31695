"""Editions are an extension point: a new edition is one module with ``setup(app)``, and no
edition's name is tested outside its own module in docgen/layout/editions/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber

from conftest import MINIMAL, REPO, write_topic

# The whole edition: a layout transform (twice the answer lines, a note under the instructions)
# and a style hook (inline CSS that prints a mark after every page's title).
PLUGIN = '''
import dataclasses

from docgen.layout.blocks import Lines
from docgen.layout.editions import Edition


class WideMargin(Edition):
    name = "wide-margin"
    css = 'h1::after { content: " [wide margin]"; }'

    def transform(self, layout, labels, seed):
        def roomier(block):
            return dataclasses.replace(block, count=block.count * 2) if isinstance(block, Lines) else block

        questions = [dataclasses.replace(question, blocks=tuple(roomier(block) for block in question.blocks))
                     for question in layout.questions]
        return dataclasses.replace(layout, questions=questions,
                                   instructions=layout.instructions + " Write in the wide margin too.")


def setup(app):
    app.add_edition(WideMargin())
'''

PYPROJECT = '''
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "docgen-wide-margin"
version = "1.0"

[project.entry-points."docgen.plugins"]
wide_margin = "docgen_wide_margin"
'''

LONG_QUESTION = """
  - type: long
    prompt: Explain how logistics supports operations.
    lines: 3
"""


def pdf_text(path: Path) -> str:
    """The words of every page, one space apart (a title may wrap)."""
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def answer_lines(path: Path) -> int:
    from docgen.render.writers.docx.styles import ANSWER_LINE

    return sum(1 for paragraph in docx.Document(str(path)).paragraphs if paragraph.style.name == ANSWER_LINE)


def test_an_edition_in_one_plugin_module_builds_every_print_output(tmp_path, project):
    source = tmp_path / "plugin"
    source.mkdir()
    (source / "pyproject.toml").write_text(PYPROJECT)
    (source / "docgen_wide_margin.py").write_text(PLUGIN)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(source)], check=True, capture_output=True)
    write_topic(project, "mini", MINIMAL + LONG_QUESTION)
    (project / "docgen.yaml").write_text("course: Test\neditions: [wide-margin]\n"
                                         "outputs: [handout, worksheet, answers, cheatsheet, moodle]\n")
    # docgen from this tree, the plugin from its own folder: as an installed plugin is found.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(site), str(REPO)))}

    def docgen(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=project, env=env,
                              capture_output=True, text=True, check=False)

    result = docgen("build", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    folder = project / "output" / "mini"
    edition = folder / "wide-margin"
    standard = sorted(path.name for path in folder.iterdir() if path.is_file())
    assert {"handout.pdf", "worksheet.pdf", "worksheet.docx", "answers.pdf", "cheatsheet.pdf",
            "quiz.moodle.xml"} <= set(standard)
    # Every print output again in the edition's folder; the quiz is the topic's own (editions=False).
    assert sorted(path.name for path in edition.iterdir()) == [name for name in standard if name != "quiz.moodle.xml"]
    # The style hook: on every PDF of the edition, not on the standard ones.
    for name in ("handout.pdf", "worksheet.pdf", "answers.pdf", "cheatsheet.pdf"):
        assert "[wide margin]" in pdf_text(edition / name), name
        assert "[wide margin]" not in pdf_text(folder / name), name
    # The transform: its instructions in the PDF and the Word file, twice the answer lines in Word.
    assert "Write in the wide margin too." in pdf_text(edition / "worksheet.pdf")
    word = "\n".join(paragraph.text for paragraph in docx.Document(str(edition / "worksheet.docx")).paragraphs)
    assert "Write in the wide margin too." in word
    assert answer_lines(edition / "worksheet.docx") == 2 * answer_lines(folder / "worksheet.docx") > 0
    # The registry lists the plugin's edition where docgen.yaml names an unknown one.
    (project / "docgen.yaml").write_text("course: Test\neditions: [wide-margn]\n")
    wrong = docgen("check")
    assert wrong.returncode != 0
    assert 'docgen.yaml:2:12: editions[0]: unknown edition "wide-margn"' in wrong.stderr
    assert ('did you mean "wide-margin"? available editions: large-print, support, wide-margin; '
            "others come from plugins") in wrong.stderr


def test_an_unknown_edition_in_docgen_yaml_is_a_clear_error(project, run_cli):
    write_topic(project, "mini", MINIMAL)
    (project / "docgen.yaml").write_text("course: Test\neditions:\n  - support\n  - large-prnt\n")
    result = run_cli(["check"], project)
    assert result.code != 0
    assert 'docgen.yaml:4:5: editions[1]: unknown edition "large-prnt"' in result.err
    assert ('hint: did you mean "large-print"? available editions: large-print, support; '
            "others come from plugins (see docs/extending.md)") in result.err


# An edition's name: its folder, its word in docgen.yaml, its module. "support" is an ordinary word:
# only where it is quoted is it a name tested.
EDITION_NAMES = re.compile(r"""large-print|large_print|["']support["']""")
EDITIONS_PACKAGE = REPO / "docgen" / "layout" / "editions"
# Where the names belong besides their own modules: the label catalogs (English and the .po files), an
# edition's own stylesheet, and the list of built-in extension modules.
ALLOWED = {REPO / "docgen" / "i18n" / "__init__.py"}


def _allowed(path: Path, line: str) -> bool:
    if path.is_relative_to(EDITIONS_PACKAGE) or path in ALLOWED or path.suffix in (".po", ".pot"):
        return True
    if path.parent == REPO / "templates" and path.name.startswith("edition-"):
        return True
    return path == REPO / "docgen" / "registry.py" and '"docgen.layout.editions.' in line


def test_no_edition_name_is_tested_outside_its_own_module():
    offenders = []
    for folder in (REPO / "docgen", REPO / "templates"):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix in (".pyc", ".mo", ".ttf", ".otf", ".woff", ".woff2", ".png"):
                continue
            for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
                if EDITION_NAMES.search(line) and not _allowed(path, line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "edition names outside docgen/layout/editions/:\n" + "\n".join(offenders)
