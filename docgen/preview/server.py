"""The preview's HTTP server: 127.0.0.1 only, read-only, a fixed set of routes.

Nothing is served by joining a URL to a folder. A URL names a topic slug the
preview knows and a file that a listing of that topic's output folder
found; anything else (``..``, encoded slashes or dots, hidden files,
folders, symlinks leading out of the output folder) is 404. Pages carry a
Content-Security-Policy that allows only the preview's own script, style
and images: content that slipped through escaping still could not run or
fetch anything.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import jinja2
from pypdfium2 import PdfiumError

from docgen.content.errors import DocgenError, Problem
from docgen.preview.pages import PdfInfo, page_png, pdf_info, stamp
from docgen.preview.state import PreviewState, TopicState
from docgen.i18n import labels_for
from docgen.project import Project

ASSETS = Path(__file__).resolve().parent / "assets"
STATIC = {"preview.css": "text/css; charset=utf-8", "preview.js": "text/javascript; charset=utf-8"}
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
KEEPALIVE_SECONDS = 15
_UNSAFE_ENCODED = ("%2e", "%2f", "%5c", "%00")


@dataclass(frozen=True)
class OutputView:
    """One PDF shown as a column of page images."""

    name: str  # path inside the topic's output folder
    label: str
    pages: int
    stamp: str
    width: int  # of a page image, in pixels
    height: int
    twin: str | None  # the .docx this PDF shows
    size: str | None  # cheat sheet: page size and page count


def request_parts(target: str) -> list[str] | None:
    """The decoded path segments of a request, or None when it is not plainly safe."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or "\\" in path or any(code in path.lower() for code in _UNSAFE_ENCODED):
        return None
    if path == "/":
        return []
    try:
        parts = [unquote(part, errors="strict") for part in path[1:].split("/")]
    except UnicodeDecodeError:
        return None
    if any(not part or part.startswith(".") or "/" in part or "\x00" in part for part in parts):
        return None
    return parts


def output_files(folder: Path) -> list[str]:
    """Regular files of a topic's output folder, as relative paths; never hidden
    files (unfinished writes) and never anything a symlink leads out of it."""
    if not folder.is_dir():
        return []
    base = folder.resolve()
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            path = Path(parent) / name
            if not name.startswith(".") and path.resolve().is_relative_to(base) and path.is_file():
                found.append(path.relative_to(folder).as_posix())
    return found


