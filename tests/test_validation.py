"""Validation: every rule of format v1, with the exact position in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, MINIMAL, write_topic
from docgen.content.errors import DocgenError
from docgen.content.reader import read_topic
from docgen.project import load_project


def messages(project: Path, text: str) -> list[str]:
    path = write_topic(project, "topic", text)
    with pytest.raises(DocgenError) as caught:
        read_topic(path, project)
    return [problem.format(relative_to=project) for problem in caught.value.problems]


def first_lines(project: Path, text: str) -> list[str]:
    return [message.split("\n")[0] for message in messages(project, text)]


def test_minimal_example_of_the_spec_is_valid(project):
    topic = read_topic(write_topic(project, "minimal", MINIMAL), project).topic
    assert topic.compare.items == ["Logistics", "Operations Management"]
    assert topic.questions[0].answer is True


def test_the_example_topic_is_valid():
    topic = read_topic(EXAMPLE, EXAMPLE.parent.parent).topic
    assert len(topic.questions) >= 10
    assert {q.type for q in topic.questions} == {
        "choice", "true_false", "short", "long", "blank", "match", "classify"}
    assert any(q.type == "choice" and isinstance(q.answer, list) for q in topic.questions)
    assert any(q.type == "blank" and q.word_bank for q in topic.questions)


def test_choice_answer_not_among_options(project):
    assert messages(project, """
        title: TCP
        questions:
          - type: choice
            prompt: How many steps in the handshake?
            options: [One, Two, Three]
            answer: Four
        """) == ['content/topic.yaml:6:13: question 1 (questions[0].answer): "Four" is not one of the options '
                 '("One", "Two", "Three")\n'
                 '    hint: the answer must repeat the text of the correct option exactly']


def test_every_error_of_a_file_is_reported_together(project):
    assert first_lines(project, """
        title: T
        compare:
          items: [A, B]
          rows:
            - aspect: X
              values: [1, 2, 3]
        questions:
          - type: choice
            prompt: p
            options: [a, b]
            answer: [a, c]
          - type: blank
            text: no gap here
          - type: classify
            prompt: sort
            statements:
              - text: s
                answer: C
        """) == [
        'content/topic.yaml:6:15: compare.rows[0].values: has 3 values ("1", "2", "3") but there are '
        '2 items ("A", "B")',
        'content/topic.yaml:11:17: question 1 (questions[0].answer[1]): "c" is not one of the options ("a", "b")',
        "content/topic.yaml:13:11: question 2 (questions[1].text): has no gap to fill in",
        'content/topic.yaml:18:17: question 3 (questions[2].statements[0].answer): "C" is not one of the '
        'categories ("A", "B")',
    ]


def test_cross_field_rules_run_even_when_other_keys_are_wrong(project):
    """A typo in one question does not hide that another's answer is not an option."""
    assert first_lines(project, """
        title: T
        compare:
          items: [A, B]
          rows:
            - aspect: X
              values: [1, 2, 3]
        questions:
          - type: choice
            promt: p
            options: [a, b]
            answer: a
          - type: choice
            prompt: p
            options: [a, b]
            answer: c
          - type: classify
            statements:
              - text: s
                answer: C
        """) == [
        'content/topic.yaml:6:15: compare.rows[0].values: has 3 values ("1", "2", "3") but there are '
        '2 items ("A", "B")',
        'content/topic.yaml:9:5: question 1 (questions[0].promt): unknown key "promt"',
        'content/topic.yaml:15:13: question 2 (questions[1].answer): "c" is not one of the options ("a", "b")',
        'content/topic.yaml:19:17: question 3 (questions[2].statements[0].answer): "C" is not one of the '
        'categories ("A", "B")',
    ]


def test_unknown_key_suggests_the_right_one(project):
    [message] = messages(project, """
        title: T
        terms:
          - term: x
            defintion: y
        """)
    assert message.startswith('content/topic.yaml:4:5: terms[0].defintion: unknown key "defintion"\n'
                              '    hint: did you mean "definition"?')


