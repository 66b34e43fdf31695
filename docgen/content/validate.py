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
from docgen.i18n.words import key_for_word
from docgen.registry import question_types

_KIND = {dict: "`key: value` lines", list: "a list", str: "text",
         bool: "true/false", type(None): "empty"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return _KIND.get(type(value), "a value of another kind")


def _quote(value: Any) -> str:
    """A value as the user wrote it: text in quotes, anything else in words."""
    if value is None or isinstance(value, (list, dict)):
        return _kind(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(getattr(value, "source", value))
    if len(text) > 60:
        text = text[:57] + "…"
    return f'"{text}"'


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{match[0]}"?' if match else None


def did_you_mean_key(word: str, keys: typing.Iterable[str]) -> str | None:
    """The key a teacher meant: by its meaning in a shipped language first (``réponse`` is
    ``answer``, not the look-alike ``points``), else by spelling."""
    keys = list(keys)
    meant = key_for_word(word, keys)
    if meant:
        return f'did you mean "{meant}"? (keys are English words, whatever the topic\'s language)'
    return did_you_mean(word, keys)


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
                and "[" not in part and part not in _UNION_MEMBER_NAMES and part not in question_types():
            path.append(part)  # a missing key: part of the path, absent from the data
            complete = False
            node = None
        else:
            continue
    return tuple(path), complete


# Names pydantic gives union members in an error's location (question types are members too).
_UNION_MEMBER_NAMES = {"str", "int", "float", "bool", "list", "none", "function-before",
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


def _type_synonyms() -> dict[str, str]:
    """Names teachers use for question types, mapped to the type docgen knows."""
    return {synonym: kind.name for kind in question_types().values() for synonym in kind.synonyms}


# A pydantic error type -> what the value should have been, in words.
_TYPE_ERRORS = {
    "string_type": "text", "str_type": "text", "list_type": "a list",
    "model_type": "`key: value` lines", "dict_type": "`key: value` lines",
    "model_attributes_type": "`key: value` lines",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number",
}


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(getattr(value, "source", value))


def _count(count: Any, noun: str) -> str:
    """``_count(1, "options")`` -> ``1 option``."""
    if str(count) == "1" and noun.endswith("ies"):
        noun = noun[:-3] + "y"
    elif str(count) == "1" and noun.endswith("s"):
        noun = noun[:-1]
    return f"{count} {noun}"


def _constraints(annotation: Any, metadata: list[Any]) -> dict[str, Any]:
    """min_length, max_length, ge, gt, le, lt of a field, wherever they are written."""
    found: dict[str, Any] = {}
    for item in metadata:
        for name in ("min_length", "max_length", "ge", "gt", "le", "lt"):
            if getattr(item, name, None) is not None:
                found.setdefault(name, getattr(item, name))
        for inner in getattr(item, "metadata", []) or []:
            for name in ("min_length", "max_length", "ge", "gt", "le", "lt"):
                if getattr(inner, name, None) is not None:
                    found.setdefault(name, getattr(inner, name))
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Annotated:
            found = {**_constraints(None, list(arg.__metadata__)), **found}
    return found


def _field_constraints(root: type[BaseModel], path: KeyPath, data: Any) -> dict[str, Any]:
    if not path or not isinstance(path[-1], str):
        return {}
    model = _model_at(root, path[:-1], data)
    if model is None or path[-1] not in model.model_fields:
        return {}
    field = model.model_fields[path[-1]]
    return _constraints(field.annotation, list(field.metadata))


def _range(bounds: dict[str, Any], noun: str) -> str | None:
    low = bounds.get("min_length", bounds.get("ge"))
    high = bounds.get("max_length", bounds.get("le"))
    if low is not None and high is not None:
        return f"{_number(low)} to {_number(high)} {noun}".rstrip()
    if "gt" in bounds and high is not None:
        return f"more than {_number(bounds['gt'])} and at most {_number(high)} {noun}".rstrip()
    if low is not None:
        return f"at least {_count(_number(low), noun)}".rstrip()
    if high is not None:
        return f"at most {_count(_number(high), noun)}".rstrip()
    return None


def _text_hint(value: Any) -> str:
    if isinstance(value, dict):
        return ('the text contains ": " (a colon and a space), so YAML reads it as a key; '
                'put the whole text in quotes: "like: this"')
    if isinstance(value, list):
        return 'write the text after the colon; if it starts with "[" or "-", put it in quotes'
    return "write the text after the colon, in quotes if it contains a colon"


def _describe(error: dict[str, Any], path: KeyPath, value: Any, root: type[BaseModel],
              data: Any) -> tuple[KeyPath, str, str | None, bool]:
    """(path, message, hint, point at the key) for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    key = str(path[-1]) if path and isinstance(path[-1], str) else ""
    if kind == "missing":
        parent = path[:-1]
        model = _model_at(root, parent, data)
        needed = [name for name, field in model.model_fields.items() if field.is_required()] \
            if model else []
        hint = f"add `{key}: ...`" + (f" (this block needs: {', '.join(needed)})"
                                      if needed and needed != [key] else "")
        if not parent:
            hint = f"add a line `{key}: ...` at the top of the file, at the left margin"
        return parent, f'the key "{key}" is missing', hint, False
    if kind == "extra_forbidden":
        model = _model_at(root, path[:-1], data)
        allowed = list(model.model_fields) if model else []
        hint = did_you_mean_key(str(path[-1]), allowed)
        if not hint and allowed:
            hint = "the keys allowed here are: " + ", ".join(allowed)
        return path, f'unknown key "{path[-1]}"', hint, True
    if kind == "stray_key":
        keys = ctx["missing"]
        named = " and ".join(f'"{name}"' for name in keys)
        lines = " then ".join(f"`{name}: ...`" for name in keys)
        return path, f'unknown key "{path[-1]}" (and {named} {"is" if len(keys) == 1 else "are"} missing)', \
            f"write each key on its own line: {lines}; the keys allowed here are: " \
            + ", ".join(ctx["allowed"]), True
    if kind == "union_tag_invalid":
        names = list(question_types())
        synonyms = _type_synonyms()
        tag = str(ctx.get("tag"))
        synonym = synonyms.get(tag.strip().lower().replace("-", "_")) or synonyms.get(tag.strip().lower())
        hint = f'did you mean "{synonym}"?' if synonym else did_you_mean(tag, names)
        hint = (hint + " " if hint else "") + "The question types are: " + ", ".join(names) + "."
        if not tag.strip() or ctx.get("tag") is None:
            return path + ("type",), "the question type is empty", hint, False
        return path + ("type",), f"unknown question type {_quote(tag)}", hint, False
    if kind == "union_tag_not_found":
        names = list(question_types())
        return path, 'the question has no "type"', \
            f"start the question with `- type: {names[0]}` (or " + ", ".join(names[1:]) + ")", False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]
        if path == ("format",):
            return path, f"this file says format {_quote(value)}, but docgen reads format 1", \
                "write `format: 1` (or delete the line); a file for a newer format needs a newer docgen", False
        hint = did_you_mean(str(value), choices) or \
            (f"write one of them exactly, e.g. `{key}: {choices[0]}`" if key and choices
             else "write one of these words exactly, without quotes")
        return path, f"{_quote(value)} is not allowed here; use one of: {', '.join(choices)}", hint, False
    if kind in ("string_type", "str_type"):
        if value is None:
            return path, "is empty", "write the text after the colon, or delete the line", False
        return path, f"must be text, not {_kind(value)}", _text_hint(value), False
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return path, "is empty", "write the text after the colon, or delete the line", False
    if kind in ("too_short", "too_long"):
        noun = key if key.endswith("s") else "entries"
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        message = f"needs {word} {_count(bound, noun)}, but has {ctx.get('actual_length')}"
        allowed = _range(_field_constraints(root, path, data), noun)
        if key == "answer":
            hint = "list the correct options, e.g. answer: [Red, Blue], or give one answer as text"
        elif kind == "too_short":
            hint = (f"give {allowed}" if allowed else "add entries") + ", one per line starting with \"- \""
        else:
            hint = (f"give {allowed}" if allowed else "remove entries") + \
                   "; split the rest into another question or topic"
        return path, message, hint, False
    if kind in ("bool_type", "bool_parsing"):
        if value is None:
            return path, "is empty; it must be true or false", "write true or false after the colon", False
        return path, f"must be true or false, not {_quote(value)}", "write true or false without quotes", False
    if kind == "int_parsing_size":
        return path, "is far too large a number", "write a small whole number such as 3", False
    if kind in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"):
        whole = kind.startswith("int")
        wanted = "a whole number" if whole else "a number"
        allowed = _range(_field_constraints(root, path, data), "")
        example = "3" if whole else "2 or 1.5"
        hint = f"write a number such as {example}, without quotes" + (f" ({allowed})" if allowed else "")
        if value is None:
            return path, f"is empty; it must be {wanted}", hint, False
        return path, f"must be {wanted}, not {_quote(value)}", hint, False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()))
        words = {"greater_than": "more than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        allowed = _range(_field_constraints(root, path, data), "")
        shown = _quote(value).strip('"')
        return path, f"must be {words} {_number(limit)}, not {shown}", \
            (f"use a number from {allowed}" if allowed and " to " in allowed else
             f"use a number {allowed or words + ' ' + _number(limit)}"), False
    if kind == "string_pattern_mismatch":
        return path, f"{_quote(value)} is not a language tag", 'use a tag such as "en", "en-GB", "fr" or "de"', False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if value is None:
            return path, "is empty", 'write the keys of this entry after the "-", or delete the line', False
        hint = ('put a space after each colon: `key: value`' if isinstance(value, str) and ":" in value
                else "write `key: value` lines here, indented under the line above")
        if isinstance(value, str) and path and isinstance(path[-1], int) and path[:1] == ("questions",):
            hint = "a question is a block of keys, e.g. `- type: short` then `prompt: ...` on the next line"
        return path, f"must be `key: value` lines, not {_kind(value)}", hint, False
    if kind == "list_type":
        if value is None:
            return path, "is empty; it must be a list", \
                'write the entries below it, one per line starting with "- ", or delete the line', False
        if isinstance(value, dict):
            hint = 'start each entry with "- ", e.g. `- term: ...`'
        elif isinstance(value, str) and value.startswith("-"):
            hint = 'put a space after the "-" that starts each entry: `- first entry`'
        else:
            hint = 'write one entry per line, each starting with "- ", or [a, b] on one line'
        return path, f"must be a list, not {_kind(value)}", hint, False
    if kind == "unknown_name":  # a name checked against the registry (an edition): the message says which
        return path, error["msg"], ctx.get("hint", ""), False
    if kind == "value_error":
        return path, str(ctx.get("error", error["msg"])), \
            "delete the character: retype the text around it, or paste it as plain text", False
    if kind == "finite_number":
        return path, f"must be an ordinary number, not {_quote(value)}", "write a number such as 2", False
    if kind.startswith("date_"):
        return path, f"must be a date written year-month-day, not {_quote(value)}", _date_hint(key, value, data), \
            False
    return path, error["msg"][:1].lower() + error["msg"][1:], \
        "run `docgen help format` to see what this key takes", False


def _date_hint(key: str, value: Any, data: Any) -> str:
    """How to write the date meant, shown as read (in the file's language) when only one is."""
    from datetime import date

    from docgen.dates import readings
    from docgen.i18n import labels_for

    lang = data.get("lang") if isinstance(data, dict) and isinstance(data.get("lang"), str) else "en"
    labels = labels_for(lang)
    found = readings(value, lang) if isinstance(value, str) else []
    if len(found) == 1:
        return f"write `{key}: {found[0].isoformat()}` (docgen reads {_quote(value)} as {labels.date(found[0])})"
    if len(found) == 2:
        first, second = found
        return (f"{_quote(value)} could be {labels.date(first)} or {labels.date(second)}: write "
                f"`{key}: {first.isoformat()}` or `{key}: {second.isoformat()}` (year-month-day)")
    example = date(2026, 9, 1)
    return f"write it year-month-day: `{key}: {example.isoformat()}` for {labels.date(example)}"


def _union_message(errors: list[dict[str, Any]], value: Any) -> tuple[str, str] | None:
    """When a value may be one of several kinds and is none of them: list them all."""
    wanted = list(dict.fromkeys(_TYPE_ERRORS[e["type"]] for e in errors if e["type"] in _TYPE_ERRORS))
    if len(wanted) < 2 or len(wanted) != len(errors):
        return None
    if wanted == ["text", "a list"]:
        return (f"must be text or a list of texts, not {_kind(value)}",
                "write the text after the colon, or a list such as [first, second]; "
                'put text that contains ": " in quotes')
    return f"must be {' or '.join(wanted)}, not {_kind(value)}", \
        "run `docgen help format` to see what this key takes"


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


def _merge_stray_keys(by_path: dict[KeyPath, list[dict[str, Any]]], data: Any,
                      root: type[BaseModel]) -> None:
    """`- Logistics: moving goods` under `terms:` is one mistake, not three.

    When a block has an unknown key that resembles nothing and misses required
    keys, the missing keys are said in the unknown key's message instead.
    """
    missing: dict[KeyPath, list[str]] = {}
    for path, group in by_path.items():
        if path and group[0]["type"] == "missing":
            missing.setdefault(path[:-1], []).append(str(path[-1]))
    for path, group in list(by_path.items()):
        if not path or group[0]["type"] != "extra_forbidden" or path[:-1] not in missing:
            continue
        model = _model_at(root, path[:-1], data)
        if model is None or did_you_mean_key(str(path[-1]), model.model_fields):
            continue
        keys = missing.pop(path[:-1])
        for key in keys:
            by_path.pop(path[:-1] + (key,), None)
        group[0] = {**group[0], "type": "stray_key", "ctx": {"missing": keys,
                                                            "allowed": list(model.model_fields)}}


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
        first = next((name for name, field in model.model_fields.items() if field.is_required()),
                     next(iter(model.model_fields)))
        example = "title: Your topic title" if first == "title" else f"{first}: ..."
        if data is None:
            return None, [Problem(file, "the file has no content (it is empty or holds only comments)",
                                  hint=f"start with `{example}`")]
        if isinstance(data, list):
            hint = f'a file starts with `{example}` at the left margin, with no "- " in front'
        elif isinstance(data, str) and ":" in data:
            hint = f"put a space after the colon: `{example}`"
        elif isinstance(data, str) and data.split(" ", 1)[0] in model.model_fields:
            key, _, rest = data.partition(" ")
            hint = f'write the key followed by ": " (colon and space): `{key}: {rest[:40]}`'
        else:
            hint = f"start with `{example}` at the left margin"
        return None, [Problem(file, f"the file must consist of `key: value` lines, not {_kind(data)}",
                              line, column, hint=hint)]
    try:
        return model.model_validate(data), []
    except ValidationError as validation:
        errors = validation.errors()
        misspelled = _misspelled_keys(errors, data, model)
        by_path: dict[KeyPath, list[dict[str, Any]]] = {}
        for error in errors:
            path, _ = _data_path(error["loc"], data)
            if error["type"] == "missing" and path in misspelled:
                continue  # a misspelt key is also a missing one: one message is enough
            by_path.setdefault(path, []).append(error)
        _merge_stray_keys(by_path, data, model)
        problems: list[Problem] = []
        for path, group in by_path.items():
            # A union reports each member: say it once, with the member that fits best.
            value = _value_at(data, path)
            union = _union_message(group, value) if len(group) > 1 else None
            if union:
                line, column = source_map.position(path) or (None, None)
                problems.append(Problem(file, union[0], line, column, path, union[1]))
                continue
            fitting = [e for e in group if e["type"] not in _TYPE_ERRORS] or group
            where, message, hint, at_key = _describe(fitting[0], path, value, model, data)
            line, column = source_map.position(where, key=at_key) or (None, None)
            problems.append(Problem(file, message, line, column, where, hint))
        problems.sort(key=lambda problem: (problem.line or 0, problem.column or 0))
        return None, problems
