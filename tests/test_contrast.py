"""Every colour docgen prints meets WCAG 2.1 AA against what it is printed on, computed
from the stylesheets; and the answer key never tells its answers by colour alone."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from contrast import contrast, readable, resolve, rules, tokens_of

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PRINT_SHEETS = ["base.css", "handout.css", "worksheet.css", "cheatsheet.css", "flashcards.css",
                "edition-large-print.css"]
WEB_MEDIA = {"light": "", "dark": "(prefers-color-scheme: dark)", "print": "print"}
HEADINGS = ("h1", "h2", ".title")  # 18 pt and more: large text
# Fills that hold no text: the flashcards' cut marks, the key's tick over its box, a
# scannable worksheet's corner marks.
GRAPHICS = (".mark", ".box .tick", ".scan-mark")


def _pairs(css: str, tokens: dict[str, str], page: str, media: str):
    """(selector, text colour, background, large) for every rule that sets a text colour.

    The background is the rule's own, else that of a rule naming an enclosing
    element of the selector (``.callout`` for ``.callout .label``), else the page.
    """
    applying = [(selector, declarations) for rule_media, selector, declarations in rules(css)
                if rule_media in ("", media)]
    backgrounds = {}
    for selector, declarations in applying:
        for key in ("background", "background-color"):
            if key in declarations and (colour := resolve(declarations[key].split()[0], tokens)):
                backgrounds[selector] = colour
    for selector, declarations in applying:
        if "color" not in declarations or not (text := resolve(declarations["color"], tokens)):
            continue
        parts = selector.split()
        behind = next((backgrounds[" ".join(parts[:n])] for n in range(len(parts), 0, -1)
                       if " ".join(parts[:n]) in backgrounds), page)
        large = parts[-1].startswith(HEADINGS)
        yield selector, text, behind, large


@pytest.mark.parametrize("sheet", PRINT_SHEETS)
def test_printed_colours(sheet):
    css = (TEMPLATES / sheet).read_text("utf-8")
    tokens = {**tokens_of((TEMPLATES / "base.css").read_text("utf-8")), **tokens_of(css)}
    checked = list(_pairs(css, tokens, "#FFFFFF", ""))
    failing = [(s, t, b, round(contrast(t, b), 2)) for s, t, b, large in checked if not readable(t, b, large)]
    assert failing == []
    assert checked or sheet == "edition-large-print.css"


@pytest.mark.parametrize("sheet", PRINT_SHEETS)
def test_body_text_on_every_fill(sheet):
    """Text sits on the light fills (callouts, header rows, the cheat sheet's item tints)."""
    css = (TEMPLATES / sheet).read_text("utf-8")
    tokens = {**tokens_of((TEMPLATES / "base.css").read_text("utf-8")), **tokens_of(css)}
    ink = resolve("var(--ink)", tokens)
    html = next((d for m, s, d in rules(css) if s == "html" and "color" in d), None)
    inks = {ink, resolve(html["color"], tokens)} if html else {ink}
    for media, selector, declarations in rules(css):
        for key in ("background", "background-color"):
            if key in declarations and (fill := resolve(declarations[key].split()[0], tokens)):
                if selector in GRAPHICS:
                    continue
                own = resolve(declarations["color"], tokens) if "color" in declarations else None
                for text in [own] if own else inks:  # a fill with its own text colour (the key's banner)
                    assert readable(text, fill), (sheet, selector, text, fill, round(contrast(text, fill), 2))


@pytest.mark.parametrize("scheme", WEB_MEDIA)
def test_web_colours_light_dark_and_print(scheme):
    css = (TEMPLATES / "web.css").read_text("utf-8")
    tokens = tokens_of(css, WEB_MEDIA[scheme])
    page = tokens["--web-bg"]
    checked = list(_pairs(css, tokens, page, WEB_MEDIA[scheme]))
    failing = [(s, t, b, round(contrast(t, b), 2)) for s, t, b, large in checked if not readable(t, b, large)]
    assert failing == [] and len(checked) >= 10
    for token in ("--web-ink", "--web-muted", "--web-accent"):  # text tokens on page and fills
        for background in (page, tokens["--web-fill"]):
            assert readable(tokens[token], background), (scheme, token, background)
    # controls and focus rings (WCAG 1.4.11): 3:1 against the page
    for token in ("--web-rule", "--web-focus"):
        assert readable(tokens[token], page, large=True), (scheme, token)


def test_the_keys_tick_stands_out_from_its_box():
    tokens = tokens_of((TEMPLATES / "base.css").read_text("utf-8"))
    assert readable("#FFFFFF", tokens["--accent"], large=True)  # 1.4.11: 3:1 for a graphic


def test_the_contrast_check_can_fail():
    assert not readable("#777777", "#FFFFFF") and readable("#767676", "#FFFFFF")
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0


def _words(path: Path, text: str) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return [dict(word, rects=page.rects) for word in page.extract_words(extra_attrs=["fontname"])
                if word["text"] == text]


def _boxed(word: dict) -> bool:
    return any(rect["x0"] <= word["x0"] + 0.5 and rect["x1"] >= word["x1"] - 0.5 and
               rect["top"] <= word["top"] + 0.5 and rect["bottom"] >= word["bottom"] - 0.5
               for rect in word["rects"])


def test_key_answers_are_marked_by_shape_not_colour_alone(a11y_corpus):
    """In the key the right option is boxed and written answers are bold: they stand out in gray."""
    key, sheet = (a11y_corpus / "photosynthesis" / f"{name}-A.pdf" for name in ("answers", "worksheet"))
    correct = _words(key, "Chloroplasts")
    assert correct and all(_boxed(word) for word in correct)
    assert not any(_boxed(word) for word in _words(key, "Mitochondria"))
    assert not any(_boxed(word) for word in _words(sheet, "Chloroplasts"))
    with pdfplumber.open(key) as pdf:
        written = [word for page in pdf.pages for word in page.extract_words(extra_attrs=["fontname"])
                   if word["text"] == "Oxygen"]  # a write-in table's answer
    assert written and all("Bold" in word["fontname"] for word in written)
