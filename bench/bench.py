"""Benchmark docgen against the physical limit, against pandoc + WeasyPrint, and itself.

Run by hand (not a test):  python bench/bench.py [--topics 12] [--runs 3] [--json FILE]

It generates a course of varied topics from the example, then, ``--runs``
times each (min and median reported side by side):

- per output: docgen's warm render time over the *physical limit*: the time
  WeasyPrint alone takes to lay out docgen's finished HTML once and write
  the same PDFs (stylesheets parsed once, as docgen does), plus python-docx
  alone opening and saving docgen's .docx files (one process, every topic,
  after a warm-up pass, docgen and limit passes interleaved);
- real `docgen build` processes: cold (--jobs 2), no-op, one question edited,
  handouts only; `docgen --help`; peak memory of the build and its workers
  together (sampled from /proc);
- pandoc (Markdown -> PDF with --pdf-engine=weasyprint, and -> .docx, two
  at a time) for the same topics, when pandoc is installed.

Exports: each of moodle, qti, anki, quizlet, flashcards and all five at once,
against the handouts of the same topics (--exports N).

Grading (--grade, alone): a 30-student class pack of a two-page scannable
worksheet, marked and degraded by tests/scan_synth.py; `docgen grade` of
its 60 pages at 200 dpi timed as a process; then the accuracy run, rounds
of fresh synthetic pages until --grade-pages: wrong readings reported as
sure (the target is 0), boxes read without review, unplaced pages.

Scaling (--scaling --topics 12 48 200 1000): a cold build of each size, per
topic, and the memory of the largest process; a course of more than 250
topics is built in shards of 250 (`docgen build --shard K/N`), as a CI
matrix would (docs/scaling.md).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "content" / "logistics-vs-operations.yaml"
OUTPUTS = ("handout", "worksheet", "answers", "cheatsheet")


def make_course(folder: Path, topics: int) -> list[dict]:
    """`topics` variations of the example: different lengths, items and questions."""
    base = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    rng = random.Random(topics)
    (folder / "content").mkdir(parents=True)
    (folder / "docgen.yaml").write_text("course: Benchmark course\nteacher: Bench\n")
    made = []
    for index in range(topics):
        topic = json.loads(json.dumps(base))
        topic["title"] = f"{base['title']} ({index + 1})"
        topic["sections"] = topic["sections"][: rng.randint(3, len(topic["sections"]))]
        rows = topic["compare"]["rows"]
        topic["compare"]["rows"] = rows[: rng.randint(3, len(rows))]
        topic["questions"] = topic["questions"][: rng.randint(8, len(topic["questions"]))]
        if index % 3 == 1:  # some three-item comparisons
            topic["compare"]["items"].append("Supply Chain Management")
            for row in topic["compare"]["rows"]:
                row["values"].append("Flows of goods, information and money between firms")
            for question in topic["questions"]:
                if question["type"] == "classify":
                    question["categories"] = topic["compare"]["items"][:2]
        topic["worksheet"] = {"shuffle": index % 2 == 0, "seed": index}
        path = folder / "content" / f"topic-{index:03d}.yaml"
        path.write_text(yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), "utf-8")
        made.append(topic)
    return made


def age(root: Path, seconds: float = 60) -> None:
    """Files as a teacher's project has them: last changed a while ago (see docgen/engine/noop.py)."""
    stamp = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        os.utime(path, (stamp, stamp))


TICK = os.sysconf("SC_CLK_TCK")


