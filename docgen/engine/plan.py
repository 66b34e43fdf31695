"""What is out of date, output by output: a manifest of input keys.

Each output of each topic has a key: a hash of what that output reads and
nothing else — the parts of the topic it shows (its ``reads``), the images
those parts name, the templates it declares, docgen.yaml, the label
catalogs, the project's font files, the reference .docx, and the version of
docgen and of the package that provides it.
Editing a question changes the worksheet's and the key's inputs but not
the handout's, so only those two are built again.

The manifest also lists every file docgen wrote, with its hash, so that
files docgen no longer produces can be removed, and never a file it did not
write or a teacher changed since (see keep.py). Project-level outputs (the
booklet) are planned the same way, from the keys of the topic output they
read, and recorded under ``project``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.content.errors import DocgenError
from docgen.engine.keep import Known, clear_journals, is_docgens, journals, set_aside
from docgen.engine.stamps import STATE, signature
from docgen.engine.trust import trusted_journal, why_untrusted
from docgen.engine.write import inside, write_text
from docgen.registry import get_output

if TYPE_CHECKING:
    from docgen.engine.runner import TopicResult
    from docgen.project import Project
    from docgen.roster import Roster

MANIFEST = STATE / "manifest.json"
FORMAT = 2
CLASS_PACK = "class-pack"  # `--roster`: the output drawn from the worksheet for each student
SHEET = "worksheet_key"  # a class pack's record: the key (inputs) of the worksheet it was drawn from
PROJECT = ""  # the "slug" of project-level outputs: they are written in the output folder itself


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
        self.project: dict[str, dict] = data.get("project", {})
        self.digests = Digests(data.get("files", {}))
        # Files a build was putting in place when it stopped: folder -> name -> hashes, docgen's too.
        self.unconfirmed: dict[str, dict[str, list[str]]] = data.get("unconfirmed", {})
        self.journals, unfinished = journals(output_dir)
        unfinished = trusted_journal(unfinished, output_dir)  # temporary files: swept by the build
        self.recorded: set[str] = set()  # folders recorded by this build: their journals go at save
        for folder, hashes in unfinished.items():
            for name, digest in hashes.items():
                self.unconfirmed.setdefault(folder, {}).setdefault(name, []).append(digest)
        legacy = output_dir / STATE / "booklet.json"  # docgen 1.1 kept the booklet outside the manifest
        if legacy.is_file() and "booklet" not in self.project:
            self.project["booklet"] = {"key": None, "files": ["booklet.pdf"]}

    def outputs(self, slug: str) -> dict[str, dict]:
        if slug == PROJECT:
            return self.project
        return self.topics.get(slug, {}).get("outputs", {})

    def folder(self, slug: str) -> Path:
        return self.output_dir / slug if slug else self.output_dir

    def known(self, slug: str) -> Known:
        """Each file name of the folder docgen wrote, with the hashes it wrote there."""
        known: Known = {}
        for entry in self.outputs(slug).values():
            hashes = entry.get("hashes")
            for name in entry.get("files", []):
                known[name] = None if hashes is None else [hashes[name]] if name in hashes else []
        for name, digests in self.unconfirmed.get(slug, {}).items():
            if known.get(name, []) is not None:
                known[name] = [*known.get(name, []), *digests]
        return known

    def confirm(self, slug: str, names: list[str]) -> None:
        """These files are now recorded with their outputs."""
        pending = self.unconfirmed.get(slug, {})
        for name in names:
            pending.pop(name, None)
        if not pending:
            self.unconfirmed.pop(slug, None)

    def seconds(self, slug: str, outputs: list[str]) -> float:
        """How long these outputs of the topic took last time; unknown ones count as the longest."""
        known = self.outputs(slug)
        return sum(known.get(name, {}).get("seconds", float("inf")) for name in outputs)

    def save(self) -> None:
        write_text(self.path, json.dumps({"format": FORMAT, "topics": self.topics, "project": self.project,
                                          "unconfirmed": self.unconfirmed, "files": self.digests.known},
                                         indent=0, sort_keys=True), self.output_dir)
        clear_journals(self.output_dir, self.journals, self.recorded)
        (self.output_dir / STATE / "booklet.json").unlink(missing_ok=True)


@dataclass
class TopicPlan:
    """One topic (or the project's own outputs): each output's key, and which must be built."""

    file: Path | None
    slug: str
    digest: str
    keys: dict[str, dict] = field(default_factory=dict)  # output -> {key, slice, images}
    stale: list[str] = field(default_factory=list)
    known: Known = field(default_factory=dict)  # the files docgen wrote in its folder, with their hashes
    files: list[Path] = field(default_factory=list)  # a project output's topics (the booklet's)


class Planner:
    """Computes output keys; everything shared by the topics is computed once per build."""

    def __init__(self, project: Project, manifest: Manifest, outputs: list[str],
                 roster: Roster | None = None, booklet: bool = False) -> None:
        from docgen.i18n.catalog import LOCALES
        from docgen.root import resource_root

        self.project, self.manifest, self.digest = project, manifest, manifest.digests
        # An output drawn from another (the class pack from the worksheet, the booklet from the handouts)
        # reads what that one reads: the other's key is kept too, even when it is not asked for, and says
        # which worksheet a pack was drawn from.
        self.specs = {name: get_output(name) for name in outputs}
        drawn = [get_output(name).drawn_from for name in (*outputs, *(["booklet"] if booklet else []))]
        self.keyed = {**self.specs, **{name: get_output(name) for name in drawn if name}}
        config = project.config.model_dump(mode="json", exclude={"outputs", "content", "output"})
        reference = project.reference_docx
        common = {"docgen": __version__, "config": config,
                  "reference_docx": self.digest(reference) if reference else None,
                  "catalogs": self._folder_digest(LOCALES),
                  "fonts": {name: self.digest(project.root / name) for name in project_font_files(project)}}
        # The project's folder counts even before it exists: creating it changes nothing by itself.
        self.folders = [project.root / project.config.templates, resource_root()]
        self.shared = {}
        for name, spec in self.keyed.items():
            source = get_output(spec.drawn_from) if spec.drawn_from else spec
            version = f"roster {roster.digest}" if name == CLASS_PACK and roster else source.origin
            self.shared[name] = _hash({**common, "output": version, "templates": self._templates(source.templates)})
        if booklet:
            self.shared["booklet"] = _hash({**common, "output": get_output("handout").origin,
                                            "templates": self._templates(get_output("booklet").templates)})

    def _templates(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {f"{folder}/{template}": self._template_digest(folder, template)
                for template in names for folder in self.folders}

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

    def _intact(self, slug: str, files: list[str], known: Known) -> bool:
        """Every file an output wrote is still there, with the bytes docgen wrote."""
        folder = self.manifest.folder(slug)
        return all((folder / name).is_file() and (known.get(name) is None or
                                                  self.digest(folder / name) in known[name]) for name in files)

    def plan(self, file: Path, force: bool) -> TopicPlan:
        slug = file.stem
        plan = TopicPlan(file, slug, self.digest(file), known=self.manifest.known(slug))
        previous = self.manifest.outputs(slug)
        data = None
        for name, spec in self.keyed.items():
            old = previous.get(name)
            if old and old.get("digest") == plan.digest:  # the same file: the same slice
                part, images = old["slice"], old["images"]
            else:
                if data is None:
                    data = self._load(file)
                if data is None:  # unreadable: build it, and let the build say why
                    plan.stale, plan.keys = list(self.specs), {}
                    return plan
                reads = (get_output(spec.drawn_from) if spec.drawn_from else spec).reads
                wanted = reads(data) if callable(reads) else reads if reads is not None else list(data)
                chosen = {key: data[key] for key in wanted if key in data}
                part, images = _hash(chosen), sorted(set(images_named(chosen)))
            inputs = [part, [(image, self.digest((file.parent / image).resolve())) for image in images]]
            key = _hash([self.shared[name], *inputs])
            plan.keys[name] = {"key": key, "digest": plan.digest, "slice": part, "images": images}
            if name in self.specs and (force or not old or old.get("key") != key or
                                       not self._intact(slug, old["files"], plan.known)):
                plan.stale.append(name)
        return plan

    def plan_booklet(self, topics: list[TopicPlan], force: bool) -> TopicPlan:
        """The booklet: built again when any of its topics' handout inputs changed, or the list of them."""
        entries = [(plan.file.name, plan.keys.get("handout", {}).get("key")) for plan in topics]
        key = _hash([self.shared["booklet"], entries])
        plan = TopicPlan(None, PROJECT, "", {"booklet": {"key": key}}, known=self.manifest.known(PROJECT),
                         files=[topic.file for topic in topics])
        old = self.manifest.outputs(PROJECT).get("booklet")
        if force or not old or old.get("key") != key or None in dict(entries).values() or \
                not self._intact(PROJECT, old["files"], plan.known):
            plan.stale = ["booklet"]
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


@dataclass(frozen=True)
class Removal:
    """A file docgen no longer makes, and why; ``kept``: where the teacher's changed copy went."""

    path: Path
    reason: str
    kept: Path | None = None
    output: str | None = None  # set when the output is no longer asked for


def record(manifest: Manifest, plan: TopicPlan, result: TopicResult) -> None:
    """Note what a topic's build wrote; remove the files its outputs no longer produce.

    A failed output keeps its old files listed (they are still docgen's) but
    loses its key, so that the next build tries it again. A class pack drawn
    from another worksheet (other inputs) than the one now built goes too (its
    students would get the old questions); ``result.removed`` says so.
    """
    outputs = manifest.project if plan.slug == PROJECT else \
        manifest.topics.setdefault(plan.slug, {"outputs": {}}).setdefault("outputs", {})
    manifest.recorded.add(plan.slug)
    if plan.file is not None:
        manifest.topics[plan.slug]["content"] = str(plan.file.resolve())
    for name, files in result.built.items():
        old = outputs.get(name, {}).get("files", [])
        gone = [f for f in old if f not in files]
        result.removed += remove_files(manifest, plan.slug, gone, f"the {name} no longer makes it")
        outputs[name] = {**plan.keys.get(name, {"key": None}), "files": files,
                         "hashes": {f: result.hashes[f] for f in files},
                         "seconds": round(result.output_seconds.get(name, 0.0), 3)}
        manifest.confirm(plan.slug, files)
    pack, sheet = outputs.get(CLASS_PACK), plan.keys.get("worksheet", {}).get("key")
    if CLASS_PACK in result.built:
        pack[SHEET] = sheet
    elif pack and "worksheet" in result.built and pack.get(SHEET) != sheet:
        result.removed += remove_files(manifest, plan.slug, outputs[CLASS_PACK]["files"],
                                       "the worksheet has changed since it was made; build with "
                                       "--roster FILE.csv again to make it from the new worksheet")
        del outputs[CLASS_PACK]
    for name in result.failed:
        outputs[name] = {"key": None, "files": outputs.get(name, {}).get("files", []),
                         **({"hashes": outputs[name]["hashes"]} if "hashes" in outputs.get(name, {}) else {})}


def forget_outputs(manifest: Manifest, keep_slugs: set[str] | None, keep_outputs: set[str] | None,
                   keep_project: set[str] | None = None) -> list[Removal]:
    """Remove what docgen wrote for topics, outputs or project outputs no longer built, saying why."""
    removed: list[Removal] = []
    for slug in list(manifest.topics):
        outputs = manifest.outputs(slug)
        content = Path(manifest.topics[slug].get("content", f"{slug}.yaml")).name
        for name in list(outputs):
            if keep_slugs is not None and slug not in keep_slugs:
                reason, dropped = f"its content file {content} is gone", None
            elif keep_outputs is not None and name not in keep_outputs:
                reason, dropped = f"`{name}` is not in docgen.yaml's outputs", name
            else:
                continue
            removed += [replace(removal, output=dropped)
                        for removal in remove_files(manifest, slug, outputs[name]["files"], reason)]
            del outputs[name]
        if not outputs:
            del manifest.topics[slug]
    for name in [name for name in manifest.project if keep_project is not None and name not in keep_project]:
        removed += remove_files(manifest, PROJECT, manifest.project[name]["files"],
                                f"docgen.yaml no longer asks for the {name}")
        del manifest.project[name]
    return removed


def remove_files(manifest: Manifest, slug: str, names: list[str], reason: str) -> list[Removal]:
    """Delete files docgen wrote in a folder, then the folders left empty; a file changed
    by hand since is moved aside as ``NAME (edited).EXT`` instead."""
    folder = manifest.folder(slug).resolve()
    known = manifest.known(slug)
    removed: list[Removal] = []
    for name in names:
        try:  # the manifest was checked on load; this holds whatever it says
            path = inside(manifest.output_dir, folder / name)
        except DocgenError:
            continue
        if not path.is_relative_to(folder) or path == folder or not path.is_file():
            continue
        if not known.get(name):  # no hash of it recorded (an older docgen, a manifest from elsewhere):
            continue              # not provably docgen's, so it stays as it is
        if is_docgens(path, known.get(name, [])):
            path.unlink(missing_ok=True)
            removed.append(Removal(path, reason))
        else:
            removed.append(Removal(path, reason, set_aside(path)))
            continue
        for parent in path.parents:
            if not parent.is_relative_to(folder) or parent == folder and not slug:
                break
            try:
                parent.rmdir()  # only when empty: a file the user put there stays
            except OSError:
                break
    manifest.confirm(slug, names)
    return removed


def in_shard(slug: str, index: int, count: int) -> bool:
    """Stable 1/count share of topics by slug (index is 1-based), for split builds."""
    digest = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big")
    return digest % count == index - 1
