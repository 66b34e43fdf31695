"""The page lint over a corpus of topics, and one test for each print defect of issue 22.

The corpus (tests/corpus plus the repository's content/ examples: eleven topics in six
languages, with pictures, maths, long options, three-item comparisons, versions, editions,
flashcards and the booklet) is built once per session; every .docx it writes is converted
by LibreOffice in one call, and every PDF (docgen's and LibreOffice's) is linted.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from conftest import REPO, build_in, needs_libreoffice
from docgen.i18n import labels_for
from pagelint import Finding, lint_output, lint_pdf, libreoffice_pdfs, read_pages, same_question_starts

CORPUS = Path(__file__).resolve().parent / "corpus"


_BUILD_FAILED: list[str] = []  # a failed build fails every test at once, instead of being retried by each


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """The corpus project, built (every output, edition and version) into a scratch folder."""
    if _BUILD_FAILED:
        pytest.fail(_BUILD_FAILED[0])
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS / "content", root / "content")
    for example in (REPO / "content").glob("*.yaml"):
        shutil.copy(example, root / "content" / example.name)
    shutil.copy(CORPUS / "docgen.yaml", root / "docgen.yaml")
    try:
        build_in(root, ["build", "--jobs", "2"])
    except AssertionError:
        _BUILD_FAILED.append("the corpus did not build: see the captured output of the first test")
        raise
    return root


@pytest.fixture(scope="session")
def corpus_word_pdfs(corpus, tmp_path_factory) -> dict[Path, Path]:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    return libreoffice_pdfs(sorted((corpus / "output").rglob("*.docx")), tmp_path_factory.mktemp("word"))


@pytest.fixture(scope="session")
def findings(corpus, corpus_word_pdfs) -> list[Finding]:
    return lint_output(corpus / "output", corpus / "content", corpus_word_pdfs)


def text_of(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


# ---------- the corpus is what the issue asks for ----------

def test_the_corpus_reaches_every_layout(corpus):
    topics = {path.stem: path.read_text("utf-8") for path in (corpus / "content").glob("*.yaml")}
    assert len(topics) >= 10
    languages = {re.search(r"^lang: (\S+)", text, re.M).group(1) if "\nlang:" in text else "en"
                 for text in topics.values()}
    assert {"en", "es", "fr", "de", "zh", "ru"} <= languages
    assert any("image:" in text for text in topics.values())
    assert any("\\frac" in text for text in topics.values())
    assert any(re.search(r"items: \[[^],]+, [^],]+, [^],]+\]", text) for text in topics.values())
    output = corpus / "output"
    assert (output / "booklet.pdf").is_file()
    for name in ("large-print/worksheet.pdf", "support/answers.pdf", "flashcards.pdf", "answers-grid.pdf"):
        assert list(output.glob(f"*/{name}")), name


# ---------- the lint sees what it must (it can fail) ----------

def _pdf(tmp_path: Path, body: str, css: str = "") -> Path:
    from weasyprint import HTML

    path = tmp_path / "probe.pdf"
    HTML(string=f"<html><head><style>@page {{ size: A4; margin: 20mm }} body {{ font: 11pt sans-serif }}"
                f"{css}</style></head><body>{body}</body></html>").write_pdf(path)
    return path


def test_the_lint_finds_overlaps_rules_cuts_small_type_and_fragments(tmp_path):
    pdf = _pdf(tmp_path, '<p style="position:absolute;top:0;left:0">Overlapping words here</p>'
                         '<p style="position:absolute;top:0;left:3pt">Overlapping words here</p>'
                         '<p style="margin-top:30mm;border-bottom:1pt solid black;line-height:0.1">Struck through</p>'
                         '<p style="margin-top:20mm">A cut answer…</p><p style="font-size:6pt">tiny</p>'
                         '<p style="position:absolute;top:-22mm;left:-30mm">cut off</p>'
                         '<p style="width:30mm;margin-top:20mm">Unbelievab-<br>ly</p>')
    checks = {finding.check for finding in lint_pdf(pdf, "probe.pdf", "standard", "Unbelievably")}
    assert {"text on text", "text on a rule", "ellipsis not in the source", "type too small",
            "cut by the page edge", "hyphenated fragment"} <= checks


def test_the_lint_finds_near_empty_pages_and_lonely_headings(tmp_path):
    filler = "".join(f"<p>Line {n} of text that fills the page.</p>" for n in range(38))
    pdf = _pdf(tmp_path, f'{filler}<h2 style="font-size:16pt;font-weight:bold">A heading</h2>'
                         '<p style="break-before:page">Last line.</p>')
    checks = {finding.check for finding in lint_pdf(pdf, "probe.pdf", "standard", "")}
    assert "near-empty page" in checks


def test_the_lint_compares_the_keys_pages_with_the_worksheets(tmp_path):
    one = _pdf(tmp_path, "<p><b>1.</b> First</p><p style='break-before:page'><b>2.</b> Second</p>")
    other = tmp_path / "other.pdf"
    shutil.copy(one, other)
    two = _pdf(tmp_path, "<p><b>1.</b> First</p><p><b>2.</b> Second</p>")
    assert same_question_starts(two, other, "key")  # 1 page holding 1 and 2, against 2 pages


# ---------- the corpus, linted: every check, each its own test ----------

def _open(check: str, why: str):
    """A check the corpus does not pass yet (issue 22, see /work/notes/22.md): strict, so that the
    day it passes the mark must go."""
    return pytest.param(check, marks=pytest.mark.xfail(strict=True, reason=why))


WORD_LARGE_PRINT = "issue 22 item 6: LibreOffice sets large-print Word pages taller than the PDF's"
CHECKS = ["text on text", "text on a rule", "outside the margins", "cut by the page edge",
          "ellipsis not in the source", "question's first line alone at the foot", "hyphenated fragment",
          _open("near-empty page", WORD_LARGE_PRINT + "; the large-print handout's p6 (item 5)"),
          _open("table split", WORD_LARGE_PRINT),
          _open("heading alone at the foot", "issue 22 item 5: the logistics large-print handout, p6"),
          _open("type too small", "issue 22 item 2: an SVG's own labels are not enlarged to the minimum; "
                                  "LibreOffice Math exponents"),
          _open("key pages", WORD_LARGE_PRINT)]


@needs_libreoffice
@pytest.mark.parametrize("check", CHECKS)
def test_the_corpus_has_no_finding(findings, check):
    found = [str(finding) for finding in findings if finding.check == check]
    assert not found, "\n".join(found[:40])


# ---------- the numbered defects ----------

def test_1_the_answers_grid_prints_every_answer_whole(corpus):
    grid = corpus / "output" / "photosynthesis" / "answers-grid.pdf"
    text = "".join(text_of(grid).split())  # the grid's cells wrap: compare without the line breaks
    assert "…" not in text
    assert "Respirationgivesoutthe" in text and "carbondioxideandwaterthatphotosynthesistakesin." in text
    assert "d)Photosynthesis" in text and "d)Cellularrespiration" in text


def test_2_large_print_footer_instructions_points_and_title(corpus):
    english = labels_for("en")
    sheet = corpus / "output" / "photosynthesis" / "large-print" / "worksheet-A.pdf"  # default instructions
    text = " ".join(text_of(sheet).split())
    assert english["instructions_inline"] in text and "shown on the right" not in text
    for page in read_pages(sheet):
        lines = page.lines + page.furniture
        assert not any(line.text.strip().startswith(("—", "(")) and re.match(r"\(\d+ pts?\)$", line.text.strip())
                       for line in lines), page.number  # "(1 pt)" never alone on a line
        assert not any(line.text.strip().startswith("—") for line in lines)  # "— Worksheet" never starts a line
        footer = [line for line in page.furniture if line.top > page.height * 0.8]
        for a in footer:
            for b in footer:
                assert a is b or a.x1 < b.x0 or b.x1 < a.x0 or a.bottom <= b.top or b.bottom <= a.top


def test_2_large_print_drawings_grow_with_the_text(corpus):
    standard = corpus / "output" / "photosynthesis" / "handout.pdf"
    large = corpus / "output" / "photosynthesis" / "large-print" / "handout.pdf"

    def label_size(pdf: Path) -> float:
        with pdfplumber.open(pdf) as document:
            return max(char["size"] for page in document.pages for char in page.chars if char["text"] == "s"
                       and "sunlight" in page.extract_text())

    assert label_size(large) > label_size(standard)


def test_3_no_points_label_is_struck_by_a_rule(findings):
    struck = [str(f) for f in findings if f.check == "text on a rule" and re.search(r"\(\d", f.detail)]
    assert not struck, "\n".join(struck)


def test_4_the_key_is_titled_as_the_key_without_student_fields(corpus):
    for slug, lang in (("logistics-vs-operations", "en"), ("climat-meteo", "fr"), ("waelder", "de")):
        labels = labels_for(lang)
        folder = corpus / "output" / slug
        key = next(folder.glob("answers*.pdf"))
        first = " ".join(text_of(key).split("\n")[:6])
        assert labels["answer_key_title"].split("{title}")[1].strip(" —–") in first
        assert labels["worksheet_title"].split("{title}")[1].strip(" —–") not in first
        assert labels["field_name"] not in text_of(key).split()
        sheet = key.with_name(key.name.replace("answers", "worksheet"))
        assert not same_question_starts(key, sheet, key.name)


def test_4_the_word_key_is_titled_as_the_key_without_student_fields(corpus):
    import docx

    document = docx.Document(corpus / "output" / "climat-meteo" / "answers-A.docx")
    text = "\n".join(paragraph.text for paragraph in document.paragraphs[:4])
    assert "Corrigé" in text and "Nom" not in text and "Fiche d’exercices" not in text


def test_8_chinese_and_russian_catalogs_are_real_translations(corpus):
    for lang, word in (("zh", "参考答案"), ("ru", "ОТВЕТЫ")):
        labels = labels_for(lang)
        assert not labels.fallback and labels["answer_key"] == word
        assert all(labels[key] != text for key, text in labels_for("en").texts.items()
                   if not key.startswith(("quote_", "preview_output_version", "preview_output_edition",
                                          "true_false_statement", "recall_text", "fact_question",
                                          "answer_separator", "table_answer", "date_first_day")))
    assert "参考答案" in text_of(corpus / "output" / "tianqi-qihou" / "answers.pdf").replace(" ", "")
    assert "Рабочий лист" in text_of(corpus / "output" / "pogoda-klimat" / "worksheet.pdf")


def test_8_emphasis_without_a_bold_face_is_visible(corpus):
    """WenQuanYi has no bold: the bold terms of the Chinese handout sit on a light tint."""
    with pdfplumber.open(corpus / "output" / "tianqi-qihou" / "handout.pdf") as document:
        page = document.pages[0]
        tints = [rect for rect in page.rects if rect.get("fill") and rect["non_stroking_color"]
                 and min(rect["non_stroking_color"]) > 0.85 and max(rect["non_stroking_color"]) < 0.97
                 and rect["height"] < 20]
        term = next(char for char in page.chars if char["text"] == "天" and char["top"] > 150)
    assert any(rect["x0"] <= term["x0"] <= rect["x1"] and rect["top"] <= term["top"] + 2 <= rect["bottom"]
               for rect in tints)


def test_9_flashcards_break_at_sensible_places(corpus):
    cards = corpus / "output" / "photosynthesis" / "flashcards.pdf"
    for page in read_pages(cards):
        for line in page.lines:
            words = line.text.split()
            assert not (len(words) == 1 and len(words[0]) <= 4 and words[0].endswith("?")), line.text
            assert not line.text.strip().startswith("—"), line.text


def test_10_the_booklet_cover_is_large_and_unnumbered(corpus):
    with pdfplumber.open(corpus / "output" / "booklet.pdf") as document:
        cover = document.pages[0]
        assert max(char["size"] for char in cover.chars) >= 30
        assert not re.search(r"\b1\b", cover.extract_text())


def test_11_cheat_sheet_fills_behind_text_are_light(corpus):
    for sheet in (corpus / "output").glob("*/cheatsheet.pdf"):
        with pdfplumber.open(sheet) as document:
            for rect in document.pages[0].rects:
                colour = rect.get("non_stroking_color") or (1,)
                behind_text = any(rect["x0"] < c["x0"] < rect["x1"] and rect["top"] < c["top"] < rect["bottom"]
                                  for c in document.pages[0].chars if c["text"].strip())
                if rect.get("fill") and rect["height"] > 5 and rect["width"] > 20 and len(colour) in (1, 3) \
                        and max(colour) - min(colour) < 0.01 and min(colour) > 0.5 and behind_text:
                    # (darker than 50 % is a border's frame, drawn as a filled ring, not a fill)
                    assert min(colour) >= 0.875, (sheet, rect["x0"], rect["top"], colour)


def test_11_the_german_grid_names_groups_as_its_columns_do():
    german = labels_for("de")
    assert german["version_n"].split()[0] in german["answers_grid_title"].replace("Gruppen", "Gruppe")


def test_9_every_flashcard_back_is_centred_vertically(corpus):
    """Backs (no topic line): each card's text block has its middle at the card's middle."""
    mm = 72 / 25.4
    card_h, card_w, margin = (297 - 20) / 4 * mm, (210 - 20) / 2 * mm, 10 * mm
    with pdfplumber.open(corpus / "output" / "photosynthesis" / "flashcards.pdf") as document:
        for page in document.pages[1::2]:
            cards: dict[tuple[int, int], list[dict]] = {}
            for word in page.extract_words():
                key = (int((word["x0"] - margin) // card_w), int((word["top"] - margin) // card_h))
                cards.setdefault(key, []).append(word)
            assert cards
            for (column, row), words in cards.items():
                middle = (min(w["top"] for w in words) + max(w["bottom"] for w in words)) / 2
                assert abs(middle - (margin + (row + 0.5) * card_h)) < 4, (column, row, words[0]["text"])


def test_the_break_filters_keep_words_together_and_markup_whole():
    from docgen.render.writers.html.templates import glued, kept_together

    assert kept_together("Logistics — Part of?") == "Logistics\u00a0— Part\u00a0of?"
    assert '<span class="nowrap">object-oriented</span>' in kept_together("Learning object-oriented design")
    assert kept_together('<a href="a-b c">x</a>') == '<a href="a-b c">x</a>'  # never inside a tag
    assert glued('a <a href="x y">link</a>z', "<i>1 pt</i>") == \
        'a <a href="x y">link</a><span class="nowrap">z<i>1 pt</i></span>'
    assert glued("Name the two products", "(2 pts)") == 'Name the two <span class="nowrap">products(2 pts)</span>'
