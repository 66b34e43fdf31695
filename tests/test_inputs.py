"""Every input seen, every file accounted for (issue 21): project outputs are engine
outputs, the no-op path proves nothing changed, a teacher's edits are kept,
nothing disappears unsaid, and only files whose bytes changed are written."""

from __future__ import annotations

import os
import time

from PIL import Image
from pypdf import PdfReader

from conftest import MINIMAL, write_topic
from docgen.root import resource_root

SECTIONS = MINIMAL + """
sections:
  - heading: Where it sits
    body: Logistics is one part of the supply chain.
    image: map.png
    alt: A small map
terms:
  - term: Logistics
    definition: Moving and storing goods.
  - term: Operations
    definition: Running the whole process.
"""


def age(root, seconds: float = 60) -> None:
    """Make every file look last changed a while ago (the time stamps a no-op record trusts)."""
    stamp = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        os.utime(path, (stamp, stamp))


def stamps(folder):
    """Each file's bytes, time stamp and inode: a file written again shows in the last two."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in folder.rglob("*") if p.is_file()}


def picture(path) -> None:
    Image.new("RGB", (40, 30), (200, 40, 40)).save(path)


# 1. A class pack asked for after an ordinary build is made; a second class's roster too.
def test_a_class_pack_asked_for_after_an_ordinary_build_is_made(project, run_cli):
    write_topic(project, "one", MINIMAL)
    (project / "class.csv").write_text("name\nAmara\nBen\n", "utf-8")
    age(project)
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    age(project)
    result = run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project)
    assert result.code == 0 and "1 topic: 1 built; 1 file written" in result.out, result.out
    pack = project / "output" / "one" / "class-pack.pdf"
    assert "Amara" in PdfReader(pack).pages[0].extract_text()
    age(project)
    (project / "class.csv").write_text("name\nChloé\nDev\n", "utf-8")  # the next class, same file name
    age(project / "class.csv", 30)
    assert run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project).code == 0
    assert "Chloé" in PdfReader(pack).pages[0].extract_text()
    (project / "other.csv").write_text("name\nEmre\n", "utf-8")
    age(project / "other.csv", 30)
    assert run_cli(["build", "--only", "worksheet", "--roster", "other.csv", "--jobs", "1"], project).code == 0
    assert "Emre" in PdfReader(pack).pages[0].extract_text()
    (project / "bad.csv").write_text("email\namara@example.org\n", "utf-8")
    age(project)
    bad = run_cli(["build", "--only", "worksheet", "--roster", "bad.csv", "--jobs", "1"], project)
    assert bad.code == 1 and "the roster has no name column" in bad.err



def test_a_class_pack_made_with_only_the_key_survives_the_worksheet_built_from_the_same_questions(project, run_cli):
    """The pack records which worksheet (its inputs) it was drawn from, not files that were not built then."""
    write_topic(project, "one", MINIMAL)
    (project / "class.csv").write_text("name\nAmara\nBen\n", "utf-8")
    age(project)
    assert run_cli(["build", "--only", "answers", "--roster", "class.csv", "--jobs", "1"], project).code == 0
    pack = project / "output" / "one" / "class-pack.pdf"
    assert pack.is_file()
    age(project)
    result = run_cli(["build", "--roster", "class.csv", "--jobs", "1"], project)
    assert result.code == 0 and "removed" not in result.out, result.out
    assert "Amara" in PdfReader(pack).pages[0].extract_text()

# 2. Template folders made after the last build, and overrides edited, are seen by the no-op path.
def test_a_templates_folder_made_after_the_build_and_an_edited_override_are_seen(project, run_cli):
    write_topic(project, "one", MINIMAL)
    age(project)
    assert run_cli(["build", "--only", "cheatsheet", "--jobs", "1"], project).code == 0
    age(project)
    assert "0 files written" in run_cli(["build", "--only", "cheatsheet", "--jobs", "1"], project).out
    sheet = project / "output" / "one" / "cheatsheet.pdf"
    first = sheet.read_bytes()
    (project / "templates").mkdir()
    css = (resource_root() / "cheatsheet.css").read_text()
    (project / "templates" / "cheatsheet.css").write_text(css + "\nh1 { color: #a00000; }\n")
    age(project / "templates", 30)
    result = run_cli(["build", "--only", "cheatsheet", "--jobs", "1"], project)
    assert "1 file written" in result.out, result.out
    second = sheet.read_bytes()
    assert second != first
    # The same override edited (same size, other bytes, its time stamp moved): seen too.
    (project / "templates" / "cheatsheet.css").write_text(css + "\nh1 { color: #00a000; }\n")
    age(project / "templates", 20)
    assert "1 file written" in run_cli(["build", "--only", "cheatsheet", "--jobs", "1"], project).out
    assert sheet.read_bytes() not in (first, second)


# 3. The booklet prints topics with section pictures, and is an output like the others.
def test_the_booklet_holds_section_pictures_and_is_counted_and_cached(project, run_cli):
    write_topic(project, "one", SECTIONS)
    picture(project / "content" / "map.png")
    (project / "docgen.yaml").write_text("course: Test Course\nbooklet: true\n", "utf-8")
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert "1 topic: 1 built; booklet.pdf built; 2 files written" in result.out
    booklet = project / "output" / "booklet.pdf"
    assert any(page.images for page in PdfReader(booklet).pages), "the section's picture is in the book"
    again = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert "booklet" not in again.out and "0 files written" in again.out
    # The picture is an input of the booklet: new bytes, a new book.
    before = booklet.read_bytes()
    Image.new("RGB", (40, 30), (20, 40, 200)).save(project / "content" / "map.png")
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert "booklet.pdf built" in result.out and booklet.read_bytes() != before


def test_a_booklet_that_cannot_be_made_fails_the_build(project, run_cli):
    write_topic(project, "one", MINIMAL)
    (project / "docgen.yaml").write_text("course: Test Course\nbooklet: true\n", "utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "booklet.html").write_text("{{ no_such_thing.title }}", "utf-8")
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 1
    assert "booklet.pdf failed" in result.out and "booklet.html" in result.err
    assert not (project / "output" / "booklet.pdf").exists()


# 4. A file changed by hand is never overwritten or deleted, --force or not.
def test_a_hand_edited_worksheet_is_kept_beside_the_new_one(project, run_cli):
    path = write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    folder = project / "output" / "one"
    (folder / "worksheet.docx").write_bytes(b"the teacher's own version")
    path.write_text(path.read_text().replace("a segment under", "a part of"))
    result = run_cli(["build", "--only", "worksheet", "--force", "--jobs", "1"], project)
    assert result.code == 0
    assert (folder / "worksheet (edited).docx").read_bytes() == b"the teacher's own version"
    assert (folder / "worksheet.docx").read_bytes()[:2] == b"PK"
    assert ("kept    output/one/worksheet (edited).docx: it was changed by hand since docgen wrote it; "
            "the new worksheet.docx is beside it") in result.out
    # Edited again, with nothing else changed: the up-to-date worksheet is written again beside it.
    (folder / "worksheet.docx").write_bytes(b"edited twice")
    result = run_cli(["build", "--only", "worksheet", "--jobs", "1"], project)
    assert (folder / "worksheet (edited 2).docx").read_bytes() == b"edited twice"
    assert "worksheet (edited 2).docx" in result.out
    # An output no longer asked for: a changed file of it is kept, under a name that says so.
    (folder / "worksheet.pdf").write_bytes(b"annotated")
    (project / "docgen.yaml").write_text("outputs: [handout]\n", "utf-8")
    result = run_cli(["build", "--jobs", "1"], project)
    assert (folder / "worksheet (edited).pdf").read_bytes() == b"annotated"
    assert "kept    output/one/worksheet (edited).pdf: it was changed by hand" in result.out
    assert not (folder / "worksheet.docx").exists()


# 5. Nothing disappears without a line in the summary; `default` adds exports to the default outputs.
def test_removed_files_are_listed_with_their_reason(project, run_cli):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL)
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    (project / "content" / "two.yaml").unlink()
    (project / "docgen.yaml").write_text("outputs: [moodle, quizlet]\n", "utf-8")
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0
    assert "removed output/one/handout.pdf: `handout` is not in docgen.yaml's outputs" in result.out
    assert "removed output/two/answers.docx: its content file two.yaml is gone" in result.out
    assert "`outputs: [default, moodle]`" in result.out
    assert "2 files written, 12 removed" in result.out
    (project / "docgen.yaml").write_text("outputs: [default, moodle]\n", "utf-8")
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0, result.err
    names = {p.name for p in (project / "output" / "one").iterdir()}
    assert {"handout.pdf", "worksheet.docx", "answers.pdf", "cheatsheet.pdf", "quiz.moodle.xml"} <= names
    assert "removed output/one/cards.tsv: `quizlet` is not in docgen.yaml's outputs" in result.out


def test_an_unknown_output_beside_default_points_at_the_right_place(project, run_cli):
    write_topic(project, "one", MINIMAL)
    (project / "docgen.yaml").write_text("outputs: [default, moodel]\n", "utf-8")
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 1 and 'docgen.yaml:1:20: outputs[1]: unknown output "moodel"' in result.err


# 6. Only what changed is rebuilt, and a file is written only when its bytes differ.
def test_a_heading_edit_rewrites_only_the_handout_and_keeps_the_class_pack(project, run_cli):
    path = write_topic(project, "one", SECTIONS)
    picture(project / "content" / "map.png")
    (project / "class.csv").write_text("name\nAmara\n", "utf-8")
    assert run_cli(["build", "--roster", "class.csv", "--jobs", "1"], project).code == 0
    folder = project / "output" / "one"
    before = stamps(folder)
    path.write_text(path.read_text().replace("Where it sits", "Where logistics sits"))
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0 and "1 file written" in result.out, result.out
    after = stamps(folder)
    assert after.keys() == before.keys(), "the class pack is kept: its worksheet did not change"
    assert {name for name in after if after[name] != before[name]} == {"handout.pdf"}


def test_a_definition_edit_rebuilds_the_worksheet_only_when_exercises_are_derived_from_terms(project, run_cli):
    path = write_topic(project, "one", SECTIONS)
    picture(project / "content" / "map.png")
    assert run_cli(["build", "--only", "worksheet,answers", "--jobs", "1"], project).code == 0
    path.write_text(path.read_text().replace("Moving and storing goods.", "Moving and keeping goods."))
    result = run_cli(["build", "--only", "worksheet,answers", "--jobs", "1"], project)
    assert "1 topic: 1 up to date" in result.out, "the worksheet prints no term"
    path.write_text(path.read_text() + "worksheet:\n  derive: [recall]\n")
    assert "4 files written" in run_cli(["build", "--only", "worksheet,answers", "--jobs", "1"], project).out
    path.write_text(path.read_text().replace("Running the whole process.", "Running all of the process."))
    result = run_cli(["build", "--only", "worksheet,answers", "--jobs", "1"], project)
    assert "1 topic: 1 built" in result.out and "4 files written" in result.out, result.out


def test_the_worksheet_prints_nothing_of_what_it_does_not_declare(project):
    """The worksheet's declared reads are trusted by the planner: change every other key, same bytes."""
    from docgen.content.reader import read_topic
    from docgen.project import load_project
    from docgen.render.job import RenderJob, render_output

    path = write_topic(project, "one", SECTIONS + "objectives: [Tell them apart]\ncheatsheet:\n  notes: [Bring a pen]\n")
    picture(project / "content" / "map.png")
    loaded = load_project(project)

    def files() -> dict[str, bytes]:
        job = RenderJob(read_topic(path, project), loaded)
        return {**render_output(job, "worksheet"), **render_output(job, "answers")}

    before = files()
    text = path.read_text()
    for old, new in (("Where it sits", "Elsewhere"), ("Moving and storing goods.", "Other words."),
                     ("Tell them apart", "Something else"), ("Bring a pen", "Bring two pens"),
                     ("Supply chain management", "Supply chains")):
        text = text.replace(old, new)
    path.write_text(text)
    assert files() == before


