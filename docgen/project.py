"""The project: its root folder and its optional ``docgen.yaml``."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from docgen.content.errors import DocgenError, Problem
from docgen.content.loader import load_yaml_file
from docgen.content.model import LangTag, Strict, Text
from docgen.content.validate import to_model

CONFIG_NAME = "docgen.yaml"
OutputName = Literal["handout", "worksheet", "answers", "cheatsheet",
                     "moodle", "qti", "anki", "flashcards", "quizlet"]
# Built unless `outputs:` or `--only` says otherwise.
DEFAULT_OUTPUTS: tuple[OutputName, ...] = ("handout", "worksheet", "answers", "cheatsheet")
# Built only when asked for: exports to quiz systems and flashcard apps.
OPTIONAL_OUTPUTS: tuple[OutputName, ...] = ("moodle", "qti", "anki", "flashcards", "quizlet")
ALL_OUTPUTS: tuple[OutputName, ...] = DEFAULT_OUTPUTS + OPTIONAL_OUTPUTS
PAPERS = ("A4", "letter")


def _paper_name(value: Any) -> Any:
    """`a4`, `Letter`: a paper size is the same in any case."""
    if isinstance(value, str):
        return next((name for name in PAPERS if name.lower() == value.strip().lower()), value)
    return value


Paper = Annotated[Literal["A4", "letter"], BeforeValidator(_paper_name)]


class ProjectConfig(Strict):
    course: Text | None = None
    teacher: Text | None = None
    school: Text | None = None
    paper: Paper = "A4"
    lang: LangTag = "en"
    content: Text = "content"
    output: Text = "output"
    outputs: list[OutputName] = Field(default_factory=lambda: list(DEFAULT_OUTPUTS))
    student_fields: list[Text] | None = None  # default: Name, Class, Date in the topic's language
    templates: Text = "templates"
    reference_docx: Text | None = None


@dataclass(frozen=True)
class Project:
    root: Path
    config: ProjectConfig
    config_file: Path | None = None

    @property
    def content_dir(self) -> Path:
        return self.root / self.config.content

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.output

    @property
    def templates_dir(self) -> Path | None:
        folder = self.root / self.config.templates
        try:
            return folder if folder.is_dir() else None
        except (OSError, ValueError):
            return None

    @property
    def reference_docx(self) -> Path | None:
        return self.root / self.config.reference_docx if self.config.reference_docx else None


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding docgen.yaml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_project(root: Path) -> Project:
    config_file = root / CONFIG_NAME
    if not config_file.is_file():
        return Project(root, ProjectConfig())
    loaded = load_yaml_file(config_file)
    if loaded.data is None:
        return Project(root, ProjectConfig(), config_file)
    config, problems = to_model(ProjectConfig, loaded.data, config_file, loaded.source_map)
    if config is None:
        raise DocgenError(problems)
    project = Project(root, config, config_file)  # type: ignore[arg-type]
    problems = list(_check_paths(project, loaded.source_map))
    if problems:
        raise DocgenError(problems)
    return project


def _check_paths(project: Project, source_map) -> list[Problem]:
    config, file = project.config, project.config_file
    problems = []

    def problem(key: str, message: str, hint: str) -> None:
        line, column = source_map.position((key,)) or (None, None)
        problems.append(Problem(file, message, line, column, (key,), hint))

    def check(key: str, test) -> None:  # noqa: ANN001 - a small local helper
        try:
            test()
        except (OSError, ValueError, RuntimeError) as error:
            reason = getattr(error, "strerror", None) or "it is not a valid path"
            problem(key, f'cannot use the path "{getattr(config, key)}": {reason.lower()}',
                    "give a path inside the project folder, relative to docgen.yaml")

    def templates() -> None:
        if "templates" not in config.model_fields_set:
            return
        folder = project.root / config.templates
        if folder.is_file():
            problem("templates", f'"{config.templates}" is a file, not a folder',
                    "give the folder that holds your templates, or remove `templates:` to use "
                    "the built-in ones")
        elif not folder.is_dir():
            problem("templates", f'the templates folder "{config.templates}" does not exist',
                    "create the folder, or remove `templates:` to use the built-in templates")

    def reference() -> None:
        path = project.reference_docx
        if path is None:
            return
        if not path.is_file():
            problem("reference_docx", f'the reference document "{config.reference_docx}" does not exist',
                    "give the path of a .docx file, relative to the folder of docgen.yaml, or "
                    "remove `reference_docx:` to use the built-in styles")
        elif not zipfile.is_zipfile(path):
            problem("reference_docx", f'"{config.reference_docx}" is not a Word .docx file',
                    "save the reference document from Word or LibreOffice as .docx")

    def inside(key: str):  # noqa: ANN202
        def test() -> None:
            folder = (project.root / getattr(config, key)).resolve()
            if not folder.is_relative_to(project.root.resolve()):
                problem(key, f'the {key} folder "{getattr(config, key)}" is outside the project',
                        "use a folder inside the project, such as `" + key + "`")
        return test

    check("templates", templates)
    check("reference_docx", reference)
    for key in ("content", "output"):
        check(key, inside(key))
    return problems
