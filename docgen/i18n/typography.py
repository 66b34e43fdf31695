"""A language's typography: its quotation marks, and the spaces it puts beside punctuation.

French sets a narrow no-break space (U+202F) before ``;``, ``?`` and ``!``,
a no-break space (U+00A0) before ``:`` and inside guillemets « ».
Teachers type an ordinary space there (their keyboard has no other), which
a line can break at: "Pourquoi" at the end of one line, "?" alone at the
start of the next. The ordinary spaces typed there become the language's
spaces; nothing is added where no space was typed (``12:30``, ``http://``
stay as they are). One function, applied to the text of every Markdown
field (so every output, Word, PDF and exports, gets it) and to every label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NBSP, NNBSP = "\u00a0", "\u202f"

# Language (or language-region) -> (before these marks, this space). Canadian
# French keeps the space before ":" and inside « » only (Office québécois de
# la langue française).
_FRENCH = ((";?!", NNBSP), (":", NBSP))
RULES: dict[str, tuple[tuple[str, str], ...]] = {"fr": _FRENCH, "fr_ca": ((":", NBSP),)}
GUILLEMETS: dict[str, str] = {"fr": NBSP, "fr_ca": NBSP}  # the space inside « »


def _rules_of(lang: str) -> tuple[tuple[tuple[str, str], ...], str | None]:
    parts = lang.replace("-", "_").lower().split("_")
    for tag in ("_".join(parts[:2]), parts[0]):
        if tag in RULES:
            return RULES[tag], GUILLEMETS.get(tag)
    return (), None


@lru_cache(maxsize=32)
def _patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    rules, inside = _rules_of(lang)
    patterns = [(re.compile(f"[ \\t]+(?=[{re.escape(marks)}])"), space) for marks, space in rules]
    if inside:
        patterns += [(re.compile("(?<=«)[ \\t]+"), inside), (re.compile("[ \\t]+(?=»)"), inside)]
    return tuple(patterns)


def has_spacing(lang: str) -> bool:
    """Whether the language changes any space (most do not: their text is left alone)."""
    return bool(_patterns(lang))


def apply_spacing(text: str, lang: str) -> str:
    """``"Pourquoi ?"`` -> ``"Pourquoi\\u202f?"`` in French; the text unchanged in English."""
    for pattern, space in _patterns(lang):
        text = pattern.sub(space, text)
    return text


@dataclass(frozen=True)
class Typography:
    """What the Markdown of a topic is set with: the language's quotes and spacing."""

    quotes: tuple[str, ...] = ("“", "”", "‘", "’")  # opening, closing, inner opening, inner closing
    lang: str = "en"  # whose spacing rules apply
