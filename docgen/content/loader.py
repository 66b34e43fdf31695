"""YAML text -> plain data, with the line and column of every key and value.

PyYAML's own constructors forget positions, allow duplicate keys and expand
aliases without limit; we compose the node graph with the safe loader and
build the data ourselves, so that every later error can point at a line,
duplicate keys are refused and an alias bomb stops after a bounded number
of nodes instead of eating the machine.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.content.errors import DocgenError, KeyPath, Problem
from docgen.content.yaml_errors import syntax_problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a topic is a few KB; 2 MB is generous
MAX_NODES = 200_000  # values built, counting every alias expansion
MAX_DEPTH = 50  # lists and mappings inside each other; a topic needs about 5

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


class _TooDeep(Exception):
    """Raised by the composer when blocks nest deeper than MAX_DEPTH."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


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
        self.depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        """PyYAML composes recursively: stop at a sane depth, not at Python's stack limit."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
    # How values were written, for hints about what YAML made of them: lists on one
    # line in [brackets] (where a comma ends an entry), and text in quotes or after | or >.
    flow: set[KeyPath] = field(default_factory=set)
    quoted: set[KeyPath] = field(default_factory=set)

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
        self.stack: list[yaml.Node] = []  # nodes being built: an alias to one is a loop

    def fail(self, node: yaml.Node, path: KeyPath, message: str, hint: str | None = None) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.file, message, line, column, path, hint))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            # Blame the top-level key being built: deeper paths are alias copies.
            line, column = self.map.values.get(path[:1], _mark(node))
            raise DocgenError([Problem(
                self.file,
                f"the aliases (*name) here expand to more than {MAX_NODES:,} values",
                line, column, path[:1],
                "each *name repeats the whole block it names, and repeats inside repeats "
                "multiply; write the values out, or use fewer nested aliases",
            )])
        self.map.values.setdefault(path, _mark(node))
        if node.tag not in _STANDARD_TAGS:
            self.fail(node, path, f"the YAML tag {_tag_name(node.tag)} is not allowed",
                      _tag_hint(node.tag))
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.style == '"' and _CONTROL.search(node.value):
                self.fail(node, path, 'a backslash in "double quotes" made an invisible control '
                          f"character here (\\{_ESCAPES.get(_CONTROL.search(node.value).group(), 'x')})",
                          "put text with backslashes in 'single quotes' instead, or write each "
                          "backslash twice (\\\\)")
                return None
            if node.style:
                self.map.quoted.add(path)
            return self.scalar(node)
        if any(node is open_node for open_node in self.stack):
            self.fail(node, path, "this value refers to itself through an alias (*name)",
                      "an alias must not point at a list or mapping that contains it; "
                      "write the value out instead")
            return None
        if len(self.stack) >= MAX_DEPTH:
            self.fail(node, path, f"lists and mappings are nested more than {MAX_DEPTH} deep",
                      "a topic needs only a few levels; check the indentation and the aliases (*name)")
            return None
        if isinstance(node, yaml.SequenceNode) and node.flow_style:
            self.map.flow.add(path)
        self.stack.append(node)
        try:
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, path)
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        finally:
            self.stack.pop()

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """A plain value. Whatever cannot be read as a number stays the text as written."""
        if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return node.value  # a date in a text field is text
        try:
            value = self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, OverflowError):
            # `!!int abc`, a 5,000-digit number, `!!merge x`: keep what the user wrote.
            return node.value
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
        return node.value

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
                self.fail(key_node, path, "a key must be a plain word, not a list or mapping",
                          "write `key: value` with the key as a word; if the line starts with "
                          "\"?\", \"[\" or \"{\", remove that character or put the text in quotes")
                continue
            if key_node.tag not in _STANDARD_TAGS:
                self.fail(key_node, path, f"the YAML tag {_tag_name(key_node.tag)} is not allowed",
                          _tag_hint(key_node.tag))
                continue
            key = str(key_node.value)
            if key in result:
                first = self.map.keys.get(path + (key,))
                where = f" (first at line {first[0]})" if first else ""
                self.fail(key_node, path + (key,), f'the key "{key}" appears twice{where}',
                          "each key may appear once per block; delete or rename one of them")
                continue
            self.map.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


# Control characters only an escape in "double quotes" can produce (the reader refuses
# them raw); tab and newline are left alone, they may be meant.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPES = {"\x00": "0", "\x07": "a", "\x08": "b", "\x0b": "v", "\x0c": "f", "\x0d": "r",
            "\x1b": "e"}


def _tag_name(tag: str) -> str:
    for prefix, short in (("tag:yaml.org,2002:", "!!"), ("!", "!")):
        if tag.startswith(prefix):
            return f'"{short}{tag[len(prefix):]}"'
    return f'"{tag}"'


def _tag_hint(tag: str) -> str:
    if "python" in tag:
        return ("content files hold only text, numbers and lists, never program objects; "
                "remove the tag")
    return ('a value that starts with "!" is read as a YAML tag; if you meant the text, '
            'put the whole value in quotes: "!..."')


def _decode(raw: bytes, file: Path) -> str:
    try:
        text = raw.decode("utf-8-sig")  # a BOM from Windows Notepad is fine
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1: error.start]
                     .decode("utf-8", errors="replace")) + 1
        raise DocgenError([Problem(
            file, "the file is not UTF-8 text: the character here is in another encoding "
                  "(such as Windows-1252)",
            line, column,
            hint="save the file as UTF-8 (in most editors: Save As… > Encoding > UTF-8)",
        )]) from None
    return text


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def load_yaml_text(text: str, file: Path) -> LoadedYaml:
    """Parse one YAML document; every problem carries file:line:column."""
    try:
        loader = _ComposeLoader(text)
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        code = error.character if isinstance(error.character, int) else 0
        raise DocgenError([Problem(
            file, f"the file contains an invisible control character (U+{code:04X})", line, column,
            hint="delete it (it often comes with text pasted from a PDF or a web page); "
                 "retype the word around it if you cannot see it",
        )]) from None
    try:
        node = loader.get_single_node()
    except _TooDeep as error:
        raise DocgenError([Problem(
            file, f"lists and mappings are nested more than {MAX_DEPTH} deep",
            error.mark.line + 1, error.mark.column + 1,
            hint="a topic needs only a few levels; check for a run of unclosed [ or { brackets",
        )]) from None
    except yaml.MarkedYAMLError as error:
        raise DocgenError([syntax_problem(error, text, file)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is marked
        raise DocgenError([Problem(file, f"YAML syntax error: {error}",
                                   hint="check the indentation and quotes")]) from None
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
    def too_large(size: int) -> DocgenError:
        return DocgenError([Problem(
            file, f"the file is too large ({size / 2**20:.1f} MB; the limit is "
            f"{max_bytes / 2**20:g} MB)",
            hint="a content file holds one topic and is usually a few KB; split a long topic "
                 "into several files, and check that this really is a topic file",
        )])

    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            raise DocgenError([Problem(file, "this is not a regular file",
                                       hint="give the path of a .yaml text file")])
        if status.st_size > max_bytes:
            raise too_large(status.st_size)
        with file.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise DocgenError([Problem(file, f"cannot read the file: {error.strerror}",
                                   hint="check that the file exists and that you may read it")]) from None
    if len(raw) > max_bytes:  # it grew while we looked
        raise too_large(len(raw))
    return load_yaml_text(_decode(raw, file), file)


# What PyYAML calls the tokens it finds, in words.
