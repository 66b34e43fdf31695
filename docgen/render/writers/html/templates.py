"""The Jinja2 environment: project templates over the built-in ones.

A file in the project's ``templates/`` replaces the built-in file of the
same name; ``{% extends "builtin/handout.html" %}`` reaches the original so
a project can override one block. Autoescape is always on: content is
untrusted text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import nodes
from markupsafe import Markup, escape
from docgen.content.errors import DocgenError, Problem
from docgen.markdown import plain_text, to_html, to_inline_html
from docgen.root import resource_root


def balance(items: list, columns: int) -> list[list]:
    """Split ``items`` into ``columns`` runs of about equal text length, in order.

    Laying out CSS multi-column text makes WeasyPrint lay it out again and
    again to balance the columns; splitting it ourselves costs nothing.
    """
    items = list(items)
    weights = [len(str(item)) + 40 for item in items]  # 40: an entry's own spacing
    total, groups, current, filled = sum(weights), [], [], 0.0
    for item, weight in zip(items, weights):
        boundary = total * (len(groups) + 1) / columns
        if current and len(groups) < columns - 1 and filled + weight / 2 > boundary:
            groups.append(current)
            current = []
        current.append(item)
        filled += weight
    groups.append(current)
    return groups


def unbroken(text: str) -> Markup:
    """Plain text whose markup-like words (``</b>``, ``a/b``) are never split across lines.

    Line breaking allows a break after "/" or before "<"; in a title that
    splits typed markup into nonsense ("test</" / "b>").
    """
    return Markup(" ").join(Markup('<span class="nowrap">{}</span>').format(word) if re.search(r"[<>/]", word)
                            else escape(word) for word in str(text).split(" "))


_TAG = re.compile(r"(<[^>]*>)")
_COMPOUND = re.compile(r"(?<![\w<])([\w’']+(?:-[\w’']+)+[.,;:!?)]*)")
_LAST_WORD = re.compile(r" (\S{1,4})$")


def kept_together(html: str) -> Markup:
    """A short text (a flashcard's) broken only where a reader expects: never inside a hyphenated word
    ("object-/oriented"), never before a dash ("Météo / — Durée ?"), never leaving a word of four
    characters or fewer alone on the last line ("Part / of?")."""
    pieces = _TAG.split(str(html))
    texts = [index for index, piece in enumerate(pieces) if index % 2 == 0 and piece.strip()]
    for index in texts:
        text = pieces[index].replace(" — ", "\u00a0— ").replace(" – ", "\u00a0– ")
        if index == texts[-1]:
            text = _LAST_WORD.sub("\u00a0\\1", text.rstrip()) + text[len(text.rstrip()):]
        pieces[index] = _COMPOUND.sub(r'<span class="nowrap">\1</span>', text)
    return Markup("".join(pieces))


def glued(html: str, tail: str) -> Markup:
    """``html`` with ``tail`` (markup) appended so that the last word and the tail never part at a line
    break: a question's points never wrap alone onto a line of their own."""
    text = str(html).rstrip()
    after_tags = text.rfind(">") + 1  # the last word is looked for in text, never inside a tag
    match = re.search(r"(\S+)$", text[after_tags:])
    start = after_tags + match.start() if match else len(text)
    return Markup(text[:start]) + Markup('<span class="nowrap">') + Markup(text[start:]) + \
        Markup(tail) + Markup("</span>")


def _asset_url(folders: tuple[Path, ...]):
    def asset_url(name: str) -> str:
        """file:// URL of a template asset (font, image), project first."""
        for folder in folders:
            candidate = folder / name
            if candidate.is_file():
                return candidate.resolve().as_uri()
        raise jinja2.TemplateError(f"template asset not found: {name}")
    return asset_url


@lru_cache(maxsize=8)
def environment(project_templates: Path | None) -> jinja2.Environment:
    """One environment per templates folder, reused for every topic of a worker."""
    builtin = resource_root()
    folders = (project_templates, builtin) if project_templates else (builtin,)
    loader = jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(builtin))}, delimiter="/")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader([str(f) for f in folders]), loader]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = to_html
    env.filters["inline"] = to_inline_html
    env.filters["plain"] = plain_text
    env.filters["balance"] = balance
    env.filters["unbroken"] = unbroken
    env.filters["kept_together"] = kept_together
    env.filters["glued"] = glued
    env.globals["asset_url"] = _asset_url(folders)
    env.globals["has_template"] = lambda name: any((f / name).is_file() for f in folders)
    return env


