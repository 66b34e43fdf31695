"""Languages: label catalogs, dates, overrides, document language, and no character lost."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, write_topic
from docgen.i18n import ENGLISH, Labels, labels_for, placeholders
from docgen.i18n.catalog import catalog_path, shipped_languages

SHIPPED = ["en", "es", "fr", "de", "it", "pt", "nl", "zh", "ru"]
# Built here in every Latin-script language; Chinese and Russian builds are the page lint's corpus (test_pagelint.py).
TRANSLATED = [lang for lang in SHIPPED if lang not in ("en", "zh", "ru")]
EPOCH = str(int(datetime(2026, 11, 27, tzinfo=timezone.utc).timestamp()))
DATES = {"es": "27 de noviembre de 2026", "fr": "27 novembre 2026", "de": "27. November 2026",
         "it": "27 novembre 2026", "pt": "27 de novembro de 2026", "nl": "27 november 2026"}

# A topic with every part that prints a label, in words no language's labels use.
TOPIC = """
title: Lorem ipsum
subject: Qwerty
lang: {lang}
summary: Lorem "ipsum" dolor sit amet.
objectives: [Lorem ipsum dolor.]
sections:
  - heading: Lorem
    body: Ipsum dolor sit amet.
compare:
  items: [Alfa, Beta, Gamma]
  rows:
    - aspect: Lorem
      values: [Ipsum, Dolor, ""]
terms:
  - term: Lorem
    definition: Ipsum dolor.
cheatsheet:
  notes: [Lorem ipsum.]
questions:
  - type: choice
    prompt: Lorem?
    options: [Ipsum, Dolor, Amet]
    answer: [Ipsum, Dolor]
  - type: true_false
    statement: Lorem ipsum.
    answer: true
  - type: short
    prompt: Lorem?
    answer: Ipsum.
    points: 2.5
  - type: long
    prompt: Dolor?
  - type: blank
    text: Lorem [[ipsum]] dolor [[amet]].
    word_bank: true
  - type: match
    pairs:
      - {{left: Lorem, right: Ipsum}}
      - {{left: Dolor, right: Amet}}
  - type: classify
    prompt: Lorem ipsum.
    statements:
      - {{text: Ipsum, answer: Alfa}}
      - {{text: Dolor, answer: Beta}}
"""


def run_docgen(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """docgen in a process of its own: font lookups are cached per process."""
    return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}, timeout=300)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def docx_parts(path: Path, parts: str) -> str:
    """The visible text of the .docx parts whose names match ``parts`` (a regex)."""
    with zipfile.ZipFile(path) as archive:
        xml = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if re.fullmatch(parts, name))
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def english_left(text: str, lang: str) -> list[str]:
    """English label words in ``text`` that the language's catalog translates.

    Each label is cut at its ``{fields}``; a piece that the translation also
    has (French "Page", Spanish "Total") is not English in that language.
    """
    labels = labels_for(lang)
    found = []
    for key, english in ENGLISH.items():
        ours = set(_pieces(labels[key]))
        for piece in _pieces(english):
            if piece not in ours and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text):
                found.append(f"{key}: {piece!r}")
    return found


def _pieces(text: str) -> list[str]:
    # No-break spaces count as spaces: French typography puts one before a colon ("Total\u00a0:").
    return [piece.strip(" \u00a0\u202f—:.") for piece in re.split(r"\{\w+\}", text) if re.search(r"[A-Za-z]", piece)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One project, one topic in each translated language, every output built."""
    root = tmp_path_factory.mktemp("languages")
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Qwerty 11\nteacher: Zxcv\n", "utf-8")
    for lang in TRANSLATED:
        write_topic(root, lang, TOPIC.format(lang=lang))
    result = run_docgen(["build"], root)
    assert result.returncode == 0, result.stderr + result.stdout
    return root / "output"


# ---------- catalogs ----------

def test_every_language_ships_a_complete_catalog():
    assert set(SHIPPED) <= set(shipped_languages())
    for lang in SHIPPED:
        labels = labels_for(lang)
        assert not labels.fallback, lang
        for key, english in ENGLISH.items():
            text = labels[key]
            assert text.strip(), (lang, key)
            assert placeholders(text) == placeholders(english), (lang, key, text)


