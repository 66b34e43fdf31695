"""The Jinja2 environment: project templates over the built-in ones.

A file in the project's ``templates/`` replaces the built-in file of the
same name; ``{% extends "builtin/handout.html" %}`` reaches the original so
a project can override one block. Autoescape is always on: content is
untrusted text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import re

import jinja2
from markupsafe import Markup, escape
from docgen.content.errors import DocgenError, Problem
from docgen.markdown import plain_text, to_html, to_inline_html
from docgen.render import resource_root


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
    env.globals["asset_url"] = _asset_url(folders)
    env.globals["has_template"] = lambda name: any((f / name).is_file() for f in folders)
    return env


def render_template(name: str, project_templates: Path | None, **context: object) -> str:
    """Render a template; a broken project template is the user's error, with its line."""
    env = environment(project_templates)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        file = Path(error.filename) if error.filename else None
        raise DocgenError([Problem(file, f"template syntax error: {error.message}", error.lineno,
                                   hint="fix the template, or delete it to use the built-in one")]) from None
    except jinja2.UndefinedError as error:
        raise DocgenError([Problem(None, f"template {name}: {error.message}",
                                   hint="a project template uses a variable docgen does not provide; "
                                        "see docs/templates.md")]) from None
