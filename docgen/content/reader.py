"""Read one content file into a validated topic: load -> validate -> rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.content.errors import DocgenError, Problem
from docgen.content.lint import lint
from docgen.content.loader import LoadedYaml, load_yaml_file
from docgen.content.model import Topic, topic_model
from docgen.content.rules import check_topic, check_valid_parts
from docgen.content.slug import topic_slug
from docgen.content.validate import to_model


@dataclass(frozen=True)
class TopicFile:
    """A valid topic and where it came from."""

    slug: str
    path: Path
    topic: Topic
    warnings: tuple[Problem, ...] = ()
    # The file as loaded: its data and where each value is, so a message found while rendering names
    # the line without reading the file again. None for a topic made in code (tests).
    loaded: LoadedYaml | None = field(default=None, repr=False, compare=False)

    def source(self) -> LoadedYaml:
        """The loaded file: kept from the read, or read now for a topic made in code."""
        return self.loaded if self.loaded is not None else load_yaml_file(self.path)


def read_topic(path: Path, project_root: Path) -> TopicFile:
    """Raise DocgenError listing every problem of the file, and its warnings: they
    often explain an error (an answer that is not an option because a comma split it)."""
    loaded = load_yaml_file(path)
    source = loaded.source_map
    topic, problems = to_model(topic_model(), loaded.data, path, source)
    rules = (check_topic(topic, path, project_root, source) if topic is not None
             else check_valid_parts(loaded.data, source))
    warnings = lint(loaded)
    for broken in rules:
        line, column = source.position(broken.path) or (None, None)
        (warnings if broken.warning else problems).append(
            Problem(path, broken.message, line, column, broken.path, broken.hint, warning=broken.warning))
    warnings.sort(key=lambda problem: (problem.line or 0, problem.column or 0))
    if problems:
        problems.sort(key=lambda problem: (problem.line or 0, problem.column or 0))
        raise DocgenError(problems + warnings)
    return TopicFile(topic_slug(path), path, topic, tuple(warnings), loaded)  # type: ignore[arg-type]
