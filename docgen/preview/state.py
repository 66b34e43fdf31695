"""What the preview knows about each topic, shared by the builder and the server.

Every change bumps a version number; open pages wait on it (server-sent
events) and fetch themselves again when it moves.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

BUILDING, BUILT, FAILED = "building", "built", "failed"


def quick_heading(file: Path) -> tuple[str, str]:
    """The title and subject as written in the file, before any build: the index lists every
    topic by its title at once. Empty when the file cannot be read (the build will say why)."""
    from docgen.content.errors import DocgenError
    from docgen.content.loader import load_yaml_file
    from docgen.markdown import plain_text

    try:
        data = load_yaml_file(file).data
    except (DocgenError, OSError):
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    title, subject = data.get("title"), data.get("subject")
    return (plain_text(title) if isinstance(title, str) else "",
            plain_text(subject) if isinstance(subject, str) else "")


@dataclass(frozen=True)
class TopicState:
    slug: str
    file: Path
    title: str = ""
    subject: str = ""
    status: str = BUILDING
    problems: str = ""  # as the CLI prints them, without colour
    notes: tuple[str, ...] = ()  # what the last build said (cheat sheet size, skipped outputs)
    written: tuple[str, ...] = ()  # files this build wrote; empty when it was up to date


@dataclass
class PreviewState:
    """Thread-safe: the builder thread writes, the server's threads read."""

    output_dir: Path
    topics: dict[str, TopicState] = field(default_factory=dict)
    project_problems: str = ""  # docgen.yaml or the PATHs could not be read
    version: int = 0
    closed: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def _bump(self) -> None:
        self.version += 1
        self._changed.notify_all()

    def set_files(self, files: list[Path], output_dir: Path) -> None:
        """The topics to show: new files appear at once (building, with their titles), removed ones go."""
        new = [file for file in files if file.stem not in self.topics]
        headings = {file.stem: quick_heading(file) for file in new}  # read outside the lock
        with self._changed:
            topics = {file.stem: self.topics.get(file.stem)
                      or TopicState(file.stem, file, *headings.get(file.stem, ("", ""))) for file in files}
            if (topics, output_dir) != (self.topics, self.output_dir):
                self.topics, self.output_dir = topics, output_dir
                self._bump()

    def mark(self, slugs: list[str], status: str) -> None:
        with self._changed:
            changed = [slug for slug in slugs if slug in self.topics and self.topics[slug].status != status]
            for slug in changed:
                self.topics[slug] = replace(self.topics[slug], status=status)
            if changed:
                self._bump()

    def record(self, topic: TopicState) -> None:
        """A build's outcome; a failed build keeps the title it had."""
        with self._changed:
            previous = self.topics.get(topic.slug)
            if previous is None:
                return  # the file was removed while it was building
            if topic.status == FAILED:
                topic = replace(topic, title=previous.title, subject=previous.subject)
            elif not topic.written:  # up to date: what its last build said still holds
                topic = replace(topic, notes=previous.notes)
            if topic != previous or topic.written:
                self.topics[topic.slug] = topic
                self._bump()

    def set_project_problems(self, text: str) -> None:
        with self._changed:
            if text != self.project_problems:
                self.project_problems = text
                self._bump()

    def snapshot(self) -> tuple[int, Path, list[TopicState], str]:
        with self._changed:
            return self.version, self.output_dir, list(self.topics.values()), self.project_problems

    def wait(self, seen: int, timeout: float) -> int:
        """The version once it differs from ``seen`` (or after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()