def test_unknown_question_type_and_missing_keys(project):
    assert first_lines(project, """
        title: T
        questions:
          - type: multiple_choice
            prompt: p
          - type: short
          - prompt: no type
        """) == [
        'content/topic.yaml:3:11: question 1 (questions[0].type): unknown question type "multiple_choice"',
        'content/topic.yaml:5:5: question 2 (questions[1]): the key "prompt" is missing',
        'content/topic.yaml:6:5: question 3 (questions[2]): the question has no "type"',
    ]


def test_wrong_types_are_named_in_words(project):
    assert first_lines(project, """
        title: [not, text]
        questions:
          - type: true_false
            statement: s
            answer: "yes"
          - type: long
            prompt: p
            lines: lots
        cheatsheet:
          orientation: sideways
        """) == [
        "content/topic.yaml:1:8: title: must be text, not a list",
        'content/topic.yaml:5:13: question 1 (questions[0].answer): must be true or false, not "yes"',
        'content/topic.yaml:8:12: question 2 (questions[1].lines): must be a whole number, not "lots"',
        "content/topic.yaml:10:16: cheatsheet.orientation: \"sideways\" is not allowed here; "
        "use one of: landscape, portrait",
    ]


def test_list_lengths_are_checked(project):
    assert first_lines(project, """
        title: T
        compare:
          items: [Only one]
          rows: []
        """) == [
        "content/topic.yaml:3:10: compare.items: needs at least 2 items, but has 1",
        "content/topic.yaml:4:9: compare.rows: needs at least 1 row, but has 0",
    ]


def test_a_topic_needs_something_to_show(project):
    assert first_lines(project, "title: Empty\n") == [
        "content/topic.yaml:1:1: the topic has nothing to show"]


def test_empty_file_and_wrong_top_level(project):
    assert first_lines(project, "# nothing\n") == [
        "content/topic.yaml: the file has no content (it is empty or holds only comments)"]
    assert first_lines(project, "- a\n- b\n") == [
        "content/topic.yaml:1:1: the file must consist of `key: value` lines, not a list"]


def test_images_must_exist_stay_inside_and_have_alt(project, tmp_path_factory):
    (project / "content" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    (project / "content" / "fake.png").write_text("not an image")
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "content" / "link.png").symlink_to(outside)
    assert first_lines(project, """
        title: T
        sections:
          - heading: ok
            body: b
            image: fig.png
            alt: a figure
          - heading: no alt
            body: b
            image: fig.png
          - heading: missing
            body: b
            image: nope.png
            alt: x
          - heading: escape
            body: b
            image: ../../etc/passwd
            alt: x
          - heading: symlink out
            body: b
            image: link.png
            alt: x
          - heading: fake
            body: b
            image: fake.png
            alt: x
          - heading: remote
            body: b
            image: http://example.com/a.png
            alt: x
        """) == [
        'content/topic.yaml:7:5: sections[1]: the key "alt" is missing: an image needs a text alternative',
        'content/topic.yaml:12:12: sections[2].image: the image file "nope.png" does not exist',
        'content/topic.yaml:16:12: sections[3].image: "../../etc/passwd" is outside the project folder',
        'content/topic.yaml:20:12: sections[4].image: "link.png" is a link to a file outside '
        'the project folder',
        'content/topic.yaml:24:12: sections[5].image: "fake.png" is not a valid PNG image',
        'content/topic.yaml:28:12: sections[6].image: "http://example.com/a.png" is a URL; '
        'images must be files in the project',
    ]


