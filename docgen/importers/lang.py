"""A guess at the language of imported questions, for the topic's ``lang``.

The most common function words of each language docgen ships a catalog
for (en es fr de it pt nl) are counted in the questions' text; the
language with the most hits wins when it is clearly ahead. Short or mixed
texts give no guess, and the topic then takes docgen.yaml's ``lang``.
Dependency-free and deterministic: a given file always guesses the same.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that it for on with as are was which what this by be from "
                    "or an at not how does do why who when".split()),
    "es": frozenset("el la de que y en los las del se por un una para con es son qué cuál cómo al "
                    "lo su más pero como".split()),
    "fr": frozenset("le la les de des du et est en un une que qui dans pour sur au aux ce quel "
                    "quelle pas par sont avec".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den von mit sich des auf im dem für "
                    "welche wie was sind wird".split()),
    "it": frozenset("il lo la di che è e un una per non gli le del della sono con quale come nel "
                    "alla dei cosa".split()),
    "pt": frozenset("o a os as de que e do da em um uma para é com não dos das qual como são no "
                    "na pelo".split()),
    "nl": frozenset("de het een en van is dat in op te niet met zijn voor welke wat hoe er die "
                    "wordt aan".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_HITS = 5  # fewer function words than this: too little text to tell
MARGIN = 1.3  # the winner needs this many times the runner-up's hits


def guess_language(texts: Iterable[str]) -> str | None:
    """The language tag the texts are most likely in, or None when they do not say."""
    words = Counter(word.casefold() for text in texts for word in _WORD.findall(text))
    hits = {lang: sum(words[word] for word in stop) for lang, stop in STOP_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda pair: pair[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_HITS or top < second * MARGIN:
        return None
    return best
