"""`docgen import`: every format the issue lists, read from hand-written inputs, built once imported.

The inputs in tests/import_inputs/ are written by hand as each tool
writes them (GIFT and Aiken as Moodle's docs show them, a Moodle XML bank
with every question type and an embedded picture, Canvas and Blackboard
QTI packages, a CSV sheet); the .xlsx and .docx inputs are made here with
openpyxl and python-docx, as Excel and Word save them. Each test reads
the topic file the import wrote, as YAML and as docgen reads topics.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import REPO, project_with
from docgen.cli import main
from docgen.content.reader import read_topic

INPUTS = REPO / "tests" / "import_inputs"


def run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def _numbered(paragraph, level: int, num_id: str = "5") -> None:
    """Word's own list numbering on a paragraph (a question at level 0, its options at level 1)."""
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        numbering.append(child)
    paragraph._p.get_or_add_pPr().append(numbering)


def word_worksheet(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Rivers of France"
    document.add_paragraph("Rivers worksheet. Name: ________")
    document.add_paragraph("1. Which river is the longest in France?")
    document.add_paragraph("a) Seine")
    document.add_paragraph().add_run("b) Loire").bold = True
    document.add_paragraph("c) Rhône")
    document.add_paragraph("2) Which are rivers?")
    for text in ("A. Loire", "B. Paris", "C. Garonne"):
        document.add_paragraph(text)
    document.add_paragraph("Answer: A, C")
    document.add_paragraph("3. The Seine flows through Paris.")
    document.add_paragraph().add_run("a) True").font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.add_paragraph("b) False")
    document.add_paragraph("4. How long is the Loire?")
    document.add_paragraph("Answer: 1006 ± 2 km")
    document.add_paragraph("5. Who painted the Seine at Argenteuil?")
    document.add_paragraph("Réponse : Monet")
    question = document.add_paragraph("Which city lies on the Garonne?", style="List Number")
    del question  # Word's numbering, level 0: a question
    for text, bold in (("Bordeaux", True), ("Lyon", False)):
        option = document.add_paragraph()
        option.add_run(text).bold = bold
        _numbered(option, 1)
    document.add_paragraph("7. Describe the course of the Rhône.")
    document.add_paragraph("8. Which sea does the Rhône reach?")
    document.add_paragraph("a) The Mediterranean")
    document.add_paragraph("b) The North Sea")
    document.save(path)
    return path


def spreadsheet(path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO((INPUTS / "questions.csv").read_text("utf-8"))):
        sheet.append([float(cell) if cell.replace(".", "", 1).isdigit() and "." in cell else cell for cell in row])
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """Every hand-written input imported into one project (and built)."""
    root = project_with(tmp_path_factory.mktemp("imported"), {}, "course: Test Course\n")
    inputs = root / "inputs"
    inputs.mkdir()
    for name in ("bank.gift", "bank.aiken.txt", "bank.moodle.xml", "questions.csv"):
        shutil.copy(INPUTS / name, inputs / name)
    zipped(INPUTS / "canvas", inputs / "canvas.zip")
    zipped(INPUTS / "blackboard", inputs / "blackboard.zip")
    word_worksheet(inputs / "rivers.docx")
    spreadsheet(inputs / "questions.xlsx")
    code, out, err = run(root, "import", *sorted(str(path) for path in inputs.iterdir()))
    assert code == 0, err
    (root / "report.txt").write_text(out, "utf-8")
    return root


def has(question: dict, expected: dict) -> bool:
    """Whether ``question`` holds every key of ``expected`` with its value."""
    return question.items() >= expected.items()


def topic(root: Path, name: str) -> dict:
    return yaml.safe_load((root / "content" / f"{name}.yaml").read_text("utf-8"))


def questions(root: Path, name: str) -> list[dict]:
    return topic(root, name)["questions"]


def test_every_imported_topic_is_valid_and_builds(imported):
    files = sorted((imported / "content").glob("*.yaml"), key=lambda path: path.stem)
    assert [file.stem for file in files] == ["bank", "blackboard-test", "chemistry", "geography-quiz", "physics",
                                             "questions", "questions-2", "rivers-of-france"]
    for file in files:
        read_topic(file, imported)  # raises on any problem
    code, out, err = run(imported, "build", "--only", "answers")  # the key: every question and its answer
    assert code == 0, err
    for file in files:
        assert (imported / "output" / file.stem / "answers.pdf").stat().st_size > 1000
        assert (imported / "output" / file.stem / "answers.docx").stat().st_size > 1000


def test_the_report_counts_and_places_what_was_kept_as_comments(imported):
    report = (imported / "report.txt").read_text("utf-8")
    assert "(GIFT) -> content/physics.yaml: 21 questions imported, 1 kept as a comment" in report
    assert "(Moodle XML) -> content/chemistry.yaml: 10 questions imported, 2 kept as comments" in report
    assert "bank.gift:12: partial credit: \"Grant\" 50 %" in report
    assert "bank.moodle.xml:85: kept as a comment: a Moodle calculated question" in report
    text = (imported / "content" / "physics.yaml").read_text("utf-8")
    assert text.startswith("# Imported by `docgen import` from bank.gift (GIFT): 21 questions, "
                           "1 kept as a comment.")
    assert "  # line 12: partial credit: \"Grant\" 50 %\n  - type: short\n" in text
    assert "  # This is only a description of what follows." in text


def test_gift_every_construct(imported):
    gift = questions(imported, "physics")
    by_prompt = {q.get("prompt") or q.get("statement") or q.get("text"): q for q in gift}
    spectrum = by_prompt["What is between orange and green in the spectrum?"]
    assert spectrum["answer"] == "yellow" and spectrum["explanation"] == "right; good!"  # per-answer feedback
    assert by_prompt["Grant is _____ in Grant's tomb."]["answer"] == "entombed"  # missing word, choice
    assert by_prompt["The sun rises in the east."]["answer"] is True  # {T}
    flat = by_prompt["The Earth is flat."]
    assert flat["answer"] is False and flat["explanation"] == "Right, it is not flat."  # {FALSE#…#…}
    assert by_prompt["Who's buried in Grant's tomb?"] == {
        "type": "short", "prompt": "Who's buried in Grant's tomb?", "answer": "no one", "accept": ["nobody"],
        "group": "Mechanics"}
    assert by_prompt["Two plus [[two]] equals four."]["type"] == "blank"  # missing word inside a sentence
    assert by_prompt["Match the countries with their capitals."]["pairs"][1] == {"left": "Italy", "right": "Rome"}
    assert has(by_prompt["When was Ulysses S. Grant born?"], {"answer": 1822, "tolerance": 5})  # {#x:tol}
    assert has(by_prompt["What is a number from 1 to 5?"], {"answer": 3, "tolerance": 2})  # {#a..b}
    several = by_prompt["When was Grant born?"]  # multi-answer numeric
    assert several["answer"] == 1822 and "tolerance" not in several
    assert by_prompt["Describe your favourite film."]["type"] == "long"  # {}
    assert by_prompt["Which is **bold**?"]["answer"] == "**bold**"  # [markdown]
    assert by_prompt["Which tag makes **bold**?"]["options"] == ["<b>", "<i>"]  # [html]
    assert "Escapes: 1 = 1, a {brace} and a ~tilde: here # hash." in by_prompt  # \= \{ \} \~ \: \#
    assert by_prompt["What two people are entombed in Grant's tomb?"]["answer"] == ["Grant", "Grant's wife"]
    assert has(by_prompt["What colour is the sky?"], {"explanation": "Rayleigh scattering.", "group": "Optics"})
    hometown = by_prompt["Jesus Christ was from"]  # multi-line answers, %25% weights, #### feedback
    assert hometown["answer"] == "Nazareth" and hometown["explanation"] == "Nazareth is in Galilee. Yes! That's right!"
    assert by_prompt["Multi-answer numeric with wrong feedback: pi to two places?"]["tolerance"] == 0.005
    animals = by_prompt["Match with a distractor: sort the animals."]
    assert animals["type"] == "classify" and animals["categories"] == ["mammal", "fish"]
    assert "Which word is **bold** here?" in by_prompt  # HTML in Moodle's default format
    assert by_prompt["Type <b> to make text bold?"]["answer"] is True  # [plain]: shown as typed


def test_gift_categories_split_into_topics(tmp_path):
    (tmp_path / "content").mkdir()
    code, out, _ = run(tmp_path, "import", "--split-categories", str(INPUTS / "bank.gift"))
    assert code == 0
    assert sorted(path.stem for path in (tmp_path / "content").glob("*.yaml")) == ["mechanics", "optics"]
    optics = topic(tmp_path, "optics")
    assert optics["title"] == "Optics" and all("group" not in q for q in optics["questions"])


def test_moodle_xml_every_type_picture_and_category(imported):
    chemistry = topic(imported, "chemistry")
    assert chemistry["title"] == "Chemistry"
    first, noble, electrons, gold, essay, carbon, elements, states, charges, water = chemistry["questions"]
    assert first["image"] == "images/chemistry/atom.png" and first["alt"] == "A helium atom"
    assert (imported / "content" / "images" / "chemistry" / "atom.png").read_bytes().startswith(b"\x89PNG")
    assert has(first, {"prompt": "How many **protons** does this atom have?", "answer": "2", "points": 2,
                          "hint": "Look at the nucleus.", "group": "Atoms"})
    assert noble["answer"] == ["Neon", "Argon"] and electrons["answer"] is True
    assert gold["answer"] == "Au" and essay["answer"] == "Electrons move:\n\n- from a metal\n- to a non-metal"
    assert has(carbon, {"type": "numeric", "answer": 6, "unit": "protons", "group": "Numbers"})
    assert elements["type"] == "match"
    assert has(states, {"text": "Ice is [[solid]] and steam is [[gas]].", "word_bank": True})  # ddwtos
    assert charges["text"] == "Protons are [[positive]]; neutrons are [[neutral]]."  # gapselect
    assert water["text"] == "Water is [[H2O]] and has [[3]] atoms; it is [[a compound]]."  # multianswer
    text = (imported / "content" / "chemistry.yaml").read_text("utf-8")
    assert "# Moodle tags: chemistry" in text and '  # line 57: choices that match nothing: "Sn"' in text


def test_aiken(imported):
    first, second, third = questions(imported, "bank")
    assert first["answer"] == "Must be this one!" and len(first["options"]) == 4
    assert second["options"] == ["Moodle", "ATutor", "Claroline"] and third["answer"] == "Paris"


@pytest.mark.parametrize("name", ["questions", "questions-2"])  # the CSV, and the same rows as .xlsx
def test_spreadsheet_columns(imported, name):
    rows = questions(imported, name)
    assert [row["type"] for row in rows] == ["choice", "choice", "choice", "true_false", "true_false", "true_false",
                                             "short", "long", "blank", "match", "classify", "numeric", "numeric"]
    largest, planets, star, moon, lune, mond, red, water, sun, moons, bodies, distance, light = rows
    assert has(largest, {"answer": "Jupiter", "explanation": "Jupiter is a gas giant.", "hint": "Think big."})
    assert has(planets, {"answer": ["Mars", "Venus"], "points": 2}) and star["answer"] == "The Sun"
    assert (moon["answer"], lune["answer"], mond["answer"]) == (True, False, False)  # true, faux, falsch
    assert red["accept"] == ["the red planet"] and water["points"] == 3
    assert sun["text"] == "The Sun is a [[star]]." and moons["pairs"][1] == {"left": "Mars", "right": "Phobos"}
    assert bodies["categories"] == ["planet", "moon"]
    assert has(distance, {"answer": 384.4, "tolerance": 0.5, "unit": "km", "group": "Distances"})
    assert has(light, {"answer": 8.3, "tolerance": 0.1})  # decimal commas


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";")])
def test_csv_encodings_and_separators(tmp_path, encoding, delimiter):
    (tmp_path / "content").mkdir()
    rows = ["type,question,answer,option_a,option_b", "choice,Où est l'Élysée ?,A,À Paris,À Lyon",
            "true_false,Noël est en décembre.,vrai,,"]
    (tmp_path / "sheet.csv").write_bytes("\n".join(rows).replace(",", delimiter).encode(encoding))
    code, _, err = run(tmp_path, "import", "sheet.csv")
    assert code == 0, err
    sheet = topic(tmp_path, "sheet")
    assert sheet.get("lang") in ("fr", None)  # two short rows may say too little to tell
    assert has(sheet["questions"][0], {"prompt": "Où est l'Élysée ?", "answer": "À Paris"})
    assert sheet["questions"][1]["answer"] is True


