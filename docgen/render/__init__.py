"""Outputs, found by name through the ``docgen.outputs`` entry points.

An output turns one topic into its files (``handout`` -> ``handout.pdf``).
Built-in and third-party outputs are found the same way: a distribution
declares ``name = "package.module"`` in the entry-point group
``docgen.outputs`` and the module calls ``register``. Modules are imported
only when their output is built, so `docgen check` and `--help` never load
WeasyPrint or python-docx (see docs/extending.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Union

from docgen.content.errors import DocgenError, Problem

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from docgen.content.reader import TopicFile
    from docgen.i18n import Labels
    from docgen.layout.blocks import WorksheetLayout
    from docgen.project import Project

ENTRY_POINT_GROUP = "docgen.outputs"
# What a project builds when docgen.yaml does not say; every other output is opt-in.
DEFAULT_OUTPUTS = ("handout", "worksheet", "answers", "cheatsheet")
# Templates behind every printed page: the frame, its stylesheets and fonts.
PAGE_TEMPLATES = ("page.html", "fonts.css", "base.css", "custom.css", "edition-*.css", "fonts/")
# Top-level topic keys every printed page shows (title block, metadata, language).
TOPIC_HEAD = ("format", "title", "subtitle", "subject", "level", "lang", "author", "source")


@dataclass
class RenderJob:
    """What every renderer gets: the topic, the project, and shared derived data."""

    topic_file: TopicFile
    project: Project
    notes: list[str] = field(default_factory=list)  # shown to the user after the build
    version: str | None = None  # "A", "B", ...: one version of the worksheet
    edition: str | None = None  # "large-print", "support"; None: the standard edition
    student: str | None = None  # printed in the name field (class pack)
    # Work one output of the topic leaves for another (the worksheet's layout for its key);
    # shared by every job made from this one with ``but``.
    shared: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def topic(self):
        return self.topic_file.topic

    @property
    def slug(self) -> str:
        return self.topic_file.slug

    @property
    def lang(self) -> str:
        return self.topic.lang or self.project.config.lang

    @property
    def author(self) -> str | None:
        return self.topic.author or self.project.config.teacher

    @cached_property
    def labels(self) -> Labels:
        from docgen.i18n import labels_for

        return labels_for(self.lang, self.project.config.labels)

    @property
    def student_fields(self) -> list[str]:
        """The fields a student fills in: the project's, else Name, Class, Date in the topic's language."""
        fields = self.project.config.student_fields
        if fields is not None:
            return list(fields)
        return [self.labels[key] for key in ("field_name", "field_class", "field_date")]

    @property
    def date(self) -> str | None:
        """The date printed on outputs, in the language; None when docgen.yaml says `date: false`."""
        from docgen.dates import build_date

        setting = self.project.config.date
        return None if setting is False else self.labels.date(setting or build_date())

    @cached_property
    def worksheet(self) -> WorksheetLayout:
        from docgen.layout.sheet import lay_out_worksheet

        return lay_out_worksheet(self.topic, self.slug, self.labels, self.version, self.edition,
                                 folder=self.topic_file.path.parent)

    @property
    def version_count(self) -> int:
        """The topic's ``worksheet.versions``, else the project's ``versions``."""
        return self.topic.worksheet.versions or self.project.config.versions

    def versions(self) -> list["RenderJob"]:
        """One job per version (A, B, ...), or this job alone when there is one version."""
        from docgen.questions import letter

        if self.version_count == 1:
            return [self]
        return [self.but(version=letter(index)) for index in range(self.version_count)]

    def but(self, **changes: object) -> "RenderJob":
        """The same job for another version, edition or student; notes stay shared."""
        return dataclasses.replace(self, **changes)


class Renderer(Protocol):
    """Returns file name -> bytes, or {} when the topic has nothing for this output."""

    def __call__(self, job: RenderJob) -> dict[str, bytes]: ...


Reads = Union[tuple[str, ...], Callable[[dict], list[str]], None]


@dataclass(frozen=True)
class OutputSpec:
    """An output and what it reads, so that the engine rebuilds it only when that changed.

    ``templates`` are names looked up in the project's templates folder and
    the built-in one (a name ending in ``/`` is a whole folder, and
    ``worksheet-*.html`` every file it matches); ``reads``
    are the top-level keys of a topic the output shows, ``None`` for all, or
    a function of the topic's data that names them (the worksheet reads
    `terms` only when an exercise is derived from them).
    """

    name: str
    files: tuple[str, ...]
    render: Callable[[RenderJob], dict[str, bytes]]
    templates: tuple[str, ...] = ()
    reads: Reads = None


_REGISTRY: dict[str, OutputSpec] = {}


def register(name: str, files: tuple[str, ...], templates: tuple[str, ...] | None = None,
             reads: Reads = None) -> Callable:
    """Declare an output. ``templates`` default to ``NAME.html``, ``NAME.css``,
    ``NAME-*.html`` (its partials) and the page templates; ``reads`` defaults
    to the whole topic."""
    if templates is None:
        templates = (f"{name}.html", f"{name}.css", f"{name}-*.html", *PAGE_TEMPLATES)

    def decorator(render: Callable[[RenderJob], dict[str, bytes]]):
        _REGISTRY[name] = OutputSpec(name, files, render, tuple(templates), reads)
        return render
    return decorator


@cache
def _entry_points() -> dict[str, EntryPoint]:
    from importlib.metadata import entry_points

    found = {point.name: point for point in entry_points(group=ENTRY_POINT_GROUP)}
    order = [name for name in DEFAULT_OUTPUTS if name in found] + sorted(set(found) - set(DEFAULT_OUTPUTS))
    return {name: found[name] for name in order}


def output_names() -> tuple[str, ...]:
    """Every installed output: the default ones first, in build order, then the rest by name."""
    return tuple(_entry_points())


def output_version(name: str) -> str:
    """The version of the distribution that provides an output (part of its build inputs)."""
    point = _entry_points().get(name)
    dist = getattr(point, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else "unknown"


def unknown_outputs_hint() -> str:
    available = ", ".join(output_names())
    if not available:
        return ("no outputs are installed, not even the built-in ones: reinstall docgen "
                "(pip install docgen, or pip install -e . in its source folder)")
    return f"available outputs: {available}; others come from plugins (see docs/extending.md)"


def get_output(name: str) -> OutputSpec:
    """The output's spec, importing its module on first use."""
    if name not in _REGISTRY:
        point = _entry_points().get(name)
        if point is None:
            raise DocgenError([Problem(None, f'unknown output "{name}"', hint=unknown_outputs_hint())])
        try:
            point.load()
        except ImportError as error:
            raise DocgenError([Problem(None, f'output "{name}": cannot load {point.value} ({error})',
                                       hint="install the package that provides this output, "
                                            "or remove it from `outputs:` in docgen.yaml")]) from None
        if name not in _REGISTRY:
            raise DocgenError([Problem(None, f'output "{name}": {point.value} does not register it',
                                       hint='the module must call docgen.render.register("'
                                            f'{name}", ...); see docs/extending.md')])
    return _REGISTRY[name]


def render_output(job: RenderJob, name: str) -> dict[str, bytes]:
    """One output of the topic: the standard edition, then each of the project's
    ``editions`` under its own folder with the same file names (``large-print/worksheet.pdf``)."""
    files: dict[str, bytes] = {}
    for edition in (None, *job.project.config.editions):
        if edition is None:
            files.update(get_output(name).render(job))
            continue
        edition_job = job.but(edition=edition, notes=[])  # its notes name the edition's folder
        for file, data in get_output(name).render(edition_job).items():
            files[f"{edition}/{file}"] = data
        job.notes.extend(f"{edition}/{note}" for note in edition_job.notes)
    return files


def resource_root() -> Path:
    """The built-in templates: inside the installed package, else the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"
