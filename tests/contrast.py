"""WCAG 2.1 contrast (1.4.3 and 1.4.11) and a small reader of docgen's stylesheets' colours."""

from __future__ import annotations

import re


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#RGB`` or ``#RRGGBB``."""
    hex_ = colour.lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(2 * c for c in hex_)
    r, g, b = (int(hex_[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(text: str, background: str, large: bool = False) -> bool:
    """4.5:1 for text, 3:1 for large text (18 pt, or 14 pt bold) and for controls."""
    return contrast(text, background) >= (3.0 if large else 4.5)


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def rules(css: str) -> list[tuple[str, str, dict[str, str]]]:
    """(media, selector, declarations) for every rule; media is "" or the @media condition.

    Jinja lines (``{% ... %}``) are dropped; @font-face and @page rules hold no text colours.
    """
    css = re.sub(r"\{%.*?%\}", "", _COMMENT.sub("", css))
    found: list[tuple[str, str, dict[str, str]]] = []

    def parse(text: str, media: str) -> None:
        position = 0
        while (opening := text.find("{", position)) >= 0:
            head, depth, end = text[position:opening].strip(), 1, opening + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            body = text[opening + 1:end - 1]
            if head.startswith("@media"):
                parse(body, head[len("@media"):].strip())
            elif not head.startswith("@"):
                declarations = {name.strip().lower(): value.strip() for name, _, value in
                                (part.partition(":") for part in body.split(";") if ":" in part)}
                found.extend((media, selector.strip(), declarations) for selector in head.split(","))
            position = end

    parse(css, "")
    return found


def resolve(value: str, tokens: dict[str, str]) -> str | None:
    """A colour value (``#hex``, ``var(--x)``, ``var(--x, #hex)``) as ``#hex``; None when not a colour."""
    value = value.replace("!important", "").strip()
    for _ in range(5):
        match = re.fullmatch(r"var\((--[\w-]+)(?:\s*,\s*(.+))?\)", value)
        if not match:
            break
        value = tokens.get(match.group(1), match.group(2) or "")
    if value.lower() in ("#fff", "white"):
        return "#FFFFFF"
    return value if re.fullmatch(r"#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}", value) else None


def tokens_of(css: str, media: str = "") -> dict[str, str]:
    """The custom properties of ``:root`` (in ``media``, on top of the plain ones)."""
    found: dict[str, str] = {}
    for wanted in ("", media) if media else ("",):
        for rule_media, selector, declarations in rules(css):
            if selector == ":root" and rule_media == wanted:
                found.update({k: v for k, v in declarations.items() if k.startswith("--")})
    return found
