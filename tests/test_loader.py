"""The YAML loader: positions, safety bounds, and text kept as typed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from docgen.content.errors import DocgenError
from docgen.content.loader import MAX_FILE_BYTES, load_yaml_file, load_yaml_text

FILE = Path("content/t.yaml")


def problems_of(text: str) -> list[str]:
    with pytest.raises(DocgenError) as caught:
        load_yaml_text(text, FILE)
    return [problem.format() for problem in caught.value.problems]


def test_positions_of_keys_and_values_are_one_based():
    loaded = load_yaml_text("title: T\nquestions:\n  - type: short\n    prompt: Why?\n", FILE)
    assert loaded.source_map.position(("questions", 0, "prompt")) == (4, 13)
    assert loaded.source_map.position(("questions", 0, "prompt"), key=True) == (4, 5)
    # A path that does not exist falls back to its nearest ancestor.
    assert loaded.source_map.position(("questions", 0, "answer")) == (3, 5)


def test_yes_no_and_numbers_stay_as_typed():
    loaded = load_yaml_text("a: [Yes, No, on, 1.50, 007, true]\n", FILE)
    values = loaded.data["a"]
    assert values[:3] == ["Yes", "No", "on"]
    assert values[3].source == "1.50" and values[4].source == "007"
    assert values[5] is True


def test_duplicate_key_is_an_error_with_both_lines():
    assert problems_of("title: A\ntitle: B\n") == [
        'content/t.yaml:2:1: title: the key "title" appears twice (first at line 1)\n'
        "    hint: each key may appear once per block; delete or rename one of them"]


def test_python_tags_are_refused_not_executed():
    [message] = problems_of("title: !!python/object/apply:os.system ['echo hacked']\n")
    assert message.startswith("content/t.yaml:1:8: title: the YAML tag")
    assert "python/object/apply:os.system" in message


def test_alias_bomb_is_refused():
    """10^9 values if expanded: refused by counting, long before any memory is used."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[index]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    [message] = problems_of("\n".join(lines) + "\n")
    assert "expand to more than" in message


def test_unclosed_bracket_points_at_the_problem_and_the_opening():
    [message] = problems_of("title: T\nobjectives: [a, b\nsubject: x\n")
    assert message.startswith("content/t.yaml:3:8: YAML syntax error:")
    assert 'the "[" at line 2, column 13 is never closed' in message
    assert "hint:" in message


def test_tab_indentation_has_a_hint():
    [message] = problems_of("title: T\nsections:\n\t- heading: x\n")
    assert message.startswith("content/t.yaml:3:1:")
    assert "a tab character is used for indentation" in message
    assert "replace the tab with spaces" in message


def test_bom_is_accepted_and_non_utf8_is_refused(tmp_path):
    good = tmp_path / "bom.yaml"
    good.write_bytes("\ufefftitle: Café\n".encode("utf-8"))
    assert load_yaml_file(good).data == {"title": "Café"}
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: ok\nsubject: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DocgenError) as caught:
        load_yaml_file(bad)
    assert caught.value.problems[0].format().startswith(f"{bad}:2:13: the file is not UTF-8 text")


def test_oversized_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(DocgenError) as caught:
        load_yaml_file(big)
    assert time.perf_counter() - started < 0.5
    assert "too large" in caught.value.problems[0].message
