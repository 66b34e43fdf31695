"""Benchmark docgen against itself and against pandoc + WeasyPrint.

Run by hand (not a test):  python bench/bench.py [--topics 12 48] [--keep DIR] [--exports 12]

For each course size it generates a project of varied topics from the
example, then measures: a cold build (--jobs 1 and --jobs 2), a warm build
with nothing changed, a build after one topic changed, where the time goes
(WeasyPrint, python-docx, docgen's own work), cheat sheet layouts, peak
memory; and, when pandoc is installed, pandoc's Markdown -> PDF
(--pdf-engine=weasyprint) and -> .docx for the same topics, two at a time.
Then each export (moodle, qti, anki, quizlet, flashcards) and all five at
once, against the handouts of the same 12 topics (--exports N).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "content" / "logistics-vs-operations.yaml"


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


def run_build(project: Path, *args: str) -> dict:
    """One `docgen build` in a fresh process; wall time, library times, peak RSS."""
    code = (
        "import json, sys, time\n"
        "from docgen.engine import runner\n"
        "results = []\n"
        "real = runner.build\n"
        "def spy(*a, **k):\n"
        "    out = real(*a, **k); results.extend(out); return out\n"
        "runner.build = spy\n"
        "from docgen.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "totals = {}\n"
        "for r in results:\n"
        "    for k, v in r.timings.items(): totals[k] = totals.get(k, 0) + v\n"
        "print('BENCH', json.dumps({'status': status, 'totals': totals,"
        " 'built': sum(r.status == 'built' for r in results)}))\n"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "build", "--quiet", *args], cwd=project,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = next((l for l in done.stdout.splitlines() if l.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"build failed:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line[6:])
    data.update(wall=wall, peak_mb=max(peak_kb, before) / 1024)
    return data


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
    folder.mkdir()
    for index, topic in enumerate(topics):
        (folder / f"t{index:03d}.md").write_text(pandoc_markdown(topic), "utf-8")
    weasyprint = Path(sys.executable).with_name("weasyprint")
    env = {**os.environ, "PATH": f"{weasyprint.parent}:{os.environ['PATH']}"}

    def timed(command: str) -> float:
        started = time.perf_counter()
        subprocess.run(["bash", "-c", command], cwd=folder, env=env, check=True, capture_output=True)
        return time.perf_counter() - started

    pdf = timed("ls *.md | xargs -P 2 -I{} pandoc {} -s --pdf-engine=weasyprint -o {}.pdf")
    docx = timed("ls *.md | xargs -P 2 -I{} pandoc {} -o {}.docx")
    return {"pdf": pdf, "docx": docx}


def measure(topics: int, keep: Path | None) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"docgen-bench-{topics}-"))
    made = make_course(root, topics)
    report: dict = {"topics": topics}
    report["cold_j1"] = run_build(root, "--jobs", "1", "--force")
    report["cold_j2"] = run_build(root, "--jobs", "2", "--force")
    report["warm"] = run_build(root, "--jobs", "2")
    changed = root / "content" / "topic-000.yaml"
    changed.write_text(changed.read_text("utf-8").replace("Logistics", "Logistics management", 1), "utf-8")
    report["one_changed"] = run_build(root, "--jobs", "2")
    report["handout_only_j2"] = run_build(root, "--jobs", "2", "--force", "--only", "handout")
    report["pandoc"] = run_pandoc(root, made)
    if keep:
        shutil.copytree(root, keep / f"course-{topics}", dirs_exist_ok=True)
    shutil.rmtree(root)
    return report


def print_report(report: dict) -> None:
    n = report["topics"]
    cold1, cold2 = report["cold_j1"], report["cold_j2"]
    totals = cold1["totals"]
    weasy, docx = totals.get("weasyprint", 0), totals.get("python-docx", 0)
    own = cold1["wall"] - weasy - docx
    print(f"\n== {n} topics ==")
    print(f"cold build, --jobs 1      {cold1['wall']:7.2f} s  ({cold1['built']} built)")
    print(f"cold build, --jobs 2      {cold2['wall']:7.2f} s  (speed-up {cold1['wall'] / cold2['wall']:.2f}x)")
    print(f"warm build (no change)    {report['warm']['wall']:7.2f} s  "
          f"({100 * report['warm']['wall'] / cold2['wall']:.1f} % of cold)")
    print(f"one topic changed         {report['one_changed']['wall']:7.2f} s  "
          f"({report['one_changed']['built']} built)")
    print(f"  in WeasyPrint           {weasy:7.2f} s  ({100 * weasy / cold1['wall']:.0f} %)")
    print(f"  in python-docx          {docx:7.2f} s  ({100 * docx / cold1['wall']:.0f} %)")
    print(f"  docgen's own (+ start)  {own:7.2f} s  ({100 * own / cold1['wall']:.0f} %)")
    print(f"layouts per cheat sheet   {totals.get('cheatsheet layouts', 0) / n:7.2f}")
    print(f"peak memory (RSS)         {max(cold1['peak_mb'], cold2['peak_mb']):7.0f} MB")
    pandoc = report["pandoc"]
    if pandoc:
        handout = report["handout_only_j2"]["wall"]
        print(f"pandoc handout PDFs (-P2) {pandoc['pdf']:7.2f} s   docgen handouts --jobs 2: "
              f"{handout:.2f} s  (ratio {handout / pandoc['pdf']:.2f})")
        print(f"pandoc PDF + docx (-P2)   {pandoc['pdf'] + pandoc['docx']:7.2f} s   docgen all 6 files "
              f"--jobs 2: {cold2['wall']:.2f} s  (ratio {cold2['wall'] / (pandoc['pdf'] + pandoc['docx']):.2f})")
    else:
        print("pandoc not installed: comparison skipped")


EXPORTS = ("moodle", "qti", "anki", "quizlet", "flashcards")


def measure_exports(topics: int) -> dict:
    """Each export (and all five at once) against the handouts, on the same course."""
    root = Path(tempfile.mkdtemp(prefix=f"docgen-bench-exports-{topics}-"))
    try:
        make_course(root, topics)
        times = {"handout": run_build(root, "--jobs", "2", "--force", "--only", "handout")["wall"]}
        for name in EXPORTS:
            times[name] = run_build(root, "--jobs", "2", "--force", "--only", name)["wall"]
        times["all five exports"] = run_build(root, "--jobs", "2", "--force", "--only", ",".join(EXPORTS))["wall"]
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
    alone = run_build(root, "--jobs", "1", "--force", "--only", "worksheet")
    pack = run_build(root, "--jobs", "1", "--force", "--only", "worksheet", "--roster", "class.csv")
    singles = Path(tempfile.mkdtemp(prefix=f"docgen-bench-singles-{students}-"))
    (singles / "content").mkdir()
    (singles / "docgen.yaml").write_text("course: Benchmark course\n")
    for index in range(students):
        shutil.copy(EXAMPLE, singles / "content" / f"topic-{index:03d}.yaml")
    single = run_build(singles, "--jobs", "1", "--force", "--only", "worksheet")
    extra = pack["wall"] - alone["wall"]
    print(f"\n== class pack of {students} students ==")
    print(f"class pack (3 versions)   {extra:7.2f} s  ({extra / students:.2f} s a student, PDF only)")
    print(f"{students} single worksheets     {single['wall']:7.2f} s  ({single['wall'] / students:.2f} s a "
          f"worksheet, .docx and .pdf, --jobs 1)")
    shutil.rmtree(root)
    shutil.rmtree(singles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[12, 48])
    parser.add_argument("--keep", type=Path, help="copy the generated courses here")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--exports", type=int, default=12, metavar="N",
                        help="time the five exports on N topics against the handouts (0: skip)")


    parser.add_argument("--class-pack", type=int, default=30, metavar="N",
                        help="also time a class pack of N students against N single worksheets (0: skip)")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    reports = [measure(n, args.keep) for n in args.topics]
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
