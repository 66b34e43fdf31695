"""What is out of date, output by output: a manifest of input keys.

Each output of each topic has a key: a hash of what that output reads and
nothing else — the parts of the topic it shows (its ``reads``), the images
those parts name, the templates it declares, docgen.yaml, the label
catalogs, the project's font files, the reference .docx, and the version of
docgen and of the package that provides it.
Editing a question changes the worksheet's and the key's inputs but not
the handout's, so only those two are built again.

The manifest also lists every file docgen wrote, so that files docgen no
longer produces can be removed, and never a file it did not write.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.content.errors import DocgenError
from docgen.engine.stamps import STATE, signature
from docgen.engine.trust import why_untrusted
from docgen.engine.write import inside, write_text

if TYPE_CHECKING:
    from docgen.project import Project
    from docgen.roster import Roster

MANIFEST = STATE / "manifest.json"
FORMAT = 2
CLASS_PACK = "class-pack"  # `--roster`: not an output of its own, but tracked like one
SHEET = "worksheet_key"  # a class pack's record: the key of the worksheet it was made from


def _hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(value: Any) -> Any:
    """Loaded YAML as plain JSON data; numbers keep how they were written (`007`)."""
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if hasattr(value, "source"):
        return {"written": value.source}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return repr(value)


def images_named(value: Any) -> list[str]:
    """Every ``image:`` path in a slice of a topic (sections, questions, ...)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "image" and isinstance(item, str):
                found.append(item)
            else:
                found += images_named(item)
    elif isinstance(value, list):
        for item in value:
            found += images_named(item)
    return found


class Digests:
    """SHA-256 of input files, trusted from the last build while size and time are unchanged."""

    def __init__(self, known: dict[str, list]) -> None:
        self.known = known

    def __call__(self, path: Path) -> str:
        key = str(path)
        try:
            status = os.stat(path)
        except OSError:
            return "missing"
        if not stat.S_ISREG(status.st_mode):  # never read a device or a pipe
            return "not a file"
        old = self.known.get(key)
        if old and old[:2] == [status.st_size, status.st_mtime_ns]:
            return old[2]
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return "unreadable"
        # The time stamp seen before reading, and only if the file did not change while it was
        # read: a save during the build must never be recorded with the bytes read before it.
        seen = signature(path)
        if seen == [status.st_size, status.st_mtime_ns]:
            self.known[key] = [*seen, digest]
        else:
            self.known.pop(key, None)
        return digest


class Manifest:
    """What each output of each topic was last built from, and the files it wrote."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.path = output_dir / MANIFEST
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            data = {}
        self.discarded: str | None = why_untrusted(data, output_dir)  # why the manifest on disk was ignored
        if self.discarded:
            data = {}
        self.topics: dict[str, dict] = data.get("topics", {})
        self.digests = Digests(data.get("files", {}))

    def outputs(self, slug: str) -> dict[str, dict]:
        return self.topics.get(slug, {}).get("outputs", {})

    def seconds(self, slug: str, outputs: list[str]) -> float:
        """How long these outputs of the topic took last time; unknown ones count as the longest."""
        known = self.outputs(slug)
        return sum(known.get(name, {}).get("seconds", float("inf")) for name in outputs)

    def save(self) -> None:
        write_text(self.path, json.dumps({"format": FORMAT, "topics": self.topics,
                                          "files": self.digests.known}, indent=0, sort_keys=True),
                   self.output_dir)


@dataclass
class TopicPlan:
    """One topic: each output's key, and which outputs must be built."""

    file: Path
    slug: str
    digest: str
    keys: dict[str, dict] = field(default_factory=dict)  # output -> {key, slice, images}
    stale: list[str] = field(default_factory=list)


