"""An installed docgen works from any folder: templates and fonts ship in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys

from pypdf import PdfReader

from conftest import MINIMAL, REPO, write_topic


def test_wheel_carries_templates_and_builds_outside_the_repository(tmp_path, project):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, cwd=tmp_path)
    [wheel] = wheels.glob("docgen-*.whl")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    assert (site / "docgen" / "templates" / "handout.html").is_file()
    assert (site / "docgen" / "templates" / "fonts" / "DocgenSans-Regular.ttf").is_file()
    assert (site / "docgen" / "docs" / "content-format.md").is_file()
    assert (site / "docgen" / "docs" / "exports" / "README.md").is_file()  # `docgen help exports`
    assert (site / "docgen" / "preview" / "assets" / "preview.js").is_file()
    write_topic(project, "mini", MINIMAL)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = ("import docgen, sys; from docgen.cli import main; print('FROM', docgen.__file__); "
            "raise SystemExit(main(['build', '--only', 'handout,cheatsheet', '--jobs', '1']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"FROM {site}" in result.stdout
    assert len(PdfReader(project / "output" / "mini" / "cheatsheet.pdf").pages) == 1
    guide = subprocess.run([sys.executable, "-c", "from docgen.cli import main; main(['help', 'format'])"],
                           cwd=tmp_path, env={**env, "PYTHONSAFEPATH": "1"}, capture_output=True, text=True)
    assert guide.stdout.startswith("# Writing a topic for docgen"), guide.stdout + guide.stderr
