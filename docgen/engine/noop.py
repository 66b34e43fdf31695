"""The no-op fast path: "nothing to do" answered from a record, without loading docgen.

After a build in which nothing failed, docgen records the size and time
stamp of every file the build read (docgen.yaml, content files, images,
templates, the reference .docx), the time stamps of the folders it looked in
(so an added file shows), the files it wrote, and the request itself. The
next identical `docgen build` compares them with the disk: when nothing
moved it answers at once, without importing pydantic, Jinja2, WeasyPrint or
python-docx. Anything different, and the normal build decides.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from docgen import __version__
from docgen.engine.plan import MANIFEST, STATE, RACY_NS, signature
from docgen.engine.write import write_text
from docgen.root import CONFIG_NAME

RECORD = STATE / "noop.json"


def output_dir_of(root: Path, out: Path | None) -> Path | None:
    """The output folder, read from docgen.yaml without validating it (the record
    holds docgen.yaml's time stamp: a changed file never takes the fast path)."""
    if out is not None:
        return out.resolve()
    config = root / CONFIG_NAME
    if not config.is_file():
        return (root / "output").resolve()
    import yaml

    try:
        data = yaml.load(config.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    output = "output" if data is None else data.get("output", "output") if isinstance(data, dict) else None
    return (root / output).resolve() if isinstance(output, str) else None


def _folder_stamp(folder: Path) -> int | None:
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    import time

    return None if time.time_ns() - stamp < RACY_NS else stamp


def answer(output_dir: Path, request: dict) -> int | None:
    """The number of topics, all up to date; None when a real build must decide."""
    try:
        record = json.loads((output_dir / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("docgen") != __version__ or record.get("request") != request:
        return None
    for path, stamp in record["inputs"].items():
        current = signature(Path(path)) if stamp is not None else None
        if stamp is not None and current != stamp or stamp is None and os.path.exists(path):
            return None
    for path, stamp in record["folders"].items():
        try:
            if os.stat(path).st_mtime_ns != stamp:
                return None
        except OSError:
            return None
    if not all(os.path.isfile(path) for path in record["outputs"]):
        return None
    return record["topics"]


def forget(output_dir: Path) -> None:
    """A build is starting: the record no longer describes the output folder."""
    (output_dir / RECORD).unlink(missing_ok=True)


def remember(output_dir: Path, request: dict, config_file: Path, content: list[Path],
             folders: list[Path], outputs: list[str]) -> None:
    """Record a build in which nothing failed; skipped when a file changed too recently
    for its time stamp to tell a later change apart."""
    manifest = json.loads((output_dir / MANIFEST).read_text("utf-8"))
    inputs: dict[str, list[int] | None] = {str(config_file): signature(config_file)
                                           if config_file.exists() else None}
    written: list[str] = []
    for file in content:
        inputs[str(file)] = signature(file)
        for name, entry in manifest["topics"].get(file.stem, {}).get("outputs", {}).items():
            if name in outputs:
                inputs.update({str((file.parent / image).resolve()): signature((file.parent / image).resolve())
                               for image in entry.get("images", [])})
                written += [str(output_dir / file.stem / f) for f in entry["files"]]
    stamps: dict[str, int | None] = {}
    for folder in folders:
        if folder.is_dir():
            for path in [folder, *folder.rglob("*")]:
                if path.is_dir():
                    stamps[str(path)] = _folder_stamp(path)
                elif "__pycache__" not in path.parts:
                    inputs[str(path)] = signature(path)
    for entry in sys.path:  # a plugin installed or removed changes its folder's time stamp
        if entry and os.path.isdir(entry):
            stamps[entry] = _folder_stamp(Path(entry))
    if any(stamp is None for path, stamp in inputs.items() if os.path.exists(path)) or \
            any(stamp is None for stamp in stamps.values()):
        return
    write_text(output_dir / RECORD, json.dumps({
        "docgen": __version__, "request": request, "inputs": inputs, "folders": stamps,
        "outputs": written, "topics": len(content)}))
