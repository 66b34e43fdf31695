"""WeasyPrint, imported without spawning compilers and subsetting fonts without
parsing a C type per glyph count.

Two costs every worker paid before its first page (measured on 2 cores):

- WeasyPrint tries several names for each native library (``libpango-1.0-0``,
  ``pango-1.0``, ...). cffi passes each name that does not load to
  ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then
  ``gcc``, then ``ld`` to look for it: about 22 calls and 0.14-0.26 s. Here the
  lookup reads the loader's own search path (``LD_LIBRARY_PATH``,
  ``/etc/ld.so.conf``, the default folders) once and answers from the file
  names, with the same answer ctypes gives (tests/test_weasy.py checks this).
- Font subsetting allocates arrays with ``ffi.new(f"hb_codepoint_t[{n}]",
  values)``; cffi parses and caches a new C type for every distinct ``n``
  (about 0.2 s a build). ``ffi.new("hb_codepoint_t[]", values)`` makes the
  same array from one parsed type.

Both belong upstream; docs/performance.md has the report.
"""

from __future__ import annotations

import ctypes.util
import glob
import os
import re
import sys
from contextlib import contextmanager
from functools import cache
from typing import Iterator


def _conf_folders(path: str, seen: set[str]) -> list[str]:
    """Folders listed in an ld.so.conf file, following its ``include`` lines."""
    if path in seen:
        return []
    seen.add(path)
    folders: list[str] = []
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("include "):
            pattern = line.split(None, 1)[1]
            if not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for included in sorted(glob.glob(pattern)):
                folders += _conf_folders(included, seen)
        elif line:
            folders.append(line)
    return folders


@cache
def _library_folders() -> tuple[str, ...]:
    folders = [f for f in os.environ.get("LD_LIBRARY_PATH", "").split(":") if f]
    folders += _conf_folders("/etc/ld.so.conf", set())
    folders += ["/lib", "/usr/lib", "/lib64", "/usr/lib64"]
    return tuple(dict.fromkeys(f for f in folders if os.path.isdir(f)))


_SHARED_LIBRARY = re.compile(r"lib(.+?)\.so(?:\.\d+)*")


@cache
def _libraries() -> dict[str, list[str]]:
    """Library name -> its files (``pango-1.0`` -> ``libpango-1.0.so.0``, ...), from the
    first folder of the search path that has it: each folder is listed once."""
    found: dict[str, list[str]] = {}
    for folder in _library_folders():
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        here: dict[str, list[str]] = {}
        for entry in entries:
            match = _SHARED_LIBRARY.fullmatch(entry)
            if match:
                here.setdefault(match[1], []).append(entry)
        for name, files in here.items():
            found.setdefault(name, files)
    return found


def find_library(name: str) -> str | None:
    """The file name the dynamic loader knows ``lib<name>`` by (``libpango-1.0.so.0``), or None.

    Like ``ctypes.util.find_library`` on Linux, without starting a process:
    the versioned name (the soname link) is preferred to the bare ``.so``
    link that only development packages install.
    """
    files = _libraries().get(name)
    if not files:
        return None
    versioned = [file for file in files if file != f"lib{name}.so"]
    return min(versioned or files, key=lambda file: (file.count("."), file))


@contextmanager
def _quick_find_library() -> Iterator[None]:
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


_SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class ArraysOfAnyLength:
    """cffi's FFI object, but ``new("T[n]", values)`` uses the one parsed type ``T[]``."""

    def __init__(self, ffi) -> None:
        self.ffi = ffi

    def __getattr__(self, name: str):
        return getattr(self.ffi, name)

    def new(self, cdecl: str, init=None):
        sized = _SIZED_ARRAY.fullmatch(cdecl)
        if sized and init is not None and len(init) == int(sized[2]):
            return self.ffi.new(f"{sized[1]}[]", init)
        return self.ffi.new(cdecl, init)


with _quick_find_library():
    import weasyprint  # noqa: E402 - imported here, inside the quick lookup, on purpose
    import weasyprint.pdf.fonts as _fonts  # noqa: E402

if not isinstance(_fonts.ffi, ArraysOfAnyLength):
    _fonts.ffi = ArraysOfAnyLength(_fonts.ffi)

__all__ = ["weasyprint", "find_library", "ArraysOfAnyLength"]
