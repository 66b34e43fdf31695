"""The class pack and the course booklet: many documents in one PDF, in order, numbered."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE, MINIMAL, write_topic
from test_versions import VERSIONED

NAMES = [f"Student {name}" for name in (
    "Amara", "Ben", "Chloé", "Dev", "Emre", "Farah", "Gus", "Hana", "Ivo", "Jade", "Kofi", "Lena", "Milo",
    "Nia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wen", "Xavi", "Yara")]


def test_class_pack_of_25_students(project, run_cli):
    write_topic(project, "quiz", VERSIONED)
    rows = ["name,version,edition"] + [
        f"{name},{'C' if index == 1 else ''},{'large-print' if index == 4 else ''}" for index, name in enumerate(NAMES)]
    (project / "class.csv").write_text("\n".join(rows) + "\n", "utf-8")
    result = run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project)
    assert result.code == 0, result.err
    reader = PdfReader(project / "output" / "quiz" / "class-pack.pdf")
    texts = [page.extract_text() for page in reader.pages]
    starts = []
    for name in NAMES:
        pages = [index for index, text in enumerate(texts) if name in text]
        assert len(pages) == 1, f"{name} is printed on pages {pages}"
        starts.append(pages[0])
    assert starts == sorted(starts), "parts follow the roster's order"
    assert all(start % 2 == 0 for start in starts), "every part starts on an odd page (1-based)"
    assert len(texts) % 2 == 0
    # Each part is a whole worksheet: from its first page to the next part, nothing of another student.
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(texts)
        part = texts[start:end]
        assert "Versions test — Worksheet" in part[0].replace("\xa0", " ")  # the dash is glued to the title
        versions = {match for text in part for match in re.findall(r"Version ([A-Z])", text)}
        expected = "C" if index == 1 else "ABC"[index % 3]
        assert versions == {expected}, f"{NAMES[index]}: {versions}"
        if end - start > 1 and not part[-1].strip():
            assert (end - start) % 2 == 0  # a blank back page only after an odd-length part
    large = [page for page in reader.pages[starts[4]:starts[5]]]
    sizes = {round(size) for page in large for size in _font_sizes(page)}
    assert min(sizes) >= 18, "the student whose edition is large-print gets the large-print worksheet"


def _font_sizes(page) -> list[float]:
    found: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append(size * tm[0])

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("roster, message", [
    ("email\nann@school.example\n", "class.csv:1: the roster has no name column"),
    ("name,version\nAnn,\n,B\n", "class.csv:3: the name is empty"),
    ("name\nAnn\nBen\nann\n", 'class.csv:4: "ann" is listed twice (first on line 2)'),
    ("name,version\nAnn,AB\n", 'class.csv:2: unknown version "AB"'),
    ("name,edition\nAnn,\nBen,giant\n", 'class.csv:3: unknown edition "giant"'),
    ("name,version\nAnn,\nBen,F\n", 'class.csv:3: Student is given version "F", but this topic has versions A to C'),
])
def test_a_malformed_roster_is_an_error_with_its_line_and_nothing_is_written(project, run_cli, roster, message):
    write_topic(project, "quiz", VERSIONED)
    (project / "class.csv").write_text(roster.replace("Ben,F", "Student,F"), "utf-8")
    result = run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project)
    assert result.code == 1
    assert message in result.err
    assert "hint:" in result.err and "Traceback" not in result.err
    assert not (project / "output" / "quiz").exists()


def test_booklet_contents_point_at_the_pages_of_each_handout(project, run_cli):
    shutil.copy(EXAMPLE, project / "content")
    write_topic(project, "minimal", MINIMAL.replace("Logistics vs Operations Management", "A Short Topic", 1))
    write_topic(project, "quiz", VERSIONED)
    (project / "docgen.yaml").write_text("course: Test Course\nbooklet: true\n", "utf-8")
    result = run_cli(["build", "--only", "handout", "--jobs", "2"], project)
    assert result.code == 0, result.err
    assert "output/booklet.pdf" in result.out
    reader = PdfReader(project / "output" / "booklet.pdf")
    texts = [page.extract_text() for page in reader.pages]
    assert texts[0].startswith("Test Course")
    titles = ["Logistics vs Operations Management", "A Short Topic", "Versions test"]  # by file name
    lines = texts[1].split("\n")
    assert lines[0] == "Contents"
    assert sorted(titles, key=lambda title: texts[1].index(title)) == titles
    numbers = [line.rsplit(" ", 1)[1] for line in lines[1:-1] if re.search(r" \d+$", line)]
    contents = dict(zip(titles, numbers, strict=True))
    bookmarks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    assert set(bookmarks) == set(titles), "one bookmark per topic"
    for title in titles:
        page = int(contents[title])
        assert page % 2 == 1, "each handout starts on a right-hand page"
        assert title in texts[page - 1].split("\n")[:3], f"{title} is not at the top of page {page}"
        assert bookmarks[title] == page - 1
    # Continuous numbers: every printed page number is the page's place in the book.
    for index, text in enumerate(texts[2:], start=3):
        if text.strip():
            assert text.rstrip().endswith(str(index)), f"page {index} is numbered {text.split()[-1]}"


def test_deleting_a_topic_takes_it_out_of_the_booklet(project, run_cli):
    write_topic(project, "first", MINIMAL.replace("Logistics vs Operations Management", "First Topic", 1))
    write_topic(project, "second", MINIMAL.replace("Logistics vs Operations Management", "Second Topic", 1))
    (project / "docgen.yaml").write_text("course: Test Course\nbooklet: true\n", "utf-8")
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    assert "Second Topic" in PdfReader(project / "output" / "booklet.pdf").pages[1].extract_text()
    (project / "content" / "second.yaml").unlink()
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert "output/booklet.pdf" in result.out
    contents = PdfReader(project / "output" / "booklet.pdf").pages[1].extract_text()
    assert "First Topic" in contents and "Second Topic" not in contents
    again = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert "booklet" not in again.out, "nothing changed: the booklet is not made again"


def test_a_class_pack_goes_when_its_worksheet_changes_and_says_so(project, run_cli):
    topic = write_topic(project, "quiz", VERSIONED)
    (project / "class.csv").write_text("name\nAmara\nBen\n", "utf-8")
    assert run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project).code == 0
    pack = project / "output" / "quiz" / "class-pack.pdf"
    assert pack.is_file()
    forced = run_cli(["build", "--only", "worksheet", "--force", "--jobs", "1"], project)
    assert forced.code == 0 and pack.is_file(), "the same worksheet again: the class pack still fits it"
    topic.write_text(topic.read_text("utf-8").replace("Name a planet.", "Name a moon."), "utf-8")
    result = run_cli(["build", "--only", "worksheet", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert not pack.exists(), "a class pack with the old questions would be printed by mistake"
    assert "removed output/quiz/class-pack.pdf: the worksheet has changed" in result.out
    assert "--roster" in result.out


def test_a_roster_saved_with_semicolons_by_a_european_spreadsheet_is_read(project, run_cli):
    write_topic(project, "quiz", VERSIONED)
    (project / "class.csv").write_bytes("\ufeffname;version;edition\r\nAna García;B;\r\nBen Li;;\r\n".encode("utf-8"))
    result = run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project)
    assert result.code == 0, result.err
    texts = [page.extract_text() for page in PdfReader(project / "output" / "quiz" / "class-pack.pdf").pages]
    first = next(text for text in texts if "Ana García" in text)
    assert "Version B" in first and any("Ben Li" in text for text in texts)


def test_a_roster_from_french_excel_in_windows_1252_is_read_with_first_and_last_names(project, run_cli):
    """`Nom;Prénom;Classe` saved as "CSV" by a French Excel: Windows-1252, names as "Prénom Nom"."""
    write_topic(project, "quiz", VERSIONED)
    roster = "Nom;Prénom;Classe\r\nLefèvre;Hélène;4B\r\nNúñez;Zoé;4B\r\nMüller;Noël;4B\r\n"
    (project / "class.csv").write_bytes(roster.encode("cp1252"))
    result = run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert "roster: 3 students, Windows-1252, names from the columns “Prénom” + “Nom”" in result.out
    texts = "\n".join(page.extract_text() for page in PdfReader(project / "output" / "quiz" / "class-pack.pdf").pages)
    assert "Hélène Lefèvre" in texts and "Zoé Núñez" in texts and "Noël Müller" in texts


@pytest.mark.parametrize("header, row, name", [
    ("Name,Vorname", "Müller,Jürgen", "Jürgen Müller"),
    ("nombre;apellidos;versión", "José;Núñez García;B", "José Núñez García"),
    ("cognome;nome", "Rossi;Giulia", "Giulia Rossi"),
    ("nome;sobrenome", "João;Silva", "João Silva"),
    ("voornaam;achternaam;naam", "Sanne;de Vries;x", "Sanne de Vries"),
    ("First Name,Last Name,Edition", "Ann,Lee,large-print", "Ann Lee"),
    ("name,version", "Ann Lee,B", "Ann Lee"),
    ("Élève", "Léa Martin", "Léa Martin"),
    ("Nom", "Martin", "Martin"),
])
def test_name_columns_in_every_shipped_language(tmp_path, header, row, name):
    from docgen.roster import read_roster

    path = tmp_path / "class.csv"
    path.write_bytes(f"{header}\r\n{row}\r\n".encode("utf-8"))
    [student] = read_roster(path).students
    assert student.name == name
    if "versión" in header or ",version" in header:
        assert student.version == "B"
    if "Edition" in header:
        assert student.edition == "large-print"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_rosters_in_the_encodings_spreadsheets_write(tmp_path, encoding):
    from docgen.roster import read_roster

    path = tmp_path / "class.csv"
    path.write_bytes("Nom;Prénom\r\nLefèvre;Hélène\r\nGarçon;François\r\n".encode(encoding))
    roster = read_roster(path)
    assert [student.name for student in roster.students] == ["Hélène Lefèvre", "François Garçon"]


def test_every_shipped_language_has_roster_words():
    from docgen.i18n.catalog import shipped_languages
    from docgen.i18n.words import ROSTER_COLUMNS

    for role, languages in ROSTER_COLUMNS.items():
        assert set(shipped_languages()) <= set(languages), role