def _tree_sample(root_pid: int) -> tuple[int, dict[int, float], int]:
    """Resident memory (kB) of a process and all its descendants, each one's CPU seconds
    so far, and the resident memory of the largest one, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(entry)
        parents[pid] = int(stat[1])
        rss[pid] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        cpu[pid] = (int(stat[11]) + int(stat[12])) / TICK
    tree, grew = {root_pid}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return (sum(rss.get(pid, 0) for pid in tree), {pid: cpu[pid] for pid in tree if pid in cpu},
            max((rss.get(pid, 0) for pid in tree), default=0))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_process(command: list[str], cwd: Path, env: dict | None = None, ok: tuple[int, ...] = (0,)) -> dict:
    """Wall time, CPU time and peak memory of one command, all its processes together.

    CPU time, the steadier figure on a machine shared with other work: the
    kernel's count for the processes the command waited for (all of
    pandoc's), or the sum sampled from /proc every 20 ms, whichever is
    larger (docgen's workers are not waited for by the process started).
    """
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    peak = [0, 0]  # all processes together, the largest one
    seen: dict[int, float] = {}

    def sample() -> None:
        while process.poll() is None:
            rss, cpu, largest = _tree_sample(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], largest)
            seen.update(cpu)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    cpu = max(_children_cpu() - cpu_before, sum(seen.values()))
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{err}")
    return {"wall": wall, "cpu": cpu, "peak_mb": peak[0] / 1024, "process_peak_mb": peak[1] / 1024, "out": out}


def docgen(project: Path, *args: str) -> dict:
    return timed_process([sys.executable, "-m", "docgen", *args], project)


# --- per output: docgen against WeasyPrint and python-docx alone -----------------------------

def output_times(root: Path, runs: int) -> dict:
    """In this process: each output's warm render time, and the physical limit for the same files.

    The worksheet and its key are one layout painted twice: the worksheet
    is timed from a fresh job (it lays out), the key right after it in the
    same job, as a build makes them (it paints the same layout again). The
    key's limit is therefore its PDF writes alone, plus its .docx files.
    """
    import docx

    import docgen.render.writers.html.printer as pdf
    from docgen.content.reader import read_topic
    from docgen.project import load_project
    from docgen.registry import get_output
    from docgen.render.job import RenderJob

    project = load_project(root)
    topics = [read_topic(path, root) for path in sorted((root / "content").glob("*.yaml"))]
    laid_out: dict[int, tuple[str, Path]] = {}
    written: list[tuple[object, str, Path]] = []
    real_layout, real_write = pdf.layout, pdf.write_pdf

    def layout(html, base_url, project_root, tagged=True):
        document = real_layout(html, base_url, project_root, tagged)
        laid_out[id(document)] = (html, base_url)
        return document

    def write_pdf(document, identifier):
        written.append((document, *laid_out[id(document)]))
        return real_write(document, identifier)

    pdf.layout, pdf.write_pdf = layout, write_pdf
    results = {}
    for name in OUTPUTS:
        spec = get_output(name)
        before = get_output("worksheet") if name == "answers" else None  # lays out what the key paints

        def docgen_pass() -> tuple[list[bytes], float, list]:
            """Every topic's .docx files of the output, the CPU time taken, and the PDFs written
            (document, HTML, base URL)."""
            files, seconds, pages = [], 0.0, []
            for topic in topics:
                job = RenderJob(topic, project)
                if before is not None:
                    before.render(job)
                written.clear()
                started = time.process_time()
                made = spec.render(job)
                seconds += time.process_time() - started
                files += [data for file, data in made.items() if file.endswith(".docx")]
                pages.extend(written)
            return files, seconds, pages

        docxs, _, documents = docgen_pass()  # warm-up: fonts, templates, caches

        def limit_pass() -> None:
            """The same PDFs from the finished HTML (one layout each, stylesheets parsed once,
            as docgen does; the key's only written), and the same .docx files opened and
            saved by python-docx."""
            for document, html, base_url in documents:
                real_write(document if name == "answers" else real_layout(html, base_url, root), "limit")
            for data in docxs:
                docx.Document(io.BytesIO(data)).save(io.BytesIO())

        limit_pass()
        docgen_times, limit_times = [], []
        for _ in range(runs):  # interleaved, so that a busy moment of the machine hits both alike
            docgen_times.append(docgen_pass()[1])  # CPU time: steadier than wall time on a shared machine
            started = time.process_time()
            limit_pass()
            limit_times.append(time.process_time() - started)
        results[name] = {"docgen": docgen_times, "limit": limit_times}
        laid_out.clear()
    pdf.layout, pdf.write_pdf = real_layout, real_write
    return results


# --- pandoc ----------------------------------------------------------------------------------

def pandoc_markdown(topic: dict) -> str:
    """The handout as Markdown, the way a teacher would write it for pandoc."""
    lines = [f"# {topic['title']}", "", topic.get("summary", ""), ""]
    for section in topic.get("sections", []):
        lines += [f"## {section['heading']}", "", section["body"], ""]
    compare = topic["compare"]
    lines += ["## Comparison", "", "| Aspect | " + " | ".join(compare["items"]) + " |",
              "|---" * (len(compare["items"]) + 1) + "|"]
    for row in compare["rows"]:
        cells = [" ".join(str(v or "—").split()) for v in row["values"]]
        lines.append(f"| {row['aspect']} | " + " | ".join(cells) + " |")
    lines += ["", "## Key terms", ""]
    lines += [f"**{t['term']}**: {t['definition']}\n" for t in topic.get("terms", [])]
    lines += ["## Questions", ""]
    for number, question in enumerate(topic.get("questions", []), 1):
        text = question.get("prompt") or question.get("statement") or question.get("text")
        lines.append(f"{number}. {' '.join(str(text).split())}")
    return "\n".join(lines) + "\n"


def run_pandoc(project: Path, topics: list[dict]) -> dict | None:
    if not shutil.which("pandoc"):
        return None
    folder = project / "pandoc"
    folder.mkdir(exist_ok=True)
    for index, topic in enumerate(topics):
        (folder / f"t{index:03d}.md").write_text(pandoc_markdown(topic), "utf-8")
    weasyprint = Path(sys.executable).with_name("weasyprint")
    env = {**os.environ, "PATH": f"{weasyprint.parent}:{os.environ['PATH']}"}
    pdf = timed_process(["bash", "-c", "ls *.md | xargs -P 2 -I{} pandoc {} -s --pdf-engine=weasyprint "
                                       "-o {}.pdf"], folder, env)
    docx = timed_process(["bash", "-c", "ls *.md | xargs -P 2 -I{} pandoc {} -o {}.docx"], folder, env)
    return {"pdf": pdf["wall"], "docx": docx["wall"], "pdf_cpu": pdf["cpu"], "docx_cpu": docx["cpu"]}


# --- the runs --------------------------------------------------------------------------------

def measure(topics: int, runs: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"docgen-bench-{topics}-"))
    made = make_course(root, topics)
    age(root)
    report: dict = {"topics": topics, "runs": []}
    question = root / "content" / "topic-000.yaml"
    original = question.read_text("utf-8")
    for run in range(runs):
        figures: dict = {}
        question.write_text(original, "utf-8")
        age(root / "content")
        cold = docgen(root, "build", "--jobs", "2", "--force", "--quiet")
        figures["cold"], figures["cold_cpu"], figures["peak_mb"] = cold["wall"], cold["cpu"], cold["peak_mb"]
        docgen(root, "build", "--jobs", "2", "--quiet")  # a no-op through the full path: records it
        figures["noop"] = docgen(root, "build", "--jobs", "2", "--quiet")["wall"]
        question.write_text(original.replace("statement: ", "statement: Indeed, ", 1), "utf-8")
        age(root / "content", 30)
        edit = docgen(root, "build", "--jobs", "2", "--quiet")
        assert "4 files written" in edit["out"], edit["out"]
        figures["edit_question"] = edit["wall"]
        handouts = docgen(root, "build", "--jobs", "2", "--force", "--quiet", "--only", "handout")
        figures["handouts"], figures["handouts_cpu"] = handouts["wall"], handouts["cpu"]
        figures["help"] = timed_process([sys.executable, "-m", "docgen", "--help"], root)["wall"]
        figures["version"] = timed_process([sys.executable, "-m", "docgen", "--version"], root)["wall"]
        figures["python"] = timed_process([sys.executable, "-c", "pass"], root)["wall"]
        # A worker's start: WeasyPrint imported plainly, and the way docgen imports it.
        figures["import_plain"] = timed_process([sys.executable, "-c", "import weasyprint"], root)["wall"]
        figures["import_docgen"] = timed_process([sys.executable, "-c", "import docgen.render.writers.html.printer"],
                                                 root)["wall"]
        pandoc = run_pandoc(root, made)
        if pandoc:
            figures.update({f"pandoc_{key}": value for key, value in pandoc.items()})
        report["runs"].append(figures)
    inner = subprocess.run([sys.executable, __file__, "--outputs-of", str(root), "--runs", str(runs)],
                           capture_output=True, text=True, check=True)
    report["outputs"] = json.loads(inner.stdout)
    shutil.rmtree(root)
    return report


def _spread(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def _ratio(top: list[float], bottom: list[float]) -> tuple[float, float]:
    """Min over min and median over median: each min is the run least disturbed by
    whatever else the machine was doing."""
    return min(top) / min(bottom), statistics.median(top) / statistics.median(bottom)


def print_report(report: dict) -> None:
    runs = report["runs"]

    def both(key: str) -> tuple[float, float]:
        return _spread([run[key] for run in runs])

    def ratio(numerator: str, denominator) -> tuple[float, float]:
        return _ratio([run[numerator] for run in runs], [denominator(run) for run in runs])

    def line(label: str, pair: tuple[float, float], unit: str = "s", target: str = "") -> None:
        low, mid = pair
        number = "{:.3f}" if unit == "" else "{:.2f}"
        text = f"{label:<44} {number.format(low):>8} {number.format(mid):>8} {unit:<3}"
        print(text + (f"  target {target}" if target else ""))

    print(f"\n== {report['topics']} topics, {len(runs)} runs ==  (min, median; ratios: min/min, "
          "median/median)")
    for name, times in report["outputs"].items():
        target = {"cheatsheet": "<= 1.25", "worksheet": "<= 1.05"}.get(name, "<= 1.10")
        line(f"{name}: docgen / physical limit", _ratio(times["docgen"], times["limit"]), "", target)
        line(f"  {name}: docgen warm, all topics (CPU)", _spread(times["docgen"]))
        line(f"  {name}: WeasyPrint/python-docx alone (CPU)", _spread(times["limit"]))
    outputs = report["outputs"]
    line("answers (key) / worksheet, CPU", _ratio(outputs["answers"]["docgen"], outputs["worksheet"]["docgen"]),
         "", "<= 0.40")
    line("cold build, --jobs 2", both("cold"))
    line("cold build, CPU time of all processes", both("cold_cpu"))
    line("no-op build", both("noop"))
    line("no-op / cold", ratio("noop", lambda run: run["cold"]), "", "<= 0.02")
    line("one question edited, rebuild", both("edit_question"))
    line("edit one question / cold", ratio("edit_question", lambda run: run["cold"]), "")
    line("handouts only (--only handout --force)", both("handouts"))
    line("docgen --help", both("help"), "s", "<= 0.06 s")
    line("docgen --version", both("version"), "s", "<= 0.06 s")
    line("  (python -c pass: the interpreter alone)", both("python"))
    line("import weasyprint (a worker's start, plain)", both("import_plain"))
    line("import docgen.render.writers.html.printer (WeasyPrint via docgen)", both("import_docgen"))
    line("peak memory, build and workers together", both("peak_mb"), "MB")
    if "pandoc_pdf" in runs[0]:
        line("pandoc handout PDFs (xargs -P 2)", both("pandoc_pdf"))
        line("pandoc PDF + .docx", _spread([r["pandoc_pdf"] + r["pandoc_docx"] for r in runs]))
        line("handouts / pandoc handouts, wall", ratio("handouts", lambda r: r["pandoc_pdf"]), "", "<= 0.33")
        line("handouts / pandoc handouts, CPU", ratio("handouts_cpu", lambda r: r["pandoc_pdf_cpu"]), "",
             "<= 0.33")
        line("all 6 files / pandoc's 2, wall", ratio("cold", lambda r: r["pandoc_pdf"] + r["pandoc_docx"]),
             "", "<= 0.70")
        line("all 6 files / pandoc's 2, CPU",
             ratio("cold_cpu", lambda r: r["pandoc_pdf_cpu"] + r["pandoc_docx_cpu"]), "", "<= 0.70")
    else:
        print("pandoc is not installed (Debian: apt-get install pandoc): comparison skipped")


SHARD_TOPICS = 250  # a larger course is built as shards of at most this many topics, as CI would


def measure_scaling(sizes: list[int], runs: int) -> dict:
    """Cold builds (--jobs 2, --force) of courses of each size: CPU and wall time per topic and
    the peak memory of the largest process. A course of more than SHARD_TOPICS topics is
    built as shards (`--shard K/N`, one after another, as a CI matrix would run them)."""
    report = {}
    for topics in sizes:
        root = Path(tempfile.mkdtemp(prefix=f"docgen-bench-scale-{topics}-"))
        make_course(root, topics)
        shards = -(-topics // SHARD_TOPICS)
        figures = []
        for _ in range(runs):
            parts = [docgen(root, "build", "--jobs", "2", "--force", "--quiet",
                            *(("--shard", f"{k}/{shards}") if shards > 1 else ()))
                     for k in range(1, shards + 1)]
            figures.append({"wall": sum(part["wall"] for part in parts), "cpu": sum(part["cpu"] for part in parts),
                            "process_peak_mb": max(part["process_peak_mb"] for part in parts),
                            "peak_mb": max(part["peak_mb"] for part in parts)})
        report[topics] = {"shards": shards, "runs": figures}
        shutil.rmtree(root)
    return report


def print_scaling(report: dict) -> None:
    print("\n== cost as the course grows: cold build, --jobs 2 (min, median of the runs) ==")
    print(f"{'topics':>7} {'shards':>6} {'CPU s/topic':>14} {'wall s/topic':>14} {'largest process MB':>20} "
          f"{'all processes MB':>18}")
    for topics, entry in report.items():
        runs = entry["runs"]

        def pair(key: str, per_topic: bool) -> str:
            low, mid = _spread([run[key] / (int(topics) if per_topic else 1) for run in runs])
            return f"{low:.3f} {mid:.3f}" if per_topic else f"{low:.0f} {mid:.0f}"

        print(f"{topics:>7} {entry['shards']:>6} {pair('cpu', True):>14} {pair('wall', True):>14} "
              f"{pair('process_peak_mb', False):>20} {pair('peak_mb', False):>18}")


EXPORTS = ("moodle", "qti", "anki", "quizlet", "flashcards")


def measure_exports(topics: int) -> dict:
    """Each export (and all five at once) against the handouts, on the same course."""
    root = Path(tempfile.mkdtemp(prefix=f"docgen-bench-exports-{topics}-"))
    try:
        make_course(root, topics)
        def build(outputs: str) -> float:
            return docgen(root, "build", "--quiet", "--jobs", "2", "--force", "--only", outputs)["wall"]

        times = {"handout": build("handout")}
        for name in EXPORTS:
            times[name] = build(name)
        times["all five exports"] = build(",".join(EXPORTS))
    finally:
        shutil.rmtree(root)
    return {"topics": topics, "times": times}


def print_exports(report: dict) -> None:
    times = report["times"]
    handout = times["handout"]
    print(f"\n== exports, {report['topics']} topics, --jobs 2 (a build includes ~0.5 s start-up) ==")
    for name, seconds in times.items():
        print(f"{name:<20} {seconds:7.2f} s  ({seconds / handout:5.2f} x the handouts)")


def measure_class_pack(students: int) -> None:
    """A class pack of N students against N single worksheets of the same topic.

    The pack is the extra time of `build --roster` over the same build
    without it; the single worksheets are N copies of the topic built
    (worksheet output: .docx and .pdf) with --jobs 1.
    """
    root = Path(tempfile.mkdtemp(prefix=f"docgen-bench-pack-{students}-"))
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Benchmark course\nversions: 3\n")
    shutil.copy(EXAMPLE, root / "content" / "topic.yaml")
    (root / "class.csv").write_text("name\n" + "".join(f"Student {i + 1}\n" for i in range(students)))
    alone = docgen(root, "build", "--quiet", "--jobs", "1", "--force", "--only", "worksheet")
    pack = docgen(root, "build", "--quiet", "--jobs", "1", "--force", "--only", "worksheet", "--roster",
                  "class.csv")
    singles = Path(tempfile.mkdtemp(prefix=f"docgen-bench-singles-{students}-"))
    (singles / "content").mkdir()
    (singles / "docgen.yaml").write_text("course: Benchmark course\n")
    for index in range(students):
        shutil.copy(EXAMPLE, singles / "content" / f"topic-{index:03d}.yaml")
    single = docgen(singles, "build", "--quiet", "--jobs", "1", "--force", "--only", "worksheet")
    extra = pack["wall"] - alone["wall"]
    print(f"\n== class pack of {students} students ==")
    print(f"class pack (3 versions)   {extra:7.2f} s  ({extra / students:.2f} s a student, PDF only)")
    print(f"{students} single worksheets     {single['wall']:7.2f} s  ({single['wall'] / students:.2f} s a "
          f"worksheet, .docx and .pdf, --jobs 1)")
    shutil.rmtree(root)
    shutil.rmtree(singles)


# --- docgen preview: save-to-page latency -----------------------------------
# Kept apart from the build benchmark above so both can change independently.

# docgen's finished HTML of the worksheet and the key, caught on its way to WeasyPrint.
PREVIEW_CAPTURE_HTML = """
import sys
from pathlib import Path
from docgen.engine.runner import BuildRequest, build_topic
from docgen.project import load_project
from docgen.render.writers.html import printer as pdf
real = pdf.layout
def spy(html, *args, **kwargs):
    Path(f"page-{len(list(Path.cwd().glob('page-*.html')))}.html").write_text(html, "utf-8")
    return real(html, *args, **kwargs)
pdf.layout = spy
build_topic(BuildRequest(load_project(Path.cwd()), ["worksheet", "answers"], Path.cwd() / "scratch"), Path(sys.argv[1]))
"""

# Plain WeasyPrint on that HTML: a fresh process (import and first documents), then warm.
PREVIEW_RAW_WEASYPRINT = """
import json, time
from pathlib import Path
pages = [path.read_text("utf-8") for path in sorted(Path.cwd().glob("page-*.html"))]
started = time.perf_counter()
import weasyprint
from docgen.root import resource_root
def both():
    for html in pages:
        weasyprint.HTML(string=html, base_url=resource_root().as_uri() + "/").write_pdf()
both()
cold = time.perf_counter() - started
started = time.perf_counter()
both()
print("BENCH", json.dumps({"cold": cold, "warm": time.perf_counter() - started, "documents": len(pages)}))
"""


def _two_cores() -> None:
    """Run a child on two CPUs, the target machine of the preview's latency goal."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])


def measure_preview(edits: int = 5) -> dict:
    """Seconds from saving a one-question edit of the example topic to the updated
    worksheet and answer-key page images being served by `docgen preview`, against
    raw WeasyPrint making the same two PDFs (a fresh process, and a warm one)."""
    import re
    import statistics
    import urllib.request

    root = Path(tempfile.mkdtemp(prefix="docgen-bench-preview-"))
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Benchmark course\nteacher: Bench\n")
    topic = root / "content" / EXAMPLE.name
    shutil.copy(EXAMPLE, topic)
    slug = topic.stem
    process = subprocess.Popen([sys.executable, "-m", "docgen", "preview", "--no-browser", "--port", "0"],
                               cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=_two_cores)

    def get(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()

    def images() -> dict[str, str]:
        """Page 1 of the worksheet and the key, as the topic page names them."""
        html = get(f"{base}topic/{slug}").decode()
        return {name: src for src, name in
                re.findall(r'src="(/page/[^"]+/(worksheet|answers)\.pdf/1\.png[^"]*)"', html)}

    latencies = []
    try:
        base = next(line for line in process.stdout if line.startswith("preview at ")).split()[2]
        deadline = time.monotonic() + 120
        while json.loads(get(base + "state.json"))["topics"][0]["status"] != "built":
            if time.monotonic() > deadline:
                raise SystemExit("docgen preview did not build the example in 2 minutes")
            time.sleep(0.1)
        time.sleep(3)  # the worker warms up once the first build is done
        text = topic.read_text("utf-8")
        for edit in range(edits):
            before = images()
            started = time.perf_counter()
            topic.write_text(text.replace("Which statement best describes",
                                          f"Which statement ({edit + 1}) best describes", 1), "utf-8")
            while True:
                now = images()
                if len(now) == 2 and all(now[name] != before.get(name) for name in now):
                    break
                time.sleep(0.01)
            for src in now.values():
                get(base + src.lstrip("/").replace("&amp;", "&"))
            latencies.append(time.perf_counter() - started)
            time.sleep(0.5)
    finally:
        process.send_signal(2)
        process.communicate(timeout=60)
    subprocess.run([sys.executable, "-c", PREVIEW_CAPTURE_HTML, str(topic)], cwd=root, check=True)
    raw = subprocess.run([sys.executable, "-c", PREVIEW_RAW_WEASYPRINT], cwd=root,
                         capture_output=True, text=True, check=True, preexec_fn=_two_cores)
    shutil.rmtree(root)
    line = next(line for line in raw.stdout.splitlines() if line.startswith("BENCH "))
    return {"latencies": latencies, "median": statistics.median(latencies), "raw_weasyprint": json.loads(line[6:])}


def print_preview(report: dict) -> None:
    raw = report["raw_weasyprint"]
    print("\n== docgen preview: save a one-question edit -> updated page images served (2 cores) ==")
    print(f"save to page, median      {report['median']:7.2f} s  "
          f"(each: {', '.join(f'{value:.2f}' for value in report['latencies'])})")
    print(f"raw WeasyPrint, same PDFs {raw['cold']:7.2f} s  fresh process (import + first documents; "
          f"{raw['documents']} HTML documents)")
    print(f"                          {raw['warm']:7.2f} s  warm process")


def measure_grade(students: int, pages: int) -> None:
    """`docgen grade` timed on one class pack's scans, then the accuracy run over ``pages`` pages."""
    import csv

    sys.path.insert(0, str(REPO / "tests"))
    from scan_synth import TOPIC, compare, synthesize

    from docgen.grade.run import grade
    from docgen.project import load_project

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        (root / "content" / "weather.yaml").write_text(TOPIC, encoding="utf-8")
        (root / "docgen.yaml").write_text("course: Bench\n", encoding="utf-8")
        (root / "roster.csv").write_text("name\n" + "".join(f"Student {n:02d}\n" for n in range(1, students + 1)))
        docgen(root, "build", "--roster", "roster.csv", "--only", "worksheet")
        out, project = root / "output" / "weather", load_project(root)
        paths, _ = synthesize(project, out / "class-pack.pdf", out / "class-pack.scan.json", root / "scans",
                              dpi=200, seed=0, duplicates=0)
        run = timed_process([sys.executable, "-m", "docgen", "grade", *map(str, paths)], root, ok=(0, 1))
        print(f"grade: {len(paths)} pages at 200 dpi, {students} students: {run['wall']:.1f} s wall, "
              f"{run['cpu']:.1f} s CPU (target: under 30 s on 2 cores); load average {os.getloadavg()[0]:.1f}")
        totals = {"pages": 0, "parts": 0, "sure": 0, "wrong_sure": 0, "missing_from_review": 0,
                  "boxes": 0, "unsure_boxes": 0, "unplaced": 0}
        seed = 1
        while totals["pages"] < pages:
            shutil.rmtree(root / "scans", ignore_errors=True)
            paths, drawn = synthesize(project, out / "class-pack.pdf", out / "class-pack.scan.json",
                                      root / "scans", dpi=random.Random(seed).choice([150, 200, 300]),
                                      seed=seed, duplicates=2)
            results = grade(project, paths, "weather", None)
            review = list(csv.DictReader((out / "grades" / "review.csv").open(encoding="utf-8-sig")))
            figures = compare(results, drawn, review)
            for key in totals:
                value = figures.get(key, 0)
                totals[key] += len(value) if isinstance(value, list) else value
            totals["pages"] += len(paths)
            totals["unplaced"] += sum(len(result.unplaced) for result in results)
            for wrong in figures["wrong_sure"]:
                print(f"  WRONG (seed {seed}): {wrong}")
            print(f"  round {seed}: {totals['pages']} pages so far, {totals['wrong_sure']} wrong as sure, "
                  f"{totals['unsure_boxes']} unsure of {totals['boxes']} boxes", flush=True)
            seed += 1
        read = 100 * (1 - totals["unsure_boxes"] / max(totals["boxes"], 1))
        print(f"accuracy: {totals['pages']} pages, {totals['boxes']} boxes, {totals['parts']} parts: "
              f"{totals['wrong_sure']} wrong readings reported as sure (target 0), "
              f"{totals['missing_from_review']} doubts missing from review.csv, {read:.2f} % of boxes read "
              f"without review (target 99.5 %), {totals['sure']} parts sure, {totals['unplaced']} pages "
              "not placed (each in review.csv)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[12])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--exports", type=int, default=12, metavar="N",
                        help="time the five exports on N topics against the handouts (0: skip)")
    parser.add_argument("--outputs-of", type=Path, help=argparse.SUPPRESS)  # the in-process part
    parser.add_argument("--class-pack", type=int, default=30, metavar="N",
                        help="also time a class pack of N students against N single worksheets (0: skip)")
    parser.add_argument("--preview", action="store_true", help="only measure docgen preview's save-to-page time")
    parser.add_argument("--grade", action="store_true", help="only measure docgen grade: speed and accuracy")
    parser.add_argument("--grade-pages", type=int, default=1000, metavar="N",
                        help="synthetic pages in the grading accuracy run (default 1000)")
    parser.add_argument("--scaling", action="store_true",
                        help="only time cold builds of each --topics size (per topic, memory per process)")
    args = parser.parse_args()
    if args.grade:
        measure_grade(30, args.grade_pages)
        return
    if args.outputs_of:
        print(json.dumps(output_times(args.outputs_of, args.runs)))
        return
    if args.preview:
        print_preview(measure_preview())
        return
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    if args.scaling:
        scaling = measure_scaling(args.topics, args.runs)
        print_scaling(scaling)
        if args.json:
            args.json.write_text(json.dumps(scaling, indent=1))
        return
    reports = [measure(n, args.runs) for n in args.topics]
    for report in reports:
        print_report(report)
    if args.exports:
        exports = measure_exports(args.exports)
        print_exports(exports)
        reports.append(exports)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1))
    if args.class_pack:
        measure_class_pack(args.class_pack)


if __name__ == "__main__":
    main()