def test_the_template_is_a_sheet_with_the_columns_that_imports_once_filled(tmp_path):
    from openpyxl import load_workbook

    (tmp_path / "content").mkdir()
    assert run(tmp_path, "import", "--template", "questions.xlsx")[0] == 0
    workbook = load_workbook(tmp_path / "questions.xlsx")
    sheet = workbook["questions"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["type", "question", "answer", "option_a"] and header[-2:] == ["tolerance", "unit"]
    assert "option_j" in header and {"explanation", "hint", "points", "group"} <= set(header)
    assert run(tmp_path, "import", "--template", "questions.xlsx")[0] == 1  # never replaced unasked
    sheet.append(["numeric", "How many legs has a spider?", 8])
    workbook.save(tmp_path / "questions.xlsx")
    assert run(tmp_path, "import", "questions.xlsx")[0] == 0
    assert questions(tmp_path, "questions") == [{"type": "numeric", "prompt": "How many legs has a spider?",
                                                 "answer": 8}]


def test_word_worksheet(imported):
    rivers = topic(imported, "rivers-of-france")
    longest, several, seine, loire, monet, garonne, rhone, sea = rivers["questions"][:7] + [None]
    assert longest["answer"] == "Loire"  # bold
    assert several["answer"] == ["Loire", "Garonne"]  # Answer: A, C
    assert seine == {"type": "true_false", "statement": "The Seine flows through Paris.", "answer": True}  # highlight
    assert has(loire, {"type": "numeric", "answer": 1006, "tolerance": 2, "unit": "km"})
    assert has(monet, {"type": "short", "answer": "Monet"})  # "Réponse :"
    assert has(garonne, {"prompt": "Which city lies on the Garonne?", "answer": "Bordeaux"})  # Word's numbering
    assert rhone["type"] == "long"
    text = (imported / "content" / "rivers-of-france.yaml").read_text("utf-8")
    assert "  # paragraph 22: kept as a comment: no option is marked as the answer" in text
    assert "  # b) The North Sea" in text


def test_canvas_and_blackboard_qti(imported):
    capital, andes, rivers, height, blanks, city, essay, regions = questions(imported, "geography-quiz")
    assert has(capital, {"answer": "Lima", "explanation": "Lima is on the coast.", "points": 2})
    assert andes["answer"] is True and rivers["answer"] == ["Amazon", "Ucayali"]
    assert has(height, {"answer": 3812, "tolerance": 12})
    assert blanks["text"] == "Peru borders [[Chile]] and [[Bolivia]]."
    assert city["accept"] == ["lima"] and essay["answer"] == "Dry: the Humboldt current."
    assert regions["pairs"] == [{"left": "Cusco", "right": "Andes"}, {"left": "Trujillo", "right": "Coast"}]
    ocean, africa = questions(imported, "blackboard-test")
    assert has(ocean, {"answer": "Pacific", "explanation": "Right: the Pacific."}) and africa["answer"] is False


def test_the_language_is_guessed_unless_given(imported, tmp_path):
    assert topic(imported, "physics")["lang"] == "en"
    (tmp_path / "content").mkdir()
    (tmp_path / "de.gift").write_text("Welche Farbe hat der Himmel, wenn die Sonne scheint und es nicht "
                                      "regnet?{=blau ~grün}\n\nIst das Wasser im Meer salzig?{T}\n", "utf-8")
    assert run(tmp_path, "import", "de.gift")[0] == 0
    assert topic(tmp_path, "de")["lang"] == "de"
    assert run(tmp_path, "import", "--lang", "de-AT", "--force", "de.gift")[0] == 0
    assert topic(tmp_path, "de")["lang"] == "de-AT"


def test_an_existing_topic_is_never_replaced_unless_forced(tmp_path):
    (tmp_path / "content").mkdir()
    mine = tmp_path / "content" / "quiz.yaml"
    mine.write_text("title: Mine\n", "utf-8")
    shutil.copy(INPUTS / "bank.aiken.txt", tmp_path / "quiz.txt")
    code, out, _ = run(tmp_path, "import", "quiz.txt")
    assert code == 0 and "-> content/quiz-2.yaml" in out and mine.read_text("utf-8") == "title: Mine\n"
    code, out, _ = run(tmp_path, "import", "--force", "quiz.txt")
    assert code == 0 and "-> content/quiz.yaml" in out and topic(tmp_path, "quiz")["title"] == "Quiz"


MALFORMED = {
    "open.gift": ("What is 2+2? {=4 ~3\n\nNext question {=yes ~no}\n", 1, "never closed"),
    "numbers.gift": ("Pi?\n{#three:0.1}\n", 1, '"three" is not a number'),
    "bad.aiken.txt": ("Q1?\nA. one\nB. two\nANSWER: A\nQ2?\nA. x\nB. y\nANSWER: C\n", 8, "ANSWER: C names no option"),
    "broken.moodle.xml": ("<?xml version='1.0'?>\n<quiz>\n<question type='multichoice'>\n</quiz>\n", 4,
                          "not well-formed XML"),
    "sheet.csv": ("type,question,answer,option_a,option_b\nchoice,Q?,D,a,b\n", 2, "names an empty option"),
    "types.csv": ("type,question,answer\nmultiple chioce,Q?,A\n", 2, 'the type "multiple chioce" is no question type'),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_input_says_where_and_how_and_nothing_is_written(tmp_path, name):
    (tmp_path / "content").mkdir()
    text, line, message = MALFORMED[name]
    (tmp_path / name).write_text(text, "utf-8")
    shutil.copy(INPUTS / "bank.aiken.txt", tmp_path / "good.txt")  # a good input beside it is not written either
    code, out, err = run(tmp_path, "import", "good.txt", name)
    assert code == 1 and out == ""
    assert f"{name}:{line}: " in err and message in err and "hint:" in err and "Traceback" not in err
    assert list((tmp_path / "content").iterdir()) == []


def test_an_unknown_format_is_named(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "notes.txt").write_text("Just some notes.\nNothing to import.\n", "utf-8")
    code, _, err = run(tmp_path, "import", "notes.txt")
    assert code == 1 and "is in no format docgen can import" in err and "GIFT" in err


def test_the_guide_ships_and_a_bare_import_is_a_usage_error(tmp_path):
    (tmp_path / "content").mkdir()
    code, out, _ = run(tmp_path, "help", "importing")
    assert code == 0 and out.startswith("# Bringing your questions: `docgen import`")
    code, _, err = run(tmp_path, "import")
    assert code == 2 and "--template questions.xlsx" in err
