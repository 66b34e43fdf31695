"""The build engine: incremental, deterministic, atomic, locked, sharded, watched."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import MINIMAL, write_topic
from docgen.engine.lock import build_lock
from docgen.engine.plan import in_shard
from docgen.engine.runner import BuildRequest, build_topic
from docgen.engine.write import write_files
from docgen.content.errors import DocgenError
from docgen.project import load_project


def built(result) -> set[str]:
    return {line.split()[1] for line in result.out.splitlines() if line.startswith("built ")}


@pytest.fixture
def two_topics(project):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL.replace("Logistics vs", "Transport vs"))
    return project


def test_each_kind_of_input_rebuilds_exactly_what_it_affects(two_topics, run_cli):
    build = ["build", "--only", "cheatsheet", "--jobs", "1"]
    assert built(run_cli(build, two_topics)) == {"content/one.yaml", "content/two.yaml"}
    assert built(run_cli(build, two_topics)) == set()
    # The content file: only its topic.
    path = two_topics / "content" / "one.yaml"
    path.write_text(path.read_text().replace("Part of", "Belongs to"))
    assert built(run_cli(build, two_topics)) == {"content/one.yaml"}
    # docgen.yaml: everything.
    (two_topics / "docgen.yaml").write_text("course: Another course\n")
    assert built(run_cli(build, two_topics)) == {"content/one.yaml", "content/two.yaml"}
    # A project template: everything.
    (two_topics / "templates").mkdir()
    (two_topics / "templates" / "custom.css").write_text("h1 { letter-spacing: 0.1em; }\n")
    assert built(run_cli(build, two_topics)) == {"content/one.yaml", "content/two.yaml"}
    # Asking for another output: everything.
    assert built(run_cli(["build", "--only", "handout", "--jobs", "1"], two_topics)) == {
        "content/one.yaml", "content/two.yaml"}
    # A deleted output file: its topic.
    (two_topics / "output" / "two" / "handout.pdf").unlink()
    assert built(run_cli(["build", "--only", "handout", "--jobs", "1"], two_topics)) == {"content/two.yaml"}


def test_an_image_change_rebuilds_its_topic(project, run_cli):
    png = project / "content" / "figure.png"
    from PIL import Image  # Pillow comes with WeasyPrint

    Image.new("RGB", (40, 20), "white").save(png)
    write_topic(project, "pictured", MINIMAL + """
sections:
  - heading: A figure
    body: See the figure.
    image: figure.png
    alt: A white rectangle
