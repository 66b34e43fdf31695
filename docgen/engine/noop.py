"""The no-op fast path: "nothing to do" answered from a record, without loading docgen.

After a build in which nothing failed, docgen records the size and time
stamp of every file the build read (docgen.yaml, content files, images,
templates, fonts, label catalogs, the reference .docx, the roster), the
inputs that must stay missing (a templates folder not made yet), the time
stamps of the folders it looked in (so an added file shows), the size and
time stamp of every file docgen wrote (one deleted or changed by hand must
be seen), the request itself (paths, --only, --out, --shard, --roster) and
where Python looks for plugins (`sys.path`: a PYTHONPATH dropped drops them).
The next identical `docgen build` compares them with the disk: when nothing
moved it answers at once, without importing pydantic, Jinja2, WeasyPrint or
python-docx. Anything different, and the normal build decides.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from docgen import __version__
from docgen.engine import stamps as clock
from docgen.engine.stamps import STATE, folder_stamp, signature
from docgen.root import CONFIG_NAME

RECORD = STATE / "noop.json"
# `output: folder` at the top level of docgen.yaml, a plain or simply quoted name.
_OUTPUT_KEY = re.compile(r"""^output[ \t]*:[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|([\w./-]+))[ \t]*(?:#.*)?$""",
                         re.MULTILINE)


def output_dir_of(root: Path, out: Path | None) -> Path | None:
    """Where the last build's record would be, without loading YAML (37 ms of a no-op).

    A guess from the lines of docgen.yaml; the record itself says which
    folder it describes and holds docgen.yaml's time stamp, so a wrong guess
    only means a normal build.
    """
    if out is not None:
        return out.resolve()
    try:
        text = (root / CONFIG_NAME).read_text("utf-8")
    except FileNotFoundError:
        return (root / "output").resolve()
    except (OSError, ValueError):
        return None
    found = _OUTPUT_KEY.findall(text)
    if len(found) > 1 or (not found and re.search(r"^[\"']?output[\"']?[ \t]*:", text, re.MULTILINE)):
        return None  # written in a way only a YAML parser reads right
    name = next(filter(None, found[0]), None) if found else "output"
    return (root / name).resolve() if name else None


def answer(output_dir: Path, request: dict) -> int | None:
    """The number of topics, all up to date; None when a real build must decide."""
    try:
        record = json.loads((output_dir / RECORD).read_text("utf-8"))
        if record["docgen"] != __version__ or record["request"] != request or \
                record["output_dir"] != str(output_dir) or record["sys_path"] != sys.path:
            return None  # another request, or other places to find plugins in
    except (OSError, ValueError, KeyError, TypeError):  # no record, or not one docgen wrote
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
    for path, stamp in record["outputs"].items():  # a file deleted, or changed by hand
        try:
            status = os.stat(path)
        except OSError:
            return None
        if [status.st_size, status.st_mtime_ns] != stamp:
            return None
    return record["topics"]


def forget(output_dir: Path) -> None:
    """A build is starting: the record no longer describes the output folder."""
    (output_dir / RECORD).unlink(missing_ok=True)


def remember(output_dir: Path, request: dict, read: list[Path], content: list[Path],
             folders: list[Path], topics: int, since_ns: int = 0) -> None:
    """Record a build in which nothing failed: ``read`` are the project's files every
    output reads (docgen.yaml, fonts, reference .docx, the roster; a missing one
    must stay missing, like a templates folder not made yet), ``folders`` those
    whose every file counts, ``content`` the topics built and those the booklet
    reads. Every file docgen wrote is recorded too: one deleted or changed by
    hand is written again (the teacher's copy kept). Skipped when an input
    changed too recently for its time stamp to tell a later change apart, or
    after the build began reading (``since_ns``) or after the planner read it:
    a file saved during the build was perhaps read before the save, and its
    new time stamp must not pass for the bytes that were built."""
    from docgen.engine.plan import MANIFEST
    from docgen.engine.write import write_text

    manifest = json.loads((output_dir / MANIFEST).read_text("utf-8"))
    seen = manifest.get("files", {})  # [size, time, digest] of each file as the planner read it

    def stamp(path: Path) -> list[int] | None:
        now, planned = signature(path), seen.get(str(path))
        if now is None or planned and planned[:2] != now or now[1] >= since_ns - clock.RACY_NS:
            return None
        return now

    inputs: dict[str, list[int] | None] = {str(path): stamp(path) for path in read}
    written: list[Path] = [output_dir / f for entry in manifest.get("project", {}).values() for f in entry["files"]]
    for file in content:
        inputs[str(file)] = stamp(file)
        for entry in manifest["topics"].get(file.stem, {}).get("outputs", {}).values():
            for image in entry.get("images", []):
                path = (file.parent / image).resolve()
                inputs[str(path)] = stamp(path)
            written += [output_dir / file.stem / f for f in entry["files"]]
    stamps: dict[str, int | None] = {}
    for folder in folders:
        if folder.is_dir():
            for path in [folder, *folder.rglob("*")]:
                if path.is_dir():
                    moved = folder_stamp(path)  # an entry added or removed since the build began: no record
                    stamps[str(path)] = moved if moved is not None and moved < since_ns - clock.RACY_NS else None
                elif "__pycache__" not in path.parts:
                    inputs[str(path)] = stamp(path)
    for entry in sys.path:  # a plugin installed or removed changes its folder's time stamp
        if entry and os.path.isdir(entry):
            stamps[entry] = folder_stamp(Path(entry))
    if any(value is None for path, value in inputs.items() if os.path.exists(path)) or \
            any(value is None for value in stamps.values()):
        return
    outputs: dict[str, list[int]] = {}
    for path in written:  # just written: its own stamp, however recent (nothing else writes it)
        try:
            status = os.stat(path)
        except OSError:
            return
        outputs[str(path)] = [status.st_size, status.st_mtime_ns]
    record = {"docgen": __version__, "request": request, "output_dir": str(output_dir), "inputs": inputs,
              "folders": stamps, "outputs": outputs, "topics": topics, "sys_path": sys.path}
    write_text(output_dir / RECORD, json.dumps(record), output_dir)
