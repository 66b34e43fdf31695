"""Per-output inputs: each output is rebuilt only when what it reads changed,
and files docgen no longer produces are removed (never anything else)."""

from __future__ import annotations

import shutil
from fnmatch import fnmatch

from conftest import MINIMAL, write_topic
from docgen.root import resource_root


def snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_editing_a_question_rebuilds_only_the_worksheet_and_the_key(project, run_cli):
    path = write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    folder = project / "output" / "one"
    before = snapshot(folder)
    assert len(before) == 6
    path.write_text(path.read_text().replace("a segment under", "a part of"))
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0 and "1 topic: 1 built" in result.out and "4 files written" in result.out
    after = snapshot(folder)
    for name in ("handout.pdf", "cheatsheet.pdf"):
        assert after[name] == before[name], f"{name} was written again"
    for name in ("worksheet.docx", "worksheet.pdf", "answers.docx", "answers.pdf"):
        assert after[name][1] != before[name][1], f"{name} was not rebuilt"


def test_a_template_change_rebuilds_only_the_outputs_that_use_it(project, run_cli):
    write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    folder = project / "output" / "one"
    before = snapshot(folder)
    (project / "templates").mkdir()
    css = (resource_root() / "cheatsheet.css").read_text()
    (project / "templates" / "cheatsheet.css").write_text(css + "\nh1 { letter-spacing: 0.02em; }\n")
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0 and "1 file written" in result.out
    after = snapshot(folder)
    assert after["cheatsheet.pdf"][1] != before["cheatsheet.pdf"][1]
    assert {name for name in before if after[name] == before[name]} == {
        "handout.pdf", "worksheet.docx", "worksheet.pdf", "answers.docx", "answers.pdf"}


def test_only_never_makes_a_later_plain_build_redo_work(project, run_cli):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL.replace("Logistics vs", "Transport vs"))
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    before = {p: p.stat().st_mtime_ns for p in (project / "output").rglob("*.*") if ".docgen" not in p.parts}
    only = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert only.code == 0 and "0 files written" in only.out
    plain = run_cli(["build", "--jobs", "1"], project)
    assert plain.code == 0 and "0 files written" in plain.out
    # A handout rebuilt with --only is not built again by the next plain build.
    path = project / "content" / "one.yaml"
    path.write_text(path.read_text().replace("moves and stores", "moves and keeps"))
    assert "1 file written" in run_cli(["build", "--only", "handout", "--jobs", "1"], project).out
    handout = project / "output" / "one" / "handout.pdf"
    stamp = handout.stat().st_mtime_ns
    # The summary is on the cheat sheet and in the PDFs' description; the Word files' bytes stay the same.
    assert "3 files written" in run_cli(["build", "--jobs", "1"], project).out  # all but the handout
    assert handout.stat().st_mtime_ns == stamp
    assert "0 files written" in run_cli(["build", "--jobs", "1"], project).out
    changed = {p.relative_to(project).as_posix() for p in before if p.stat().st_mtime_ns != before[p]}
    assert changed == {f"output/one/{name}" for name in ("handout.pdf", "cheatsheet.pdf", "worksheet.pdf",
                                                        "answers.pdf")}


def test_deleted_questions_remove_the_worksheet_and_answer_files(project, run_cli):
    path = write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    path.write_text(MINIMAL.split("questions:")[0])
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert {p.name for p in (project / "output" / "one").iterdir()} == {"handout.pdf", "cheatsheet.pdf"}


def test_a_deleted_or_renamed_topic_takes_its_folder_and_nothing_else(project, run_cli):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL)
    output = project / "output"
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    (output / "notes.txt").write_text("the teacher's own file")
    (output / "two" / "marked.pdf").write_text("a file the teacher put here")
    (project / "content" / "one.yaml").rename(project / "content" / "first.yaml")
    (project / "content" / "two.yaml").unlink()
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    assert sorted(p.name for p in output.iterdir()) == [".docgen", "first", "notes.txt", "two"]
    assert [p.name for p in (output / "two").iterdir()] == ["marked.pdf"]  # only docgen's files went
    # A partial build (a named file) removes nothing of the other topics.
    write_topic(project, "three", MINIMAL)
    assert run_cli(["build", "--jobs", "1", "content/three.yaml"], project).code == 0
    assert (output / "first" / "handout.pdf").is_file()


def test_outputs_dropped_from_docgen_yaml_are_removed(project, run_cli):
    write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    (project / "docgen.yaml").write_text("outputs: [handout]\n")
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    assert [p.name for p in (project / "output" / "one").iterdir()] == ["handout.pdf"]


def test_declared_templates_cover_every_template_an_output_loads(project, monkeypatch):
    """The manifest trusts each output's declared templates: check them against real loads."""
    import jinja2

    from docgen.content.reader import read_topic
    from docgen.project import load_project
    from docgen.registry import get_output, output_names
    from docgen.render.job import RenderJob
    from docgen.render.writers.html.templates import environment

    loaded: list[str] = []
    original = jinja2.FileSystemLoader.get_source

    def spy(self, env, template):
        loaded.append(template)
        return original(self, env, template)

    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", spy)
    environment.cache_clear()
    shutil.copytree(resource_root(), project / "templates", ignore=shutil.ignore_patterns("fonts"))
    (project / "templates" / "custom.css").write_text("p { color: black; }\n")
    path = write_topic(project, "one", MINIMAL)
    project_ = load_project(project)
    for name in output_names():
        loaded.clear()
        environment.cache_clear()  # a fresh environment: no template cached from the last output
        spec = get_output(name)
        spec.render(RenderJob(read_topic(path, project), project_))
        assert bool(loaded) == bool(spec.templates), name  # an output without templates loads none
        for template in loaded:
            assert any(fnmatch(template, t) or t.endswith("/") and template.startswith(t)
                       for t in spec.templates), (name, template)
    environment.cache_clear()


def test_the_longest_topics_are_built_first(project, run_cli):
    import json

    for name in ("a", "b", "c"):
        write_topic(project, name, MINIMAL)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    path = project / "output" / ".docgen" / "manifest.json"
    manifest = json.loads(path.read_text())
    for slug, seconds in (("a", 0.1), ("b", 5.0), ("c", 1.0)):  # as if measured by the last build
        manifest["topics"][slug]["outputs"]["handout"]["seconds"] = seconds
    path.write_text(json.dumps(manifest))
    result = run_cli(["build", "--only", "handout", "--jobs", "1", "--force"], project)
    order = [line.split()[1] for line in result.out.splitlines() if line.startswith("built ")]
    assert order == ["content/b.yaml", "content/c.yaml", "content/a.yaml"]


def test_files_of_an_edition_follow_their_output(project, run_cli):
    """Editions write under subfolders; what an output no longer makes goes, folder and all."""
    path = write_topic(project, "one", MINIMAL)
    (project / "docgen.yaml").write_text("outputs: [worksheet, cheatsheet]\neditions: [support]\n")
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    folder = project / "output" / "one"
    assert (folder / "support" / "worksheet.pdf").is_file()
    path.write_text(MINIMAL.split("questions:")[0])
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "cheatsheet.pdf", "support", "support/cheatsheet.pdf"]
