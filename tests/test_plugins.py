"""A separately installed package adds an output through the ``docgen.plugins``
entry points: its ``setup(app)`` registers it, as docgen's own modules do."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import MINIMAL, write_topic

PLUGIN = '''
def render(job):
    """One term a line; nothing when the topic has no terms."""
    if not job.topic.terms:
        return {}
    return {"words.txt": "".join(f"{term.term}\\n" for term in job.topic.terms).encode("utf-8")}


def setup(app):
    app.add_output("wordlist", render, templates=(), reads=("terms",), editions=False)
'''

PYPROJECT = '''
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "docgen-wordlist"
version = "1.0"

[project.entry-points."docgen.plugins"]
wordlist = "docgen_wordlist"
'''


def test_an_installed_plugin_output_builds(tmp_path, project):
    source = tmp_path / "plugin"
    source.mkdir()
    (source / "pyproject.toml").write_text(PYPROJECT)
    (source / "docgen_wordlist.py").write_text(PLUGIN)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(source)], check=True, capture_output=True)
    write_topic(project, "mini", MINIMAL + textwrap.dedent("""
        terms:
          - term: Logistics
            definition: Moving and storing goods.
          - term: Operations
            definition: Making goods and services.
        """))
    (project / "docgen.yaml").write_text("outputs: [handout, wordlist]\n")
    env = {**os.environ, "PYTHONPATH": str(site)}

    def docgen(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=project, env=env,
                              capture_output=True, text=True, check=False)

    result = docgen("build", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    folder = project / "output" / "mini"
    assert (folder / "words.txt").read_text() == "Logistics\nOperations\n"
    assert sorted(p.name for p in folder.iterdir()) == ["handout.pdf", "words.txt"]
    # A question edit is not an input of the word list (it reads only `terms`).
    path = project / "content" / "mini.yaml"
    stamp = (folder / "words.txt").stat().st_mtime_ns
    path.write_text(path.read_text().replace("a segment under", "a part of"))
    assert docgen("build").returncode == 0
    assert (folder / "words.txt").stat().st_mtime_ns == stamp
    # An unknown name lists what is installed, plugins included.
    wrong = docgen("build", "--only", "wordlst")
    assert wrong.returncode == 2
    assert "unknown output wordlst" in wrong.stderr
    assert ("available outputs: handout, worksheet, answers, cheatsheet, anki, flashcards, html, moodle, qti, quizlet, "
            "wordlist") in wrong.stderr
    # Without the plugin on the path, docgen.yaml's `outputs:` is a clear error.
    result = subprocess.run([sys.executable, "-m", "docgen", "build"], cwd=project, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1
    assert 'docgen.yaml:1:20: outputs[1]: unknown output "wordlist"' in result.stderr
    assert "Traceback" not in result.stderr