def test_catalogs_translate_the_current_english():
    """A .po entry whose msgid is not today's English text is stale (or fuzzy): English shows."""
    from babel.messages.pofile import read_po

    for lang in SHIPPED:
        with catalog_path(lang).open("rb") as file:
            catalog = read_po(file)
        entries = {message.context: message for message in catalog if message.id}
        assert set(entries) == set(ENGLISH), lang
        for key, message in entries.items():
            assert message.id == ENGLISH[key] and not message.fuzzy, (lang, key)
    assert labels_for("en").texts == ENGLISH


def test_region_falls_back_to_the_language_and_unknown_to_english_with_a_note():
    assert labels_for("pt-BR")["true"] == "Verdadeiro"
    swahili = labels_for("sw")
    assert swahili.fallback and swahili["answer_key"] == ENGLISH["answer_key"]
    assert "docgen help languages" in swahili.fallback_note and "labels:" in swahili.fallback_note
    assert swahili.points(1) == "1 pt"  # English words, English plural rules
    assert labels_for("zh-Hant").fallback  # Traditional Chinese is not given the Simplified catalog
    unknown = labels_for("zz")  # a well-formed tag no locale data knows: English throughout
    assert unknown.fallback and unknown.date(datetime(2026, 11, 27).date()) == "November 27, 2026"


def test_numbers_plurals_dates_and_lists_follow_the_language():
    spanish, french, german = labels_for("es"), labels_for("fr"), labels_for("de")
    assert spanish.points(1) == "1 punto" and spanish.points(2.5) == "2,5 puntos"
    assert french.points(0) == "0 point"  # French: 0 and 1 are singular
    assert german.date(datetime(2026, 11, 27).date()) == "27. November 2026"
    assert spanish.join(["A", "B", "C"]) == "A, B y C"
    assert labels_for("ar").direction == "rtl" and spanish.direction == "ltr"


def test_no_label_key_hides_behind_a_labels_attribute():
    """Templates write ``labels.key_idea``: a key named like a method would print the method."""
    assert not set(ENGLISH) & set(dir(Labels))


def test_css_content_cannot_break_out_of_its_string():
    labels = labels_for("en", {"page_n_of_m": 'x"; } body { color: red } /* {page}'})
    css = labels.css_content("page_n_of_m")
    assert css.endswith("counter(page)") and css.count('"') == 2
    assert not set(css) & set(";{}/<>") - set()  # every character of the text is a hex escape


# ---------- docgen.yaml: labels:, date:, lang ----------

SMALL = "title: Lorem\nsummary: Ipsum.\nterms:\n  - {term: Dolor, definition: Sit amet.}\n"

def test_unknown_label_key_is_an_error_with_did_you_mean(project, run_cli):
    (project / "docgen.yaml").write_text("labels:\n  answer_kye: SOLUTIONS\n", "utf-8")
    result = run_cli(["labels"], project)
    assert result.code == 1
    assert "docgen.yaml:2:3" in result.err and 'unknown label "answer_kye"' in result.err
    assert 'did you mean "answer_key"' in result.err


def test_label_with_a_field_it_does_not_have_is_an_error(project, run_cli):
    (project / "docgen.yaml").write_text('labels:\n  page_n_of_m: "{page} / {total}"\n', "utf-8")
    result = run_cli(["labels"], project)
    assert result.code == 1
    assert "{page}, {pages}" in result.err and "page_n_of_m" in result.err


def test_labels_command_lists_every_key_in_the_language(project, run_cli):
    result = run_cli(["labels", "--lang", "fr"], project)
    assert result.code == 0
    lines = dict(line.split("\t", 1) for line in result.out.splitlines())
    assert list(lines) == list(ENGLISH)
    assert lines["answer_key"] == "CORRIGÉ" and lines["page_n_of_m"] == "Page {page} sur {pages}"


def test_labels_command_shows_the_projects_overrides(project, run_cli):
    (project / "docgen.yaml").write_text("lang: es\nlabels:\n  answer_key: CLAVE\n", "utf-8")
    lines = dict(line.split("\t", 1) for line in run_cli(["labels"], project).out.splitlines())
    assert lines["answer_key"] == "CLAVE" and lines["true"] == "Verdadero"


