"""The page lint: what a teacher sees at a glance on a printed page, found by reading the PDF.

It reads every page with pdfplumber (characters, rules, boxes) and reports, with
file, page and position, the defects a reader notices first: text on text, on a
rule or a box edge; text outside the margins or cut by the page edge; an ellipsis
the source does not have; a page left almost empty that another break would have
saved; a table split leaving fewer than three rows; a heading or a question's first
line alone at a page's foot; a hyphenated fragment of under four letters alone on a
line; type below the edition's minimum size; a key whose pages start other
questions than the worksheet's. Word files are linted through their LibreOffice
PDFs (`libreoffice_pdfs`, one soffice call for a whole corpus).

Why geometry and not pictures: positions name the defect (page, x, y, the text),
and the checks run in well under a second a page.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
MARGIN_MM = 5.0  # nothing docgen prints sits closer to the sheet's edge than this
NEAR_EMPTY = 0.20  # a page under this share of the body height is "near empty"
MIN_TABLE_ROWS = 3
MIN_FRAGMENT = 4  # letters
HIDDEN_PT = 1.0
ELLIPSES = ("…", "...")
QUESTION_START = re.compile(r"^(\d{1,2})[.)](?!\d)")


@dataclass(frozen=True)
class Finding:
    file: str
    page: int  # 1-based
    x: float  # points from the left
    y: float  # points from the top
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file} p{self.page} ({self.x:.0f},{self.y:.0f}) {self.check}: {self.detail}"


@dataclass
class Line:
    """One line of text: its characters, in reading order."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(char["text"] for char in self.chars)

    @property
    def x0(self) -> float:
        return min(char["x0"] for char in self.chars)

    @property
    def x1(self) -> float:
        return max(char["x1"] for char in self.chars)

    @property
    def top(self) -> float:
        return min(char["top"] for char in self.chars)

    @property
    def bottom(self) -> float:
        return max(char["bottom"] for char in self.chars)

    @property
    def size(self) -> float:
        return max(char["size"] for char in self.chars)

    @property
    def bold(self) -> bool:
        letters = [char for char in self.chars if char["text"].strip()]
        return bool(letters) and all(is_bold(char) for char in letters)

    def words(self) -> list[str]:
        return self.text.split()


def is_bold(char: dict) -> bool:
    return "bold" in char["fontname"].lower()


def minimum_size(name: str, edition: str) -> float:
    """The smallest type an output may use: 18 pt large print, 7 pt a standard cheat sheet, 9 pt elsewhere."""
    if edition == "large-print":
        return 18.0
    return 7.0 if name.startswith("cheatsheet") else 9.0


@dataclass
class PageView:
    """A page's lines, rules and box edges, with the running heads and feet set apart."""

    number: int
    width: float
    height: float
    lines: list[Line]
    furniture: list[Line]
    edges: list[tuple[float, float, float, float]]  # x0, top, x1, bottom of every rule and box side
    rows: dict[tuple[int, int], list[float]]  # table rules by (x0, x1): their y positions


