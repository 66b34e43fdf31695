"""Where a build spends its time: per-process totals by library.

The benchmark needs WeasyPrint's and python-docx's share of a build apart
from docgen's own; the renderers wrap those calls in ``timed`` and each
topic's result carries the totals back from its worker.
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

_totals: defaultdict[str, float] = defaultdict(float)


@contextmanager
def timed(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] += time.perf_counter() - started


def count(name: str, amount: float = 1) -> None:
    _totals[name] += amount


def take() -> dict[str, float]:
    """The totals since the last call, then start again from zero."""
    totals = dict(_totals)
    _totals.clear()
    return totals
