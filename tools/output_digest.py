"""SHA-256 of every file a full build of the example topics writes, for "byte-identical to before".

Run by hand (not a test) before and after a refactor, with the same docgen version string:
    python tools/output_digest.py > before.json ... python tools/output_digest.py --compare before.json
The example project is copied to a temporary folder and built with every output, both
editions and two versions, so every writer and every edition's path is covered.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
OUTPUTS = ["handout", "worksheet", "answers", "cheatsheet", "moodle", "qti", "anki", "quizlet",
           "flashcards", "html"]


def _digest(path: Path) -> str:
    """The file's bytes; for an Anki deck, its notes and media (the collection stamps the time it was made)."""
    if path.suffix != ".apkg":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    import sqlite3
    import zipfile

    with tempfile.TemporaryDirectory() as temp, zipfile.ZipFile(path) as deck:
        deck.extractall(temp)
        with sqlite3.connect(Path(temp) / "collection.anki2") as collection:
            notes = sorted(collection.execute("select guid, mid, flds, tags from notes"))
            cards = sorted(collection.execute("select n.guid, c.ord from cards c join notes n on c.nid = n.id"))
        media = (Path(temp) / "media").read_text(encoding="utf-8")
    return hashlib.sha256(repr((notes, cards, media)).encode()).hexdigest()


def digests(settings: dict) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp)
        shutil.copytree(REPO / "content", project / "content")
        config = yaml.safe_load((REPO / "docgen.yaml").read_text(encoding="utf-8"))
        config.update(settings)
        (project / "docgen.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "docgen", "build", "--jobs", "2"], cwd=project, check=True,
                       stdout=subprocess.DEVNULL)
        output = project / "output"
        return {str(path.relative_to(output)): _digest(path)
                for path in sorted(output.rglob("*")) if path.is_file() and not any(part.startswith(".") for part in path.relative_to(output).parts)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", type=Path, help="a digest file written before: print what differs")
    args = parser.parse_args()
    found = {
        "plain": digests({"outputs": OUTPUTS, "date": "2026-01-15"}),
        "editions+versions": digests({"outputs": OUTPUTS, "date": "2026-01-15", "versions": 2,
                                      "editions": ["large-print", "support"]}),
    }
    if args.compare is None:
        json.dump(found, sys.stdout, indent=1)
        return
    before = json.loads(args.compare.read_text())
    same = differ = 0
    for run, files in before.items():
        for name in sorted(set(files) | set(found[run])):
            if files.get(name) == found[run].get(name):
                same += 1
            else:
                differ += 1
                print(f"{run}: {name}: {'missing now' if name not in found[run] else 'new' if name not in files else 'differs'}")
    print(f"{same} identical, {differ} differ")


if __name__ == "__main__":
    main()