def _lines(chars: list[dict]) -> list[Line]:
    """Characters grouped into lines: same baseline band, sorted left to right, split at wide gaps."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for char in sorted(chars, key=lambda c: (round(c["bottom"] - 0.2 * c["size"]), c["x0"])):
        if not char["text"].strip() and char["text"] != " ":
            continue
        if char["size"] < HIDDEN_PT:  # a hidden text layer (a formula's TeX, for search): not printed
            continue
        rows[round((char["bottom"] - 0.2 * char["size"]) / 2)].append(char)
    lines: list[Line] = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        current = [row[0]]
        for char in row[1:]:
            if char["x0"] - current[-1]["x1"] > 3 * max(char["size"], current[-1]["size"]):
                lines.append(Line(current))
                current = []
            current.append(char)
        lines.append(Line(current))
    return [line for line in lines if line.text.strip()]


def _edges(page) -> list[tuple[float, float, float, float]]:
    """Every rule and box side that shows: one a later white fill paints over (a ruled notes area
    behind the cheat sheet's content) is not seen, so it is left out."""
    edges: list[tuple[int, tuple[float, float, float, float]]] = []
    covers: list[tuple[int, tuple[float, float, float, float]]] = []
    for order, rect in enumerate(page.rects):
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 < 1.5 or bottom - top < 1.5:  # a rule drawn as a thin box
            edges.append((order, (x0, top, x1, bottom)))
            continue
        if not (rect.get("stroke") or rect.get("fill")):
            continue
        colour = rect.get("non_stroking_color")
        if rect.get("fill") and isinstance(colour, (tuple, list)) and colour \
                and all(isinstance(c, (int, float)) for c in colour) and min(colour) > 0.99:
            covers.append((order, (x0, top, x1, bottom)))
        edges += [(order, side) for side in ((x0, top, x1, top), (x0, bottom, x1, bottom),
                                             (x0, top, x0, bottom), (x1, top, x1, bottom))]
    seen = [edge for order, edge in edges
            if not any(later > order and c[0] < edge[0] + 0.5 and edge[2] - 0.5 < c[2]
                       and c[1] < edge[1] + 0.5 and edge[3] - 0.5 < c[3] for later, c in covers)]
    return seen + [(line["x0"], line["top"], line["x1"], line["bottom"]) for line in page.lines]


def _table_rules(page, width: float) -> dict[tuple[int, int], list[float]]:
    """Horizontal rules wider than a third of the page, grouped by their ends: a table's row rules."""
    rules: dict[tuple[int, int], set[float]] = defaultdict(set)
    for rect in page.rects:
        if rect["bottom"] - rect["top"] < 1.5 and rect["x1"] - rect["x0"] > width / 3:
            rules[(round(rect["x0"] / 3), round(rect["x1"] / 3))].add(round(rect["top"], 0))
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) < 1.5 and line["x1"] - line["x0"] > width / 3:
            rules[(round(line["x0"] / 3), round(line["x1"] / 3))].add(round(line["top"], 0))
    return {key: sorted(ys) for key, ys in rules.items() if len(ys) >= 2}


def read_pages(path: Path) -> list[PageView]:
    with pdfplumber.open(path) as pdf:
        raw = [(page, _lines(page.chars)) for page in pdf.pages]
        views = [PageView(index + 1, page.width, page.height, lines, [], _edges(page),
                          _table_rules(page, page.width)) for index, (page, lines) in enumerate(raw)]
    _set_apart_furniture(views)
    return views


def _furniture_key(line: Line) -> tuple[int, str]:
    return round(line.top / 4), re.sub(r"\d+", "#", line.text.strip())


def _set_apart_furniture(pages: list[PageView]) -> None:
    """Lines repeated at the same height on every page (footers, the key's banner) are not content."""
    if len(pages) < 2:
        # One page: its furniture is what sits in the bottom 12 % (the footer).
        for page in pages:
            page.furniture = [line for line in page.lines if line.top > page.height * 0.93]
            page.lines = [line for line in page.lines if line not in page.furniture]
        return
    common = set.intersection(*({_furniture_key(line) for line in page.lines} for page in pages))
    for page in pages:
        page.furniture = [line for line in page.lines if _furniture_key(line) in common]
        page.lines = [line for line in page.lines if _furniture_key(line) not in common]


# ---------- the checks ----------

def _overlap(a: dict, b: dict) -> float:
    """Share of the smaller glyph box covered by the other (boxes shrunk to the glyph's core)."""
    def core(c):
        h = c["bottom"] - c["top"]
        return c["x0"] + 0.1 * (c["x1"] - c["x0"]), c["top"] + 0.25 * h, c["x1"] - 0.1 * (c["x1"] - c["x0"]), \
            c["bottom"] - 0.25 * h
    ax0, at, ax1, ab = core(a)
    bx0, bt, bx1, bb = core(b)
    w, h = min(ax1, bx1) - max(ax0, bx0), min(ab, bb) - max(at, bt)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((ax1 - ax0) * (ab - at), (bx1 - bx0) * (bb - bt))
    return w * h / smaller if smaller > 0 else 0.0