@pytest.mark.parametrize("setting, expected", [("false", None), ("2026-01-05", "5 de enero de 2026")])
def test_date_setting(project, run_cli, setting, expected):
    (project / "docgen.yaml").write_text(f"course: Qwerty\ndate: {setting}\nlang: es\n", "utf-8")
    write_topic(project, "t", SMALL)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    text = pdf_text(project / "output" / "t" / "handout.pdf")
    if expected:
        assert expected in text
    else:
        assert not re.search(r"\b20\d\d\b", text)


def test_topic_language_overrides_the_projects(project, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (project / "docgen.yaml").write_text("lang: de\n", "utf-8")
    write_topic(project, "t", SMALL + "lang: it\n")
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    pdf = project / "output" / "t" / "handout.pdf"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "it"
    text = pdf_text(pdf)
    assert "Idea chiave".upper() in text.upper() and DATES["it"] in text


def test_language_without_catalog_builds_in_english_with_one_note(project, run_cli):
    write_topic(project, "t", SMALL + "lang: sw\n")
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 0
    assert result.out.count('no catalog for language "sw"') == 1 and "docgen help languages" in result.out
    assert "KEY IDEA" in pdf_text(project / "output" / "t" / "handout.pdf").upper()


def test_quotes_follow_the_language(project, run_cli):
    write_topic(project, "t", SMALL + 'lang: fr\nsections:\n  - {heading: A, body: Il dit "bonjour".}\n')
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    assert "«\u00a0bonjour\u00a0»" in PdfReader(project / "output" / "t" / "handout.pdf").pages[0].extract_text()


def test_right_to_left_language_sets_the_direction(tmp_path):
    from docgen.content.reader import TopicFile
    from docgen.content.model import topic_model
    from docgen.project import Project, ProjectConfig
    from docgen.render.job import RenderJob
    from docgen.render.writers.html.from_template import render_html

    topic = topic_model().model_validate({"title": "مرحبا", "lang": "ar", "summary": "نص"})
    job = RenderJob(TopicFile("t", tmp_path / "t.yaml", topic), Project(tmp_path, ProjectConfig()))
    assert '<html lang="ar" dir="rtl"' in render_html(job, "handout.html")


# ---------- a build in every shipped language ----------

@pytest.mark.parametrize("lang", TRANSLATED)
def test_handout_and_cheat_sheet_have_no_english_label(built, lang):
    for name in ("handout.pdf", "cheatsheet.pdf"):
        pdf = built / lang / name
        text = pdf_text(pdf)
        assert not english_left(text, lang), (name, english_left(text, lang))
        assert DATES[lang] in text, name
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    handout = pdf_text(built / lang / "handout.pdf")
    labels = labels_for(lang)
    for key in ("key_idea", "objectives", "aspect", "key_terms", "not_applicable"):
        assert labels[key].upper() in handout.upper(), key
    heading = labels.format("compare_heading", items=labels.join(["Alfa", "Beta", "Gamma"]))
    assert labels.format("page_n_of_m", page=1, pages=1) in handout
    assert " ".join(heading.split()) in handout  # pdf_text makes every space one space


@pytest.mark.parametrize("lang", TRANSLATED)
def test_word_headers_footers_and_language_are_translated(built, lang):
    """The parts of the .docx this branch writes: page furniture and document language."""
    labels = labels_for(lang)
    for name in ("worksheet.docx", "answers.docx"):
        path = built / lang / name
        furniture = docx_parts(path, r"word/(header|footer)\d*\.xml")
        assert not english_left(furniture, lang), (name, english_left(furniture, lang))
        assert labels.format("page_n_of_m", page="", pages="").split()[0] in furniture
        with zipfile.ZipFile(path) as archive:
            assert f'<w:lang w:val="{lang}"/>' in archive.read("word/styles.xml").decode()
    assert labels["answer_key"] in docx_parts(built / lang / "answers.docx", r"word/header\d*\.xml")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_worksheets_have_no_english_label(built, lang):
    left = {}
    for name in ("worksheet.pdf", "answers.pdf"):
        left[name] = english_left(pdf_text(built / lang / name), lang)
        assert PdfReader(built / lang / name).trailer["/Root"]["/Lang"] == lang
    for name in ("worksheet.docx", "answers.docx"):
        left[name] = english_left(docx_parts(built / lang / name, r"word/.*\.xml"), lang)
    assert not any(left.values()), left


# ---------- labels: overrides reach every output ----------

def test_label_override_in_the_word_answer_key(project, run_cli):
    (project / "docgen.yaml").write_text("labels:\n  answer_key: MARKING SCHEME\n", "utf-8")
    write_topic(project, "t", TOPIC.format(lang="en"))
    assert run_cli(["build", "--only", "answers", "--jobs", "1"], project).code == 0
    assert "MARKING SCHEME" in docx_parts(project / "output" / "t" / "answers.docx", r"word/header\d*\.xml")


def test_label_override_in_the_pdf_answer_key(project, run_cli):
    (project / "docgen.yaml").write_text("labels:\n  answer_key: MARKING SCHEME\n", "utf-8")
    write_topic(project, "t", TOPIC.format(lang="en"))
    assert run_cli(["build", "--only", "answers", "--jobs", "1"], project).code == 0
    assert "MARKING SCHEME" in pdf_text(project / "output" / "t" / "answers.pdf")


# ---------- no character lost ----------

CHINESE = """
title: 天气与气候
lang: zh
summary: 天气是短期的大气状态，气候是长期的平均状态。
compare:
  items: [天气, 气候]
  rows:
    - aspect: 时间尺度
      values: [几小时到几天, 三十年以上]
terms:
  - term: 降水
    definition: 从云中落到地面的水。
questions:
  - type: true_false
    statement: 气候描述的是今天的天气。
    answer: false
"""


def cjk_font_installed() -> bool:
    return bool(shutil.which("fc-list")) and bool(subprocess.run(
        ["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip())


def empty_fontconfig(folder: Path) -> str:
    """A fontconfig setup that knows no system font: a machine without a CJK font."""
    conf = folder / "empty-fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f"<fontconfig><dir>{folder / 'no-fonts'}</dir><cachedir>{folder / 'cache'}</cachedir>"
                    "</fontconfig>\n", "utf-8")
    return str(conf)


def need_cjk_font() -> None:
    if not cjk_font_installed():
        if os.environ.get("CI"):
            pytest.fail("CI must install a CJK font (.ci/run: fonts-wqy-microhei)")
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")


def pdffonts(pdf: Path) -> list[list[str]]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in lines.splitlines()[2:]]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is not installed")
def test_chinese_topic_prints_every_character_from_a_real_font(project):
    need_cjk_font()
    write_topic(project, "zh", CHINESE)
    result = run_docgen(["build", "--jobs", "1"], project)
    assert result.returncode == 0, result.stderr
    assert 'no catalog for language "zh"' not in result.stdout  # docgen ships Simplified Chinese labels
    for name in ("handout.pdf", "cheatsheet.pdf", "worksheet.pdf", "answers.pdf"):
        pdf = project / "output" / "zh" / name
        text = "".join(pdf_text(pdf).split())
        for field in ("天气与气候", "天气是短期的大气状态", "时间尺度", "三十年以上", "从云中落到地面的水"):
            if name != "worksheet.pdf" and name != "answers.pdf" or field == "天气与气候":
                assert field in text, (name, field)
        fonts = pdffonts(pdf)
        assert all(row[-5] == "yes" for row in fonts), fonts  # every font embedded
        assert not any("Type 3" in " ".join(row) for row in fonts)
        assert len(fonts) >= 2  # a CJK font beside the bundled Latin ones
    assert "2026年11月27日" in "".join(pdf_text(project / "output" / "zh" / "handout.pdf").split())
    with zipfile.ZipFile(project / "output" / "zh" / "worksheet.docx") as archive:
        assert '<w:lang w:val="zh" w:eastAsia="zh"/>' in archive.read("word/styles.xml").decode()
    assert "天气与气候" in docx_parts(project / "output" / "zh" / "worksheet.docx", r"word/document\.xml")


def test_word_files_of_right_to_left_languages_run_right_to_left():
    import docx

    from docgen.render.writers.docx.styles import set_language

    document = docx.Document()
    set_language(document, "he")
    normal = document.styles["Normal"].element.xml
    assert 'w:bidi="he"' in normal and "<w:bidi/>" in normal


def test_without_a_font_for_the_characters_the_topic_fails_and_writes_nothing(project):
    write_topic(project, "zh", CHINESE)
    result = run_docgen(["build", "--jobs", "1"], project, FONTCONFIG_FILE=empty_fontconfig(project))
    assert result.returncode == 1
    err = result.stderr
    assert "content/zh.yaml:1:8: title: no font has the characters" in err
    assert '"天气与候"' in err and "U+5929" in err and "empty boxes" in err
    assert "compare.rows[0].aspect" in err
    # 2026年11月27日: 年 is in a field, 日 in a label (日期), so the date itself adds 月
    assert 'content/zh.yaml:2:7: lang: no font has the character "月"' in err
    assert "zh/LC_MESSAGES/docgen.po: answer_key: no font has the characters" in err  # the labels, too
    assert "fonts-noto-cjk" in err and "fonts:" in err
    assert "Traceback" not in err
    assert not (project / "output" / "zh").exists()


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is not installed")
def test_project_fallback_font_is_embedded_and_subset(project):
    need_cjk_font()
    cjk = subprocess.run(["fc-list", ":lang=zh", "--format", "%{file}\n"], capture_output=True,
                         text=True).stdout.split()[0]
    (project / "fonts").mkdir()
    shutil.copy(cjk, project / "fonts" / Path(cjk).name)
    (project / "docgen.yaml").write_text(f"fonts:\n  fallback: [fonts/{Path(cjk).name}]\n", "utf-8")
    write_topic(project, "zh", CHINESE)
    result = run_docgen(["build", "--only", "handout", "--jobs", "1"], project,
                        FONTCONFIG_FILE=empty_fontconfig(project))
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "zh" / "handout.pdf"
    assert "天气与气候" in "".join(pdf_text(pdf).split())
    fallback = [row for row in pdffonts(pdf) if "docgen-fallback-1" in row[0]]
    assert fallback and re.match(r"[A-Z]{6}\+", fallback[0][0])  # embedded as a subset
    assert fallback[0][-5:-3] == ["yes", "yes"]


def embedded_families(pdf: Path) -> set[str]:
    """The family names inside the font programs a PDF embeds."""
    import io

    from fontTools.ttLib import TTFont

    families = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                if program is not None:
                    names = TTFont(io.BytesIO(program.get_object().get_data()))["name"]
                    families.add(names.getDebugName(1))
    return families


def test_project_sans_font_is_named_in_word_and_embedded_in_pdf(project, run_cli):
    sans = REPO / "templates" / "fonts" / "NotoSerif-Regular.ttf"  # any font the project owns
    (project / "fonts").mkdir()
    shutil.copy(sans, project / "fonts" / "School.ttf")
    (project / "docgen.yaml").write_text("fonts:\n  sans: fonts/School.ttf\n", "utf-8")
    write_topic(project, "t", TOPIC.format(lang="en"))
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    with zipfile.ZipFile(project / "output" / "t" / "worksheet.docx") as archive:
        assert 'w:ascii="Noto Serif"' in archive.read("word/styles.xml").decode()
    assert embedded_families(project / "output" / "t" / "worksheet.pdf") == {"Noto Serif"}  # no Carlito


def test_font_that_is_not_a_font_is_a_config_error(project, run_cli):
    (project / "notes.ttf").write_text("not a font", "utf-8")
    (project / "docgen.yaml").write_text("fonts:\n  fallback: [notes.ttf, ../outside.ttf]\n", "utf-8")
    result = run_cli(["labels"], project)
    assert result.code == 1
    assert 'docgen.yaml:2:14: fonts.fallback[0]: cannot use the font "notes.ttf"' in result.err
    assert "outside the project" in result.err


def test_a_changed_font_file_or_catalog_rebuilds(project, monkeypatch):
    import docgen.i18n.catalog
    from docgen.engine.plan import Manifest, Planner
    from docgen.project import load_project

    def key() -> str:
        return Planner(load_project(project), Manifest(project / "output"), ["handout"]).shared["handout"]

    (project / "fonts").mkdir()
    shutil.copy(REPO / "templates" / "fonts" / "DocgenSans-Regular.ttf", project / "fonts" / "School.ttf")
    (project / "docgen.yaml").write_text("fonts:\n  sans: fonts/School.ttf\n", "utf-8")
    before = key()
    shutil.copy(REPO / "templates" / "fonts" / "DocgenSans-Bold.ttf", project / "fonts" / "School.ttf")
    assert key() != before
    before = key()
    catalogs = project / "locales"  # a catalog changed: a copy of the catalogs with one more line
    shutil.copytree(docgen.i18n.catalog.LOCALES, catalogs)
    monkeypatch.setattr(docgen.i18n.catalog, "LOCALES", catalogs)
    assert key() == before
    next(catalogs.rglob("*.po")).open("a").write("\n# changed\n")
    assert key() != before


def test_without_fc_list_the_error_says_to_install_fontconfig(project):
    write_topic(project, "zh", CHINESE)
    result = run_docgen(["build", "--jobs", "1"], project, PATH=str(project / "no-programs"))
    assert result.returncode == 1
    assert "no font has the characters" in result.stderr
    assert "fc-list is not installed" in result.stderr and "fontconfig" in result.stderr


def test_the_bundled_sans_keeps_a_no_break_space_in_the_text_layer(project, run_cli):
    """Carlito had no U+00A0: the sans text layer held a plain space where the teacher typed a no-break one."""
    import pdfplumber

    from docgen.fonts import BUNDLED

    for name in BUNDLED["sans"]:
        from fontTools.ttLib import TTFont

        cmap = TTFont(REPO / "templates" / "fonts" / name).getBestCmap()
        assert {0x00A0, 0x202F, 0x2009} <= set(cmap) and cmap[0x00A0] != cmap[0x20], name
    write_topic(project, "t", "title: T\nquestions:\n  - type: short\n    prompt: Paris\u00a0est la capitale **de\u00a0la France**\n")
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    with pdfplumber.open(project / "output" / "t" / "worksheet.pdf") as pdf:
        chars = pdf.pages[0].chars
    spaces = [char for char in chars if char["text"] == "\u00a0"]
    assert len(spaces) >= 2 and all("docgen-sans" in char["fontname"] for char in spaces), \
        sorted({(char["text"], char["fontname"]) for char in chars if not char["text"].isalnum()})


def test_the_first_of_the_month_as_each_language_writes_it():
    from datetime import date

    first = {lang: labels_for(lang).date(date(2026, 9, 1)) for lang in ("en", "fr", "it", "pt", "de", "es", "nl")}
    assert first == {"en": "September 1, 2026", "fr": "1er septembre 2026", "it": "1º settembre 2026",
                     "pt": "1º de setembro de 2026", "de": "1. September 2026", "es": "1 de septiembre de 2026",
                     "nl": "1 september 2026"}
    assert labels_for("fr").date(date(2026, 9, 2)) == "2 septembre 2026"


def test_french_labels_get_the_french_spaces_before_punctuation():
    """Preview and every output: no French label keeps an ordinary space before ; : ? ! or inside « »."""
    french = labels_for("fr")
    for key, text in french.texts.items():
        assert not re.search(r" [;:?!]|« | »", text), (key, text)
    assert "mm\u202f; " in french["preview_page_size"]
    assert french["recall_text"] == "{gap}\u00a0: {definition}"
    assert french["answer_separator"] == "\u202f; "
    assert labels_for("en")["hint_text"] == "Hint: {hint}"


def test_the_spacing_rule_changes_only_spaces_typed_before_the_marks():
    from docgen.i18n.typography import apply_spacing

    assert apply_spacing("Quoi ? Ici : 12:30, http://x.fr !", "fr") == "Quoi\u202f? Ici\u00a0: 12:30, http://x.fr\u202f!"
    assert apply_spacing("« oui »", "fr") == "«\u00a0oui\u00a0»"
    assert apply_spacing("What ? Here : yes", "en") == "What ? Here : yes"
