"""Warnings: a file that is valid but probably does not say what was meant.

A warning never stops a build. `docgen check` and `docgen build` print it
like a problem, at its line, so that an option cut in two by a comma or the
placeholder text of a skeleton does not reach a printed page unnoticed.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from docgen.content.errors import KeyPath, Problem
from docgen.content.loader import LoadedYaml, SourceMap
from docgen.scaffold import placeholder_texts


def comma_splits(items: list[Any], path: KeyPath, source: SourceMap) -> list[int]:
    """Entries of a one-line ``[list]`` that probably continue the entry before them.

    YAML ends an unquoted entry at every comma, so `[Today's wind, gusts and
    rain]` is two entries; one that starts with a lower-case word right after
    an entry with a capital was usually meant as part of it. Lists written all
    in lower case (`[mitosis, meiosis]`) and names such as `mRNA` are left alone.
    """
    if path not in source.flow:
        return []
    return [index for index, item in enumerate(items)
            if index and _starts_lower(item) and str(items[index - 1])[:1].isupper()
            and path + (index,) not in source.quoted]


def _starts_lower(item: Any) -> bool:
    word = item.split(" ", 1)[0] if isinstance(item, str) else ""
    return word[:1].isalpha() and word == word.lower()


def rejoined(items: list[Any], splits: list[int]) -> list[Any]:
    """``items`` with each entry of ``splits`` joined back to the one before it."""
    joined: list[Any] = []
    for index, item in enumerate(items):
        if index in splits and joined:
            joined[-1] = f"{joined[-1]}, {item}"
        else:
            joined.append(item)
    return joined


def flow_text(items: list[Any]) -> str:
    """A list as it is written on one line, quoting the entries that need it."""
    return "[" + ", ".join(_flow_entry(item) for item in items) + "]"


def _flow_entry(item: Any) -> str:
    if item is None:
        return "~"
    text = str(item)
    if not re.search(r"[,:#\[\]{}]|^[-?!&*|>'\"%@`\s]|\s$", text):
        return text
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def lint(loaded: LoadedYaml) -> list[Problem]:
    """Every warning for one loaded file, in the order of the file."""
    found = list(_split_options(loaded)) + list(_placeholders(loaded))
    return sorted(found, key=lambda problem: (problem.line or 0, problem.column or 0))


def _warning(loaded: LoadedYaml, path: KeyPath, message: str, hint: str) -> Problem:
    line, column = loaded.source_map.position(path) or (None, None)
    return Problem(loaded.file, message, line, column, path, hint, warning=True)


def _split_options(loaded: LoadedYaml) -> Iterator[Problem]:
    questions = loaded.data.get("questions") if isinstance(loaded.data, dict) else None
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        options = question.get("options") if isinstance(question, dict) else None
        if not isinstance(options, list):
            continue
        path = ("questions", index, "options")
        splits = comma_splits(options, path, loaded.source_map)
        if not splits:
            continue
        first = splits[0]
        meant = f"{options[first - 1]}, {options[first]}"
        yield _warning(loaded, path + (first,),
                       f'"{options[first]}" starts in lower case right after a comma, so it is '
                       "printed as an option of its own",
                       f'a comma inside [ ] ends an option; if "{meant}" is one option, put it in '
                       f"quotes: options: {flow_text(rejoined(options, splits))}")


def _placeholders(loaded: LoadedYaml) -> Iterator[Problem]:
    texts = placeholder_texts()
    left = [path for path, value in _leaves(loaded.data, ())
            if path != ("title",) and isinstance(value, str) and value.strip() in texts]
    if not left:
        return
    more = f" (and {len(left) - 1} more in this file)" if len(left) > 1 else ""
    yield _warning(loaded, left[0], f"this is still the placeholder text of the skeleton{more}",
                   "replace each placeholder with your own text, or delete what the topic does "
                   "not need; `docgen check` shows the first one left")


def _leaves(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, path + (index,))
    else:
        yield path, data
