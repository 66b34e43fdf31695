"""Text files as teachers save them: UTF-8 (with or without a BOM) or Windows-1252."""

from __future__ import annotations


def decode(data: bytes) -> str:
    """The text of ``data``; Windows-1252 (Excel and Notepad in Western Europe) when it is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_textual(data: bytes) -> bool:
    """Not a binary file: no NUL byte in its first kilobytes."""
    return b"\x00" not in data[:8192]
