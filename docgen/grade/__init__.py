"""`docgen grade`: scanned worksheets back as grades, marked copies and item analysis.

Imported only by `docgen grade` (OpenCV, NumPy and openpyxl are the
``grade`` extra). One module per step: ``inputs`` (PDFs and images to
grey pages), ``reading`` (corner marks, QR code, perspective),
``boxes`` (ink in each box, and what it means), ``plan`` (the printed
map and the worksheet plan the key uses), ``scoring``, ``reports``,
``marked``, ``analysis``, and ``run`` to tie them together. Nothing is
guessed silently: what the reading is not sure of goes to review.csv.
"""

from __future__ import annotations

from docgen.content.errors import DocgenError, Problem

NEEDS = (("cv2", "opencv-python-headless"), ("numpy", "numpy"), ("openpyxl", "openpyxl"), ("segno", "segno"))


def require() -> None:
    """A clear hint, not a traceback, when the grading extra is not installed."""
    import importlib.util

    missing = [package for module, package in NEEDS if importlib.util.find_spec(module) is None]
    if missing:
        raise DocgenError([Problem(None, f"docgen grade needs {', '.join(missing)}, which "
                                   f"{'is' if len(missing) == 1 else 'are'} not installed",
                                   hint='install docgen with its grading extra: pip install "docgen[grade]"')])
