"""What a teacher reads on the terminal: counts, next steps, guides, skeletons, progress."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from conftest import MINIMAL, write_topic
from docgen.content.model import topic_model
from docgen.engine.report import Reporter
from docgen.engine.runner import TopicResult
from docgen.registry import question_types
from docgen.scaffold import skeleton, uncommented

BROKEN = "title: Broken\nquestions:\n  - type: true_false\n    statement: S\n    answer: perhaps\n"


def test_outside_a_project_says_so_and_what_to_do(tmp_path, run_cli):
    for command in (["build"], ["check"], ["watch"], ["new", "Cells"]):
        result = run_cli(command, tmp_path)
        assert result.code == 1, command
        assert result.err.startswith(f"no docgen.yaml was found in {tmp_path} or any folder above it"), result.err
        assert "docgen init" in result.err and "cd " in result.err
        assert "no such file" not in result.err
    assert not (tmp_path / "content").exists()


def test_a_missing_content_folder_of_a_project_is_named(project, run_cli):
    (project / "content").rmdir()
    result = run_cli(["check"], project)
    assert result.code == 1
    assert result.err.startswith('docgen.yaml: the content folder "content" does not exist'), result.err


def test_check_counts_every_topic_once(project, run_cli):
    write_topic(project, "broken", BROKEN)
    assert run_cli(["check"], project).out.splitlines()[-1] == "1 topic checked: 1 failed"
    write_topic(project, "good", MINIMAL)
    assert run_cli(["check"], project).out.splitlines()[-1] == "2 topics checked: 1 ok, 1 failed"


def test_build_summary_and_lines_read_as_sentences(project, run_cli):
    write_topic(project, "broken", BROKEN)
    write_topic(project, "good", MINIMAL)
    first = run_cli(["build", "--only", "cheatsheet", "--jobs", "1"], project)
    assert "(1 file, " in first.out
    assert "        cheatsheet.pdf: fits on 1 page at " in first.out
    assert "layouts" not in first.out
    assert first.out.splitlines()[-1].startswith("2 topics: 1 built, 1 failed; 1 file written in ")
    write_topic(project, "one", MINIMAL)
    second = run_cli(["build", "--only", "cheatsheet", "--jobs", "1"], project)
    assert second.out.splitlines()[-1].startswith("3 topics: 1 built, 1 up to date, 1 failed; 1 file written ")


def test_init_here_says_only_what_is_needed(tmp_path, run_cli):
    here = run_cli(["init", "."], tmp_path)
    assert here.out.splitlines()[0] == "created docgen.yaml"
    assert here.out.splitlines()[-1] == "next: docgen build"
    elsewhere = run_cli(["init", "my course"], tmp_path)
    assert "created my course/docgen.yaml" in elsewhere.out
    assert elsewhere.out.splitlines()[-1] == "next: cd 'my course' && docgen build"


def test_help_format_prints_the_content_guide(tmp_path, run_cli):
    result = run_cli(["help", "format"], tmp_path)
    assert result.code == 0
    assert result.out.startswith("# Writing a topic for docgen")
    assert "`classify`" in result.out
    listing = run_cli(["help"], tmp_path)
    assert "format" in listing.out and "troubleshooting" in listing.out


def test_skeleton_shows_every_question_type_and_points_to_the_guide():
    english = skeleton("x", "en")
    assert "docgen help format" in english and "docs/content-format.md" not in english
    shown = yaml.safe_load(skeleton("x", "en"))
    assert [q["type"] for q in shown["questions"]] == ["choice", "true_false", "short"]
    switched_on = yaml.safe_load(uncommented(skeleton("x", "en")))
    assert {q["type"] for q in switched_on["questions"]} == set(question_types())
    assert switched_on["worksheet"] == {"derive": ["table", "terms"]}
    topic_model().model_validate(switched_on)  # every commented-out example is valid once switched on


def test_skeleton_placeholders_are_warned_about_until_replaced(project, run_cli):
    assert run_cli(["new", "Cells"], project).code == 0
    path = project / "content" / "cells.yaml"
    check = run_cli(["check"], project)
    assert check.code == 0
    assert check.err.startswith("content/cells.yaml:9:10: summary: warning: this is still the placeholder text"), check.err
    build = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert build.code == 0 and "summary: warning: this is still the placeholder text" in build.err
    assert (project / "output" / "cells" / "handout.pdf").is_file()
    # One placeholder switched on from a comment is still one.
    path.write_text(MINIMAL.lstrip() + "  - type: long\n    prompt: A question that needs a paragraph or more.\n")
    assert "question 2 (questions[1].prompt): warning: this is still the placeholder text" in run_cli(["check"], project).err
    path.write_text(MINIMAL.lstrip())
    assert run_cli(["check"], project).err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_names_the_topic_being_built_and_is_not_red(tmp_path):
    files = [tmp_path / "content" / f"{name}.yaml" for name in ("a", "b", "c")]
    reporter = Reporter(tmp_path, tmp_path / "output", out=_Terminal(), err=_Terminal())
    reporter.start(files)
    try:
        task = reporter.progress.tasks[0]
        assert task.description == "content/a.yaml"
        reporter.result(TopicResult("a", files[0], "up to date"))
        assert task.description == "content/b.yaml"  # a is done: b is being built now
        reporter.result(TopicResult("b", files[1], "built"))
        assert task.description == "content/c.yaml"
        styles = [str(getattr(column, attribute)) for column in reporter.progress.columns
                  for attribute in ("complete_style", "finished_style") if hasattr(column, attribute)]
        assert styles and not any("red" in style or "249,38,114" in style or style.startswith("bar.")
                                  for style in styles), styles
    finally:
        reporter.progress.stop()


def test_content_files_in_capitals_are_found(project, run_cli):
    (project / "content" / "cells.YAML").write_text(MINIMAL.lstrip())
    (project / "content" / "tissues.Yml").write_text(MINIMAL.lstrip())
    result = run_cli(["check"], project)
    assert "ok      content/cells.YAML" in result.out and "ok      content/tissues.Yml" in result.out
    assert Path(project / "content" / "cells.YAML").is_file()


def test_a_guide_piped_into_head_ends_quietly(tmp_path):
    """`docgen help versions | head -5`: the reader closes the pipe early; no BrokenPipeError traceback."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-m", "docgen", "help", "versions"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # before docgen writes a byte: its first write meets a closed pipe
    err = child.stderr.read().decode()
    assert child.wait() == 0
    assert err == ""


