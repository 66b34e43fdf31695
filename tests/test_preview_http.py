"""`docgen preview` over HTTP: what it serves, and everything it refuses."""

from __future__ import annotations

import http.client
import re
import socket
from pathlib import Path

import pytest

from conftest import MINIMAL, write_topic
from docgen.i18n import labels_for
from preview_process import running_preview

SLUG = "mini"
HOSTILE_TITLE = "<script>alert(1)</script> & <b>bold</b>"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview")
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Test Course\n", "utf-8")
    write_topic(root, SLUG, MINIMAL.replace("title: Logistics vs Operations Management",
                                            f"title: '{HOSTILE_TITLE}'"))
    (root / "secret.txt").write_text("project secret", "utf-8")
    with running_preview(root) as running:
        state = running.settled()
        assert [t["status"] for t in state["topics"]] == ["built"], state
        folder = root / "output" / SLUG
        (folder / "outside.txt").symlink_to("/etc/hostname")
        (folder / "in-project.txt").symlink_to(root / "secret.txt")
        (folder / "sub").mkdir()
        (folder / "sub" / "extra.csv").write_text("a,b\n", "utf-8")
        running.root = root
        yield running


def request(preview, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    """Send ``path`` exactly as written (no client-side normalising)."""
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def test_listens_on_loopback_only(preview):
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                listening.append(local.rsplit(":", 1)[0])
    assert listening == ["0100007F"]  # 127.0.0.1, and nothing on 0.0.0.0 or IPv6
    other = socket.gethostbyname(socket.gethostname())
    if not other.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((other, port), timeout=2)


def test_serves_outputs_pages_and_downloads(preview):
    status, headers, body = request(preview, f"/file/{SLUG}/handout.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert "Content-Disposition" not in headers  # opens in the browser's PDF viewer
    status, headers, body = request(preview, f"/file/{SLUG}/worksheet.docx")
    assert status == 200 and headers["Content-Disposition"].startswith("attachment")
    assert body.startswith(b"PK")
    status, headers, body = request(preview, f"/page/{SLUG}/worksheet.pdf/1.png")
    assert status == 200 and headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
    status, _, body = request(preview, f"/file/{SLUG}/sub/extra.csv")
    assert status == 200 and body == b"a,b\n"
    assert request(preview, f"/page/{SLUG}/worksheet.pdf/99.png")[0] == 404


def test_topic_page_shows_outputs_side_by_side_and_exports_as_downloads(preview):
    status, headers, body = request(preview, f"/topic/{SLUG}")
    html = body.decode()
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
    for name in ("handout", "worksheet", "answers", "cheatsheet"):
        assert re.search(rf'<img [^>]*src="/page/{SLUG}/{name}\.pdf/1\.png\?v=', html), name
    assert f'href="/file/{SLUG}/worksheet.docx" download' in html  # the .docx beside its PDF twin
    assert f'href="/file/{SLUG}/sub/extra.csv" download' in html
    assert "outside.txt" not in html and "in-project.txt" not in html
    assert "Page size 297 × 210 mm; 1 page." in html  # the cheat sheet (landscape A4)
    notes = re.search(r'<section id="notes">.*?</section>', html, re.DOTALL).group()
    assert re.search(r"cheatsheet\.pdf: .*\d pt", notes)  # the size the build fitted it at


@pytest.mark.parametrize("path", [
    f"/file/{SLUG}/../../docgen.yaml",
    f"/file/{SLUG}/../../secret.txt",
    f"/file/{SLUG}/..%2f..%2fsecret.txt",
    f"/file/{SLUG}/%2e%2e/%2e%2e/secret.txt",
    f"/file/{SLUG}/%2E%2E%2F%2E%2E%2Fsecret.txt",
    f"/file/{SLUG}/%252e%252e/secret.txt",
    f"/file/{SLUG}/..%5c..%5csecret.txt",
    f"/file/{SLUG}/..\\..\\secret.txt",
    f"/file/{SLUG}//etc/passwd",
    "//etc/passwd",
    "/file//etc/passwd",
    "/file/%2fetc%2fpasswd",
    f"/file/{SLUG}/outside.txt",  # symlink out of the project
    f"/file/{SLUG}/in-project.txt",  # symlink out of the output folder
    f"/file/{SLUG}/",  # no directory listings
    f"/file/{SLUG}",
    f"/file/{SLUG}/sub",
    "/file/.docgen/manifest.json",
    f"/file/{SLUG}/%00handout.pdf",
    f"/page/{SLUG}/../../secret.txt/1.png",
    f"/page/{SLUG}/worksheet.docx/1.png",
    "/file/nosuchtopic/handout.pdf",
    "/topic/nosuchtopic",
    "/topic/",
    "/assets/",
    "/assets/base.html",
    "/assets/../server.py",
    "/output/mini/handout.pdf",
    "/content/mini.yaml",
    "/docgen.yaml",
    "http://example.com/",
])
def test_refuses_anything_but_outputs_and_own_assets(preview, path):
    status, _, body = request(preview, path)
    assert status == 404, path
    assert b"project secret" not in body and b"root:" not in body


def test_refuses_other_host_names(preview):
    """A web page elsewhere could point its own name at 127.0.0.1 (DNS rebinding)."""
    status, _, body = request(preview, f"/file/{SLUG}/handout.pdf", host="attacker.example:80")
    assert status == 404 and not body.startswith(b"%PDF")


def test_content_is_escaped_and_nothing_comes_from_the_network(preview):
    for path in ("/", f"/topic/{SLUG}"):
        html = request(preview, path)[2].decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        assert "<script>alert" not in html and "<b>bold" not in html
        assert not re.search(r'(src|href)="(https?:)?//', html)
    for asset in ("preview.css", "preview.js"):
        status, _, body = request(preview, f"/assets/{asset}")
        assert status == 200 and b"http" not in body and b"@import" not in body and b"url(" not in body


def _descendants(pid: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        children = [child for child, parent in parents.items() if parent == todo[-1]]
        todo.pop()
        found += children
        todo += children
    return found


def warm_workers(pid: int) -> list[int]:
    """The preview's processes that have WeasyPrint loaded (Pango mapped in memory)."""
    def has_pango(child: int) -> bool:
        try:
            return "libpango" in Path(f"/proc/{child}/maps").read_text()
        except OSError:
            return False
    return [child for child in _descendants(pid) if has_pango(child)]


def test_a_broken_topic_shows_the_cli_message_over_its_last_good_pages(preview, run_cli):
    path = preview.root / "content" / f"{SLUG}.yaml"
    good = path.read_text("utf-8")
    workers = warm_workers(preview.process.pid)
    assert len(workers) == 1  # one process holds WeasyPrint; the server itself never loads it
    try:
        path.write_text(good.replace("answer: true", "answer: <i>maybe</i>"), "utf-8")
        preview.wait_for(lambda state: state["topics"][0]["status"] == "failed")
        html = request(preview, f"/topic/{SLUG}")[2].decode()
        printed = run_cli(["check", str(path)], preview.root).err.strip()
        assert re.search(r"mini\.yaml:\d+:\d+: ", printed)
        shown = re.search(r'<section id="problems".*?<pre>(.*?)</pre>', html, re.DOTALL).group(1)
        assert shown == printed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&#34;").replace("'", "&#39;")
        assert '<img id="page-worksheet_pdf-1"' in html  # the last good pages stay
    finally:
        path.write_text(good, "utf-8")
    preview.wait_for(lambda state: state["topics"][0]["status"] == "built")
    assert '<section id="problems"' not in request(preview, f"/topic/{SLUG}")[2].decode()
    assert warm_workers(preview.process.pid) == workers  # the same warm process did every rebuild


def test_usage_errors(run_cli, project):
    assert run_cli(["preview", "--port", "70000"], project).code == 2
    assert run_cli(["preview", "--port", "x"], project).code == 2


def test_speaks_the_projects_language_port_in_use_is_clear_ctrl_c_stops_cleanly(project, run_cli):
    (project / "docgen.yaml").write_text("lang: es\nversions: 2\neditions: [large-print]\n"
                                             "labels:\n  preview_status_built: listo\n", "utf-8")
    write_topic(project, SLUG, MINIMAL)
    with running_preview(project) as running:
        running.settled()
        index = running.get("/").decode()
        assert '<html lang="es">' in index and "<th>Asignatura</th>" in index
        assert ">listo</span>" in index  # the project's own word wins
        spanish = labels_for("es")
        version_b = spanish.format("preview_output_version", output=spanish["preview_output_answers"],
                                   version=spanish.format("version_n", letter="B"))
        topic = running.get(f"/topic/{SLUG}").decode()
        assert f"<h2>{version_b}</h2>" in topic and f"<h2>{spanish['preview_output_answers_grid']}</h2>" in topic
        large_print = spanish.format("preview_output_edition", output=spanish["preview_output_handout"],
                                     edition=spanish["preview_edition_large_print"])
        assert f"<h2>{large_print}</h2>" in topic and f'src="/page/{SLUG}/large-print/handout.pdf/1.png?v=' in topic
        config = (project / "docgen.yaml").read_text("utf-8")
        (project / "docgen.yaml").write_text(config + "paper: A5\n", "utf-8")
        running.wait_for(lambda state: state["project_problems"])
        banner = re.search(r'<section id="project-problems".*?<pre>(.*?)</pre>', running.get("/").decode(), re.DOTALL)
        assert banner and re.match(r"docgen\.yaml:6:8: paper: ", banner.group(1)), banner
        (project / "docgen.yaml").write_text(config, "utf-8")
        running.wait_for(lambda state: not state["project_problems"])
        port = running.url.rsplit(":", 1)[1].strip("/")
        second = run_cli(["preview", "--no-browser", "--port", port], project)
        assert second.code == 1
        assert f"cannot serve the preview on port {port}" in second.err and "--port N" in second.err
    assert running.process.returncode == 0
    assert running.output.rstrip().endswith("preview stopped") and "Traceback" not in running.output


def test_the_index_lists_every_topic_by_its_title_at_once_marked_building(project):
    """Before any build has finished: every topic, with the title written in its file, "building"."""
    from docgen.preview.server import PreviewServer
    from docgen.preview.state import PreviewState
    from docgen.project import load_project

    (project / "docgen.yaml").write_text("lang: fr\n", "utf-8")
    files = [write_topic(project, "revolution", "title: La Révolution française\nsubject: Histoire\n"),
             write_topic(project, "empire", "title: L'Empire\n"),
             write_topic(project, "broken", "title: [unclosed\n")]
    state = PreviewState(project / "output")
    state.set_files(files, project / "output")
    server = PreviewServer(0, state, load_project(project))
    try:
        index = server.page("index.html").decode()
        french = labels_for("fr")
        rows = re.findall(r'<tr id="topic-(\w+)">.*?class="topic-link"[^>]*>([^<]*)</a>.*?'
                          r'class="status status-(\w+)">([^<]*)<', index, re.DOTALL)
        assert rows == [("revolution", "La Révolution française", "building", french["preview_status_building"]),
                        ("empire", "L’Empire", "building", french["preview_status_building"]),
                        ("broken", "broken", "building", french["preview_status_building"])], rows
        assert "<td>Histoire</td>" in index
        assert server._output_label("class-pack") == french["preview_output_class_pack"] != "class-pack.pdf"
    finally:
        server.server_close()
