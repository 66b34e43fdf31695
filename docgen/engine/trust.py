"""A manifest read from disk is checked before anything it says is obeyed.

A project folder travels with its output/ (a zip, git, a shared drive), and
its manifest with it: the engine deletes files the manifest lists, so a
manifest naming a topic `../..` or a file `../../notes.txt` would have it
delete files anywhere. Every topic must be a plain folder name and every
file must resolve (links followed) inside its topic's folder in the output
folder; every value must have the type docgen writes. A manifest that fails
is not repaired: it is ignored as a whole, and the build starts afresh.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from docgen.content.errors import DocgenError
from docgen.content.slug import unsafe_name
from docgen.engine.write import inside

# Each value an output's record may hold, and its type; "files" is required.
_OUTPUT_KEYS: dict[str, tuple[type, ...]] = {
    "files": (list,), "key": (str, type(None)), "digest": (str,), "slice": (str,), "images": (list,),
    "seconds": (int, float), "hashes": (dict,), "worksheet_key": (str, type(None))}


def why_untrusted(data: dict, output_dir: Path) -> str | None:
    """What makes a manifest unfit to obey, in a few words; None when every entry is sound."""
    topics = data.get("topics", {})
    if not isinstance(topics, dict):
        return "its topics are not a table"
    for slug, entry in topics.items():
        why = unsafe_name(slug)
        if why:
            return f'it lists a topic "{slug}", outside the output folder or no folder name ({why})'
        if not isinstance(entry, dict) or not isinstance(entry.get("outputs", {}), dict) or \
                not isinstance(entry.get("content", ""), str):
            return f'its topic "{slug}" is not a record docgen writes'
        for name, output in entry.get("outputs", {}).items():
            why = _why_output(output, output_dir, slug)
            if why:
                return f'its {name} of "{slug}" {why}'
    project = data.get("project", {})
    if not isinstance(project, dict):
        return "its project outputs are not a table"
    for name, output in project.items():
        why = _why_output(output, output_dir, "")
        if why:
            return f"its project output {name} {why}"
    unconfirmed = data.get("unconfirmed", {})
    if not isinstance(unconfirmed, dict) or not all(
            isinstance(folder, str) and (folder == "" or not unsafe_name(folder)) and isinstance(names, dict)
            and all(_inside(output_dir, folder, name) and isinstance(hashes, list)
                    and all(isinstance(digest, str) for digest in hashes) for name, hashes in names.items())
            for folder, names in unconfirmed.items()):
        return "its files being written are not those docgen records"
    files = data.get("files", {})
    if not isinstance(files, dict) or not all(
            isinstance(stamp, list) and len(stamp) == 3 and all(type(n) is int for n in stamp[:2])
            and isinstance(stamp[2], str) for stamp in files.values()):
        return "its file digests are not those docgen writes"
    return None


def _why_output(output: Any, output_dir: Path, slug: str) -> str | None:
    if not isinstance(output, dict) or "files" not in output or any(
            key in output and not isinstance(output[key], kinds) for key, kinds in _OUTPUT_KEYS.items()):
        return "is not a record docgen writes"
    if "digest" in output and not {"slice", "images"} <= output.keys():
        return "is not a record docgen writes"
    if not all(isinstance(image, str) for image in output.get("images", [])) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in output.get("hashes", {}).items()):
        return "is not a record docgen writes"
    for name in output["files"]:
        if not _inside(output_dir, slug, name):
            return f'lists "{name}", outside the output folder or no file name docgen gives'
    return None


def _inside(output_dir: Path, slug: str, name: Any) -> bool:
    """A relative path of plain names, in the topic's folder, that stays in the output folder
    even through links."""
    if not isinstance(name, str) or not name or name.startswith("/"):
        return False
    parts = PurePosixPath(name).parts
    if any(unsafe_name(part) for part in parts) or "/".join(parts) != name:
        return False
    try:
        inside(output_dir, output_dir / slug / name)
    except DocgenError:
        return False
    return True


def trusted_journal(found: dict[str, dict[str, str]], output_dir: Path) -> dict[str, dict[str, str]]:
    """The entries of unfinished builds' journals that name files in the output folder; others are dropped."""
    return {folder: {name: digest for name, digest in names.items() if _inside(output_dir, folder, name)}
            for folder, names in found.items() if folder == "" or not unsafe_name(folder)}
