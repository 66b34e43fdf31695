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
        raise DocgenError([_syntax_problem(error, text, file)]) from None
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
_TOKENS = {
    "<scalar>": "text",
    "<block mapping start>": "a new key",
    "<block sequence start>": 'a list entry ("- ")',
    "<block entry>": 'a list entry ("- ")',
    "<block end>": "the end of the block",
    "<key>": 'a "?"',
    "<value>": 'a ":"',
    "<flow sequence start>": 'a "["',
    "<flow sequence end>": 'a "]"',
    "<flow mapping start>": 'a "{"',
    "<flow mapping end>": 'a "}"',
    "<flow entry>": 'a ","',
    "<anchor>": 'an anchor ("&name")',
    "<alias>": 'an alias ("*name")',
    "<tag>": 'a tag ("!name")',
    "<document start>": 'a "---" line',
    "<document end>": 'a "..." line',
    "<stream end>": "the end of the file",
    "<stream start>": "the start of the file",
}


def _found(problem: str) -> str:
    """The token a PyYAML message says it found, in words."""
    match = re.search(r"(?:found|got) (['\"])(.*?)\1\s*$", problem)
    if not match:
        return "something unexpected"
    token = match.group(2)
    if token in _TOKENS:
        return _TOKENS[token]
    if token.startswith("<"):
        return "something unexpected"
    return f'"{token}"'


def _line_text(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _quoted_example(line: str) -> str | None:
    """`title: A: b` -> `title: "A: b"`, when that is short enough to print."""
    match = re.match(r"^(\s*(?:- )?)([^\s:#][^:#]*?):\s+(.*?)\s*$", line)
    if not match or len(line) > 70:
        return None
    lead, key, value = match.groups()
    quote = "'" if '"' in value else '"'
    if quote in value:
        return None
    return f"{lead.strip()}{' ' if lead.strip() else ''}{key}: {quote}{value}{quote}"


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, file: Path) -> Problem:
    """A PyYAML error in words a teacher can act on, at the place to look."""
    message, hint, mark = _explain(error, text)
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(file, f"YAML syntax error: {message}", line, column, hint=hint)


