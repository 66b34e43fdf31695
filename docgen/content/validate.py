"""Plain data -> typed model, with every problem at its line and column.

Pydantic knows what is wrong; this module says it the way a teacher can
act on it: which key, in words, with a hint, at the position the loader
recorded. Messages for one file are collected, never stopped at the first.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from docgen.content.errors import KeyPath, Problem
from docgen.content.loader import SourceMap

_KIND = {dict: "a mapping (key: value lines)", list: "a list", str: "text",
         bool: "true/false", type(None): "empty"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return _KIND.get(type(value), type(value).__name__)


def _quote(value: Any) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f'"{text}"'


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{match[0]}"?' if match else None


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[KeyPath, bool]:
    """Keep the parts of a pydantic location that exist in the data.

    Pydantic adds union member names (``choice``, ``str``) to locations; the
    user's file has none of them. Returns the path and whether it was
    complete (every part found in the data).
    """
    path: list[str | int] = []
    node = data
    complete = True
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not part[:1].isupper() \
                and "[" not in part and part not in _UNION_MEMBER_NAMES:
            path.append(part)  # a missing key: part of the path, absent from the data
            complete = False
            node = None
        else:
            continue
    return tuple(path), complete


_UNION_MEMBER_NAMES = {"str", "int", "float", "bool", "list", "none", "choice", "true_false",
                       "short", "long", "blank", "match", "classify", "function-before",
                       "constrained-str", "literal"}


def _unwrap(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation may hold (through Optional, list, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        found: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            found += _unwrap(arg)
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(root: type[BaseModel], path: KeyPath, data: Any) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path``."""
    candidates: list[type[BaseModel]] = [root]
    node = data
    for part in path:
        node = node[part] if isinstance(node, (dict, list)) else None
        if isinstance(part, int):
            continue
        model = _pick(candidates, None)
        if model is None or part not in model.model_fields:
            return None
        candidates = _unwrap(model.model_fields[part].annotation)
    return _pick(candidates, node)


def _pick(candidates: list[type[BaseModel]], node: Any) -> type[BaseModel] | None:
    """One model of a union: a question is chosen by its ``type``."""
    if len(candidates) == 1:
        return candidates[0]
    wanted = node.get("type") if isinstance(node, dict) else None
    for candidate in candidates:
        field = candidate.model_fields.get("type")
        if field is not None and typing.get_args(field.annotation) == (wanted,):
            return candidate
    return None


def _describe(error: dict[str, Any], path: KeyPath, value: Any, root: type[BaseModel],
              data: Any) -> tuple[KeyPath, str, str | None, bool]:
    """(path, message, hint, point at the key) for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        parent, key = path[:-1], path[-1]
        model = _model_at(root, parent, data)
        needed = [name for name, field in model.model_fields.items() if field.is_required()] \
            if model else []
        hint = f"add `{key}:`" + (f" (this block needs: {', '.join(needed)})" if needed else "")
        return parent, f'the key "{key}" is missing', hint, False
    if kind == "extra_forbidden":
        model = _model_at(root, path[:-1], data)
        allowed = list(model.model_fields) if model else []
        hint = did_you_mean(str(path[-1]), allowed)
        if allowed:
            hint = (hint + " " if hint else "") + "Allowed keys here: " + ", ".join(allowed) + "."
        return path, f'unknown key "{path[-1]}"', hint, True
    if kind == "union_tag_invalid":
        from docgen.content.model import QUESTION_TYPES
        tag = ctx.get("tag")
        hint = did_you_mean(str(tag), QUESTION_TYPES)
        hint = (hint + " " if hint else "") + "Question types: " + ", ".join(QUESTION_TYPES) + "."
        return path + ("type",), f"unknown question type {_quote(tag)}", hint, False
    if kind == "union_tag_not_found":
        from docgen.content.model import QUESTION_TYPES
        return path, 'the question has no "type"', \
            "start the question with `- type: choice` (or " + ", ".join(QUESTION_TYPES[1:]) + ")", False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]
        hint = did_you_mean(str(value), choices)
        return path, f"{_quote(value)} is not allowed here; use one of {expected}", hint, False
    if kind in ("string_type", "str_type"):
        return path, f"must be text, not {_kind(value)}", \
            'put the text after the colon, in "quotes" if it contains a colon', False
    if kind in ("string_too_short",):
        return path, "must not be empty", "write the text after the colon, or remove the key", False
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return path, f"needs {word} {bound} entries (found {ctx.get('actual_length')})", None, False
    if kind in ("bool_type", "bool_parsing"):
        return path, f"must be true or false, not {_quote(value)}", "write true or false without quotes", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return path, f"must be a whole number, not {_quote(value)}", None, False
    if kind in ("float_type", "float_parsing"):
        return path, f"must be a number, not {_quote(value)}", None, False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()))
        words = {"greater_than": "more than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        return path, f"must be {words} {limit} (found {value})", None, False
    if kind == "string_pattern_mismatch":
        return path, f"{_quote(value)} is not a language tag", 'use a tag such as "en", "en-GB", "fr" or "de"', False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return path, f"must be a mapping of keys (key: value lines), not {_kind(value)}", None, False
    if kind == "list_type":
        return path, f"must be a list, not {_kind(value)}", \
            "write one entry per line, each starting with '- ', or [a, b] on one line", False
    return path, error["msg"][0].lower() + error["msg"][1:], None, False


def _misspelled_keys(errors: list[dict[str, Any]], data: Any, root: type[BaseModel]) -> set[KeyPath]:
    """Paths of missing keys that an unknown key beside them is a misspelling of."""
    found: set[KeyPath] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        path, _ = _data_path(error["loc"], data)
        model = _model_at(root, path[:-1], data)
        if model is None:
            continue
        match = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1, cutoff=0.6)
        if match:
            found.add(path[:-1] + (match[0],))
    return found


def _value_at(data: Any, path: KeyPath) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def to_model(model: type[BaseModel], data: Any, file: Path,
             source_map: SourceMap) -> tuple[BaseModel | None, list[Problem]]:
    """Validate ``data`` against ``model``; problems carry positions and hints."""
    if not isinstance(data, dict):
        line, column = source_map.position(()) or (1, 1)
        if data is None:
            return None, [Problem(file, "the file is empty", hint="start with `title: Your topic title`")]
        return None, [Problem(file, f"the file must be a mapping of keys (key: value lines), not {_kind(data)}",
                              line, column, hint="start with `title: Your topic title` at the left margin")]
    try:
        return model.model_validate(data), []
    except ValidationError as validation:
        problems: list[Problem] = []
        seen: set[KeyPath] = set()
        errors = validation.errors()
        misspelled = _misspelled_keys(errors, data, model)
        for error in errors:
            path, _ = _data_path(error["loc"], data)
            if path in seen or (error["type"] == "missing" and path in misspelled):
                # A union reports each member, and a misspelt key is also a missing
                # one: one message each is enough.
                continue
            seen.add(path)
            value = _value_at(data, path)
            where, message, hint, at_key = _describe(error, path, value, model, data)
            line, column = source_map.position(where, key=at_key) or (None, None)
            problems.append(Problem(file, message, line, column, where, hint))
        problems.sort(key=lambda problem: (problem.line or 0, problem.column or 0))
        return None, problems