def test_files_a_build_put_in_place_before_it_died_are_docgens_not_the_teachers(project, run_cli, monkeypatch):
    import docgen.engine.runner

    path = write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    path.write_text(path.read_text().replace("a segment under", "a part of"))

    def dies(*args, **kwargs):  # the files are in place, the manifest is not told: as if killed now
        raise KeyboardInterrupt

    monkeypatch.setattr(docgen.engine.runner, "record", dies)
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 130
    monkeypatch.undo()
    path.write_text(path.read_text().replace("a part of", "one piece of"))  # other bytes again
    result = run_cli(["build", "--only", "worksheet", "--jobs", "1"], project)
    assert result.code == 0 and "kept" not in result.out and "2 files written" in result.out, result.out
    assert not [p for p in (project / "output").rglob("*") if "(edited" in p.name]


def test_the_preview_says_when_it_removes_a_class_pack(project, run_cli):
    from docgen.engine.runner import BuildRequest
    from docgen.preview.worker import build_one
    from docgen.project import load_project

    path = write_topic(project, "one", MINIMAL)
    (project / "class.csv").write_text("name\nAmara\n", "utf-8")
    assert run_cli(["build", "--only", "worksheet", "--roster", "class.csv", "--jobs", "1"], project).code == 0
    path.write_text(path.read_text().replace("a segment under", "a part of"))
    loaded = load_project(project)
    state = build_one(BuildRequest(loaded, ["worksheet"], (project / "output").resolve()), path)
    assert not (project / "output" / "one" / "class-pack.pdf").exists()
    assert any(note.startswith("removed output/one/class-pack.pdf: the worksheet has changed")
               for note in state.notes), state.notes


