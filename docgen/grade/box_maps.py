"""What was printed: the box maps written at build time, and the worksheet plan the key uses.

A page's QR code names its topic, version, edition, page and student row;
the ``.scan.json`` maps under ``output/<slug>/`` say where each box of that
page is, and the topic, laid out again exactly as the key lays it out
(docgen/layout/sheet.py), says what each box means and which are right. So
fixing an answer in the topic and grading again re-marks every copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from docgen.content.errors import DocgenError, Problem
from docgen.grade.reading import Geometry
from docgen.layout.blocks import WorksheetLayout
from docgen.project import Project
from docgen.scan import PageCode, edition_number


@dataclass
class Copy:
    """One printed copy: a version of the worksheet, or one student's part of a class pack."""

    slug: str
    version: str | None
    edition: str | None
    student: str | None
    row: int
    digest: str
    pdf: Path
    first_page: int
    page_mm: tuple[float, float]
    pages: list[dict] = field(default_factory=list)

    def boxes(self, page: int) -> list[list]:
        return self.pages[page - 1]["boxes"]


class Maps:
    """Every ``.scan.json`` of the project (or of one topic), indexed by what a QR code says."""

    def __init__(self, project: Project, slug: str | None = None) -> None:
        self.project = project
        self.copies: dict[tuple, Copy] = {}
        self.slugs: dict[str, str] = {}  # topic id -> slug
        pattern = f"{slug}/**/*.scan.json" if slug else "*/**/*.scan.json"
        for path in sorted(project.output_dir.glob(pattern)):
            self._load(path)
        if slug and not self.slugs:
            raise DocgenError([Problem(None, f'no scannable worksheet of "{slug}" has been built',
                                       hint="set `scan: true` (the topic's worksheet, or docgen.yaml), "
                                            "build, print, then grade the scans")])

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.slugs[data["topic"]] = data["slug"]
            for copy in data["copies"]:
                edition = copy["edition"]
                key = (data["topic"], copy["version"] or "-", edition_number(edition),
                       copy["row"])
                self.copies[key] = Copy(data["slug"], copy["version"], edition, copy["student"], copy["row"],
                                        copy["digest"], path.parent / copy["pdf"], copy["first_page"],
                                        tuple(copy["page_mm"]), copy["pages"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise DocgenError([Problem(path, f"cannot read this box map ({error})",
                                       hint="build the worksheet again (docgen build)")]) from None

    def copy(self, code: PageCode) -> Copy | str:
        """The copy a page belongs to, or why it has none."""
        if code.topic not in self.slugs:
            return "the QR code names a topic with no scannable worksheet built here (another project, " \
                   "or a topic renamed since printing)"
        copy = self.copies.get((code.topic, code.version, code.edition, code.row))
        if copy is None:
            return f"page of version {code.version}, student row {code.row}: not in the last build " \
                   "(the roster or versions changed since printing?)"
        if copy.digest != code.digest:
            return "printed from an earlier build of the worksheet: its boxes may no longer be where " \
                   "the last build put them (print again, or rebuild the version that was printed)"
        if not 1 <= code.page <= len(copy.pages):
            return f"page {code.page}, but that copy has {len(copy.pages)} pages"
        return copy

    def geometry(self, code: PageCode) -> Geometry | str:
        copy = self.copy(code)
        if isinstance(copy, str):
            return copy
        page = copy.pages[code.page - 1]
        if len(page["marks"]) != 4 or page["qr"] is None:
            return "its map has no corner marks or QR code (a template without them?)"
        return Geometry(tuple(tuple(mark) for mark in page["marks"]), tuple(page["qr"]), copy.page_mm)


class Plans:
    """The worksheet layout of each (topic, version, edition): the same plan the answer key prints."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._plans: dict[tuple, WorksheetLayout] = {}

    def of(self, copy: Copy) -> WorksheetLayout:
        key = (copy.slug, copy.version, copy.edition)
        if key not in self._plans:
            job = self._job(copy.slug)
            self._plans[key] = job.but(version=copy.version, edition=copy.edition).worksheet
        return self._plans[key]

    def title(self, slug: str) -> str:
        from docgen.markdown import plain_text

        return plain_text(self._job(slug).topic.title)

    def labels(self, slug: str):
        return self._job(slug).labels

    @cached_property
    def _jobs(self) -> dict:
        return {}

    def _job(self, slug: str):
        from docgen.content.reader import read_topic
        from docgen.render.job import RenderJob

        if slug not in self._jobs:
            folder = self.project.content_dir
            path = next((folder / f"{slug}{suffix}" for suffix in (".yaml", ".yml")
                         if (folder / f"{slug}{suffix}").is_file()), None)
            if path is None:
                raise DocgenError([Problem(None, f'the scans are of "{slug}", which is no longer in '
                                           f"{self.project.config.content}/",
                                           hint="grade in the project that printed them")])
            self._jobs[slug] = RenderJob(read_topic(path, self.project.root), self.project)
        return self._jobs[slug]
