"""The bad-input corpus: every broken file gets a clear message, never a crash.

Each case in ``tests/bad/`` is either

* ``NAME.yaml`` — a content file, copied into a fresh project as
  ``content/NAME.yaml`` beside a good topic (``content/good.yaml``), or
* ``NAME/`` — a whole project (``docgen.yaml``, ``content/x.yaml``, maybe
  ``templates/``) whose configuration is broken,

and ``NAME.expected`` is the exact text docgen prints on stderr, with paths
relative to the project. An ``.expected`` that is empty or holds only warnings
means the input must be accepted and build. Images the cases refer to come from ``tests/bad/_assets``
(copied to ``content/images/``); what cannot live in git (a symlink leading
out of the project, a 50 MB file) is made at run time by ``SETUP`` below.

Regenerate the goldens after changing a message, then read every diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_bad_inputs.py
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import MINIMAL

BAD = Path(__file__).resolve().parent / "bad"
ASSETS = BAD / "_assets"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
HUGE_BYTES = 50 * 1024 * 1024

# Cases that go through `docgen build` (a real render of the good neighbour);
# every other case runs `docgen check`.
BUILD = {
    "yaml-unclosed-bracket", "yaml-tab-indentation", "yaml-duplicate-key", "missing-title",
    "choice-answer-not-option", "compare-wrong-number-of-values", "image-missing",
    "image-symlink-outside", "image-not-an-image", "non-utf8", "utf8-bom", "python-object-tag",
    "config-unknown-paper", "template-syntax-error", "choice-option-split-by-comma",
    "config-paper-lower-case", "content-extension-in-capitals", "compare-value-split-by-comma",
}
# Cases a limit must stop early: the whole `docgen check` within this many seconds of CPU
# (this process's own time, so a loaded machine does not fail it; an unbounded alias bomb takes minutes).
FAST = {"alias-bomb": 2.0, "file-too-large": 1.0, "yaml-deep-nesting": 1.0}


def _symlink_outside(project: Path) -> None:
    link = project / "content" / "images" / "link-to-outside.png"
    link.symlink_to(project.parent / "outside" / "secret.png")


def _huge_file(project: Path) -> None:
    """A 50 MB content file, written for real (not sparse) and never committed."""
    block = ("  - term: Logistics\n    definition: Moving and storing goods.\n" * 1000).encode()
    with (project / "content" / "file-too-large.yaml").open("wb") as handle:
        handle.write(b"title: Too large\nterms:\n")
        while handle.tell() < HUGE_BYTES:
            handle.write(block)


SETUP: dict[str, Callable[[Path], None]] = {
    "image-symlink-outside": _symlink_outside,
    "file-too-large": _huge_file,
}


def _inputs() -> set[str]:
    """Content files, project folders, and files generated at run time."""
    return {path.stem for path in BAD.glob("*.yaml")} | \
        {path.name for path in BAD.iterdir() if path.is_dir() and not path.name.startswith("_")} | \
        {"file-too-large"}


def _goldens() -> set[str]:
    return {path.stem for path in BAD.glob("*.expected")}


def _cases() -> list[str]:
    return sorted(_inputs() | _goldens())


def test_the_corpus_is_complete():
    """Every input has a golden and every golden has an input (or a generator)."""
    inputs, goldens = _inputs(), _goldens()
    assert inputs == goldens, f"without golden: {inputs - goldens}; without input: {goldens - inputs}"
    assert len(inputs) >= 32


def _make_project(tmp_path: Path, name: str) -> tuple[Path, Path | None]:
    """A fresh project for one case; returns (root, the case's content file or None)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes((ASSETS / "photo.png").read_bytes())
    root = tmp_path / "project"
    if (BAD / name).is_dir():
        shutil.copytree(BAD / name, root)
        target = None
    else:
        (root / "content").mkdir(parents=True)
        (root / "docgen.yaml").write_text("course: Test Course\nteacher: Ms Test\n", "utf-8")
        (root / "content" / "good.yaml").write_text(MINIMAL.lstrip("\n"), "utf-8")
        target = root / "content" / f"{name}.yaml"
        if (BAD / f"{name}.yaml").is_file():
            shutil.copyfile(BAD / f"{name}.yaml", target)
    shutil.copytree(ASSETS, root / "content" / "images")
    if name in SETUP:
        SETUP[name](root)
    return root, target


@pytest.mark.parametrize("name", _cases())
def test_bad_input(name: str, tmp_path: Path, run_cli):
    root, content_file = _make_project(tmp_path, name)
    expected_file = BAD / f"{name}.expected"
    args = ["build", "--only", "handout", "--jobs", "1"] if name in BUILD else ["check"]

    started = time.process_time()
    result = run_cli(args, root)
    seconds = time.process_time() - started
    (root / "content" / "file-too-large.yaml").unlink(missing_ok=True)  # 50 MB: not kept in tmp

    if UPDATE:
        expected_file.write_text(result.err, "utf-8")
    expected = expected_file.read_text("utf-8")
    accepted = all(": warning: " in line for line in expected.splitlines()
                   if not line.startswith("    hint: "))

    assert "Traceback" not in result.out + result.err
    assert result.err == expected
    assert result.code == (0 if accepted else 1), result.out + result.err
    assert seconds < FAST.get(name, 30.0), f"took {seconds:.1f} s"
    assert not (root / "hacked.txt").exists(), "a YAML tag ran a command"

    slug = content_file.stem if content_file else "x"
    built = root / "output" / slug
    if accepted:
        assert (built / "handout.pdf").is_file()
    else:
        assert not built.exists(), f"{built} was written for a topic that failed"
    if content_file is None:
        return
    # The good topic beside the broken one is unaffected.
    if args[0] == "build":
        assert (root / "output" / "good" / "handout.pdf").is_file()
        assert "built   content/good.yaml" in result.out
    else:
        assert "ok      content/good.yaml" in result.out


@pytest.mark.parametrize("name", _cases())
def test_golden_messages_follow_the_style(name: str):
    """`path:line:col: key.path: what is wrong` and an indented hint under every message."""
    text = (BAD / f"{name}.expected").read_text("utf-8")
    lines = text.splitlines()
    messages = [line for line in lines if not line.startswith(("failed  ", "    hint: "))]
    for index, line in enumerate(lines):
        if line in messages:
            assert index + 1 < len(lines) and lines[index + 1].startswith("    hint: "), \
                f"no hint under: {line}"
            assert line.split(":", 1)[0].endswith((".yaml", ".html")), f"no file named: {line}"
    for banned in ("NoneType", "dict", "Traceback", "pydantic", "<block", "<scalar>", "str "):
        assert banned not in text, f"{banned!r} in the message of {name}"