def test_help_exports_is_the_exports_guide_with_every_page(tmp_path, run_cli):
    result = run_cli(["help", "exports"], tmp_path)
    assert result.code == 0, result.err
    assert result.out.startswith("# Exports: quizzes and flashcards")
    for page in ("moodle", "qti", "anki", "quizlet", "flashcards"):
        first_line = (Path(__file__).parents[1] / "docs" / "exports" / f"{page}.md").read_text("utf-8").splitlines()[0]
        assert first_line in result.out, page
    assert "exports" in run_cli(["help"], tmp_path).out


def test_the_format_guide_documents_accept():
    guide = (Path(__file__).parents[1] / "docs" / "content-format.md").read_text("utf-8")
    assert "accept: [" in guide and "`accept`" in guide


def test_init_and_new_take_lang_default_to_the_machines_language_and_say_so(tmp_path, run_cli, monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    made = run_cli(["init", "cours"], tmp_path)
    assert made.code == 0
    assert "lang: fr, from this computer's language settings; --lang TAG for another" in made.out
    project = tmp_path / "cours"
    assert "\nlang: fr " in (project / "docgen.yaml").read_text("utf-8")
    example = (project / "content" / "example-topic.yaml").read_text("utf-8")
    assert example.startswith("# Un sujet docgen. Vérifiez-le avec `docgen check`")
    assert "lang: fr\n" in example and "prompt: Écrivez la question ici ; quelle proposition est la bonne ?" in example
    assert "Write the question here" not in example
    new = run_cli(["new", "Les Gaulois"], project)
    assert new.out.strip() == "created content/les-gaulois.yaml (lang: fr, docgen.yaml's lang; --lang TAG for another)"
    german = run_cli(["new", "Die Römer", "--lang", "de"], project)
    assert german.out.strip() == "created content/die-romer.yaml (lang: de)"
    text = (project / "content" / "die-romer.yaml").read_text("utf-8")
    assert "lang: de\n" in text and "# Jeder Schlüssel ist im Inhaltsleitfaden erklärt" in text
    checked = run_cli(["check"], project)
    assert checked.code == 0 and "3 topics checked: 3 ok" in checked.out
    assert "this is still the placeholder text of the skeleton" in checked.err  # in every language
    english = run_cli(["init", "other", "--lang", "en"], tmp_path)
    assert english.out.splitlines()[-2] == "lang: en"


def test_the_skeleton_in_every_shipped_language_is_a_valid_topic_with_every_type(project, run_cli):
    from docgen.i18n.catalog import shipped_languages

    for lang in shipped_languages():
        text = skeleton('"Titre"', lang)
        assert yaml.safe_load(text)["lang"] == lang
        switched_on = yaml.safe_load(uncommented(text))
        assert {q["type"] for q in switched_on["questions"]} == set(question_types()), lang
        topic_model().model_validate(switched_on)
        write_topic(project, f"t-{lang}", uncommented(text))
    result = run_cli(["check"], project)
    assert result.code == 0, result.err
