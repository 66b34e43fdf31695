"""Fuzzing the way in: broken YAML and odd text never crash docgen.

Whatever a content file holds, reading it either gives a topic or raises
``DocgenError`` whose every problem has a message; nothing else escapes.

Profiles: ``ci`` (the default, about 150 examples per test) and ``deep``
(3,000 per test) for a manual run:

    python -m pytest tests/test_fuzz_input.py --hypothesis-profile=deep
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from docgen.content.errors import DocgenError, Problem
from docgen.content.loader import SourceMap
from docgen.content.model import Topic
from docgen.registry import question_types
from docgen.content.reader import read_topic
from docgen.content.rules import check_topic
from docgen.content.validate import to_model

EXAMPLE_LINES = EXAMPLE.read_text("utf-8").splitlines(keepends=True)


def assert_docgen_error_or_topic(read) -> Any:  # noqa: ANN001
    """Run ``read``; a DocgenError is fine if every problem says something."""
    try:
        return read()
    except DocgenError as error:
        assert error.problems, "a DocgenError without problems"
        for problem in error.problems:
            assert isinstance(problem, Problem)
            assert problem.message.strip(), f"a problem without a message: {problem!r}"
            text = problem.format()
            assert "Traceback" not in text and "NoneType" not in text
        return None


# --- (1) mutations of the example file -----------------------------------------

SPECIAL = ["\t", ":", ": ", "[", "]", "{", "}", '"', "'", "&", "*", "!", "!!", "-", "- ", "#",
           "|", ">", "%", "@", "`", ",", "?", "\\", "\n", " ", "  ", "\r", "\x00", "\x07",
           "\u00e9", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "e\u0301\u0301",
           "\U0001f69a", "\u202e", "\ufeff", "\ufffe", "&a ", "*a", "<<: ", "!!python/name:os.system",
           "[[", "]]", "~", "null", "true", "2020-13-45", "0x", "1e999", "9" * 5000, "---", "..."]
insertion = st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=8))


@st.composite
def mutation(draw) -> tuple[str, ...]:
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "tab",
                                 "insert", "insert", "insert", "truncate"]))
    line = draw(st.integers(0, len(EXAMPLE_LINES) - 1))
    if kind == "swap":
        return kind, line, draw(st.integers(0, len(EXAMPLE_LINES) - 1))
    if kind in ("indent", "dedent"):
        return kind, line, draw(st.integers(1, 6))
    if kind == "insert":
        return kind, line, draw(st.integers(0, 80)), draw(insertion)
    if kind == "truncate":
        return kind, line, draw(st.integers(0, 80))
    return kind, line


def mutate(lines: list[str], steps: list[tuple]) -> list[str]:
    lines = list(lines)
    for step in steps:
        if not lines:
            break
        kind, line = step[0], step[1] % len(lines)
        text = lines[line]
        if kind == "delete":
            del lines[line]
        elif kind == "duplicate":
            lines.insert(line, text)
        elif kind == "swap":
            other = step[2] % len(lines)
            lines[line], lines[other] = lines[other], text
        elif kind == "indent":
            lines[line] = " " * step[2] + text
        elif kind == "dedent":
            lines[line] = text[min(step[2], len(text) - len(text.lstrip(" "))):]
        elif kind == "tab":
            lines[line] = "\t" + text.lstrip(" ")
        elif kind == "insert":
            column = min(step[2], len(text.rstrip("\n")))
            lines[line] = text[:column] + step[3] + text[column:]
        elif kind == "truncate":
            lines[line] = text[: min(step[2], len(text))]
            del lines[line + 1:]
    return lines


@given(steps=st.lists(mutation(), min_size=1, max_size=6),
       raw=st.one_of(st.none(), st.binary(min_size=1, max_size=4)))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_example_gives_a_topic_or_a_docgen_error(fuzz_project, steps, raw):
    data = "".join(mutate(EXAMPLE_LINES, steps)).encode("utf-8", errors="surrogatepass")
    if raw is not None:  # sometimes bytes that are not UTF-8 at all
        data = data[: len(data) // 2] + raw + data[len(data) // 2:]
    path = fuzz_project / "content" / "fuzz.yaml"
    path.write_bytes(data)
    assert_docgen_error_or_topic(lambda: read_topic(path, fuzz_project))


# --- (2) valid-shaped data with any text -------------------------------------------

AWKWARD = [
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",  # Arabic, RTL
    "\u05dc\u05d5\u05d2\u05d9\u05e1\u05d8\u05d9\u05e7\u05d4 (logistics)",  # Hebrew mixed with LTR
    "Z\u0351\u036b\u0343a\u0310\u0306l\u0352\u0314g\u0300\u0303o\u0314",  # combining marks
    "\U0001f469\u200d\U0001f3eb teaches \U0001f4e6\U0001f69a\U0001f1ec\U0001f1e7",  # emoji, ZWJ
    "Donaudampfschifffahrtsgesellschaftskapit\u00e4n" * 12,  # a very long word
    "x" * 2000,
    "**bold *nested** italic*", "[link](javascript:alert(1))", "<script>alert(1)</script>",
    "{{ 7*7 }} {% if %}", "$\\frac{1}{2}$ and $x^2", "`code", "# not a heading", "1. 2. 3.",
    "> quote", "---", "\u200b", "\u202eevil", "  padded  ", "", " ", "~", "null", "true", "0",
    "[[gap]]", "[[ ]]", "a [[b]] c [[d]]", "line one\nline two\n\n- bullet",
]
any_text = st.one_of(st.sampled_from(AWKWARD),
                     st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
# Text that says something (what a well-formed file holds).
good_text = any_text.filter(str.strip)
# Values of the wrong kind for a field.
wrong = st.one_of(st.none(), st.integers(-5, 5), st.booleans(), st.lists(any_text, max_size=2),
                  st.dictionaries(any_text, any_text, max_size=2), st.floats(allow_nan=True))


class Shape:
    """Strategies for one topic: ``clean`` ones are meant to be valid, the others now
    and then put a blank or a value of the wrong kind where text or a number goes."""

    def __init__(self, clean: bool) -> None:
        self.clean = clean
        self.text = good_text if clean else st.one_of(*[good_text] * 9, any_text)

    def value(self, strategy):
        return strategy if self.clean else st.one_of(*[strategy] * 9, wrong)

    def texts(self, low: int, high: int, unique: bool = False):
        if self.clean:
            return st.lists(self.text, min_size=low, max_size=high, unique=unique)
        return st.lists(self.text, min_size=max(0, low - 1), max_size=high + 1)


def optional(draw, data: dict, key: str, strategy) -> None:
    if draw(st.booleans()):
        data[key] = draw(strategy)


@st.composite
def question(draw, shape: Shape, items: list[str]) -> dict[str, Any]:
    kinds = st.sampled_from(list(question_types()))
    kind = draw(kinds if shape.clean else st.one_of(*[kinds] * 9, any_text))
    data: dict[str, Any] = {"type": kind}
    optional(draw, data, "points", shape.value(st.floats(0.5, 10) | st.integers(1, 10)))
    optional(draw, data, "explanation", shape.value(shape.text))
    if kind == "choice":
        options = draw(shape.texts(2, 8, unique=True))
        data["prompt"] = draw(shape.value(shape.text))
        data["options"] = options
        answers = [st.sampled_from(options), st.sampled_from(options),
                   st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True)] \
            if options else [shape.text]
        data["answer"] = draw(st.one_of(*answers) if shape.clean else st.one_of(*answers, shape.text))
    elif kind == "true_false":
        data["statement"] = draw(shape.value(shape.text))
        data["answer"] = draw(shape.value(st.booleans()))
    elif kind in ("short", "long"):
        data["prompt"] = draw(shape.value(shape.text))
        optional(draw, data, "lines", shape.value(st.integers(1, 60) if shape.clean else st.integers(0, 70)))
        optional(draw, data, "answer", shape.value(shape.text))
    elif kind == "blank":
        gap = good_text.filter(lambda word: "]]" not in word and "\n" not in word and "[[" not in word)
        words = draw(st.lists(gap if shape.clean else any_text, min_size=1 if shape.clean else 0,
                              max_size=3))
        data["text"] = " ".join(f"{draw(shape.text)} [[{word}]]" for word in words) or draw(shape.text)
        optional(draw, data, "word_bank", shape.value(st.booleans()))
    elif kind == "match":
        optional(draw, data, "prompt", shape.text)
        lefts = draw(shape.texts(2, 12, unique=True))
        rights = draw(st.lists(shape.text, min_size=len(lefts), max_size=len(lefts), unique=shape.clean))
        data["pairs"] = [{"left": left, "right": right} for left, right in zip(lefts, rights)]
    elif kind == "classify":
        data["prompt"] = draw(shape.text)
        categories = draw(st.one_of(st.none(), shape.texts(2, 6, unique=True)))
        if categories is not None or not items:
            data["categories"] = categories or draw(shape.texts(2, 6, unique=True))
        choices = data.get("categories") or items or ["A"]
        answer = st.sampled_from(choices) if shape.clean else st.one_of(st.sampled_from(choices), any_text)
        data["statements"] = draw(st.lists(st.fixed_dictionaries({"text": shape.text, "answer": answer}),
                                           min_size=1 if shape.clean else 0, max_size=5))
    else:
        optional(draw, data, "prompt", shape.text)
    return data


@st.composite
def topic_data(draw, clean: bool) -> dict[str, Any]:
    shape = Shape(clean)
    text = shape.text
    data: dict[str, Any] = {"title": draw(shape.value(text))}
    for key in ("subtitle", "subject", "level", "author", "source", "summary"):
        optional(draw, data, key, shape.value(text))
    tags = ["en", "en-GB", "ar", "he", "de", "zh-Hant"] + ([] if clean else ["zz-ZZZZZZZZZ", "x", "English"])
    optional(draw, data, "lang", st.sampled_from(tags))
    optional(draw, data, "objectives", st.lists(shape.value(text), max_size=4))
    image = st.sampled_from(["images/photo.png", "images/photo.png", "../x.png", "nope.png",
                             "a\x00b", "http://127.0.0.1:1/x.png", "/etc/passwd", ""])
    optional(draw, data, "sections", st.lists(st.fixed_dictionaries(
        {"heading": shape.value(text), "body": shape.value(text)},
        optional={"caption": text} if clean else {"caption": text, "image": image, "alt": text}),
        max_size=3))
    items = draw(shape.texts(2, 4, unique=True))
    if draw(st.booleans()):
        widths = [len(items)] if clean else [len(items)] * 6 + [len(items) + 1, max(0, len(items) - 1)]
        width = draw(st.sampled_from(widths))
        cell = st.one_of(text, st.none(), st.just(""))
        data["compare"] = {"items": items, "rows": draw(st.lists(st.fixed_dictionaries(
            {"aspect": text, "values": st.lists(cell, min_size=width, max_size=width)}),
            min_size=1 if clean else 0, max_size=40))}
    optional(draw, data, "terms", st.lists(st.fixed_dictionaries(
        {"term": shape.value(text), "definition": shape.value(text)}), max_size=4))
    optional(draw, data, "questions", st.lists(question(shape, items if "compare" in data else []),
                                               max_size=5))
    if not any(key in data for key in ("sections", "compare", "terms", "questions")) and clean:
        data["terms"] = [{"term": draw(text), "definition": draw(text)}]
    optional(draw, data, "worksheet", st.fixed_dictionaries({}, optional={
        "title": text, "instructions": text, "shuffle": shape.value(st.booleans()),
        "seed": shape.value(st.integers())}))
    parts = ["summary", "compare", "terms", "notes"] + ([] if clean else ["glossary"])
    optional(draw, data, "cheatsheet", st.fixed_dictionaries({}, optional={
        "orientation": st.sampled_from(["landscape", "portrait"] + ([] if clean else ["sideways"])),
        "notes": st.lists(text, max_size=3)}))
    if draw(st.booleans()):
        cheatsheet = data.setdefault("cheatsheet", {})
        cheatsheet["include"] = draw(st.lists(st.sampled_from(parts), max_size=5, unique=clean))
        if clean:  # only the parts the topic has
            present = {"summary": "summary" in data, "compare": "compare" in data,
                       "terms": bool(data.get("terms")), "notes": bool(cheatsheet.get("notes"))}
            cheatsheet["include"] = [part for part in cheatsheet["include"] if present[part]]
    if not clean and draw(st.integers(0, 9)) == 0:
        data[draw(text)] = draw(text)  # an unknown key
    return data


shaped = st.one_of(topic_data(clean=True), topic_data(clean=False))


def validate(data: Any, file: Path, root: Path) -> Topic:
    """What read_topic does after loading: model, then cross-field rules."""
    topic, problems = to_model(Topic, data, file, SourceMap())
    if topic is not None:
        problems = [Problem(file, b.message, key_path=b.path, hint=b.hint)
                    for b in check_topic(topic, file, root)]
    if problems:
        raise DocgenError(problems)
    return topic  # type: ignore[return-value]


@given(data=shaped)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
def test_any_text_in_a_topic_validates_or_gives_a_docgen_error(fuzz_project, data):
    file = fuzz_project / "content" / "shaped.yaml"
    assert_docgen_error_or_topic(lambda: validate(data, file, fuzz_project))


@given(data=shaped)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
def test_the_same_data_written_as_yaml_reads_back_the_same_way(fuzz_project, data):
    """Through the file: the dumper's quoting and our loader agree, errors have positions."""
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    except yaml.YAMLError:
        assume(False)
    path = fuzz_project / "content" / "dumped.yaml"
    path.write_text(text, "utf-8")
    direct = assert_docgen_error_or_topic(lambda: validate(data, path, fuzz_project))
    try:
        read = read_topic(path, fuzz_project)
    except DocgenError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.message.strip()
            assert problem.line is not None, f"no line number: {problem.format()}"
        read = None
    if _mentions(data, "\x85\u2028\u2029\r"):
        return  # YAML folds these line breaks when reading: the texts differ, by design
    if _mentions(data, CONTROL):
        return  # written as "\b" escapes, which docgen refuses on purpose (a Windows path trap)
    # Same verdict either way (the texts themselves may differ: a number read from YAML
    # is kept as written, and the dumper writes 1e-05 as 1.0e-05).
    assert (read is None) == (direct is None), \
        "valid data failed once written as YAML" if read is None else "invalid data passed as YAML"


CONTROL = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]))


def _mentions(data: Any, characters: str) -> bool:
    if isinstance(data, str):
        return any(character in data for character in characters)
    if isinstance(data, dict):
        return any(_mentions(key, characters) or _mentions(value, characters)
                   for key, value in data.items())
    if isinstance(data, list):
        return any(_mentions(item, characters) for item in data)
    return False