class BlockDrawers(Mapping):
    """The macro each block kind is drawn with by one writer (``draw`` for the PDF's pages, ``field``
    for the web worksheet's form): the registered drawer names the template that holds a macro of the
    kind's name, imported with the page's context as ``{% import ... with context %}`` would. A kind no
    package taught this writer is a clear error (docgen.registry)."""

    def __init__(self, writer: str, env: jinja2.Environment, context: dict) -> None:
        self.writer, self.env, self.context = writer, env, context
        self.modules: dict[str, object] = {}

    def __getitem__(self, kind: str) -> object:
        from docgen.registry import registry

        template = registry().drawer(self.writer, kind)
        if template not in self.modules:
            self.modules[template] = self.env.get_template(template).make_module(self.context)
        return getattr(self.modules[template], kind)

    def __iter__(self) -> Iterator[str]:
        from docgen.registry import registry

        return iter(registry().drawers.get(self.writer, {}))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def render_template(name: str, project_templates: Path | None, **context: object) -> str:
    """Render a template; a broken project template is the user's error, with its line."""
    env = environment(project_templates)
    context = {**context}
    context.update(draw=BlockDrawers("pdf", env, context), field=BlockDrawers("web", env, context))
    try:
        _check_blocks(env, name)
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        file = Path(error.filename) if error.filename else None
        raise DocgenError([Problem(file, f"template syntax error: {error.message}", error.lineno,
                                   hint="fix the template, or delete it to use the built-in one")]) from None
    except jinja2.UndefinedError as error:
        file, line = _template_frame(error.__traceback__, name)
        raise DocgenError([Problem(file, f"template uses an unknown variable: {_undefined_name(error)}", line,
                                   hint="docgen does not provide it; docs/templates.md lists what a "
                                        "template can use")]) from None


def _template_frame(trace, name: str) -> tuple[Path | None, int | None]:
    """The innermost template file and line in a traceback (Jinja maps frames to templates)."""
    found: tuple[Path | None, int | None] = (None, None)
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            found = (Path(filename), trace.tb_lineno)
        trace = trace.tb_next
    return found if found[0] else (Path(name), None)


def _undefined_name(error: jinja2.UndefinedError) -> str:
    """``'x' is undefined`` -> ``x``; ``'... Topic object' has no attribute 'y'`` -> ``.y``."""
    message = error.message or ""
    if match := re.search(r"has no attribute '([^']+)'", message):
        return f"attribute \"{match.group(1)}\""
    if match := re.match(r"'([^']+)' is undefined", message):
        return f"\"{match.group(1)}\""
    return message


def _blocks_of(env: jinja2.Environment, name: str) -> tuple[dict[str, int], set[str], str | None, str | None]:
    """A template's top-level blocks (name -> line), all its blocks, the template it extends, its file.

    Only top-level blocks override the parent's; a block nested in one of
    them is a new block for templates further down.
    """
    source, filename, _ = env.loader.get_source(env, name)
    return _parse_blocks(env, source, name, filename)


@lru_cache(maxsize=64)
def _parse_blocks(env: jinja2.Environment, source: str, name: str,
                  filename: str | None) -> tuple[dict[str, int], set[str], str | None, str | None]:
    """Parsed once per template text: an edited template (watch, preview) is parsed again."""
    tree = env.parse(source, name, filename)
    extends = next(tree.find_all(nodes.Extends), None)
    parent = extends.template.value if extends and isinstance(extends.template, nodes.Const) else None
    top = {node.name: node.lineno for node in tree.body if isinstance(node, nodes.Block)}
    return top, {block.name for block in tree.find_all(nodes.Block)}, parent, filename


def _check_blocks(env: jinja2.Environment, name: str) -> None:
    """An override's block that its base does not have would be silently ignored: say so."""
    own, _, parent, filename = _blocks_of(env, name)
    if parent is None:
        return
    available: set[str] = set()
    ancestor: str | None = parent
    while ancestor is not None:
        _, blocks, ancestor, _ = _blocks_of(env, ancestor)
        available |= blocks
    for block, line in own.items():
        if block not in available:
            close = difflib.get_close_matches(block, sorted(available), n=1)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            raise DocgenError([Problem(Path(filename) if filename else None,
                                       f'block "{block}" is not a block of {parent}, so it would never show',
                                       line, hint=hint + "the blocks you can override: "
                                       + ", ".join(sorted(available)))])


# The blocks docgen draws (docgen/layout/blocks.py), each a macro of its kind's name in these templates.
_PDF_BLOCKS = ("choices", "lines", "word_bank", "gap_text", "labelled", "match_table", "table", "answer_box")


def setup(app) -> None:  # noqa: ANN001 - the registry
    for kind in _PDF_BLOCKS:
        app.add_block_drawer("pdf", kind, "worksheet-blocks.html")
        app.add_block_drawer("web", kind, "web-worksheet-blocks.html")