def test_the_no_op_path_sees_a_generated_file_changed_by_hand(project, run_cli):
    write_topic(project, "one", MINIMAL)
    age(project)
    assert run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).code == 0
    assert "0 files written" in run_cli(["build", "--only", "worksheet", "--jobs", "1"], project).out
    docx = project / "output" / "one" / "worksheet.docx"
    docx.write_bytes(docx.read_bytes() + b"a teacher's change")
    result = run_cli(["build", "--only", "worksheet", "--jobs", "1"], project)
    assert "1 file written" in result.out and "worksheet (edited).docx" in result.out, result.out


def test_the_no_op_path_sees_plugins_dropped_from_the_python_path(project, tmp_path_factory):
    import subprocess
    import sys

    write_topic(project, "one", MINIMAL)
    plugins = tmp_path_factory.mktemp("plugins")
    code = ("import sys; from docgen.cli import main; status = main(sys.argv[1:]); "
            "print('LOADED', 'pydantic' in sys.modules); raise SystemExit(status)")

    def run(**env: str) -> str:
        environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        return subprocess.run([sys.executable, "-c", code, "build", "--only", "handout", "--jobs", "1"],
                              cwd=project, capture_output=True, text=True, check=True,
                              env={**environment, **env}).stdout

    age(project)
    age(plugins)
    run(PYTHONPATH=str(plugins))
    assert "LOADED False" in run(PYTHONPATH=str(plugins)), "the same request, the same path: a no-op"
    assert "LOADED True" in run(), "without the plugins' folder, a real build decides"