def test_project_config_errors_name_docgen_yaml(project):
    (project / "docgen.yaml").write_text("paper: A5\ntemplate: x\nreference_docx: missing.docx\n")
    with pytest.raises(DocgenError) as caught:
        load_project(project)
    assert [p.format(relative_to=project).split("\n")[0] for p in caught.value.problems] == [
        "docgen.yaml:1:8: paper: \"A5\" is not allowed here; use one of: A4, letter",
        'docgen.yaml:2:1: template: unknown key "template"',
    ]
    (project / "docgen.yaml").write_text("reference_docx: missing.docx\ntemplates: nowhere\n")
    with pytest.raises(DocgenError) as caught:
        load_project(project)
    assert [p.format(relative_to=project).split("\n")[0] for p in caught.value.problems] == [
        'docgen.yaml:2:12: templates: the templates folder "nowhere" does not exist',
        'docgen.yaml:1:17: reference_docx: the reference document "missing.docx" does not exist',
    ]


def test_keys_typed_in_a_shipped_language_are_suggested_by_meaning(project):
    """`réponse` is `answer` (not the look-alike "points"), `consigne` is `prompt`, in every shipped language."""
    found = "\n".join(messages(project, """\
        title: T
        lang: fr
        questions:
          - type: short
            consigne: Pourquoi ?
            réponse: Parce que.
          - type: true_false
            affirmation: Paris est en France.
            answer: true
          - type: short
            Frage: Warum?
            respuesta: Porque sí.
        """))
    assert 'question 1 (questions[0].réponse): unknown key "réponse"\n    hint: did you mean "answer"?' in found
    assert 'question 1 (questions[0].consigne): unknown key "consigne"\n    hint: did you mean "prompt"?' in found
    assert '(questions[1].affirmation): unknown key "affirmation"\n    hint: did you mean "statement"?' in found
    assert '(questions[2].Frage): unknown key "Frage"\n    hint: did you mean "prompt"?' in found
    assert '(questions[2].respuesta): unknown key "respuesta"\n    hint: did you mean "answer"?' in found
    assert 'did you mean "points"' not in found


def test_every_shipped_language_has_words_for_the_main_keys():
    from docgen.i18n.catalog import shipped_languages
    from docgen.i18n.words import KEY_WORDS

    for key in ("prompt", "answer", "options", "statement", "explanation", "hint", "title", "terms"):
        assert set(shipped_languages()) - {"en"} <= set(KEY_WORDS[key]), key


@pytest.mark.parametrize("config, hint", [
    ("lang: fr\ndate: 01/09/2026\n", 'write `date: 2026-09-01` (docgen reads "01/09/2026" as 1er septembre 2026)'),
    ("lang: fr\ndate: 1er septembre 2026\n",
     'write `date: 2026-09-01` (docgen reads "1er septembre 2026" as 1er septembre 2026)'),
    ("lang: de\ndate: 1. September 2026\n", 'write `date: 2026-09-01` (docgen reads "1. September 2026" as 1. September 2026)'),
    ("date: 13/09/2026\n", 'write `date: 2026-09-13` (docgen reads "13/09/2026" as September 13, 2026)'),
    ("date: 01/09/2026\n", '"01/09/2026" could be September 1, 2026 or January 9, 2026: write `date: 2026-09-01` '
                           "or `date: 2026-01-09`"),
    ("lang: fr\ndate: bientôt\n", "write it year-month-day: `date: 2026-09-01` for 1er septembre 2026"),
])
def test_a_date_not_written_year_month_day_says_how_and_shows_it_as_read(project, run_cli, config, hint):
    (project / "docgen.yaml").write_text(config, "utf-8")
    result = run_cli(["check"], project)
    assert result.code == 1
    assert "date: must be a date written year-month-day, not " in result.err
    assert f"hint: {hint}" in result.err, result.err
    assert "invalid character in year" not in result.err


def test_empty_alt_marks_a_decorative_picture_on_purpose(project):
    """`alt: ""` is valid (a decorative picture); a missing alt stays an error whose hint says so."""
    (project / "content" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    topic = read_topic(write_topic(project, "topic", 'title: T\nsections:\n  - heading: h\n    body: b\n'
                                                     '    image: fig.png\n    alt: ""\n'), project).topic
    assert topic.sections[0].alt == ""
    missing = messages(project, "title: T\nsections:\n  - heading: h\n    body: b\n    image: fig.png\n")
    assert 'write `alt: ""` to say so' in missing[0]
