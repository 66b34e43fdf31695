"""Shared fixtures: throwaway projects and an in-process CLI runner."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from docgen.cli import main

# Fuzzing budgets: "ci" by default, `--hypothesis-profile=deep` for a long manual run.
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "content" / "logistics-vs-operations.yaml"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run `docgen ARGS` in a folder, as a user would, and capture what it prints."""

    def run(args: list[str], cwd: Path) -> CliResult:
        monkeypatch.chdir(cwd)
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: docgen.yaml and a content folder."""
    (tmp_path / "content").mkdir()
    (tmp_path / "docgen.yaml").write_text("course: Test Course\nteacher: Ms Test\n", "utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Path:
    """One scratch project per module: hypothesis reruns a test body many times."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Fuzz course\nteacher: Fuzz\n", "utf-8")
    return root


def write_topic(project: Path, name: str, text: str) -> Path:
    path = project / "content" / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
    return path


MINIMAL = """
title: Logistics vs Operations Management
subject: Business Studies
summary: >
  Logistics moves and stores goods as demand requires; operations
  management designs and controls the whole process of production.
compare:
  items: [Logistics, Operations Management]
  rows:
    - aspect: Part of
      values: [Supply chain management, Business management]
questions:
  - type: true_false
    statement: Logistics is a segment under operations management.
    answer: true
"""


@pytest.fixture
def listener():
    """A local TCP listener that records every connection made to it.

    Yields ``(port, connections)``: content that names
    ``http://127.0.0.1:port/...`` must leave ``connections`` empty.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    connections: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connections.append(server.accept())
            except OSError:
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        yield server.getsockname()[1], connections
    finally:
        stop.set()
        thread.join()
        server.close()


def build_in(project: Path, args: list[str]) -> None:
    """`docgen ARGS` in ``project``, for module- and session-wide fixtures (no ``run_cli`` there)."""
    previous = Path.cwd()
    try:
        os.chdir(project)
        assert main(args) == 0
    finally:
        os.chdir(previous)


def project_with(root: Path, topics: dict[str, str], config: str | None = None) -> Path:
    """A scratch project at ``root`` holding ``topics`` (slug -> YAML) and, if given, docgen.yaml."""
    (root / "content").mkdir()
    for slug, text in topics.items():
        write_topic(root, slug, text)
    if config is not None:
        (root / "docgen.yaml").write_text(config, "utf-8")
    return root


needs_libreoffice = pytest.mark.skipif(not shutil.which("soffice"),
                                       reason="LibreOffice (soffice) is not installed; .ci/run installs it")


def libreoffice_pdf(document: Path, folder: Path) -> Path:
    """``document`` (.docx) as LibreOffice lays it out, converted to PDF in ``folder``."""
    return libreoffice_pdfs([document], folder)[0]


def libreoffice_pdfs(documents: list[Path], folder: Path) -> list[Path]:
    """``documents`` (.docx) as LibreOffice lays them out, converted to PDF in ``folder`` by one
    ``soffice`` call with the test session's profile: starting LibreOffice (and making a
    profile) is most of a conversion's time, so a test converts all its files at once."""
    sources = folder / "docx"
    sources.mkdir(parents=True, exist_ok=True)
    named = []
    for index, document in enumerate(documents):  # same names from different folders: one outdir
        link = sources / f"{index}-{document.name}"
        link.unlink(missing_ok=True)
        link.symlink_to(document.resolve())
        named.append(link)
    subprocess.run(["soffice", f"-env:UserInstallation={_office_profile().as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, named)],
                   check=True, capture_output=True, timeout=300)
    return [folder / (link.stem + ".pdf") for link in named]


@functools.cache
def _office_profile() -> Path:
    """One LibreOffice profile for the whole test session (its own: an office the user has
    open does not matter), removed at the end."""
    profile = Path(tempfile.mkdtemp(prefix="docgen-tests-office-"))
    atexit.register(shutil.rmtree, profile, True)
    return profile


@pytest.fixture(scope="session")
def example_output(tmp_path_factory) -> Path:
    """The repository's example project, built once into a scratch copy."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "docgen.yaml", root / "docgen.yaml")
    build_in(root, ["build", "--jobs", "1"])
    return root / "output" / "logistics-vs-operations"


A11Y_CORPUS = REPO / "tests" / "a11y"


@pytest.fixture(scope="session")
def a11y_corpus(tmp_path_factory) -> Path:
    """The accessibility corpus (tests/a11y) built with every output, edition and version,
    the booklet and a class pack: the output folder."""
    from PIL import Image

    root = tmp_path_factory.mktemp("a11y")
    images = root / "content" / "images"
    images.mkdir(parents=True)
    for topic in A11Y_CORPUS.glob("*.yaml"):
        shutil.copy(topic, root / "content" / topic.name)
    Image.new("RGB", (600, 400), (46, 139, 87)).save(images / "leaf.png")
    Image.new("RGB", (900, 60), (200, 200, 200)).save(images / "border.png")
    (root / "docgen.yaml").write_text(
        "course: Science 9\nteacher: Mr Lee\nlang: en\nversions: 2\nbooklet: true\n"
        "editions: [large-print, support]\n"
        "outputs: [handout, worksheet, answers, cheatsheet, flashcards, html]\n", "utf-8")
    (root / "class.csv").write_text("name\nAna Ruiz\nBen Okafor\n", "utf-8")
    build_in(root, ["build", "--jobs", "1", "--roster", "class.csv"])
    return root / "output"