def _explain(error: yaml.MarkedYAMLError, text: str) -> tuple[str, str, yaml.Mark | None]:
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark
    here = _line_text(text, mark.line + 1) if mark else ""
    before = here[: mark.column] if mark else ""
    where_opened = f"line {opened.line + 1}, column {opened.column + 1}" if opened else "above"
    both = f"{context} {problem}"

    if "'\\t'" in problem:
        if not before.strip():
            return ("a tab character is used for indentation",
                    "YAML indents with spaces only; replace the tab with spaces (many editors "
                    "have a \"convert tabs to spaces\" setting)", mark)
        return ("a tab character is not allowed here",
                "use spaces instead of the tab, or put the value in quotes", mark)
    if "that cannot start any token" in problem:
        character = re.search(r"character '(.*?)'", problem)
        char = character.group(1) if character else "?"
        return (f'a value cannot start with "{char}"',
                f'put the whole value in quotes: "{char}..."', mark)
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        bracket, closing, kind = ("[", "]", "list") if "]" in problem else ("{", "}", "group")
        if opened and mark and opened.line != mark.line:
            key = re.match(r"^\s*(?:- )?([^\s:#][^:#]*?):\s", _line_text(text, opened.line + 1))
            example = (f"{key.group(1) if key else 'objectives'}: [first, second]" if kind == "list"
                       else "- {term: Logistics, definition: Moving goods}")
            return (f'the "{bracket}" at {where_opened} is never closed: a "{closing}" is '
                    "missing before this point",
                    f'end the {kind} with "{closing}" on the line where it starts, e.g. {example}',
                    mark)
        return (f'inside "{bracket} {closing}", entries are separated by commas, but here '
                f'there is {_found(problem)}',
                'put an entry that contains a comma, colon or quote in quotes: '
                '[first, "second: with a colon"]', mark)
    if "invalid indentation or unclosed" in problem:
        return (f'a "[" or "{{" opened at {where_opened} is not closed before this line',
                'close the list with "]" (or the mapping with "}") on the line where it starts',
                mark)
    if "mapping values are not allowed" in problem:
        if re.search(r":\s", before):
            example = _quoted_example(here)
            return ('the value contains ": " (a colon and a space), which YAML reads as a new key',
                    "put the whole value in quotes" + (f": {example}" if example else
                                                        ', e.g. title: "Logistics: an overview"'),
                    mark)
        start = _line_start(mark, here)
        return ('this line is indented further than the line above it, so YAML reads it as '
                'more text of the value above, and then finds ": "',
                "if this is a new key, start it in the same column as the keys above it; if it "
                "is text, put the whole value in quotes", start)
    if "could not find expected ':'" in problem:
        key_mark = opened or mark
        key_line = _line_text(text, key_mark.line + 1).strip() if key_mark else ""
        if re.match(r"^-[^\s-]", key_line):
            return (f'{_show(key_line)}: a list entry needs a space after the "-"',
                    f'write "- {_shorten(key_line[1:])}"', key_mark)
        return (f'{_show(key_line)} has no ":" after its key' if key_line
                else 'a line has no ":" after its key',
                'write the key followed by ": " (colon and space), e.g. `terms:`; if the line '
                "continues the text above it, indent it as far as that text", key_mark)
    if "expected <block end>" in problem:
        last = before.rstrip()[-1:] if before.strip() else ""
        if last in ("'", '"'):
            return ("there is more text after the closing quote",
                    "a value that starts with a quote must end with it; to quote part of the "
                    "text, put the whole value in the other kind of quotes: "
                    "'\"Logistics\" moves goods'", mark)
        if last in ("]", "}"):
            return (f'there is more text after the closing "{last}"',
                    "a list in [brackets] must be the whole value; put text that starts with "
                    '"[" in quotes', mark)
        return (f"this line is not indented like the block it belongs to (the block starts "
                f"at {where_opened})",
                "keys of one block start in the same column, and list entries (\"- \") in "
                "the same column; indent with spaces to line this line up", mark)
    if "found unexpected end of stream" in problem and "quoted" in context:
        quote = _line_text(text, opened.line + 1)[opened.column: opened.column + 1] if opened else '"'
        return (f"the quote {quote} here is never closed, so the rest of the file is read as "
                f"part of this value",
                f"add the closing {quote} at the end of the value; to use {quote} inside the "
                f"text, put the whole value in the other kind of quotes", opened or mark)
    if "unknown escape character" in problem or "hexadecimal numbers" in problem:
        escape = here[mark.column - 1: mark.column + 1] if mark and mark.column else ""
        which = f'"{escape}"' if escape.startswith("\\") else "this one"
        return ('in "double quotes", a backslash (\\) starts a special character, and '
                f"{which} is not one",
                "put text with backslashes in 'single quotes' instead, or write each backslash "
                "twice (\\\\)", mark)
    if "found undefined alias" in problem or "while scanning an alias" in context:
        return ('a value that starts with "*" is read as a YAML alias',
                'put the whole value in quotes, e.g. summary: "*Logistics* moves goods" '
                "(Markdown *italics* at the start of a value need quotes)", opened or mark)
    if "while scanning an anchor" in context or "duplicate anchor" in both:
        return ('a value that starts with "&" is read as a YAML anchor',
                'put the whole value in quotes: "& ..."',
                mark if "duplicate anchor" in both else opened or mark)
    if "tag" in context or "tag handle" in problem or "non-specific tag" in problem:
        return ('a value that starts with "!" is read as a YAML tag',
                'put the whole value in quotes: "!..."', mark)
    if "sequence entries are not allowed here" in problem:
        return ('a list entry ("- ") cannot start here',
                "put each list entry on its own line below the key, indented; if the value "
                'itself starts with "-", put it in quotes', mark)
    if "mapping keys are not allowed here" in problem:
        return ('a "?" cannot start a value here',
                'put the whole value in quotes: "?..."', mark)
    if "block scalar" in context:
        return ('after ">" or "|" the text must start on the next line',
                "move the text to the next line and indent it", mark)
    if "expected a single document" in both or "expected '<document start>'" in problem:
        return ("the file contains more than one document (a line \"---\" or \"...\" "
                "separates them)",
                'a content file holds one topic; remove the "---" or "..." line and put '
                "another topic in a file of its own", mark)
    if "directive" in context or "directive" in problem or "incompatible YAML document" in problem:
        return ('a line starting with "%" is a YAML directive and is not valid here',
                'remove the line, or put text that starts with "%" in quotes', mark)
    if "expected the node content" in problem:
        return (f"a value is missing here; found {_found(problem)}",
                "put text that starts with a bracket, comma or other punctuation in quotes",
                mark)
    if "found unexpected end of stream" in problem:
        return (f"the file ends before the value started at {where_opened} is complete",
                "close the value (quote or bracket) that starts there", mark)
    # Anything else: PyYAML's words, with its token names translated.
    words = problem or "invalid YAML"
    for token, text_ in _TOKENS.items():
        words = words.replace(f"'{token}'", text_).replace(token, text_)
    return (words, "check the indentation and quotes on this line and the line before it", mark)


def _line_start(mark: yaml.Mark | None, line: str) -> yaml.Mark | None:
    """The mark of the first non-blank character on the line of ``mark``."""
    if mark is None:
        return None
    column = len(line) - len(line.lstrip())
    return yaml.Mark(mark.name, mark.index - mark.column + column, mark.line, column, None, None)


def _show(text: str) -> str:
    """A piece of the user's line, quoted so that its own quotes stay readable."""
    text = _shorten(text)
    return f"'{text}'" if '"' in text else f'"{text}"'


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