class Planner:
    """Computes output keys; everything shared by the topics is computed once per build."""

    def __init__(self, project: Project, manifest: Manifest, outputs: list[str],
                 roster: Roster | None = None) -> None:
        from docgen.i18n.catalog import LOCALES
        from docgen.render import get_output, output_version, resource_root

        self.project, self.manifest, self.digest = project, manifest, manifest.digests
        # The class pack reads what the worksheet reads, and the roster.
        self.specs = {name: get_output("worksheet" if name == CLASS_PACK else name) for name in outputs}
        config = project.config.model_dump(mode="json", exclude={"outputs", "content", "output"})
        reference = project.reference_docx
        common = {"docgen": __version__, "config": config,
                  "reference_docx": self.digest(reference) if reference else None,
                  "catalogs": self._folder_digest(LOCALES),
                  "fonts": {name: self.digest(project.root / name) for name in project_font_files(project)}}
        # The project's folder counts even before it exists: creating it changes nothing by itself.
        folders = [project.root / project.config.templates, resource_root()]
        self.shared = {}
        for name, spec in self.specs.items():
            templates = {f"{folder}/{template}": self._template_digest(folder, template)
                         for template in spec.templates for folder in folders}
            version = f"roster {roster.digest}" if name == CLASS_PACK and roster else output_version(name)
            self.shared[name] = _hash({**common, "output": version, "templates": templates})
            if name == CLASS_PACK:  # what the worksheet's key is made of, to tell when a pack is outdated
                self.shared[SHEET] = _hash({**common, "output": output_version("worksheet"),
                                            "templates": templates})

    def _template_digest(self, folder: Path, name: str) -> str | dict[str, str]:
        """One file; every file of a folder (``fonts/``); or every file a pattern matches."""
        if name.endswith("/"):
            return self._folder_digest(folder / name)
        if any(char in name for char in "*?["):
            return {p.name: self.digest(p) for p in sorted(folder.glob(name)) if p.is_file()}
        return self.digest(folder / name)

    def _folder_digest(self, folder: Path) -> dict[str, str]:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        return {str(p.relative_to(folder)): self.digest(p) for p in files}

    def plan(self, file: Path, force: bool) -> TopicPlan:
        slug = file.stem
        plan = TopicPlan(file, slug, self.digest(file))
        previous = self.manifest.outputs(slug)
        data = None
        for name, spec in self.specs.items():
            old = previous.get(name)
            if old and old.get("digest") == plan.digest:  # the same file: the same slice
                part, images = old["slice"], old["images"]
            else:
                if data is None:
                    data = self._load(file)
                if data is None:  # unreadable: build it, and let the build say why
                    plan.stale = list(self.specs)
                    return plan
                wanted = spec.reads if spec.reads is not None else list(data)
                chosen = {key: data[key] for key in wanted if key in data}
                part, images = _hash(chosen), sorted(set(images_named(chosen)))
            inputs = [part, [(image, self.digest((file.parent / image).resolve())) for image in images]]
            key = _hash([self.shared[name], *inputs])
            plan.keys[name] = {"key": key, "digest": plan.digest, "slice": part, "images": images}
            if name == CLASS_PACK:
                plan.keys[name][SHEET] = _hash([self.shared[SHEET], *inputs])  # the worksheet's key
            if force or not old or old.get("key") != key or not all(
                    (self.manifest.output_dir / slug / written).is_file() for written in old["files"]):
                plan.stale.append(name)
        return plan

    @staticmethod
    def _load(file: Path) -> dict | None:
        from docgen.content.errors import DocgenError
        from docgen.content.loader import load_yaml_file

        try:
            data = load_yaml_file(file).data
        except DocgenError:
            return None
        return canonical(data) if isinstance(data, dict) else None


def project_font_files(project: Project) -> list[str]:
    """The font files docgen.yaml names (`fonts:`), relative to the project."""
    fonts = project.config.fonts
    return [name for role in ("serif", "sans", "fallback") for name in (fonts.files(role) if fonts else [])]


def record(manifest: Manifest, plan: TopicPlan, built: dict[str, list[str]], failed: list[str],
           seconds: dict[str, float], hashes: dict[str, str]) -> list[str]:
    """Note what a topic's build wrote (``hashes``: the SHA-256 of each file it made); remove
    the files its outputs no longer produce.

    A failed output keeps its old files listed (they are still docgen's) but
    loses its key, so that the next build tries it again. A class pack made
    from another worksheet than the one just built goes too (its students
    would get the old questions); the returned notes say so.
    """
    entry = manifest.topics.setdefault(plan.slug, {"outputs": {}})
    outputs = entry.setdefault("outputs", {})
    entry["content"] = str(plan.file.resolve())
    notes: list[str] = []
    pack = outputs.get(CLASS_PACK)
    sheet = plan.keys.get("worksheet", {}).get("key")
    if pack and "worksheet" in built and CLASS_PACK not in built and pack.get(SHEET) not in (None, sheet):
        remove_files(manifest.output_dir, plan.slug, outputs.pop(CLASS_PACK))
        notes.append("class-pack.pdf: removed, the worksheet has changed since it was made; "
                     "build with --roster FILE.csv again to make it from the new worksheet")
    for name, files in built.items():
        old = outputs.get(name, {"files": []})
        remove_files(manifest.output_dir, plan.slug, old, keep=files)
        outputs[name] = {**plan.keys.get(name, {"key": None}), "files": files,
                         "hashes": {file: hashes[file] for file in files if file in hashes},
                         "seconds": round(seconds.get(name, 0.0), 3)}
    for name in failed:
        old = outputs.get(name, {})
        outputs[name] = {"key": None, "files": old.get("files", []), "hashes": old.get("hashes", {})}
    return notes


def forget_outputs(manifest: Manifest, keep_slugs: set[str] | None, keep_outputs: set[str] | None) -> None:
    """Remove what docgen wrote for topics (or outputs) that are no longer built."""
    for slug in list(manifest.topics):
        outputs = manifest.outputs(slug)
        for name in list(outputs):
            if (keep_slugs is not None and slug not in keep_slugs) or (
                    keep_outputs is not None and name not in keep_outputs):
                remove_files(manifest.output_dir, slug, outputs.pop(name))
        if not outputs:
            del manifest.topics[slug]


def remove_files(output_dir: Path, slug: str, output: dict, keep: list[str] = ()) -> None:
    """Delete the files an output wrote in a topic's folder (but those in ``keep``), then the
    folders left empty. Only a file inside the output folder whose bytes are still the ones
    docgen wrote (its SHA-256 in the manifest) is deleted: any other stays where it is."""
    folder = output_dir / slug
    for name in output["files"]:
        expected = output.get("hashes", {}).get(name)
        try:
            path = inside(output_dir, folder / name)
        except DocgenError:
            continue
        if name in keep or expected is None or not path.is_file() or \
                hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            continue
        path.unlink()
        for parent in path.parents:
            if not parent.is_relative_to(folder.resolve()):
                break
            try:
                parent.rmdir()  # only when empty: a file the user put there stays
            except OSError:
                break


def in_shard(slug: str, index: int, count: int) -> bool:
    """Stable 1/count share of topics by slug (index is 1-based), for split builds."""
    digest = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big")
    return digest % count == index - 1
