"""docgen's quick start of WeasyPrint: same libraries, same bytes, no compilers spawned."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

from conftest import EXAMPLE
from docgen.render.writers.html import weasy

# Every name WeasyPrint 70 tries for its libraries, hits and misses, and a few common ones.
NAMES = ["libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
         "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz-subset-0", "harfbuzz-subset",
         "harfbuzz-vector", "harfbuzz-vector-0.0", "libfontconfig-1", "fontconfig-1", "fontconfig",
         "libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "c", "m", "z", "no-such-library"]


def test_the_quick_lookup_finds_what_ctypes_finds():
    assert ctypes.util.find_library is not weasy.find_library  # restored after WeasyPrint's import
    for name in NAMES:
        assert weasy.find_library(name) == ctypes.util.find_library(name), name


def test_importing_weasyprint_spawns_no_process():
    code = ("import subprocess, sys\n"
            "spawned = []\n"
            "real = subprocess.Popen.__init__\n"
            "def spy(self, args, *a, **k):\n"
            "    spawned.append(args); return real(self, args, *a, **k)\n"
            "subprocess.Popen.__init__ = spy\n"
            "import docgen.render.writers.html.printer\n"
            "print('SPAWNED', spawned)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "SPAWNED []" in result.stdout, result.stdout + result.stderr


def test_pdfs_are_byte_identical_with_and_without_the_array_shortcut(tmp_path, monkeypatch):
    import weasyprint.pdf.fonts as fonts

    from docgen.content.reader import read_topic
    from docgen.project import load_project
    from docgen.registry import get_output
    from docgen.render.job import RenderJob

    project = load_project(tmp_path)
    topic = read_topic(EXAMPLE, EXAMPLE.parent.parent)

    def render() -> dict[str, bytes]:
        files = {}
        for name in ("handout", "cheatsheet", "worksheet"):
            files.update(get_output(name).render(RenderJob(topic, project)))
        return {name: data for name, data in files.items() if name.endswith(".pdf")}

    calls = []
    shortcut = fonts.ffi
    assert isinstance(shortcut, weasy.ArraysOfAnyLength)
    monkeypatch.setattr(shortcut, "new", lambda cdecl, init=None: calls.append(cdecl) or
                        weasy.ArraysOfAnyLength.new(shortcut, cdecl, init))
    with_shortcut = render()
    assert any(call.startswith("hb_codepoint_t[") for call in calls)  # the shortcut was used
    monkeypatch.setattr(fonts, "ffi", shortcut.ffi)
    without = render()
    assert with_shortcut.keys() == without.keys() and len(without) == 3
    for name in without:
        assert with_shortcut[name] == without[name], name
