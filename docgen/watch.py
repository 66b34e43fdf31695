"""`docgen watch`: rebuild what changed as soon as an input is saved."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterator

from docgen.root import CONFIG_NAME

IGNORED_PARTS = {".git", ".venv", "__pycache__", ".docgen", "node_modules"}


class Inputs:
    """The files a build of the project reads; only a change to one of them starts a rebuild.

    Content files (in the content folder, or the PATHs given), docgen.yaml,
    the templates folder, the pictures the topics name, the font files and
    the reference .docx. Anything else saved in the project (`docgen watch >
    watch.log`, notes, an editor's backup) is not an input: reacting to it
    would rebuild forever on a log the build itself writes.
    """

    def __init__(self, root: Path, output_dir: Path, paths: list[Path]) -> None:
        self.root, self.output_dir, self.paths = root.resolve(), output_dir.resolve(), paths
        self.files: set[Path] = set()
        self.folders: list[tuple[Path, tuple[str, ...] | None]] = []  # and the suffixes that count there
        self.refresh()

    def refresh(self) -> None:
        """Look again: docgen.yaml may name other folders, a topic other pictures. (The preview
        asks from another thread: the new sets replace the old ones whole.)"""
        from docgen.cli import CONTENT_SUFFIXES
        from docgen.content.errors import DocgenError
        from docgen.engine.plan import project_font_files
        from docgen.project import load_project

        files = {self.root / CONFIG_NAME}
        try:
            project = load_project(self.root)
        except DocgenError:  # a broken docgen.yaml: saving it again is what counts, and the defaults
            self.files, self.folders = files, [(self.root / "content", CONTENT_SUFFIXES),
                                               (self.root / "templates", None)]
            return
        named = [path.resolve() for path in self.paths] or [project.content_dir.resolve()]
        content = [path for path in named if path.is_dir()]
        topics = [path for path in named if path.is_file()] + [
            file for folder in content for file in folder.rglob("*")
            if file.suffix.lower() in CONTENT_SUFFIXES and file.is_file()]
        files |= set(topics) | {picture for topic in topics for picture in _pictures(topic)}
        files |= {(project.root / name).resolve() for name in project_font_files(project)}
        if project.reference_docx:
            files.add(project.reference_docx.resolve())
        self.files, self.folders = files, [(folder, CONTENT_SUFFIXES) for folder in content] + [
            ((project.root / project.config.templates).resolve(), None)]

    def __contains__(self, path: Path) -> bool:
        if path.name.startswith(".") or path.name.endswith(("~", ".swp", ".tmp")) or \
                IGNORED_PARTS.intersection(path.parts):
            return False
        path = path.resolve()
        if path.is_relative_to(self.output_dir):
            return False
        return path in self.files or any(
            path.is_relative_to(folder) and (suffixes is None or path.suffix.lower() in suffixes)
            for folder, suffixes in self.folders)


def _pictures(topic: Path) -> list[Path]:
    """The pictures a content file names (also those missing yet: adding one is a change)."""
    from docgen.content.errors import DocgenError
    from docgen.content.loader import load_yaml_file
    from docgen.engine.plan import images_named

    try:
        data = load_yaml_file(topic).data
    except DocgenError:
        return []
    return [(topic.parent / name).resolve() for name in images_named(data)]


def changes(root: Path, inputs: Inputs, stop: threading.Event | None = None) -> Iterator[set[Path]]:
    """Each batch of inputs saved under ``root``, until ``stop`` is set (Ctrl-C
    raises KeyboardInterrupt, for the caller to end its work cleanly)."""
    from watchfiles import watch as watch_changes

    def relevant(_change, path: str) -> bool:
        return Path(path) in inputs

    for batch in watch_changes(root, watch_filter=relevant, stop_event=stop, debounce=200, rust_timeout=500):
        yield {Path(path) for _, path in batch}


def watch(root: Path, output_dir: Path, rebuild: Callable[[], object], paths: list[Path] = (),
          stop: threading.Event | None = None) -> None:
    """Build once, then again after every batch of saved inputs, until stopped
    (by ``stop`` or Ctrl-C). A rebuild is incremental, so only the affected
    topics are built.
    """
    try:
        rebuild()
        inputs = Inputs(root, output_dir, list(paths))
        for _ in changes(root, inputs, stop):
            rebuild()
            inputs.refresh()
    except KeyboardInterrupt:  # Ctrl-C is how one stops watching; every file written is complete
        return
