"""`docgen grade`'s dependencies: a clear hint without them, never loaded by a build."""

from __future__ import annotations

import subprocess
import sys

import pytest

from docgen.content.errors import DocgenError


def test_without_the_grading_extra_the_hint_says_what_to_install(monkeypatch):
    import importlib.util

    from docgen.grade import require

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "cv2" else real(name, *a))
    with pytest.raises(DocgenError) as raised:
        require()
    problem = raised.value.problems[0]
    assert "opencv-python-headless" in problem.message and 'pip install "docgen[grade]"' in problem.hint


def test_a_build_never_imports_the_image_libraries():
    code = ("import sys, docgen.cli, docgen.render.outputs.worksheet, docgen.render.outputs.class_pack, docgen.scan; "
            "print(sorted(m for m in ('cv2', 'numpy', 'openpyxl', 'zxingcpp', 'segno') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_a_page_with_no_ink_at_all_is_taken_for_a_blank_back():
    pytest.importorskip("cv2")
    import numpy as np

    from docgen.grade.inputs import Scan
    from docgen.grade.reading import place

    blank = np.full((1650, 1170), 250, np.uint8)
    assert place(Scan("back.png", 0, blank), lambda code: "unused").blank
    marked = blank.copy()
    for y, x in ((60, 60), (60, 1080), (1560, 60), (1560, 1080)):  # corner marks, nothing readable
        marked[y:y + 30, x:x + 30] = 0
    lost = place(Scan("page.png", 0, marked), lambda code: "unused")
    assert not lost.blank and "QR code" in lost.reason
