"""A model-based test of the incremental engine (issue 21, item 7).

Hypothesis drives random sequences of what teachers do between builds:
edit a question, a heading, a term, a picture's bytes; add, rename and delete
topics; create, edit and remove template overrides; change `labels`,
`editions`, `versions`, `outputs`, `lang`; build plainly, with `--only`, with
`--out`, with one roster and then another, with a broken roster; edit a
generated .docx by hand; kill a build with SIGKILL at a random moment.
After every build the output folder must equal, byte for byte, a clean build
of the same inputs into a fresh output folder (SOURCE_DATE_EPOCH fixed), apart from
the hand-edited files rule 3 keeps (and class packs, kept while their
worksheet is unchanged); and the files written must be exactly those whose
bytes changed (a file with the same bytes keeps its time stamp and inode).

CI runs one fixed walk through every kind of step, then a short random run.
A long search: DOCGEN_MODEL_EXAMPLES=40 DOCGEN_MODEL_STEPS=30 (see
docs/troubleshooting.md, "Testing the incremental engine").
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from PIL import Image

from docgen.cli import main

EPOCH = "1767225600"  # 2026-01-01: every build prints the same date
EXAMPLES = int(os.environ.get("DOCGEN_MODEL_EXAMPLES", "1"))
STEPS = int(os.environ.get("DOCGEN_MODEL_STEPS", "5"))
OUTPUT_CHOICES = (("handout", "worksheet"), ("default",), ("worksheet", "answers", "moodle"),
                  ("handout", "quizlet"))
INPUTS = ("content", "templates", "docgen.yaml", "roster-a.csv", "roster-b.csv", "broken.csv")
WORDS = ("river", "mountain", "harbour", "forest", "desert", "valley", "island", "glacier")
COLOURS = ((200, 40, 40), (40, 160, 60), (30, 60, 200), (220, 200, 40))


def topic_yaml(topic: dict) -> str:
    picture = f"    image: {topic['slug']}.png\n    alt: A small picture\n" if topic["picture"] else ""
    return (f"title: {topic['title']}\nsummary: A topic about a {topic['word']}.\n"
            f"sections:\n  - heading: {topic['heading']}\n    body: Some text about the {topic['word']}.\n"
            f"{picture}"
            f"terms:\n  - term: Alpha\n    definition: {topic['definition']}\n"
            f"  - term: Beta\n    definition: The second letter.\n"
            f"questions:\n  - type: short\n    prompt: {topic['question']}\n    answer: A {topic['word']}.\n"
            f"  - type: true_false\n    statement: A {topic['word']} is big.\n    answer: true\n")


def files_of(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each output file's bytes, time stamp and inode (the engine's state folder left out)."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file() and ".docgen" not in p.relative_to(folder).parts}


def is_edited(name: str) -> bool:
    return " (edited" in name


def is_pack(name: str) -> bool:
    return name.endswith("class-pack.pdf")


def worksheet_files(tree: dict, slug: str) -> dict[str, bytes]:
    return {name: data[0] for name, data in tree.items()
            if name.startswith(f"{slug}/") and Path(name).name.startswith("worksheet") and not is_edited(name)}


def run_docgen(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """`docgen ARGS` in-process, as the user types it (the warm caches of `docgen watch` too)."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exit_:
                code = exit_.code
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


