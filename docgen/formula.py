"""Inline math (`$...$` in Markdown) typeset as SVG for the PDFs.

ziamath lays out LaTeX with its own bundled STIX Two Math font into SVG
paths, with no TeX installation and no network; the SVG is sized in em so
that a formula scales with the text around it (the cheat sheet rescales
everything). A formula ziamath cannot read prints as typed.

The SVG is only paths: before it goes the TeX as typed, in a zero-size
(``visually-hidden``) span, so that the PDF's text layer, copy-paste,
search and screen readers get ``$M = \frac{I}{A}$`` rather than nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

REFERENCE_PX = 16.0  # ziamath's size; the SVG is then expressed in em of the text
_NUMBER = r"-?[\d.]+"


@lru_cache(maxsize=2048)
def formula_svg(latex: str) -> Markup:
    """An inline SVG for ``latex`` whose baseline sits on the text's baseline."""
    try:
        import ziafont
        import ziamath

        # Plain paths, no <symbol>/<use>: glyph ids would repeat across formulas.
        ziafont.config.svg2 = False
        svg = ziamath.Latex(latex, size=REFERENCE_PX).svg()
    except Exception:  # noqa: BLE001 - any parse failure: show what was typed
        return Markup('<span class="math typed">${}$</span>').format(latex)
    match = re.match(rf'<svg [^>]*width="({_NUMBER})" height="({_NUMBER})" '
                     rf'viewBox="({_NUMBER}) ({_NUMBER}) ({_NUMBER}) ({_NUMBER})"', svg)
    if not match:
        return Markup('<span class="math typed">${}$</span>').format(latex)
    width, height, _, top, _, _ = (float(value) for value in match.groups())
    descent = height + top  # the baseline is y = 0 in ziamath's coordinates
    def em(px: float) -> str:
        return f"{px / REFERENCE_PX:.4f}em"

    head = (f'<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
            f'width="{em(width)}" height="{em(height)}" style="vertical-align: -{em(descent)}" ')
    # 1 px and before the SVG: the TeX lies over the formula's own paths, not
    # over the words that follow it, so text extraction keeps it in order.
    text = f'<span class="visually-hidden" style="font-size: 1px">${escape(latex)}$</span>'
    # The TeX is also the formula's alternate text: the wrapper becomes a tagged
    # /Formula and the SVG a Figure, both with it as /Alt (docgen.render.writers.html.tagging).
    body = svg[svg.index("viewBox="):]
    opened = body.index(">") + 1
    title = f"<title>${escape(latex)}$</title>"
    return Markup(f'<span class="math" data-tex="${escape(latex)}$">{text}{head}'
                  f'{body[:opened]}{title}{body[opened:]}</span>')


_MATHML = "http://www.w3.org/1998/Math/MathML"
# MathML Core's presentation elements and the attributes docgen keeps: nothing
# that links, runs or fetches (latex2mathml passes `\href` and raw `<` in `\text`).
_MATHML_ELEMENTS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac",
    "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded",
    "mphantom", "menclose", "semantics", "annotation", "merror", "mmultiscripts", "mprescripts", "none",
}
_MATHML_ATTRIBUTES = {"display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace",
                      "accent", "accentunder", "movablelimits", "largeop", "symmetric", "minsize",
                      "maxsize", "columnalign", "rowspacing", "columnspacing", "width", "height", "depth",
                      "linethickness", "notation", "scriptlevel", "displaystyle", "encoding", "form"}


@lru_cache(maxsize=2048)
def formula_mathml(latex: str) -> Markup:
    """MathML for the web page (the `html` output): screen readers speak it, browsers
    draw it, and its TeX is its ``alttext``. Only presentation elements survive; a
    formula latex2mathml cannot read, or that holds anything else, shows as typed."""
    import xml.etree.ElementTree as ElementTree

    typed = Markup('<span class="math typed">${}$</span>').format(latex)
    try:
        from latex2mathml.converter import convert

        root = ElementTree.fromstring(convert(latex))
    except Exception:  # noqa: BLE001 - unreadable TeX, or markup latex2mathml let through
        return typed
    for element in root.iter():
        namespace, _, name = element.tag.rpartition("}")
        if namespace.lstrip("{") != _MATHML or name not in _MATHML_ELEMENTS:
            return typed
        for attribute in list(element.attrib):
            if attribute not in _MATHML_ATTRIBUTES:
                del element.attrib[attribute]
    root.set("alttext", f"${latex}$")
    root.set("tabindex", "0")  # a formula wider than a phone scrolls, by keyboard too (web.css)
    ElementTree.register_namespace("", _MATHML)
    return Markup(ElementTree.tostring(root, encoding="unicode"))
