"""The engine never writes or deletes outside its output folder, and no stale state outlives a build.

Issue 29 (a manifest or a slug pointing elsewhere, orphan workers, a save
during a build, watch looping on its own log, a worker that dies) and the
"stopping" part of issue 21: every way a build, a watch or a preview is
stopped ends all of its processes within 2 s, leaves no half-written file,
and the next build finishes the job.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given, settings, strategies as st
from pypdf import PdfReader

from conftest import EXAMPLE, MINIMAL, write_topic
from process_scan import alive_in_session, kill_all, survivors, workers

MANIFEST = Path("output/.docgen/manifest.json")
TOPIC_FILES = {"handout.pdf", "worksheet.docx", "worksheet.pdf", "answers.docx", "answers.pdf", "cheatsheet.pdf"}


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def docgen(project: Path, *args: str, **options) -> subprocess.Popen:
    """`docgen ARGS` in its own session, as a terminal would start it."""
    return subprocess.Popen([sys.executable, "-m", "docgen", *args], cwd=project, text=True,
                            start_new_session=True, **{"stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
                                                       **options})


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def forge(project: Path, manifest: dict) -> None:
    """Write a manifest as a project received from elsewhere carries it (with no no-op record
    of this machine: the next build is a real one)."""
    (project / MANIFEST).write_text(json.dumps(manifest))
    (project / MANIFEST).with_name("noop.json").unlink(missing_ok=True)


def files_outside(root: Path, output: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_relative_to(output)}


# 1. A manifest read from disk is checked; removal spares a file whose bytes docgen did not write.

def test_a_manifest_naming_files_outside_the_output_folder_is_discarded(tmp_path, run_cli):
    project, victim = tmp_path / "project", tmp_path / "elsewhere" / "victim.txt"
    (project / "content").mkdir(parents=True)
    victim.parent.mkdir()
    victim.write_text("someone's file")
    write_topic(project, "one", MINIMAL)
    backup = project / "content" / "notes.yaml.bak"
    backup.write_text("the teacher's backup")
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    manifest = json.loads((project / MANIFEST).read_text())
    manifest["topics"]["../.."] = {"outputs": {"handout": {"key": "x", "files": [
        str(victim.relative_to(tmp_path)), str(victim)]}}}
    manifest["topics"]["../content"] = {"outputs": {"handout": {"key": "x", "files": ["notes.yaml.bak"]}}}
    forge(project, manifest)
    before = files_outside(tmp_path, project / "output")
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 0, result.err
    assert files_outside(tmp_path, project / "output") == before
    lines = [line for line in result.err.splitlines() if "manifest.json" in line]
    assert len(lines) == 1 and "ignored" in lines[0] and "outside the output folder" in lines[0], result.err
    assert "1 built" in result.out  # the manifest was not trusted: the topic is built again
    assert "../content" not in json.loads((project / MANIFEST).read_text())["topics"]


@pytest.mark.parametrize("name", ["../one/handout.pdf", "/etc/hostname", "..", "", "a/../../b"])
def test_a_file_name_leaving_its_topic_folder_discards_the_manifest(project, run_cli, name):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    manifest = json.loads((project / MANIFEST).read_text())
    manifest["topics"]["gone"] = {"outputs": {"handout": {"key": "x", "files": [name]}}}
    forge(project, manifest)
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 0 and (project / "output" / "one" / "handout.pdf").is_file()
    assert sum("manifest.json" in line for line in result.err.splitlines()) == 1, result.err


def test_removal_spares_a_file_whose_bytes_docgen_did_not_write(project, run_cli):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    notes = project / "output" / "one" / "notes.txt"
    notes.write_text("the teacher's notes, put beside the handout")
    manifest = json.loads((project / MANIFEST).read_text())
    entry = manifest["topics"]["one"]["outputs"]["handout"]
    entry["files"].append("notes.txt")  # listed as docgen's (a manifest from elsewhere), bytes not docgen's
    entry["key"] = "stale"
    forge(project, manifest)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    assert notes.read_text() == "the teacher's notes, put beside the handout"
    (project / "content" / "one.yaml").unlink()  # the topic goes: its handout goes, the notes stay
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert not (project / "output" / "one" / "handout.pdf").exists(), result.out
    assert notes.is_file()


def test_links_in_the_output_folder_are_never_followed_out_of_it(tmp_path, run_cli):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "content").mkdir(parents=True)
    elsewhere.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("someone's file")
    write_topic(project, "one", MINIMAL)
    (project / "output" / ".docgen").mkdir(parents=True)
    (project / "output" / ".docgen" / "build.lock").symlink_to(victim)  # a lock file would empty it
    (project / "output" / "one").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert victim.read_text() == "someone's file"
    assert [p.name for p in elsewhere.iterdir()] == ["victim.txt"], "written through a link"
    assert result.code == 1 and "refusing to write outside the output folder" in result.err, result.err
    assert "Traceback" not in result.err


# 2. Slugs are safe names, checked where they are made.

@pytest.mark.parametrize("stem", ["..", ".", "...", "CON", "nul", "com1", "LPT9", "con.backup", "aux ",
                                  "topic.", "a\\b", "a:b", "tab\there", ".docgen", ".hidden"])
def test_an_unsafe_file_name_is_no_slug(stem):
    from docgen.content.errors import DocgenError
    from docgen.content.slug import topic_slug

    with pytest.raises(DocgenError) as error:
        topic_slug(Path("/p/content") / f"{stem}.yaml")
    assert "rename" in error.value.problems[0].hint


@pytest.mark.parametrize("stem", ["algebra", "logistics-vs-operations", "unit 3", "économie", "a.b", "console",
                                  "com10", "a..b"])
def test_a_plain_file_name_is_its_slug(stem):
    from docgen.content.slug import topic_slug

    assert topic_slug(Path("/p/content") / f"{stem}.yaml") == stem


@pytest.mark.parametrize("title, slug", [("CON", "con-topic"), ("Nul", "nul-topic"), ("COM1", "com1-topic"),
                                         ("...", "topic"), ("Con artists", "con-artists")])
def test_slugs_made_from_titles_are_safe(title, slug):
    from docgen.content.slug import topic_slug
    from docgen.scaffold import slugify  # `docgen new TITLE` and `docgen import` name files with it

    assert slugify(title) == slug
    assert topic_slug(Path(f"{slug}.yaml")) == slug


def test_a_dots_only_content_file_cannot_write_in_the_project_folder(project, run_cli):
    (project / "handout.pdf").write_bytes(b"the teacher's own handout")
    write_topic(project, "..", MINIMAL)  # content/...yaml: its stem is ".."
    write_topic(project, "fine", MINIMAL)
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert result.code == 1
    assert 'content/...yaml: the file name ".." cannot name a topic' in result.err, result.err
    assert (project / "handout.pdf").read_bytes() == b"the teacher's own handout"
    assert "Traceback" not in result.err


# 3. Workers die with their build; a killed build's work never lands over a later build's.

def _topics(project: Path, count: int, text: str = "Logistics vs") -> None:
    for i in range(count):
        write_topic(project, f"t{i}", MINIMAL.replace("Logistics vs", f"{text} {i}"))


@contextmanager
def busy_build(project: Path) -> Iterator[subprocess.Popen]:
    """`docgen build --jobs 2` on four topics, once both workers are building one; nothing
    of it outlives the test."""
    _topics(project, 4)
    build = docgen(project, "build", "--jobs", "2")
    try:
        wait_for(lambda: len(workers(build.pid, build.pid)) == 2, 60, "two workers")
        time.sleep(1.0)
        yield build
    finally:
        kill_all(build.pid)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_build_leaves_no_worker_and_no_late_write(project, run_cli, how):
    with busy_build(project) as build:
        build.send_signal(how)  # `kill PID`, as a user or a system would: the build only, not its group
        build.wait(timeout=10)
        assert survivors(build.pid, 2.0) == {}
        build.communicate(timeout=10)
    assert not list((project / "output").rglob("*.tmp")), "a temporary file was left behind"
    _topics(project, 4, "Edited")  # the teacher edits and builds again
    again = run_cli(["build", "--jobs", "1"], project)
    assert again.code == 0, again.err
    time.sleep(2)  # what an orphan of the killed build would still write, it would have written by now
    for i in range(4):
        assert f"Edited {i}" in pdf_text(project / "output" / f"t{i}" / "handout.pdf")


def test_a_worker_writes_nothing_once_its_build_has_lost_the_lock(project, monkeypatch):
    from docgen.engine.lock import build_lock
    from docgen.engine.runner import BuildRequest, build_topic
    from docgen.project import load_project

    path = write_topic(project, "one", MINIMAL)
    request = BuildRequest(load_project(project), ["cheatsheet"], project / "output", owner=os.getpid())
    result = build_topic(request, path)  # no build holds the lock: this one's build is gone
    assert result.status == "failed" and "stopped" in result.problems[0].message
    assert not (project / "output" / "one").exists()
    with build_lock(project / "output"):
        assert build_topic(request, path).status == "built"


# 4. A file saved during a build is not recorded as up to date.

def test_a_file_saved_during_a_build_is_built_next_time(project, run_cli, monkeypatch):
    from docgen.engine import runner, stamps

    monkeypatch.setattr(stamps, "RACY_NS", 50_000_000)  # time stamps 50 ms old are trusted
    path = write_topic(project, "one", MINIMAL)
    time.sleep(0.1)
    render = runner.build_topic

    def saved_while_rendering(*args, **kwargs):
        result = render(*args, **kwargs)
        path.write_text(MINIMAL.replace("Logistics vs", "Saved during the build"))
        time.sleep(0.2)  # the rest of a long build
        return result

    monkeypatch.setattr(runner, "build_topic", saved_while_rendering)
    assert run_cli(["build", "--only", "handout", "--jobs", "1"], project).code == 0
    monkeypatch.setattr(runner, "build_topic", render)
    result = run_cli(["build", "--only", "handout", "--jobs", "1"], project)
    assert "1 built" in result.out, result.out
    assert "Saved during the build" in pdf_text(project / "output" / "one" / "handout.pdf")


def test_the_digest_cache_keeps_the_time_stamp_seen_before_reading(tmp_path, monkeypatch):
    from docgen.engine import plan, stamps

    monkeypatch.setattr(stamps, "RACY_NS", 0)
    file = tmp_path / "topic.yaml"
    file.write_text("first")
    os.utime(file, ns=(10**18, 10**18))
    reading = Path.read_bytes

    def saved_while_read(self):
        data = reading(self)
        self.write_text("second, longer")
        return data

    monkeypatch.setattr(Path, "read_bytes", saved_while_read)
    digests = plan.Digests({})
    digests(file)
    monkeypatch.setattr(Path, "read_bytes", reading)
    # What was cached (if anything) must not pair the new time stamp with the old bytes.
    assert digests(file) == plan.hashlib.sha256(b"second, longer").hexdigest()


# 5. `docgen watch > watch.log` in the project does not rebuild forever.

def test_watch_writing_its_log_in_the_project_does_not_loop(project):
    write_topic(project, "one", MINIMAL.replace("subject: Business Studies",
                                                "subject: Business Studies\nsections:\n  - heading: Map\n"
                                                "    body: Where things are.\n    image: map.png\n    alt: a map"))
    picture = project / "content" / "map.png"
    from PIL import Image

    Image.new("RGB", (300, 200), "white").save(picture)
    log = project / "watch.log"
    with log.open("w") as stream:
        watch = docgen(project, "watch", "--only", "handout", "--jobs", "1", stdout=stream,
                       stderr=subprocess.STDOUT)
        try:
            passes = lambda: log.read_text().count("watching for changes")  # noqa: E731
            wait_for(lambda: passes() == 1, 90, "the first build")
            time.sleep(3)
            assert passes() == 1, log.read_text()
            (project / "notes.txt").write_text("not an input")
            time.sleep(2)
            assert passes() == 1, log.read_text()
            Image.new("RGB", (300, 200), "gray").save(picture)  # a picture the topic names is an input
            wait_for(lambda: passes() == 2, 60, "a rebuild after the picture changed")
            time.sleep(2)
            assert passes() == 2, log.read_text()
        finally:
            watch.send_signal(signal.SIGINT)
            watch.communicate(timeout=30)
            kill_all(watch.pid)


def test_watch_sees_every_kind_of_input(project):
    import shutil

    from docx import Document

    from docgen.watch import Inputs

    (project / "fonts").mkdir()
    shutil.copy(next((Path(__file__).parent.parent / "templates" / "fonts").glob("*.ttf")),
                project / "fonts" / "body.ttf")
    Document().save(project / "ref.docx")
    (project / "docgen.yaml").write_text("course: C\nfonts:\n  serif: fonts/body.ttf\nreference_docx: ref.docx\n")
    write_topic(project, "one", MINIMAL.replace("subject: Business Studies",
                                                "subject: Business Studies\nsections:\n  - heading: Map\n"
                                                "    body: Where.\n    image: ../pictures/map.png\n    alt: a map"))
    inputs = Inputs(project, project / "output", [])
    for name in ["docgen.yaml", "content/one.yaml", "content/new-topic.yml", "pictures/map.png",
                 "templates/handout.html", "templates/custom.css", "fonts/body.ttf", "ref.docx"]:
        assert project / name in inputs, name
    for name in ["watch.log", "notes.txt", "output/one/handout.pdf", "content/.one.yaml.swp",
                 "content/one.yaml~", "pictures/other.png"]:
        assert project / name not in inputs, name


# 6. A worker that dies costs only its topic.

def test_a_worker_killed_by_the_system_costs_only_its_topic(project, run_cli):
    _topics(project, 3)
    build = docgen(project, "build", "--jobs", "2")
    try:
        wait_for(lambda: workers(build.pid, build.pid), 60, "a worker")
        time.sleep(1.0)
        os.kill(workers(build.pid, build.pid)[0], signal.SIGKILL)  # what the OOM killer does
        out, err = build.communicate(timeout=120)
    finally:
        kill_all(build.pid)
    assert build.returncode == 1, out + err
    assert "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("failed")]
    assert len(failed) == 1, err
    assert "the process building this topic was killed (SIGKILL" in err, err
    assert "3 topics: 2 built, 1 failed" in out, out
    again = run_cli(["build", "--jobs", "2"], project)
    assert again.code == 0 and "1 built, 2 up to date" in again.out, again.out + again.err


def test_the_pool_reports_the_task_whose_worker_died_and_runs_the_rest():
    from docgen.engine.pool import Died, WorkerPool

    pool = WorkerPool(2)
    try:  # the second task's worker is killed as the OOM killer would
        results = dict(pool.run([(abs, (-1,)), (signal.raise_signal, (signal.SIGKILL,)), (abs, (-3,)),
                                 (abs, (-4,))]))
    finally:
        pool.close()
    assert results == {0: 1, 1: Died(-signal.SIGKILL), 2: 3, 3: 4}
    assert results[1].reason() == "was killed (SIGKILL) (the system may have run out of memory)"
    assert Died(-signal.SIGSEGV).reason() == "was killed (SIGSEGV)"  # a crash in a C library


# Issue 21, item 6: stopping build, watch or preview ends every worker and leaves no partial file.

@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_stopping_a_build_ends_its_workers_at_once_and_the_next_build_finishes(project, run_cli, how):
    with busy_build(project) as build:
        stopped = time.monotonic()
        os.killpg(build.pid, how) if how == signal.SIGINT else build.send_signal(how)  # Ctrl-C / kill PID
        out, err = build.communicate(timeout=30)
        assert time.monotonic() - stopped < 3, "stopping took too long"
        assert survivors(build.pid, 2.0) == {}
    assert build.returncode == 128 + how, out + err
    assert "interrupted" in err and "Traceback" not in err, err
    output = project / "output"
    assert not [p for p in output.rglob("*") if p.name.startswith(".") and p.is_file()
                and ".docgen" not in p.parts], "a temporary file was left behind"
    again = run_cli(["build", "--jobs", "2"], project)
    assert again.code == 0, again.err
    for i in range(4):
        assert {p.name for p in (output / f"t{i}").iterdir()} == TOPIC_FILES


def test_ctrl_c_during_a_first_build_returns_quickly(project):
    for name in ("long-1", "long-2", "long-3", "long-4"):  # the example topic: seconds of layout each
        shutil.copy(EXAMPLE, project / "content" / f"{name}.yaml")
    build = docgen(project, "build", "--jobs", "2")
    try:
        wait_for(lambda: len(workers(build.pid, build.pid)) == 2, 60, "two workers")
        time.sleep(4.0)  # both are laying out their topic (earlier, a worker may still be starting)
        stopped = time.monotonic()
        os.killpg(build.pid, signal.SIGINT)
        build.communicate(timeout=30)
        assert time.monotonic() - stopped < 3
        assert survivors(build.pid, 2.0) == {}
    finally:
        kill_all(build.pid)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("command", ["watch", "preview"])
def test_stopping_watch_or_preview_ends_every_process(project, command, how):
    _topics(project, 3)
    args = ["watch", "--jobs", "2"] if command == "watch" else ["preview", "--no-browser", "--port", "0"]
    process = docgen(project, *args, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: workers(process.pid, process.pid), 60, "a worker")
        time.sleep(1.0)  # building
        os.killpg(process.pid, how) if how == signal.SIGINT else process.send_signal(how)  # Ctrl-C / kill PID
        out, _ = process.communicate(timeout=10)
        assert survivors(process.pid, 2.0) == {}
    finally:
        kill_all(process.pid)
    assert "Traceback" not in out, out
    assert not [p for p in (project / "output").rglob("*") if p.name.endswith(".tmp")]


# The fuzz test: whatever the manifest and the slugs say, nothing outside output/ changes.

# Everything lives deep inside one scratch folder: however many ".." a path climbs, or whatever
# absolute path it names, it stays in the folder the test compares (the tests may run as root).
SANDBOX = Path(tempfile.mkdtemp(prefix="docgen-fuzz-"))
DEEP = SANDBOX.joinpath(*[f"level{i}" for i in range(14)])


@pytest.fixture(scope="module", autouse=True)
def _no_sandbox_left():
    yield
    shutil.rmtree(SANDBOX, ignore_errors=True)


NAMES = st.sampled_from(["..", ".", "...", "../..", "../content", "", "one", "two", "CON", "nul.txt",
                         "handout.pdf", "one/handout.pdf", "../one", "x\\..\\..", "~", "outside",
                         "../outside/victim.txt", "../../outside/victim.txt", str(DEEP), str(DEEP / "project"),
                         str(DEEP / "outside" / "victim.txt"), str(SANDBOX)])
PATHS = st.one_of(NAMES, st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
                  st.lists(NAMES, min_size=1, max_size=4).map("/".join))
JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | PATHS,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(PATHS, inner, max_size=3),
                          max_leaves=8)
OUTPUT_ENTRY = st.fixed_dictionaries({"files": st.lists(PATHS, max_size=4)},
                                     optional={"key": st.text(max_size=3), "hashes": st.dictionaries(
                                         PATHS, st.text(max_size=64), max_size=3), "images": st.lists(PATHS)})
MANIFESTS = st.one_of(
    st.fixed_dictionaries({"format": st.just(2), "topics": st.dictionaries(
        PATHS, st.fixed_dictionaries({"outputs": st.dictionaries(st.sampled_from(
            ["handout", "worksheet", "class-pack", "other"]), OUTPUT_ENTRY, max_size=2)},
            optional={"content": PATHS}), max_size=4)}, optional={"files": JSON_VALUE}),
    JSON_VALUE)


@settings(max_examples=120)
@given(manifest=MANIFESTS, slug=PATHS)
def test_random_manifests_and_slugs_never_touch_anything_outside_the_output_folder(manifest, slug):
    from docgen.content.errors import DocgenError
    from docgen.content.slug import topic_slug
    from docgen.engine.runner import BuildRequest, build
    from docgen.engine.write import write_files
    from docgen.project import load_project

    for leftover in SANDBOX.iterdir():
        shutil.rmtree(leftover)
    root = DEEP
    project, output = root / "project", root / "project" / "output"
    for name in ["outside/victim.txt", "project/content/one.yaml", "project/content/notes.yaml.bak",
                 "project/handout.pdf", "project/one/handout.pdf"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"{name}, not docgen's")
    (project / "docgen.yaml").write_text("course: Fuzz\n")
    (output / ".docgen").mkdir(parents=True)
    (output / "one").mkdir()
    (output / "one" / "handout.pdf").write_text("a file in the output folder")
    (output / ".docgen" / "manifest.json").write_text(json.dumps(manifest))
    before = files_outside(SANDBOX, output)
    request = BuildRequest(load_project(project), ["handout"], output)
    # No content file: every topic and output the manifest lists is "gone" and its files removed.
    build(request, [], every_topic=True, every_output=True)
    try:
        made = topic_slug(project / "content" / f"{slug}.yaml")
    except DocgenError:
        pass
    else:
        write_files(output / made, {"handout.pdf": b"%PDF"}, root=output)
        assert (output / made).resolve().parent == output.resolve()
    assert files_outside(SANDBOX, output) == before
