"""The project: its root folder and its optional ``docgen.yaml``."""

from __future__ import annotations

import datetime
import difflib
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from docgen.content.errors import DocgenError, Problem
from docgen.content.loader import load_yaml_file
from docgen.content.model import LangTag, Strict, Text
from docgen.content.validate import did_you_mean, to_model
from docgen.i18n import ENGLISH, placeholders
from docgen.registry import DEFAULT_OUTPUTS, edition_names, output_names, unknown_editions_hint, unknown_outputs_hint
from docgen.root import CONFIG_NAME

PAPERS = ("A4", "letter")
DEFAULT = "default"  # in `outputs:`, the default outputs


def _paper_name(value: Any) -> Any:
    """`a4`, `Letter`: a paper size is the same in any case."""
    if isinstance(value, str):
        return next((name for name in PAPERS if name.lower() == value.strip().lower()), value)
    return value


Paper = Annotated[Literal["A4", "letter"], BeforeValidator(_paper_name)]


def _known_edition(name: str) -> str:
    """An edition someone registered (docgen's own or a plugin's): the registry knows them, not a Literal."""
    names = edition_names()
    if name not in names:
        guess = did_you_mean(name, names)
        raise PydanticCustomError("unknown_name", 'unknown edition "{name}"',
                                  {"name": name, "hint": (guess + " " if guess else "") + unknown_editions_hint()})
    return name


EditionName = Annotated[Text, AfterValidator(_known_edition)]
_FIELD = re.compile(r"\{\w+\}")


class FontsConfig(Strict):
    """The project's own font files (paths inside the project), used in place of the bundled ones."""

    serif: Text | list[Text] | None = None
    """Running text of handouts: a file, or one file per style (regular, bold, italic...)."""
    sans: Text | list[Text] | None = None
    """Headings, tables, worksheets, cheat sheets; Word files name this family."""
    fallback: list[Text] = Field(default_factory=list)
    """Fonts tried, in order, for characters the serif and sans lack (e.g. a CJK font)."""

    def files(self, role: str) -> list[str]:
        value = getattr(self, role)
        return [value] if isinstance(value, str) else list(value or [])


class GradingConfig(Strict):
    """How `docgen grade` reads a box: the share of its inside covered with ink (docs/grading.md)."""

    fill: float = Field(default=0.12, gt=0, lt=1)
    """Ink share above which a box counts as filled (a tick, a cross, a filled box)."""
    cancel: float = Field(default=0.9, gt=0, lt=1)
    """Ink share above which a box counts as cancelled (blacked out to take an answer back)."""

    @model_validator(mode="after")
    def _fill_below_cancel(self) -> "GradingConfig":
        if self.fill >= self.cancel:
            raise ValueError(f"fill ({self.fill:g}) must be below cancel ({self.cancel:g}): a box is "
                             "filled first, cancelled only when blacked out")
        return self


class ProjectConfig(Strict):
    course: Text | None = None
    teacher: Text | None = None
    school: Text | None = None
    paper: Paper = "A4"
    lang: LangTag = "en"
    content: Text = "content"
    output: Text = "output"
    outputs: list[Text] = Field(default_factory=lambda: list(DEFAULT_OUTPUTS))  # checked against the registry
    """The outputs to make; `default` stands for the four default ones (`[default, moodle]` adds an export)."""
    student_fields: list[Text] | None = None
    """The fill-in fields at the top of a worksheet; default: the language's Name, Class, Date."""
    templates: Text = "templates"
    reference_docx: Text | None = None
    versions: int = Field(default=1, ge=1, le=26, strict=True)
    """How many versions (A, B, …) of every worksheet; a topic's `worksheet: versions` overrides it."""
    editions: list[EditionName] = Field(default_factory=list)
    """Extra editions of every output, each in output/<slug>/<edition>/."""
    booklet: bool = Field(default=False, strict=True)
    """Also write output/booklet.pdf: every handout in one book."""
    labels: dict[str, Text] = Field(default_factory=dict)
    """Label key -> text, over the catalog of every language (`docgen labels` lists the keys)."""
    fonts: FontsConfig | None = None
    date: datetime.date | Literal[False] | None = None
    """The date printed on outputs; false prints none; default: the build date."""
    scan: bool = Field(default=False, strict=True)
    """Worksheets carry corner marks, QR codes and fillable boxes for `docgen grade`."""
    grading: GradingConfig = Field(default_factory=GradingConfig)

    @field_validator("outputs")
    @classmethod
    def _with_defaults(cls, names: list[str]) -> list[str]:
        """`default` in the list: the default outputs, in their place (a list without it replaces them)."""
        expanded = [output for name in names for output in (DEFAULT_OUTPUTS if name == DEFAULT else (name,))]
        return list(dict.fromkeys(expanded))