def text_on_text(name: str, page: PageView) -> list[Finding]:
    chars = [(index, char) for index, line in enumerate(page.lines + page.furniture)
             for char in line.chars if char["text"].strip()]
    grid: dict[tuple[int, int], list[tuple[int, dict]]] = defaultdict(list)
    for item in chars:
        grid[(int(item[1]["x0"] // 20), int(item[1]["top"] // 20))].append(item)
    findings, seen = [], set()
    for (gx, gy), items in grid.items():
        neighbours = [other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in grid.get((gx + dx, gy + dy), [])]
        for line_a, a in items:
            for line_b, b in neighbours:
                # Within a line only a real collision counts (kerning and ligatures touch a little).
                if a is b or _overlap(a, b) < (0.5 if line_a == line_b else 0.3):
                    continue
                key = tuple(sorted((line_a, line_b)))
                if key not in seen:
                    seen.add(key)
                    lines = page.lines + page.furniture
                    findings.append(Finding(name, page.number, a["x0"], a["top"], "text on text",
                                            f"{lines[line_a].text.strip()[:40]!r} / {lines[line_b].text.strip()[:40]!r}"))
    return findings


def text_on_rules(name: str, page: PageView) -> list[Finding]:
    """A rule or box side crossing a glyph's core (not its descender, where underlines belong)."""
    findings = []
    for line in page.lines + page.furniture:
        for char in line.chars:
            if not char["text"].strip():
                continue
            h = char["bottom"] - char["top"]
            top, bottom = char["top"] + 0.3 * h, char["bottom"] - 0.3 * h
            left, right = char["x0"] + 0.2 * (char["x1"] - char["x0"]), char["x1"] - 0.2 * (char["x1"] - char["x0"])
            for x0, y0, x1, y1 in page.edges:
                horizontal = y1 - y0 < 1.5
                if horizontal and top < (y0 + y1) / 2 < bottom and min(x1, right) - max(x0, left) > 0:
                    break
                if not horizontal and x1 - x0 < 1.5 and left < (x0 + x1) / 2 < right and min(y1, bottom) - max(y0, top) > 0:
                    break
            else:
                continue
            findings.append(Finding(name, page.number, char["x0"], char["top"], "text on a rule",
                                    f"{line.text.strip()[:50]!r}"))
            break
    return findings


def outside_margins(name: str, page: PageView) -> list[Finding]:
    margin = MARGIN_MM * MM
    findings = []
    for line in page.lines + page.furniture:
        if line.x0 < 0 or line.top < 0 or line.x1 > page.width or line.bottom > page.height:
            findings.append(Finding(name, page.number, line.x0, line.top, "cut by the page edge", line.text.strip()[:50]))
        elif line.x0 < margin or line.top < margin or line.x1 > page.width - margin or line.bottom > page.height - margin:
            findings.append(Finding(name, page.number, line.x0, line.top, "outside the margins", line.text.strip()[:50]))
    return findings


def ellipses(name: str, page: PageView, source: str) -> list[Finding]:
    findings = []
    for line in page.lines + page.furniture:
        for mark in ELLIPSES:
            if mark in line.text and mark not in source:
                findings.append(Finding(name, page.number, line.x0, line.top, "ellipsis not in the source",
                                        line.text.strip()[:60]))
    return findings


def small_type(name: str, page: PageView, minimum: float) -> list[Finding]:
    findings = []
    for line in page.lines + page.furniture:
        small = [char for char in line.chars if char["text"].strip() and char["size"] < minimum - 0.05]
        if small:
            findings.append(Finding(name, page.number, small[0]["x0"], small[0]["top"], "type too small",
                                    f"{small[0]['size']:.1f} pt < {minimum:g} pt: {line.text.strip()[:40]!r}"))
    return findings


def hyphen_fragments(name: str, page: PageView, source: str) -> list[Finding]:
    """A word broken at a line end leaving under four letters on one side, or a fragment alone on a line."""
    findings = []
    flat = re.sub(r"\s+", " ", source)
    lines = sorted(page.lines, key=lambda line: (round(line.top), line.x0))
    for index, line in enumerate(lines):
        words = line.words()
        if not words or not words[-1].endswith(("-", "\u2010")) or len(words[-1]) < 2:
            continue
        head = words[-1].rstrip("-\u2010")
        below = [other for other in lines[index + 1:index + 6]
                 if 0 < other.top - line.bottom < line.size * 1.2 and abs(other.x0 - line.x0) < 40]
        if not below or not below[0].words():
            continue
        tail = below[0].words()[0]
        if f"{head}-{tail.rstrip('.,;:!?')}" in flat or f"{head}-" in flat.split():
            continue  # a real hyphen (e-mail, SYN-ACK): breaking after it is fine
        letters_head = len(re.sub(r"\W", "", re.split(r"[\s/]", head)[-1]))
        letters_tail = len(re.sub(r"\W|\d", "", tail))
        alone = len(words) == 1 or len(below[0].words()) == 1
        if letters_head < MIN_FRAGMENT or letters_tail < MIN_FRAGMENT or alone:
            findings.append(Finding(name, page.number, line.x1, line.top, "hyphenated fragment",
                                    f"{head}-/{tail}"))
    return findings


# ---------- across pages ----------

def body_fill(pages: list[PageView]) -> list[float]:
    """Each page's content height as a share of the tallest content any page of the file has."""
    tops = [min([line.top for line in page.lines] + [page.height]) for page in pages]
    bottoms = [max([line.bottom for line in page.lines] + [_lowest_edge(page)] + [0]) for page in pages]
    top = min(tops)
    full = max(bottoms) - top
    return [max(0.0, (bottom - top) / full) if full > 0 else 1.0 for bottom in bottoms]


def _lowest_edge(page: PageView) -> float:
    furniture_top = min([line.top for line in page.furniture if line.top > page.height / 2] + [page.height])
    return max([y1 for _, _, _, y1 in page.edges if y1 < furniture_top - 2] + [0])


def near_empty_pages(name: str, pages: list[PageView]) -> list[Finding]:
    """A page under 20 % full that another break would save: any such page before the last, or a last
    page whose content would fit in the room left on the page before it."""
    if len(pages) < 2:
        return []
    fill = body_fill(pages)
    findings = []
    for index, page in enumerate(pages):
        if fill[index] >= NEAR_EMPTY or (name.endswith("booklet.pdf") and not page.lines):
            continue  # a book's blank verso, so that the next topic starts on a right-hand page
        last = index == len(pages) - 1
        if last and fill[index] > 1 - fill[index - 1]:
            continue
        findings.append(Finding(name, page.number, 0, 0, "near-empty page",
                                f"{fill[index]:.0%} full" + (f", page {index} {fill[index - 1]:.0%}" if last else "")))
    return findings


def split_tables(name: str, pages: list[PageView]) -> list[Finding]:
    """A table whose rules end one page and start the next: each side must hold three rows."""
    findings = []
    for before, after in zip(pages, pages[1:]):
        for key, ys in before.rows.items():
            follow = after.rows.get(key)
            if not follow:
                continue
            last_text = max([line.bottom for line in before.lines] + [0])
            first_text = min([line.top for line in after.lines] + [after.height])
            if ys[-1] < last_text - 2 or follow[0] > first_text + 2:
                continue  # the table does not run to the foot / from the head of the page
            rows_before, rows_after = len(ys) - 1, len(follow) - 1
            if min(rows_before, rows_after) < MIN_TABLE_ROWS:
                findings.append(Finding(name, before.number, key[0] * 3, ys[-1], "table split",
                                        f"{rows_before} row(s) on page {before.number}, {rows_after} on page {after.number}"))
    return findings


def _numbered(page: PageView) -> list[tuple[float, int]]:
    """Lines opening with a bold "N." (or "N)"): (their left edge, N)."""
    found = []
    for line in sorted(page.lines, key=lambda line: line.top):
        match = QUESTION_START.match(line.text.lstrip())
        if match and is_bold(line.chars[0]):
            found.append((line.x0, int(match.group(1))))
    return found


def question_starts(pages: list[PageView]) -> list[list[int]]:
    """Each page's question numbers: the bold numbers in the leftmost column (the gutter), not the
    numbered rows of a matching exercise further in."""
    numbered = [_numbered(page) for page in pages]
    gutter = min([x for found in numbered for x, _ in found] or [0])
    return [[number for x, number in found if x < gutter + 4] for found in numbered]


def alone_at_foot(name: str, pages: list[PageView]) -> list[Finding]:
    """The last line of a page (not the last) is a heading, or a question's first line with nothing of it after."""
    findings = []
    body = [line.size for page in pages for line in page.lines for _ in line.chars]
    if not body:
        return []
    common = max(set(round(size, 1) for size in body), key=[round(size, 1) for size in body].count)
    for page in pages[:-1]:
        if not page.lines:
            continue
        last = max(page.lines, key=lambda line: line.bottom)
        below = [edge for edge in page.edges if edge[1] > last.bottom + 1 and edge[1] < _furniture_floor(page)]
        starts_question = bool(QUESTION_START.match(last.text.lstrip())) and is_bold(last.chars[0])
        heading = last.bold and last.size > common * 1.1
        if (heading and not below) or (starts_question and not below):
            findings.append(Finding(name, page.number, last.x0, last.top,
                                    "heading alone at the foot" if heading else "question's first line alone at the foot",
                                    last.text.strip()[:50]))
    return findings


def _furniture_floor(page: PageView) -> float:
    return min([line.top for line in page.furniture if line.top > page.height / 2] + [page.height])


def lint_pdf(path: Path, label: str, edition: str, source: str) -> list[Finding]:
    """Every check of one file; ``label`` names it in the findings, ``source`` is the topic's text."""
    pages = read_pages(path)
    minimum = minimum_size(path.name, edition)
    findings: list[Finding] = []
    for page in pages:
        findings += text_on_text(label, page)
        findings += text_on_rules(label, page)
        findings += outside_margins(label, page)
        findings += ellipses(label, page, source)
        findings += small_type(label, page, minimum)
        findings += hyphen_fragments(label, page, source)
    findings += near_empty_pages(label, pages)
    findings += split_tables(label, pages)
    findings += alone_at_foot(label, pages)
    return findings


def same_question_starts(key: Path, worksheet: Path, label: str) -> list[Finding]:
    """Each page of the key starts the questions the worksheet's same page starts."""
    key_pages, sheet_pages = read_pages(key), read_pages(worksheet)
    findings = []
    if len(key_pages) != len(sheet_pages):
        findings.append(Finding(label, 1, 0, 0, "key pages", f"{len(key_pages)} pages, worksheet {len(sheet_pages)}"))
    for number, (in_key, in_sheet) in enumerate(zip(question_starts(key_pages), question_starts(sheet_pages)), 1):
        if in_key != in_sheet:
            findings.append(Finding(label, number, 0, 0, "key pages", f"questions {in_key}, worksheet {in_sheet}"))
    return findings


def libreoffice_pdfs(documents: list[Path], folder: Path) -> dict[Path, Path]:
    """Every .docx as LibreOffice lays it out, in ONE soffice call (it starts slowly); names kept apart."""
    folder.mkdir(parents=True, exist_ok=True)
    staged = {}
    for index, document in enumerate(documents):
        copy = folder / f"{index:03d}-{document.stem}.docx"
        copy.write_bytes(document.read_bytes())
        staged[document] = copy
    profile = folder / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, staged.values())], check=True, capture_output=True, timeout=1800)
    return {document: copy.with_suffix(".pdf") for document, copy in staged.items()}


