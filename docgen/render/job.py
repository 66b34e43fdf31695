"""What every output gets: one topic, its project, and what its outputs share.

A job names one version, edition and student of a topic; ``but`` makes the
job for another. Its labels are the topic's language's; its worksheet is
laid out once, when first asked for, and shared by every output of the job.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from docgen.content.errors import Problem

if TYPE_CHECKING:
    from docgen.content.reader import TopicFile
    from docgen.i18n import Labels
    from docgen.layout.blocks import WorksheetLayout
    from docgen.project import Project
    from docgen.roster import Roster

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
    edition: str | None = None  # a registered edition's name (docgen.layout.editions); None: the standard one
    student: str | None = None  # printed in the name field (class pack)
    roster: Roster | None = None  # `--roster`: the students a class pack is made for
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

    def label_problems(self, outputs: list[str]) -> list[Problem]:
        """The words this job's outputs would print in English in a topic of another language, or
        could not print at all: the labels its question types and outputs declare, checked
        against every catalog and docgen.yaml's ``labels:``; each problem where the teacher sees it."""
        from docgen.i18n import untranslated
        from docgen.registry import get_output, question_type

        source = self.topic_file.source().source_map
        problems = []
        for name in outputs:
            for problem in untranslated(list(get_output(name).labels), self.lang, self.project.config.labels):
                problems.append(dataclasses.replace(problem, file=self.project.config_file,
                                                    message=f"output {name}: {problem.message}"))
        for index, question in enumerate(self.topic.questions):
            path = ("questions", index, "type")
            for problem in untranslated(list(question_type(question.type).labels), self.lang,
                                        self.project.config.labels):
                line, column = source.position(path) or (None, None)
                problems.append(dataclasses.replace(problem, file=self.topic_file.path, line=line, column=column,
                                                    key_path=path))
        return problems

    def but(self, **changes: object) -> "RenderJob":
        """The same job for another version, edition or student; notes stay shared."""
        return dataclasses.replace(self, **changes)


def render_output(job: RenderJob, name: str) -> dict[str, bytes]:
    """One output of the topic: the standard edition, then each of the project's
    ``editions`` under its own folder with the same file names (``<edition>/worksheet.pdf``)."""
    from docgen.registry import get_output

    spec = get_output(name)
    files: dict[str, bytes] = {}
    for edition in (None, *(job.project.config.editions if spec.editions else ())):
        if edition is None:
            files.update(spec.render(job))
            continue
        edition_job = job.but(edition=edition, notes=[])  # its notes name the edition's folder
        for file, data in spec.render(edition_job).items():
            files[f"{edition}/{file}"] = data
        job.notes.extend(f"{edition}/{note}" for note in edition_job.notes)
    return files
