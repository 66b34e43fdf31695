"""Maintainers: ``python -m docgen.i18n [LANG ...]`` refreshes the catalogs from ENGLISH.

Writes the template ``locales/docgen.pot`` and merges it into every shipped
catalog (or creates the catalogs of the LANGs given), the way ``pybabel
update`` does: new keys appear untranslated, changed English texts are
marked fuzzy (English shows until a translator confirms them), removed keys
become obsolete. ``en`` is rewritten from ENGLISH.
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from docgen.i18n import ENGLISH, locale_of, placeholders
from docgen.i18n.catalog import DOMAIN, LOCALES, catalog_path, shipped_languages


def _new(locale=None) -> Catalog:  # noqa: ANN001
    return Catalog(locale=locale, domain=DOMAIN, project="docgen", fuzzy=False,
                   copyright_holder="the docgen authors", msgid_bugs_address="the docgen issue tracker")


def template(translated: bool = False) -> Catalog:
    """Every label; ``translated`` fills in the English text (the ``en`` catalog)."""
    catalog = _new(locale_of("en") if translated else None)
    for key, text in ENGLISH.items():
        flags = ["python-brace-format"] if placeholders(text) else []
        catalog.add(text, text if translated else "", context=key, flags=flags)
    return catalog


def _write(catalog: Catalog, path) -> None:  # noqa: ANN001
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, omit_header=False, sort_output=False, ignore_obsolete=True)


def update(languages: list[str]) -> None:
    pot = template()
    _write(pot, LOCALES / f"{DOMAIN}.pot")
    for lang in languages:
        path = catalog_path(lang)
        if lang == "en":
            catalog = template(translated=True)
        elif path.is_file():
            with path.open("rb") as file:
                catalog = read_po(file, locale=lang, domain=DOMAIN)
            catalog.update(template(), no_fuzzy_matching=True)
        else:
            catalog = _new(locale_of(lang))
            catalog.update(template(), no_fuzzy_matching=True)
        _write(catalog, path)


if __name__ == "__main__":
    update(sys.argv[1:] or shipped_languages())