""")
    write_topic(project, "plain", MINIMAL)
    build = ["build", "--only", "handout", "--jobs", "1"]
    assert len(built(run_cli(build, project))) == 2
    Image.new("RGB", (40, 20), "black").save(png)
    assert built(run_cli(build, project)) == {"content/pictured.yaml"}


def test_rebuilds_are_byte_identical(project, run_cli):
    write_topic(project, "one", MINIMAL)
    assert run_cli(["build", "--jobs", "1"], project).code == 0
    folder = project / "output" / "one"
    first = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert run_cli(["build", "--jobs", "1", "--force"], project).code == 0
    second = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert first.keys() == second.keys() and len(first) == 6
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"


def test_a_failed_write_leaves_the_old_files(tmp_path):
    write_files(tmp_path, {"a.pdf": b"old a", "b.pdf": b"old b"})

    class Exploding(dict):
        def items(self):
            yield "a.pdf", b"new a"
            raise OSError(28, "No space left on device", "b.pdf")

    with pytest.raises(DocgenError) as caught:
        write_files(tmp_path, Exploding())
    assert "No space left on device" in str(caught.value)
    assert (tmp_path / "a.pdf").read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]  # no temp files left


def test_one_outputs_failure_costs_only_that_output(project, run_cli):
    rows = "\n".join(f"    - aspect: Row {i}\n      values: [{'long text ' * 12}, {'other text ' * 12}]"
                     for i in range(60))
    write_topic(project, "huge", MINIMAL.split("compare:")[0] + "compare:\n  items: [A, B]\n  rows:\n"
                + rows + "\n" + "questions:" + MINIMAL.split("questions:")[1])
    result = run_cli(["build", "--jobs", "1"], project)
    assert result.code == 1
    folder = project / "output" / "huge"
    assert {p.name for p in folder.iterdir()} == {
        "handout.pdf", "worksheet.docx", "worksheet.pdf", "answers.docx", "answers.pdf"}
    assert "failed  content/huge.yaml (cheatsheet)" in result.err
    assert "content/huge.yaml: cheatsheet: the content needs" in result.err
    assert "cheatsheet: cheatsheet" not in result.err
    assert "1 topic: 1 failed; 5 files written" in result.out
    # The failed output is tried again next time; the others are up to date.
    again = run_cli(["build", "--jobs", "1", "--verbose"], project)
    assert again.code == 1 and "0 files written" in again.out


def test_a_topic_over_the_time_limit_fails_and_the_build_goes_on(project, monkeypatch):
    write_topic(project, "slow", MINIMAL)
    from docgen.registry import OutputSpec, registry

    def slow(job):
        time.sleep(5)
        return {}

    monkeypatch.setitem(registry().outputs, "handout", OutputSpec("handout", slow))
    request = BuildRequest(load_project(project), ["handout"], project / "output", time_limit=0.3)
    started = time.perf_counter()
    result = build_topic(request, project / "content" / "slow.yaml")
    assert time.perf_counter() - started < 2
    assert result.status == "failed"
    assert "took longer than 0.3 s" in result.problems[0].message


def test_a_second_build_waits_for_the_first(tmp_path):
    events: list[str] = []
    with build_lock(tmp_path):
        def second():
            with build_lock(tmp_path, on_wait=lambda: events.append("waiting")):
                events.append("second got the lock")

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        events.append("first done")
    thread.join(5)
    assert events == ["waiting", "first done", "second got the lock"]


def test_shards_partition_the_topics():
    slugs = [f"topic-{i}" for i in range(200)]
    shares = [[s for s in slugs if in_shard(s, k, 4)] for k in range(1, 5)]
    assert sorted(sum(shares, [])) == sorted(slugs)
    assert all(25 <= len(share) <= 75 for share in shares)


def test_shard_option_builds_only_its_share(project, run_cli):
    for i in range(6):
        write_topic(project, f"t{i}", MINIMAL)
    outputs = set()
    for k in (1, 2):
        result = run_cli(["build", "--only", "cheatsheet", "--shard", f"{k}/2", "--jobs", "1"], project)
        assert result.code == 0
        share = built(result)
        assert not share & outputs
        outputs |= share
    assert len(outputs) == 6
    assert run_cli(["build", "--shard", "3/2"], project).code == 2


def test_quick_commands_do_not_import_the_renderers(project):
    write_topic(project, "one", MINIMAL)
    code = ("import sys; from docgen.cli import main; "
            "status = main(sys.argv[1:]); "
            "heavy = [m for m in ('weasyprint', 'docx') if m in sys.modules]; "
            "print('HEAVY', heavy); raise SystemExit(status)")
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, *args], cwd=project, capture_output=True,
                              text=True, check=False)

    first = run("build", "--only", "cheatsheet")
    assert "HEAVY ['weasyprint']" in first.stdout, first.stdout + first.stderr  # it did render
    # The same build again is a no-op: nothing rendered, nothing heavy imported.
    noop = run("build", "--only", "cheatsheet", "--verbose")
    assert "(up to date)" in noop.stdout and "HEAVY []" in noop.stdout, noop.stdout + noop.stderr
    assert "HEAVY []" in run("check").stdout
    help_ = subprocess.run([sys.executable, "-c", "import sys; from docgen.cli import main\n"
                            "try: main(['--help'])\nexcept SystemExit: pass\n"
                            "print('HEAVY', [m for m in ('weasyprint', 'docx') if m in sys.modules])"],
                           capture_output=True, text=True, check=False)
    assert "HEAVY []" in help_.stdout


def test_init_and_new(tmp_path, run_cli):
    assert run_cli(["init", "course"], tmp_path).code == 0
    course = tmp_path / "course"
    for name in ("docgen.yaml", "content/example-topic.yaml", "templates/README.md", ".gitignore",
                 ".vscode/settings.json", "content-format.schema.json"):
        assert (course / name).is_file(), name
    assert run_cli(["new", "Weather vs. Climate!"], course).code == 0
    assert (course / "content" / "weather-vs-climate.yaml").is_file()
    again = run_cli(["new", "Weather vs Climate"], course)
    assert again.code == 1 and "already exists" in again.err
    result = run_cli(["check"], course)
    assert result.code == 0, result.err
    assert "2 topics checked: 2 ok\n" in result.out


def test_watch_rebuilds_on_save_and_stops_on_ctrl_c(project):
    path = write_topic(project, "watched", MINIMAL)
    target = project / "output" / "watched" / "cheatsheet.pdf"
    process = subprocess.Popen([sys.executable, "-m", "docgen", "watch", "--only", "cheatsheet", "--jobs", "1"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    def output_so_far() -> str:
        process.kill()
        return process.communicate(timeout=10)[0]

    try:
        _wait_for(lambda: target.is_file(), 60, output_so_far)
        first = target.stat().st_mtime_ns
        time.sleep(0.5)
        path.write_text(MINIMAL.replace("Part of", "Belongs to"))
        _wait_for(lambda: target.stat().st_mtime_ns != first, 60, output_so_far)
        path.write_text(MINIMAL.replace("answer: true", "answer: perhaps"))  # an error: keeps running
        time.sleep(2)
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "question 1 (questions[0].answer): must be true or false" in output
    assert "Traceback" not in output
    assert "KeyboardInterrupt" not in output and output.rstrip().endswith("stopped watching"), output


def _wait_for(condition, seconds: float, explain) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out; docgen watch printed:\n" + explain())


def test_ctrl_c_stops_cleanly_and_leaves_only_complete_files(project):
    for i in range(8):
        write_topic(project, f"t{i}", MINIMAL)
    process = subprocess.Popen([sys.executable, "-m", "docgen", "build", "--jobs", "2"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    output = project / "output"
    _wait_for(lambda: any(output.glob("*/handout.pdf")), 60, lambda: "no output appeared")
    os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, out + err
    assert "interrupted" in err and "Traceback" not in err
    assert not list(output.rglob("*.tmp")), "a temporary file was left behind"
    built = [folder for folder in output.iterdir() if folder.is_dir() and folder.name != ".docgen"]
    assert len(built) < 8
    for folder in built:  # every topic written is complete
        assert {p.name for p in folder.iterdir()} == {
            "handout.pdf", "worksheet.docx", "worksheet.pdf", "answers.docx", "answers.pdf", "cheatsheet.pdf"}


def test_an_unwritable_output_folder_is_a_clear_error(project, run_cli):
    write_topic(project, "one", MINIMAL)
    blocker = project / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run_cli(["build", "--only", "handout", "--jobs", "1", "--out", str(blocker)], project)
    assert result.code == 1
    assert "cannot write the output folder: Not a directory" in result.err
    assert "Traceback" not in result.err


def _age(root, seconds: float = 60) -> None:
    """Make every file and folder look last changed a while ago (time stamps a no-op record trusts)."""
    stamp = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        os.utime(path, (stamp, stamp))


def test_a_no_op_build_answers_without_loading_docgen(project):
    write_topic(project, "one", MINIMAL)
    write_topic(project, "two", MINIMAL)
    code = ("import sys; from docgen.cli import main; status = main(sys.argv[1:]); "
            "print('LOADED', [m for m in ('pydantic', 'jinja2', 'weasyprint', 'docx') if m in sys.modules]); "
            "raise SystemExit(status)")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, "build", "--jobs", "1", *args], cwd=project,
                              capture_output=True, text=True, check=False)

    _age(project)
    assert run().returncode == 0
    noop = run()
    assert "2 topics: 2 up to date; 0 files written" in noop.stdout and "LOADED []" in noop.stdout, noop.stdout
    # Another request is not the same no-op: it is decided by a real build.
    assert "LOADED ['pydantic'" in run("--only", "handout").stdout
    # Any change takes the normal path: an edited file, a new file, a deleted output.
    path = project / "content" / "one.yaml"
    path.write_text(path.read_text().replace("moves and stores", "moves and keeps"))
    _age(project / "content", 30)
    assert "2 topics: 1 built, 1 up to date" in run().stdout
    assert "LOADED []" in run().stdout
    write_topic(project, "three", MINIMAL)
    _age(project / "content", 20)
    assert "3 topics: 1 built, 2 up to date" in run().stdout
    assert "LOADED []" in run().stdout
    (project / "output" / "two" / "answers.pdf").unlink()
    assert "3 topics: 1 built, 2 up to date" in run().stdout


def test_the_union_of_shards_is_the_full_build(project, run_cli, tmp_path_factory):
    for i in range(5):
        write_topic(project, f"t{i}", MINIMAL.replace("Logistics vs", f"Topic {i}, Logistics vs"))
    full, sharded = tmp_path_factory.mktemp("full"), tmp_path_factory.mktemp("sharded")
    assert run_cli(["build", "--jobs", "2", "--out", str(full)], project).code == 0
    for k in (1, 2, 3):  # each shard as a CI job would build it: its own output folder, then collected
        part = tmp_path_factory.mktemp(f"shard{k}")
        assert run_cli(["build", "--jobs", "1", "--shard", f"{k}/3", "--out", str(part)], project).code == 0
        shutil.copytree(part, sharded, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".docgen"))

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and ".docgen" not in p.parts}

    expected, got = files(full), files(sharded)
    assert len(expected) == 30 and expected.keys() == got.keys()
    for name in expected:
        assert expected[name] == got[name], f"{name} differs between the sharded and the full build"


@pytest.mark.parametrize("config, folder", [
    ("course: Physics\n", "output"), ("output: build\n", "build"), ("output: 'my output'  # note\n", "my output"),
    ('output: "out/pdf"\n', "out/pdf"), ("output: [a]\n", None), ("output:\n  build\n", None),
    ('"output": build\n', None), ("output: a\noutput: b\n", None), ('output: ""\n', None)])
def test_the_no_op_path_reads_the_output_folder_or_leaves_it_to_a_real_build(tmp_path, config, folder):
    from docgen.engine.noop import output_dir_of

    (tmp_path / "docgen.yaml").write_text(config)
    expected = (tmp_path / folder).resolve() if folder else None
    assert output_dir_of(tmp_path, None) == expected
