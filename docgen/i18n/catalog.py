"""The gettext catalogs shipped with docgen, read with Babel once per process.

Each language is ``locales/<lang>/LC_MESSAGES/docgen.po``: the label key is
the message context (``msgctxt``), the English text the ``msgid``, the
translation the ``msgstr``. Translators use any gettext tool (Poedit,
Weblate, ``pybabel``); docgen reads the .po file directly, so there is no
compiled .mo to keep in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "docgen"


def catalog_path(lang: str, folder: Path = LOCALES, domain: str = DOMAIN) -> Path:
    return folder / lang / "LC_MESSAGES" / f"{domain}.po"


def shipped_languages() -> list[str]:
    return sorted(folder.name for folder in LOCALES.iterdir() if catalog_path(folder.name).is_file())


def _candidates(lang: str) -> list[str]:
    """``pt-BR`` -> ``pt_BR``, then ``pt``: the most specific catalog first."""
    parts = lang.replace("-", "_").split("_")
    tags = ["_".join([parts[0].lower(), *parts[1:2]]) if len(parts) > 1 else None, parts[0].lower()]
    if parts[0].lower() == "zh" and {part.lower() for part in parts[1:]} & _TRADITIONAL:
        tags.pop()  # the zh catalog is Simplified: Traditional Chinese is not read from it
    return [tag for tag in tags if tag]


_TRADITIONAL = {"hant", "tw", "hk", "mo"}


@lru_cache(maxsize=None)
def _read(path: Path, domain: str = DOMAIN) -> dict[str, str]:
    """Key -> translated text; untranslated or fuzzy entries are left out (English shows)."""
    with path.open("rb") as file:
        catalog = read_po(file, domain=domain)
    return {message.context: message.string for message in catalog
            if message.id and message.context and message.string and not message.fuzzy}


def find_catalog(lang: str, folder: Path = LOCALES, domain: str = DOMAIN) -> dict[str, str] | None:
    """The translations for a language tag in a folder of catalogs (docgen's own, or a plugin's),
    or None when it holds no catalog for it."""
    for tag in _candidates(lang):
        path = catalog_path(tag, folder, domain)
        if path.is_file():
            return _read(path, domain)
    return None


def find_translations(translations: "Path | Mapping[str, Mapping[str, str]]", lang: str,
                      domain: str) -> Mapping[str, str] | None:
    """A domain's words for a language tag: from its folder of .po catalogs, or from a dict by tag
    (the most specific tag first, as for docgen's own)."""
    if isinstance(translations, Path):
        return find_catalog(lang, translations, domain)
    return next((translations[tag] for tag in _candidates(lang) if tag in translations), None)


def has_catalog(lang: str) -> bool:
    return find_catalog(lang) is not None
