"""One registry for every kind of extension, filled by ``setup(app)`` functions.

In the manner of Sphinx's ``app.add_builder``: each built-in module that
adds something (a question type, an output, an edition, an importer, a
block drawer, a label catalog, a config section) has a ``setup(app)``
function, and so has each plugin. The built-in modules are listed here, in
code, so a new module works without reinstalling docgen; plugins are found
through the entry-point group ``docgen.plugins`` (each entry names a module
with ``setup`` or the function itself). Nothing else looks anything up by
name: writers, exports and the engine ask the registry.

Loading imports every built-in module, so those modules keep their heavy
imports (WeasyPrint, python-docx) inside functions: `docgen check` and
``--help`` stay quick.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Callable, Union

from docgen.content.errors import DocgenError, Problem

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import BaseModel

    from docgen.importers import Importer
    from docgen.layout.editions import Edition
    from docgen.questions import QuestionType

PLUGIN_GROUP = "docgen.plugins"

# Every built-in extension module, in the order its registrations are listed (messages, the schema,
# `docgen build --only` help): docgen's labels, question types, editions, outputs per topic and per project,
# importers.
BUILTIN_EXTENSIONS = (
    "docgen.i18n",
    "docgen.questions.choice", "docgen.questions.true_false", "docgen.questions.short",
    "docgen.questions.long", "docgen.questions.blank", "docgen.questions.match",
    "docgen.questions.classify", "docgen.questions.table", "docgen.questions.numeric",
    "docgen.layout.editions.large_print", "docgen.layout.editions.support",
    "docgen.render.outputs.handout", "docgen.render.outputs.worksheet", "docgen.render.outputs.answers",
    "docgen.render.outputs.cheatsheet",
    "docgen.export.moodle", "docgen.export.qti", "docgen.export.anki", "docgen.export.quizlet",
    "docgen.export.flashcards", "docgen.render.outputs.web",
    "docgen.render.outputs.class_pack", "docgen.render.outputs.booklet",
    "docgen.render.writers.html.templates", "docgen.render.writers.docx",
    "docgen.importers.from_docx", "docgen.importers.from_qti", "docgen.importers.from_table",
    "docgen.importers.from_moodle_xml", "docgen.importers.from_aiken", "docgen.importers.from_gift",
)

# What a project builds when docgen.yaml does not say; every other output is opt-in.
DEFAULT_OUTPUTS = ("handout", "worksheet", "answers", "cheatsheet")

Reads = Union[tuple[str, ...], Callable[[dict], list[str]], None]


@dataclass(frozen=True)
class OutputSpec:
    """An output and what it reads, so that the engine rebuilds it only when that changed.

    ``templates`` are names looked up in the project's templates folder and
    the built-in one (a name ending in ``/`` is a whole folder, and
    ``worksheet-*.html`` every file it matches); ``reads`` are the top-level
    keys of a topic the output shows, ``None`` for all, or a function of the
    topic's data that names them (the worksheet reads `terms` only when an
    exercise is derived from them). ``editions`` is false for an output that
    is the topic's own whatever the print edition (a quiz, a deck): it is
    made once, never per edition.

    A project output (``scope="project"``, the booklet) is made of every
    topic: ``render`` gets the project and the topics' files. An output
    ``drawn_from`` another (the class pack from the worksheet, the booklet
    from the handouts) reads that one's inputs, and is not asked for by name
    (``selectable`` false) but by what makes it: ``--roster``, ``booklet: true``.
    """

    name: str
    render: Callable[..., dict[str, bytes]]
    templates: tuple[str, ...] = ()
    reads: Reads = None
    editions: bool = True
    origin: str = ""  # the distribution that registered it, "docgen 0.1.0": part of its build inputs
    scope: str = "topic"  # or "project"
    drawn_from: str | None = None
    labels: tuple[str, ...] = ()  # the label keys it prints of a plugin's catalog: checked by `docgen check`

    @property
    def selectable(self) -> bool:
        return self.drawn_from is None


@dataclass
class Registry:
    """What docgen can do, by name; the ``app`` every ``setup(app)`` receives."""

    question_types: dict[str, "QuestionType"] = field(default_factory=dict)
    outputs: dict[str, OutputSpec] = field(default_factory=dict)
    editions: dict[str, "Edition"] = field(default_factory=dict)
    importers: list["Importer"] = field(default_factory=list)
    # writer ("docx", "html") -> block kind ("choices") -> what that writer draws it with
    drawers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # domain -> (English labels, their translations: a folder of .po catalogs or {language: labels})
    labels: dict[str, tuple[dict[str, str], Any]] = field(default_factory=dict)
    config_sections: dict[str, type["BaseModel"]] = field(default_factory=dict)
    origin: str = "docgen"  # who is registering now (set around each setup call)

    def _claim(self, kind: str, table: dict, name: str) -> None:
        if name in table:
            raise DocgenError([Problem(None, f'{self.origin}: {kind} "{name}" is registered twice',
                                       hint="two packages provide it: uninstall one, or rename the plugin's")])

    def add_question_type(self, kind: "QuestionType") -> None:
        self._claim("question type", self.question_types, kind.name)
        self.question_types[kind.name] = kind

    def add_output(self, name: str, render: Callable[..., dict[str, bytes]], *,
                   templates: tuple[str, ...] | None = None, reads: Reads = None, editions: bool = True,
                   scope: str = "topic", drawn_from: str | None = None, labels: tuple[str, ...] = ()) -> None:
        """An output. ``templates`` default to ``NAME.html``, ``NAME.css``, ``NAME-*.html``
        (its partials) and the page templates; ``reads`` to the whole topic."""
        from docgen.render.job import PAGE_TEMPLATES

        if templates is None:
            templates = (f"{name}.html", f"{name}.css", f"{name}-*.html", *PAGE_TEMPLATES)
        self._claim("output", self.outputs, name)
        self.outputs[name] = OutputSpec(name, render, tuple(templates), reads, editions, self.origin, scope,
                                        drawn_from, tuple(labels))

    def add_edition(self, edition: "Edition") -> None:
        self._claim("edition", self.editions, edition.name)
        self.editions[edition.name] = edition

    def add_importer(self, importer: "Importer") -> None:
        self.importers.append(importer)

    def add_block_drawer(self, writer: str, kind: str, drawer: Any) -> None:
        table = self.drawers.setdefault(writer, {})
        self._claim(f"{writer} drawer of the block", table, kind)
        table[kind] = drawer

    def add_labels(self, domain: str, english: dict[str, str],
                   translations: "Path | dict[str, dict[str, str]] | None" = None) -> None:
        """A catalog: its English words and their translations, either a folder of gettext catalogs
        (``<lang>/LC_MESSAGES/<domain>.po``, key as msgctxt) or a dict by language tag. Keys are one
        namespace across every domain."""
        self._claim("label catalog", self.labels, domain)
        for other, (words, _) in self.labels.items():
            shared = sorted(set(words) & set(english))
            if shared:
                raise DocgenError([Problem(None, f'{self.origin}: the label "{shared[0]}" of catalog "{domain}" is '
                                                 f'already in catalog "{other}"',
                                           hint="give the plugin's labels a prefix of their own")])
        self.labels[domain] = (dict(english), translations if translations is not None else {})

    def add_config_section(self, name: str, model: type["BaseModel"]) -> None:
        """A key of docgen.yaml of a plugin's own, validated by ``model`` like docgen's own keys."""
        self._claim("docgen.yaml section", self.config_sections, name)
        self.config_sections[name] = model

    def drawer(self, writer: str, kind: str) -> Any:
        """What ``writer`` draws a block of ``kind`` with; a clear error when nobody registered one."""
        try:
            return self.drawers[writer][kind]
        except KeyError:
            raise DocgenError([Problem(None, f'the {writer} writer cannot draw a "{kind}" block',
                                       hint=f'the package that adds "{kind}" blocks must register a drawer '
                                            f'for every writer: app.add_block_drawer("{writer}", "{kind}", ...) '
                                            "(docs/extending.md)")]) from None


def _setup_function(value: Any) -> Callable[[Registry], None] | None:
    setup = getattr(value, "setup", value)
    return setup if callable(setup) else None


def _plugin_entries() -> list:
    from importlib.metadata import entry_points

    return sorted(entry_points(group=PLUGIN_GROUP), key=lambda entry: entry.name)


_loading: list[bool] = []


@cache
def registry() -> Registry:
    """Every extension, built-in first, then the installed plugins by name."""
    from docgen import __version__

    if _loading:  # a module asked for the registry while being imported by it: a bug, named plainly
        raise RuntimeError("docgen.registry.registry() called at import time of an extension module; "
                           "ask for it inside a function")
    _loading.append(True)
    try:
        return _load(Registry(), __version__)
    finally:
        _loading.clear()


def _load(app: Registry, version: str) -> Registry:
    for module in BUILTIN_EXTENSIONS:
        app.origin = f"docgen {version}"
        importlib.import_module(module).setup(app)
    for entry in _plugin_entries():
        dist = getattr(entry, "dist", None)
        app.origin = f"{dist.name} {dist.version}" if dist is not None else entry.value
        try:
            setup = _setup_function(entry.load())
        except Exception as error:  # noqa: BLE001 - a broken plugin is the teacher's to fix, not a crash
            raise DocgenError([Problem(None, f'plugin "{entry.name}": cannot load {entry.value} ({error})',
                                       hint="reinstall the plugin, or uninstall it")]) from None
        if setup is None:
            raise DocgenError([Problem(None, f'plugin "{entry.name}": {entry.value} has no setup(app)',
                                       hint="a plugin module defines setup(app); see docs/extending.md")])
        setup(app)
    app.origin = "docgen"
    return app


def question_types() -> dict[str, "QuestionType"]:
    """Every question type by name: the built-in ones, then the plugins'."""
    return registry().question_types


def question_type(name: str) -> "QuestionType":
    return registry().question_types[name]


def output_names() -> tuple[str, ...]:
    """Every output a project can ask for by name: the default ones first, in build order, then the
    rest by name."""
    names = [name for name, spec in registry().outputs.items() if spec.selectable]
    return tuple([name for name in DEFAULT_OUTPUTS if name in names] +
                 sorted(name for name in names if name not in DEFAULT_OUTPUTS))


def unknown_outputs_hint() -> str:
    return (f"available outputs: {', '.join(output_names())}; "
            "others come from plugins (see docs/extending.md)")


def edition_names() -> tuple[str, ...]:
    """Every edition, as registered: built-in first. A page's QR code numbers it by this order."""
    return tuple(registry().editions)


def unknown_editions_hint() -> str:
    return (f"available editions: {', '.join(edition_names())}; "
            "others come from plugins (see docs/extending.md)")


def get_output(name: str) -> OutputSpec:
    try:
        return registry().outputs[name]
    except KeyError:
        raise DocgenError([Problem(None, f'unknown output "{name}"', hint=unknown_outputs_hint())]) from None
