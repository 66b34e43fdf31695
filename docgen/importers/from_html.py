"""Quiz systems' HTML as the content format's Markdown.

Moodle, Canvas and Blackboard store every text as HTML. The content format
is Markdown with raw HTML off, so the HTML is read (never passed through):
paragraphs, line breaks, bold, italics, code, links, lists and MathJax
maths (``\\(x\\)`` becomes ``$x$``) turn into their Markdown; other tags
keep only their text; pictures are listed for the importer to place.
Characters Markdown would read as markup are escaped, so a text means what
it showed in the quiz system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)
_SPECIAL = re.compile(r"([\\`*$])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "blockquote", "pre"}
_SKIP = {"script", "style", "head", "title"}


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows exactly this text."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    return text.replace("[[", "\\[\\[").replace("](", "\\](")


def _with_math(text: str) -> str:
    """Escaped text, MathJax delimiters turned into ``$…$`` (kept verbatim inside)."""
    out, position = [], 0
    for match in _MATH.finditer(text):
        out.append(escape_markdown(text[position:match.start()]))
        inline, display, double = match.groups()
        out.append(f"${inline.strip()}$" if inline is not None else f"$${(display or double).strip()}$$")
        position = match.end()
    out.append(escape_markdown(text[position:]))
    return "".join(out)


@dataclass
class Converted:
    paragraphs: list[str]
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt)

    @property
    def inline(self) -> str:
        """One paragraph: the paragraphs joined with a space."""
        return " ".join(paragraph for paragraph in self.paragraphs if paragraph)

    @property
    def markdown(self) -> str:
        return "\n\n".join(paragraph for paragraph in self.paragraphs if paragraph)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.images: list[tuple[str, str]] = []
        self.lists: list[list] = []  # [kind, counter]
        self.links: list[str | None] = []
        self.skipping = 0
        self.pending_text: list[str] = []
        self.code = 0

    # Text is gathered raw between tags, so that maths split across entities stays whole.
    def _flush_text(self) -> None:
        if self.pending_text:
            raw = "".join(self.pending_text)
            self.pending_text = []
            raw = re.sub(r"\s+", " ", raw) if not self.code else raw
            self.current.append(raw.replace("`", "'") if self.code else _with_math(raw))

    def _end_paragraph(self) -> None:
        self._flush_text()
        text = re.sub(r"[ \t]+", " ", "".join(self.current)).strip()
        text = re.sub(r" *\n *", "\n", text)
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _SKIP:
            self.skipping += 1
            return
        self._flush_text()
        if tag in _BLOCK:
            self._end_paragraph()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            kind[1] += 1
            self.current.append("  " * (len(self.lists) - 1) + (f"{kind[1]}. " if kind[0] == "ol" else "- "))
        elif tag == "br":
            self.current.append("\\\n")
        elif tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")
        elif tag == "code":
            self.code += 1
            self.current.append("`")
        elif tag == "a":
            href = attributes.get("href")
            self.links.append(href)
            if href:
                self.current.append("[")
        elif tag == "img":
            self.images.append((attributes.get("src") or "", attributes.get("alt") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        self._flush_text()
        if tag in ("strong", "b"):
            self._close("**")
        elif tag in ("em", "i"):
            self._close("*")
        elif tag == "code":
            self.code = max(0, self.code - 1)
            self.current.append("`")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.current.append(f"]({href})")
        if tag in _BLOCK:
            self._end_paragraph()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()

    def _close(self, mark: str) -> None:
        """Close an emphasis; one that wraps nothing but spaces is dropped (``** **`` is no markup)."""
        opened = len(self.current) - 1 - self.current[::-1].index(mark) if mark in self.current else None
        if opened is not None and not "".join(self.current[opened + 1:]).strip():
            del self.current[opened:]
            return
        # Markdown emphasis may not start or end with a space: move the spaces outside.
        inner = "".join(self.current[opened + 1:]) if opened is not None else ""
        if opened is not None:
            stripped = inner.strip()
            lead = " " if inner[:1].isspace() else ""
            trail = " " if inner[-1:].isspace() else ""
            self.current[opened:] = [lead + mark + stripped + mark + trail]
        else:
            self.current.append(mark)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.pending_text.append(data)


def html_to_markdown(html: str) -> Converted:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._end_paragraph()
    # Lists were written as paragraphs, one per item: gather consecutive items into one block.
    paragraphs: list[str] = []
    for paragraph in reader.paragraphs:
        if paragraphs and _is_item(paragraph) and _is_item(paragraphs[-1].rsplit("\n", 1)[-1]):
            paragraphs[-1] += "\n" + paragraph
        else:
            paragraphs.append(paragraph)
    return Converted(paragraphs, reader.images)


def _is_item(text: str) -> bool:
    return bool(re.match(r"\s*(?:- |\d+\. )", text))


def plain_to_markdown(text: str) -> str:
    """Plain text (GIFT's and Aiken's, a spreadsheet cell) as Markdown that shows it as typed."""
    return _with_math(text.strip())


def html_table(html_text: str) -> tuple[str, list[list[str]]] | None:
    """(the HTML before the first table, the table's rows of cells as Markdown), or None."""
    start = html_text.find("<table")
    end = html_text.find("</table>", start)
    if start < 0 or end < 0:
        return None
    from lxml import etree
    from lxml import html as lxml_html

    try:
        table = lxml_html.fragment_fromstring(html_text[start:end + len("</table>")])
    except etree.ParserError:
        return None
    rows = []
    for row in table.iter("tr"):
        cells = []
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            inner = (cell.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in cell)
            cells.append(html_to_markdown(inner).inline)
        rows.append(cells)
    return html_text[:start], rows