EDITIONS = ("large-print", "support")


def edition_of(path: Path, output: Path) -> str:
    parts = path.relative_to(output).parts
    return parts[1] if len(parts) > 2 and parts[1] in EDITIONS else "standard"


def lint_output(output: Path, content: Path, word_pdfs: dict[Path, Path]) -> list[Finding]:
    """Every PDF under ``output`` (each topic's folder and the booklet), the Word files' LibreOffice PDFs,
    and each key against its worksheet, in both."""
    sources = {path.stem: path.read_text("utf-8") for path in content.glob("*.yaml")}
    everything = "\n".join(sources.values())
    findings: list[Finding] = []
    for pdf in sorted(output.rglob("*.pdf")):
        relative = pdf.relative_to(output)
        source = sources.get(relative.parts[0], everything)
        edition = edition_of(pdf, output)
        findings += lint_pdf(pdf, str(relative), edition, source)
        if pdf.name.startswith("answers") and pdf.name != "answers-grid.pdf":
            sheet = pdf.with_name(pdf.name.replace("answers", "worksheet", 1))
            findings += same_question_starts(pdf, sheet, str(relative))
    for document, pdf in sorted(word_pdfs.items()):
        relative = document.relative_to(output)
        label = f"{relative} (LibreOffice)"
        findings += lint_pdf(pdf, label, edition_of(document, output), sources[relative.parts[0]])
        findings += same_question_starts(pdf, document.with_suffix(".pdf"), f"{label} vs its PDF")
    return findings
