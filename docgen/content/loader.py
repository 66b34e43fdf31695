"""YAML text -> plain data, with the line and column of every key and value.

PyYAML's own constructors forget positions, allow duplicate keys and expand
aliases without limit; we compose the node graph with the safe loader and
build the data ourselves, so that every later error can point at a line,
duplicate keys are refused and an alias bomb stops after a bounded number
of nodes instead of eating the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.content.errors import DocgenError, KeyPath, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a topic is a few KB; 2 MB is generous
MAX_NODES = 200_000  # values built, counting every alias expansion

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:timestamp",
}


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.2 booleans: only true/false, so `Yes`, `No`, `On` stay text.

    A teacher who writes `values: [Yes, No]` in a comparison means the words.
    """


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class _ComposeLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    _Resolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


class YamlInt(int):
    """An int that remembers how it was written (`007` stays `007` in text)."""

    source: str


class YamlFloat(float):
    """A float that remembers how it was written (`1.50` stays `1.50`)."""

    source: str


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a file starts."""

    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: KeyPath, *, key: bool = False) -> tuple[int, int] | None:
        """Position of ``path``, else of its nearest ancestor that has one."""
        if key and path in self.keys:
            return self.keys[path]
        probe = tuple(path)
        while True:
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]


@dataclass
class LoadedYaml:
    data: Any
    source_map: SourceMap
    file: Path


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into plain Python data, recording positions."""

    def __init__(self, loader: _ComposeLoader, file: Path) -> None:
        self.loader = loader
        self.file = file
        self.map = SourceMap()
        self.count = 0
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node, path: KeyPath, message: str, hint: str | None = None) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.file, message, line, column, path, hint))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            line, column = _mark(node)
            raise DocgenError([Problem(
                self.file,
                f"the file expands to more than {MAX_NODES:,} values",
                line, column, (),
                "YAML aliases (*name) are repeated here so often that the data would not fit "
                "in memory; write the values out, or use fewer nested aliases",
            )])
        self.map.values.setdefault(path, _mark(node))
        if node.tag not in _STANDARD_TAGS:
            self.fail(node, path, f"the YAML tag {node.tag!r} is not allowed",
                      "content files hold plain text, numbers, lists and mappings; remove the tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        value = self.loader.construct_object(node)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # a date in a text field is text
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            number = YamlInt(value)
            number.source = node.value
            return number
        if isinstance(value, float):
            real = YamlFloat(value)
            real.source = node.value
            return real
        return value

    def build_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path)
                for source in merged if isinstance(merged, list) else [merged]:
                    if isinstance(source, dict):
                        for key, value in source.items():
                            result.setdefault(key, value)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.map.keys.get(path + (key,))
                where = f" (first at line {first[0]})" if first else ""
                self.fail(key_node, path + (key,), f"duplicate key {key!r}{where}",
                          "each key may appear once per block; delete or rename one of them")
                continue
            self.map.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def _decode(raw: bytes, file: Path) -> str:
    try:
        text = raw.decode("utf-8-sig")  # a BOM from Windows Notepad is fine
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DocgenError([Problem(
            file, "the file is not UTF-8 text", line, column,
            hint="save the file as UTF-8 (in most editors: Save As… > Encoding > UTF-8)",
        )]) from None
    return text


def load_yaml_text(text: str, file: Path) -> LoadedYaml:
    """Parse one YAML document; every problem carries file:line:column."""
    loader = _ComposeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = error.problem or "invalid YAML"
        if error.context:
            problem = f"{error.context}, {problem}"
        context = error.context_mark
        if context and mark and context.line != mark.line:
            problem += f" (the block started at line {context.line + 1}, column {context.column + 1})"
        raise DocgenError([Problem(file, f"YAML syntax error: {problem}", line, column,
                                   hint=_syntax_hint(problem))]) from None
    except yaml.YAMLError as error:
        raise DocgenError([Problem(file, f"YAML syntax error: {error}")]) from None
    finally:
        loader.dispose()
    if node is None:
        return LoadedYaml(None, SourceMap(), file)
    builder = _Builder(loader, file)
    data = builder.build(node, ())
    if builder.problems:
        raise DocgenError(builder.problems)
    return LoadedYaml(data, builder.map, file)


def load_yaml_file(file: Path, max_bytes: int = MAX_FILE_BYTES) -> LoadedYaml:
    """Read and parse ``file`` with a size limit checked before reading it all."""
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise DocgenError([Problem(
                file, f"the file is too large ({size / 1e6:.1f} MB; the limit is "
                f"{max_bytes / 1e6:.0f} MB)",
                hint="a content file holds one topic; split it into several files",
            )])
        with file.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise DocgenError([Problem(file, f"cannot read the file: {error.strerror}")]) from None
    return load_yaml_text(_decode(raw, file), file)


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "YAML indents with spaces only; replace the tab characters with spaces"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a list in [brackets] or a mapping in {braces} is not closed, or has a stray comma"
    if "mapping values are not allowed" in problem:
        return ("a value contains ': ' (colon and space); put the whole value in quotes, "
                "or check the indentation of the line above")
    if "could not find expected ':'" in problem:
        return "a key is missing its ':' or the line is indented differently from its neighbours"
    return "check the indentation and quotes on this line and the line before it"