def _column_order(name: str, outputs: list[str]) -> tuple[str, int, str]:
    """The standard edition first, then each edition's folder; within one, the
    project's order of outputs (handout, worksheet, ...), any others after."""
    folder, _, file = name.rpartition("/")
    stem = file.split(".")[0]
    known = [index for index, output in enumerate(outputs) if stem.startswith(output)]
    return (folder, known[0] if known else len(outputs), name)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive

    def __init__(self, port: int, state: PreviewState, project: Project) -> None:
        try:
            super().__init__(("127.0.0.1", port), PreviewHandler)
        except OSError as error:
            raise DocgenError([Problem(None, f"cannot serve the preview on port {port}: {error.strerror}",
                                       hint="another program uses this port: choose another with "
                                            "`--port N`, e.g. --port 8001")]) from None
        self.state = state
        self.configure(project)
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
                                            undefined=jinja2.StrictUndefined)
        self.templates.filters["url"] = lambda text: quote(str(text), safe="")
        self.templates.filters["path"] = lambda text: quote(str(text), safe="/")
        self.templates.filters["element_id"] = lambda text: re.sub(r"[^A-Za-z0-9_-]", "_", str(text))

    def configure(self, project: Project) -> None:
        """Words and column order from the project's settings (read again on every save)."""
        self.labels = labels_for(project.config.lang, project.config.labels)
        self.output_order = list(project.config.outputs)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/"

    def outputs(self, output_dir: Path, topic: TopicState) -> tuple[list[OutputView], list[str]]:
        """A topic's PDFs as columns, and every other file as a download."""
        files = output_files(output_dir / topic.slug)
        pdfs = sorted((name for name in files if name.endswith(".pdf") and name.count("/") <= 1),
                      key=lambda name: _column_order(name, self.output_order))
        columns = []
        for name in pdfs:
            path = output_dir / topic.slug / name
            try:
                info, version = pdf_info(path), stamp(path)
            except (OSError, PdfiumError):  # replaced or removed as we read it: the next event shows it
                continue
            stem = name[:-4]
            twin = f"{stem}.docx" if f"{stem}.docx" in files else None
            columns.append(OutputView(name, self._output_label(stem), info.pages,
                                      version, *info.image_size, twin,
                                      self._page_size(info) if stem == "cheatsheet" else None))
        shown = {column.name for column in columns}
        return columns, [name for name in files if name not in shown]

    def _output_label(self, stem: str) -> str:
        """"Worksheet" for worksheet.pdf, "Worksheet — Version B" for worksheet-B.pdf,
        "Handout — large print" for an edition's handout (<edition>/handout.pdf); else the file's name."""
        labels = self.labels
        edition, _, stem = stem.rpartition("/")
        if edition:
            from docgen.layout.editions import edition_named
            from docgen.registry import edition_names

            key = edition_named(edition).label_key if edition in edition_names() else ""
            return labels.format("preview_output_edition", output=self._output_label(stem),
                                 edition=labels[key] if key in labels.texts else edition)
        key = "preview_output_" + stem.replace("-", "_")
        if key in labels.texts:
            return labels[key]
        output, _, letter = stem.rpartition("-")
        key = f"preview_output_{output}"
        if len(letter) == 1 and letter.isupper() and key in labels.texts:
            return labels.format("preview_output_version", output=labels[key],
                                 version=labels.format("version_n", letter=letter))
        return f"{stem}.pdf"

    def _page_size(self, info: PdfInfo) -> str:
        width, height = info.size_mm
        form = self.labels.locale.plural_form(info.pages)
        pages = self.labels.format("preview_pages_one" if form == "one" else "preview_pages_other", count=info.pages)
        return self.labels.format("preview_page_size", width=width, height=height, pages=pages)

    def page(self, template: str, **context: object) -> bytes:
        version, output_dir, topics, project_problems = self.state.snapshot()
        html = self.templates.get_template(template).render(
            labels=self.labels, version=version, project_problems=project_problems,
            topics=topics, output_dir=output_dir, outputs=self.outputs, **context)
        return html.encode("utf-8")


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "docgen-preview"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the terminal shows builds, not requests."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{self.server.server_port}", f"localhost:{self.server.server_port}"):
            return self._not_found()  # another site's name pointed at us (DNS rebinding)
        try:
            self._route(request_parts(self.path))
        except Exception:
            # A bug in the preview: the page says so (the open page keeps what it
            # shows) and the terminal gets the details, via http.server's handler.
            message = self.server.labels["preview_internal_error"]
            self._send(500, message.encode("utf-8"), "text/plain; charset=utf-8")
            raise

    def _route(self, parts: list[str] | None) -> None:
        topics = {topic.slug: topic for topic in self.server.state.snapshot()[2]}
        match parts:
            case []:
                return self._send(200, self.server.page("index.html"), "text/html; charset=utf-8")
            case ["topic", slug] if slug in topics:
                return self._send(200, self.server.page("topic.html", topic=topics[slug]),
                                  "text/html; charset=utf-8")
            case ["file", slug, *rest] if rest and slug in topics:
                return self._file(slug, "/".join(rest))
            case ["page", slug, *rest, number] if rest and slug in topics and re.fullmatch(r"\d{1,4}\.png", number):
                return self._page(slug, "/".join(rest), int(number[:-4]))
            case ["assets", name] if name in STATIC:
                return self._send(200, (ASSETS / name).read_bytes(), STATIC[name])
            case ["events"]:
                return self._events()
            case ["state.json"]:
                return self._send(200, self._state_json(), "application/json")
        return self._not_found()

    def _topic_file(self, slug: str, name: str) -> Path | None:
        folder = self.server.state.output_dir / slug
        return folder / name if name in output_files(folder) else None

    def _file(self, slug: str, name: str) -> None:
        path = self._topic_file(slug, name)
        if path is None:
            return self._not_found()
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "application/pdf":  # the browser's own PDF viewer
            return self._send(200, path.read_bytes(), kind)
        disposition = f"attachment; filename*=UTF-8''{quote(Path(name).name, safe='')}"
        return self._send(200, path.read_bytes(), kind, {"Content-Disposition": disposition})

    def _page(self, slug: str, name: str, number: int) -> None:
        path = self._topic_file(slug, name) if name.endswith(".pdf") else None
        image = page_png(path, number) if path is not None else None
        if image is None:
            return self._not_found()
        # The URL carries the file's stamp: a rebuilt PDF gets a new URL.
        return self._send(200, image, "image/png", {"Cache-Control": "private, max-age=86400"})

    def _state_json(self) -> bytes:
        version, output_dir, topics, project_problems = self.server.state.snapshot()
        return json.dumps({
            "version": version,
            "project_problems": project_problems,
            "topics": [{"slug": topic.slug, "title": topic.title, "status": topic.status,
                        "problems": topic.problems, "files": output_files(output_dir / topic.slug)}
                       for topic in topics],
        }).encode("utf-8")

    def _events(self) -> None:
        """Server-sent events: the state's version now, then each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state, seen = self.server.state, None
        try:
            while not state.closed:
                version = state.version if seen is None else state.wait(seen, KEEPALIVE_SECONDS)
                message = ": keep-alive\n\n" if version == seen else f"event: change\ndata: {version}\n\n"
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed

    def _not_found(self) -> None:
        self._send(404, self.server.labels["preview_not_found"].encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if kind.startswith("text/html"):
            self.send_header("Content-Security-Policy", POLICY)
        for name, value in {"Cache-Control": "no-store", **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
