"""PyYAML's syntax errors in words a teacher can act on.

PyYAML reports what its parser expected ("expected <block end>, but found
'<block mapping start>'"); this turns each kind of message into what is
wrong in the file, where to look (often a line before the one PyYAML
names), and a hint with the corrected line where one can be shown.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from docgen.content.errors import Problem

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


def syntax_problem(error: yaml.MarkedYAMLError, text: str, file: Path) -> Problem:
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
        keyless = _keyless_start(text, mark.line + 1) if mark else None
        if keyless:
            # `title Mitosis` then `terms:` in the same column: the first line lacks its colon.
            number, line = keyless
            return (f'{_show(line.strip())} has no ":" after its key',
                    _colon_hint(line.strip()), yaml.Mark(mark.name, 0, number - 1, _indent(line),
                                                         None, None))
        start = _line_start(mark, here)
        return ('this line is indented further than the key above it, so YAML reads it as '
                'more text of that key\'s value, and then finds ": "',
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
                _colon_hint(key_line) + "; if the line continues the text above it, indent it as "
                "far as that text", key_mark)
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


def _colon_hint(line: str) -> str:
    """`definition Moving goods` -> write `definition: Moving goods`."""
    key, _, rest = line.partition(" ")
    key = key.lstrip("- ") or "key"
    lead = "- " if line.startswith("- ") else ""
    written = f"{lead}{key}: {rest.strip()}".rstrip() if rest.strip() else f"{lead}{key}:"
    return f'write the key followed by ": " (colon and space): `{_shorten(written, 50)}`'


def _keyless_start(text: str, line: int) -> tuple[int, str] | None:
    """The first line of a run of lines without a colon just above ``line`` (1-based),
    when that run is not the continued text of a `key: value` above it."""
    lines = text.split("\n")
    indent = _indent(lines[line - 1])
    found = None
    for number in range(line - 1, 0, -1):
        content = lines[number - 1].split(" #")[0]
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        if ":" in content or _indent(content) < indent:
            value_above = re.search(r":\s+\S", content) and _indent(content) < indent
            return None if value_above else found
        found = (number, lines[number - 1])
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


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
