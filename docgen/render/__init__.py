"""Renderers, registered by output name.

A renderer turns one topic into the files of one output (``handout`` ->
``handout.pdf``). Adding an output means one module here that calls
``register`` and one template; the build picks renderers up by name.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Protocol

from docgen.content.reader import TopicFile
from docgen.dates import build_date
from docgen.i18n import Labels, labels_for
from docgen.layout import WorksheetLayout
from docgen.project import Project


@dataclass
class RenderJob:
    """What every renderer gets: the topic, the project, and shared derived data."""

    topic_file: TopicFile
    project: Project
    notes: list[str] = field(default_factory=list)  # shown to the user after the build
    version: str | None = None  # "A", "B", ...: one version of the worksheet
    edition: str | None = None  # "large-print", "support"; None: the standard edition
    student: str | None = None  # printed in the name field (class pack)

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
        setting = self.project.config.date
        return None if setting is False else self.labels.date(setting or build_date())

    @cached_property
    def worksheet(self) -> WorksheetLayout:
        from docgen.worksheet import lay_out_worksheet

        return lay_out_worksheet(self.topic, self.slug, self.labels, self.version, self.edition)

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


@dataclass(frozen=True)
class OutputSpec:
    name: str
    files: tuple[str, ...]
    render: Callable[[RenderJob], dict[str, bytes]]


_REGISTRY: dict[str, OutputSpec] = {}
# The built-in outputs, in build order; each module registers itself on import.
BUILTIN_OUTPUTS = ("handout", "worksheet", "answers", "cheatsheet")


def register(name: str, files: tuple[str, ...]) -> Callable:
    def decorator(render: Callable[[RenderJob], dict[str, bytes]]):
        _REGISTRY[name] = OutputSpec(name, files, render)
        return render
    return decorator


# Optional outputs (exports to quiz systems and flashcard apps) live in docgen.export.
EXPORT_OUTPUTS = ("moodle", "qti", "anki", "flashcards", "quizlet")


def get_output(name: str) -> OutputSpec:
    """Import the renderer lazily: `docgen check` never loads WeasyPrint or python-docx."""
    if name not in _REGISTRY:
        package = "docgen.export" if name in EXPORT_OUTPUTS else "docgen.render"
        importlib.import_module(f"{package}.{name}")
    return _REGISTRY[name]


def render_outputs(job: RenderJob, outputs: list[str]) -> dict[str, bytes]:
    """Every output of the topic: the standard edition, then each of the project's
    ``editions`` under its own folder with the same file names (``large-print/worksheet.pdf``)."""
    files: dict[str, bytes] = {}
    for edition in (None, *job.project.config.editions):
        edition_job = job.but(edition=edition) if edition else job
        for name in outputs:
            for file, data in get_output(name).render(edition_job).items():
                files[f"{edition}/{file}" if edition else file] = data
    return files


def resource_root() -> Path:
    """The built-in templates: inside the installed package, else the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"