class TeacherWorkflow(RuleBasedStateMachine):
    """The project, its model (what each build must give), and the steps a teacher takes."""

    def __init__(self) -> None:
        super().__init__()
        self.epoch_before = os.environ.get("SOURCE_DATE_EPOCH")  # given back at teardown: other tests print today
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH
        self.root = Path(tempfile.mkdtemp(prefix="docgen-model-"))
        self.clock = time.time() - 1_000_000  # input time stamps: distinct, in the past (no-op records trust them)
        self.count = 0
        self.topics: dict[str, dict] = {}
        self.config = {"outputs": ("handout", "worksheet"), "editions": (), "versions": 1, "lang": "en",
                       "labels": {}, "booklet": False}
        self.overrides: dict[str, str] = {}
        self.edited: dict[tuple[str, str], bytes] = {}  # (output folder, file): what the teacher wrote
        self.packs: dict[tuple[str, str], tuple[bytes, dict]] = {}  # class pack, and the worksheet it drew
        self.builds = self.steps = 0
        self.last_step_built = False
        (self.root / "content").mkdir()
        (self.root / "roster-a.csv").write_text("name\nAmara\nBen\n", "utf-8")
        (self.root / "roster-b.csv").write_text("name,version\nChloé,\nDev,\n", "utf-8")
        (self.root / "broken.csv").write_text("email\nemre@example.org\n", "utf-8")
        self._add("one", picture=True)
        self._add("two", picture=False)
        self._write_config()
        self._age()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        if self.epoch_before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.epoch_before
        log = os.environ.get("DOCGEN_MODEL_LOG")
        if log:  # a long search says how far it went
            with open(log, "a", encoding="utf-8") as stream:
                stream.write(f"sequence: {self.steps} steps, {self.builds} builds\n")

    @invariant()
    def no_temporary_file_after_a_build(self) -> None:
        """Counts the steps; after a finished build no temporary file of an atomic write is left."""
        self.steps += 1
        if self.last_step_built:
            left = [p for p in self.root.rglob(".*.tmp") if ".docgen" not in p.parts]
            assert not left, f"temporary files left: {left}"
        self.last_step_built = False

    # --- the inputs ---------------------------------------------------------------------------

    def _add(self, slug: str, picture: bool) -> None:
        self.count += 1
        self.topics[slug] = {"slug": slug, "title": f"Topic {self.count}", "heading": "First part",
                             "question": "Name a place.", "definition": "The first letter.",
                             "word": WORDS[self.count % len(WORDS)], "picture": COLOURS[0] if picture else None}
        self._write_topic(slug)

    def _write_topic(self, slug: str) -> None:
        topic = self.topics[slug]
        (self.root / "content" / f"{slug}.yaml").write_text(topic_yaml(topic), "utf-8")
        if topic["picture"]:
            Image.new("RGB", (24, 16), topic["picture"]).save(self.root / "content" / f"{slug}.png")

    def _write_config(self) -> None:
        config = self.config
        lines = ["course: Model course", f"outputs: [{', '.join(config['outputs'])}]",
                 f"editions: [{', '.join(config['editions'])}]", f"versions: {config['versions']}",
                 f"lang: {config['lang']}", f"booklet: {'true' if config['booklet'] else 'false'}"]
        if config["labels"]:
            lines.append("labels:")
            lines += [f"  {key}: {text}" for key, text in config["labels"].items()]
        (self.root / "docgen.yaml").write_text("\n".join(lines) + "\n", "utf-8")

    def _write_overrides(self) -> None:
        folder = self.root / "templates"
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name not in self.overrides:
                    path.unlink()
        if self.overrides:
            folder.mkdir(exist_ok=True)
            for name, text in self.overrides.items():
                (folder / name).write_text(text, "utf-8")

    def _age(self) -> None:
        """Each input changed since the last step gets its own time stamp in the past."""
        recent = time.time() - 5
        for name in INPUTS:
            start = self.root / name
            for path in [start, *start.rglob("*")] if start.is_dir() else [start]:
                if path.exists() and path.stat().st_mtime > recent:
                    self.clock += 1
                    os.utime(path, (self.clock, self.clock))
        if self.root.stat().st_mtime > recent:
            self.clock += 1
            os.utime(self.root, (self.clock, self.clock))

    # --- steps that change inputs --------------------------------------------------------------

    @rule(data=st.data())
    def edit_question(self, data) -> None:
        slug = data.draw(st.sampled_from(sorted(self.topics)))
        self.topics[slug]["question"] = data.draw(st.sampled_from(["Name a place.", "Name a town.", "Say why."]))
        self._write_topic(slug)
        self._age()

    @rule(data=st.data())
    def edit_heading(self, data) -> None:
        slug = data.draw(st.sampled_from(sorted(self.topics)))
        self.topics[slug]["heading"] = data.draw(st.sampled_from(["First part", "Where it is", "How it grew"]))
        self._write_topic(slug)
        self._age()

    @rule(data=st.data())
    def edit_definition(self, data) -> None:
        slug = data.draw(st.sampled_from(sorted(self.topics)))
        self.topics[slug]["definition"] = data.draw(st.sampled_from(["The first letter.", "Letter one."]))
        self._write_topic(slug)
        self._age()

    @rule(data=st.data())
    def edit_picture(self, data) -> None:
        slug = data.draw(st.sampled_from(sorted(self.topics)))
        self.topics[slug]["picture"] = data.draw(st.sampled_from([None, *COLOURS]))
        if self.topics[slug]["picture"] is None:
            (self.root / "content" / f"{slug}.png").unlink(missing_ok=True)
        self._write_topic(slug)
        self._age()

    @precondition(lambda self: len(self.topics) < 3)
    @rule()
    def add_topic(self) -> None:
        self._add(f"topic-{self.count + 1}", picture=self.count % 2 == 0)
        self._age()

    @precondition(lambda self: len(self.topics) > 1)
    @rule(data=st.data())
    def delete_topic(self, data) -> None:
        slug = data.draw(st.sampled_from(sorted(self.topics)))
        del self.topics[slug]
        (self.root / "content" / f"{slug}.yaml").unlink()
        (self.root / "content" / f"{slug}.png").unlink(missing_ok=True)
        self._age()

    @rule(data=st.data())
    def rename_topic(self, data) -> None:
        slug = data.draw(st.sampled_from(sorted(self.topics)))
        self.count += 1
        new = f"renamed-{self.count}"
        topic = self.topics.pop(slug)
        (self.root / "content" / f"{slug}.yaml").unlink()
        (self.root / "content" / f"{slug}.png").unlink(missing_ok=True)
        self.topics[new] = {**topic, "slug": new}
        self._write_topic(new)
        self._age()

    @rule(name=st.sampled_from(["custom.css", "handout.css", "worksheet.css"]))
    def create_override(self, name: str) -> None:
        from docgen.root import resource_root

        builtin = resource_root() / name
        self.overrides[name] = (builtin.read_text("utf-8") if builtin.is_file() else "") + "\nh1 { color: #602020; }\n"
        self._write_overrides()
        self._age()

    @precondition(lambda self: self.overrides)
    @rule(data=st.data(), colour=st.sampled_from(["#206020", "#202060", "#606020"]))
    def edit_override(self, data, colour: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.overrides)))
        self.overrides[name] = self.overrides[name].rsplit("\nh1", 1)[0] + f"\nh1 {{ color: {colour}; }}\n"
        self._write_overrides()
        self._age()

    @precondition(lambda self: self.overrides)
    @rule(data=st.data())
    def remove_override(self, data) -> None:
        del self.overrides[data.draw(st.sampled_from(sorted(self.overrides)))]
        self._write_overrides()
        self._age()

    @rule(labels=st.sampled_from([{}, {"field_name": "Pupil"}, {"field_name": "Learner", "contents": "In here"}]))
    def change_labels(self, labels: dict) -> None:
        self.config["labels"] = labels
        self._write_config()
        self._age()

    @rule(editions=st.sampled_from([(), ("large-print",), ("support",)]))
    def change_editions(self, editions: tuple) -> None:
        self.config["editions"] = editions
        self._write_config()
        self._age()

    @rule(versions=st.sampled_from([1, 2]))
    def change_versions(self, versions: int) -> None:
        self.config["versions"] = versions
        self._write_config()
        self._age()

    @rule(outputs=st.sampled_from(OUTPUT_CHOICES), booklet=st.booleans())
    def change_outputs(self, outputs: tuple, booklet: bool) -> None:
        self.config["outputs"], self.config["booklet"] = outputs, booklet
        self._write_config()
        self._age()

    @rule(lang=st.sampled_from(["en", "fr", "de"]))
    def change_lang(self, lang: str) -> None:
        self.config["lang"] = lang
        self._write_config()
        self._age()

    @rule(data=st.data())
    def edit_docx_by_hand(self, data) -> None:
        """The teacher opens a Word file docgen wrote, changes it and saves it."""
        docx = sorted(p for p in (self.root / "output").rglob("*.docx") if not is_edited(p.name)) \
            if (self.root / "output").is_dir() else []
        if not docx:
            return
        path = data.draw(st.sampled_from(docx))
        text = f"edited by hand, step {self.builds}".encode()
        path.write_bytes(path.read_bytes() + text)
        self.edited[("output", path.relative_to(self.root / "output").as_posix())] = path.read_bytes()

    # --- builds ------------------------------------------------------------------------------------

    @rule()
    def build(self) -> None:
        self._build([])

    @rule(data=st.data())
    def build_only(self, data) -> None:
        chosen = self._outputs()
        only = data.draw(st.lists(st.sampled_from(chosen), min_size=1, max_size=2, unique=True))
        self._build(["--only", ",".join(only)])

    @rule()
    def build_elsewhere(self) -> None:
        self._build(["--out", "other-out"], folder="other-out")

    @rule(roster=st.sampled_from(["roster-a.csv", "roster-b.csv"]))
    def build_with_roster(self, roster: str) -> None:
        self._build(["--roster", roster])

    @rule()
    def build_with_broken_roster(self) -> None:
        before = files_of(self.root / "output")
        code, out, err = run_docgen(["build", "--jobs", "1", "--roster", "broken.csv"], self.root)
        assert code == 1 and "the roster has no name column" in err, out + err
        assert files_of(self.root / "output") == before, "a refused build changed the output folder"

    @rule(after=st.floats(min_value=0.0, max_value=4.0))
    def kill_build(self, after: float) -> None:
        """SIGKILL a real build process at a random moment: the next build must finish the job."""
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        process = subprocess.Popen([sys.executable, "-m", "docgen", "build", "--jobs", "1"], cwd=self.root,
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(after)
        process.send_signal(signal.SIGKILL)
        process.wait()
        self._check_hand_edits("output")
        for key in [key for key in self.packs if key[0] == "output"]:
            if not (self.root / "output" / key[1] / "class-pack.pdf").is_file():
                del self.packs[key]  # the killed build may have removed it, its worksheet having changed

    # --- what every build must give ---------------------------------------------------------------

    def _outputs(self) -> list[str]:
        from docgen.registry import DEFAULT_OUTPUTS

        return [name for item in self.config["outputs"]
                for name in (DEFAULT_OUTPUTS if item == "default" else (item,))]

    def _build(self, options: list[str], folder: str = "output") -> None:
        self.builds += 1
        self.last_step_built = True
        target = self.root / folder
        before = files_of(target)
        args = ["build", "--jobs", "1", *options]
        code, out, err = run_docgen(args, self.root)
        assert code == 0, f"docgen {' '.join(args)}: {out}{err}"
        after = files_of(target)
        for name in set(before) & set(after):  # files with the same bytes were not written again
            if before[name][0] == after[name][0]:
                assert before[name][1:] == after[name][1:], f"{folder}/{name} was written again, the same bytes"
        clean = self._clean_build(args, folder)
        partial = "--only" in options
        ours = {name: data[0] for name, data in after.items() if not is_edited(name)}
        for name, data in clean.items():
            assert name in ours, f"{folder}/{name}: a clean build makes it, this one did not ({options})"
            assert ours[name] == data, f"{folder}/{name} differs from a clean build's ({options})"
        self._check_packs(folder, after, clean, options)
        if not partial:
            extra = sorted(name for name in set(ours) - set(clean) if not is_pack(name))
            assert not extra, f"{folder}: files a clean build does not make: {extra} ({options})"
        self._check_hand_edits(folder)

    def _clean_build(self, args: list[str], folder: str) -> dict[str, bytes]:
        """The same build into a fresh output folder: no manifest, no no-op record, no old files.
        (The same project folder: a PDF names each picture by its file's URL.)"""
        fresh = Path(tempfile.mkdtemp(prefix="clean-", dir=self.root))
        try:
            options = [arg for arg in args if arg not in ("--out", "other-out")]
            code, out, err = run_docgen([*options, "--out", str(fresh)], self.root)
            assert code == 0, f"clean docgen {' '.join(args)}: {out}{err}"
            return {name: data[0] for name, data in files_of(fresh).items()}
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    def _check_packs(self, folder: str, after: dict, clean: dict, options: list[str]) -> None:
        """A class pack stays while its worksheet files are the ones it was drawn from."""
        outputs = options[options.index("--only") + 1].split(",") if "--only" in options else self._outputs()
        for slug in self.topics:
            key, name = (folder, slug), f"{slug}/class-pack.pdf"
            if "--roster" in options:
                if name in clean:
                    self.packs[key] = (clean[name], worksheet_files(after, slug))
                continue
            if key not in self.packs:
                assert name not in after or name in clean, f"{folder}/{name}: a class pack nobody asked for"
                continue
            pack, sheet = self.packs[key]
            if "worksheet" in outputs and worksheet_files(after, slug) != sheet:
                assert name not in after, f"{folder}/{name} was kept, but its worksheet changed"
                del self.packs[key]
            else:
                assert name in after and after[name][0] == pack, f"{folder}/{name} went, or changed"
        for key in [key for key in self.packs if key[0] == folder and key[1] not in self.topics]:
            assert f"{key[1]}/class-pack.pdf" not in after, "the class pack of a deleted topic stayed"
            del self.packs[key]

    def _check_hand_edits(self, folder: str) -> None:
        """What a teacher wrote is still there: in its place, or kept as NAME (edited).EXT."""
        for (where, name), data in self.edited.items():
            if where != folder:
                continue
            path = self.root / folder / name
            stem, _, suffix = path.name.partition(".")
            candidates = [path, *path.parent.glob(f"{stem} (edited*).{suffix}")]
            assert any(p.is_file() and p.read_bytes() == data for p in candidates), f"{name}: the teacher's edit is lost"


def _every_kind_of_step(machine: TeacherWorkflow) -> None:
    """One walk through every kind of step, in an order where each one matters."""
    class Fixed:  # stands for hypothesis's `data`: always the first topic, or a given value
        def __init__(self, *values):
            self.values = list(values)

        def draw(self, strategy):
            return self.values.pop(0)

    machine.build()
    machine.build()  # nothing changed: the no-op record is written, and answers the next one
    machine.build_with_roster("roster-a.csv")  # not the same request: the class packs are made
    machine.edit_heading(Fixed("one", "Where it is"))
    machine.build()  # the handout alone; the class pack stays
    machine.build_with_roster("roster-b.csv")
    machine.build_with_broken_roster()
    machine.edit_docx_by_hand(Fixed(sorted((machine.root / "output").rglob("worksheet.docx"))[0]))
    machine.edit_question(Fixed("one", "Say why."))
    machine.build()  # the worksheet changed: the teacher's copy kept, the class pack gone
    machine.create_override("handout.css")  # the templates folder did not exist at the last build
    machine.build()
    machine.edit_picture(Fixed("one", COLOURS[2]))
    machine.build_only(Fixed(["handout"]))
    machine.edit_override(Fixed("handout.css"), "#202060")
    machine.edit_definition(Fixed("two", "Letter one."))
    machine.change_labels({"field_name": "Pupil"})
    machine.build()
    machine.create_override("custom.css")
    machine.remove_override(Fixed("handout.css"))
    machine.add_topic()
    machine.rename_topic(Fixed("two"))
    machine.change_editions(("large-print",))
    machine.change_versions(2)
    machine.build_elsewhere()
    machine.delete_topic(Fixed("one"))
    machine.change_lang("fr")
    machine.change_outputs(("handout", "quizlet"), True)
    machine.kill_build(1.5)
    machine.build()
    machine.change_outputs(("worksheet", "answers", "moodle"), False)
    machine.build()


def test_every_kind_of_step_keeps_the_incremental_build_equal_to_a_clean_one():
    machine = TeacherWorkflow()
    try:
        _every_kind_of_step(machine)
    finally:
        machine.teardown()


@pytest.mark.skipif(EXAMPLES < 1, reason="DOCGEN_MODEL_EXAMPLES=0")
def test_random_sequences_of_steps_keep_the_incremental_build_equal_to_a_clean_one():
    run_state_machine_as_test(TeacherWorkflow, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, database=None,
        suppress_health_check=list(HealthCheck)))