@dataclass(frozen=True)
class Project:
    root: Path
    config: ProjectConfig
    config_file: Path | None = None
    # When docgen began reading the project: a file changed since may not be what a build read.
    read_ns: int = field(default_factory=time.time_ns)

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


def load_project(root: Path) -> Project:
    began = time.time_ns()
    config_file = root / CONFIG_NAME
    if not config_file.is_file():
        return Project(root, ProjectConfig(), read_ns=began)
    loaded = load_yaml_file(config_file)
    if loaded.data is None:
        return Project(root, ProjectConfig(), config_file, began)
    config, problems = to_model(ProjectConfig, loaded.data, config_file, loaded.source_map)
    if config is None:
        raise DocgenError(problems)
    project = Project(root, config, config_file, began)  # type: ignore[arg-type]
    problems = list(_check_paths(project, loaded.source_map, loaded.data.get("outputs")))
    if problems:
        raise DocgenError(problems)
    return project


def _check_paths(project: Project, source_map, outputs_written: Any = None) -> list[Problem]:
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

    def outputs() -> None:
        available = output_names()
        written = outputs_written if isinstance(outputs_written, list) else config.outputs
        for index, name in enumerate(written):
            if name not in available and name != DEFAULT:
                line, column = source_map.position(("outputs", index)) or (None, None)
                guess = did_you_mean(str(name), [*available, DEFAULT])
                problems.append(Problem(file, f'unknown output "{name}"', line, column, ("outputs", index),
                                        (guess + " " if guess else "") + unknown_outputs_hint()))

    outputs()
    check("templates", templates)
    check("reference_docx", reference)
    for key in ("content", "output"):
        check(key, inside(key))
    problems += _check_labels(config.labels, file, source_map)
    if config.fonts:
        problems += _check_fonts(project, source_map)
    return problems


def _check_labels(labels: dict[str, str], file: Path | None, source_map) -> list[Problem]:  # noqa: ANN001
    """Every key known, every ``{field}`` one the label fills in."""
    problems = []
    for key, text in labels.items():
        line, column = source_map.position(("labels", key), key=True) or (None, None)
        if key not in ENGLISH:
            close = difflib.get_close_matches(key, ENGLISH, n=1)
            hint = (f'did you mean "{close[0]}"? ' if close else "") + "`docgen labels` lists every key"
            problems.append(Problem(file, f'unknown label "{key}"', line, column, ("labels", key), hint))
            continue
        unknown = placeholders(text) - placeholders(ENGLISH[key])
        if unknown or any(brace in _FIELD.sub("", text) for brace in "{}"):
            allowed = ", ".join(f"{{{name}}}" for name in sorted(placeholders(ENGLISH[key]))) or "none"
            problems.append(Problem(file, f'the label "{key}" uses a field it does not have: "{text}"',
                                    line, column, ("labels", key),
                                    f"fields this label fills in: {allowed}; the English text is "
                                    f'"{ENGLISH[key]}"'))
    return problems


def _check_fonts(project: Project, source_map) -> list[Problem]:  # noqa: ANN001
    """Each font file exists inside the project and is a font docgen can read."""
    from docgen.fonts import FontFileError, font_family

    problems = []
    fonts = project.config.fonts
    for role in ("serif", "sans", "fallback"):
        for index, name in enumerate(fonts.files(role)):
            key_path = ("fonts", role, index) if isinstance(getattr(fonts, role), list) else ("fonts", role)
            line, column = source_map.position(key_path) or (None, None)
            path = (project.root / name).resolve()
            reason = None
            if not path.is_relative_to(project.root.resolve()):
                reason = "it is outside the project"
            elif not path.is_file():
                reason = "the file does not exist"
            else:
                try:
                    font_family(path)
                except FontFileError as error:
                    reason = str(error)
            if reason:
                problems.append(Problem(project.config_file, f'cannot use the font "{name}": {reason}',
                                        line, column, key_path,
                                        "give a .ttf or .otf file inside the project, relative to docgen.yaml"))
    return problems


