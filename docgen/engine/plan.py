"""Which topics are out of date: a manifest of input hashes per topic.

An output is rebuilt when any input it was built from changed: the content
file, its images, docgen.yaml, the templates (project and built-in), the
label catalogs, the project's font files, the reference .docx, docgen's
version, or the set of outputs asked for.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docgen import __version__
from docgen.engine.write import write_text
from docgen.i18n.catalog import LOCALES
from docgen.project import Project
from docgen.render import resource_root

MANIFEST = Path(".docgen") / "manifest.json"


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _folder_digest(folder: Path | None) -> str:
    if folder is None or not folder.is_dir():
        return "none"
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def shared_inputs(project: Project, outputs: list[str]) -> dict[str, str]:
    """Inputs every topic depends on; computed once per build."""
    inputs = {
        "docgen": __version__,
        "outputs": ",".join(outputs),
        "templates:builtin": _folder_digest(resource_root()),
        "templates:project": _folder_digest(project.templates_dir),
        "catalogs": _folder_digest(LOCALES),
    }
    fonts = project.config.fonts
    for role in ("serif", "sans", "fallback"):
        for name in fonts.files(role) if fonts else []:
            inputs[f"fonts:{name}"] = file_digest(project.root / name)
    if project.config_file:
        inputs["docgen.yaml"] = file_digest(project.config_file)
    if project.reference_docx:
        inputs["reference_docx"] = file_digest(project.reference_docx)
    return inputs


class Manifest:
    """What each topic was last built from, kept in the output folder."""

    def __init__(self, output_dir: Path) -> None:
        self.path = output_dir / MANIFEST
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def up_to_date(self, slug: str, content_file: Path, shared: dict[str, str], output_dir: Path) -> bool:
        entry = self.entries.get(slug)
        if not entry or entry.get("shared") != shared or entry.get("content") != str(content_file):
            return False
        if any(file_digest(Path(path)) != digest for path, digest in entry["inputs"].items()):
            return False
        return all((output_dir / slug / name).is_file() for name in entry["files"])

    def record(self, slug: str, content_file: Path, shared: dict[str, str], inputs: list[Path],
               files: list[str]) -> None:
        self.entries[slug] = {
            "content": str(content_file),
            "shared": shared,
            "inputs": {str(path): file_digest(path) for path in inputs},
            "files": files,
        }

    def forget(self, slug: str) -> None:
        self.entries.pop(slug, None)

    def save(self) -> None:
        write_text(self.path, json.dumps(self.entries, indent=1, sort_keys=True))


def in_shard(slug: str, index: int, count: int) -> bool:
    """Stable 1/count share of topics by slug (index is 1-based), for split builds."""
    digest = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big")
    return digest % count == index - 1
