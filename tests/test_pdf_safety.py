"""The URL fetcher every PDF goes through: project files and data: URLs only."""

from __future__ import annotations

import socket
import threading

import pytest

pytest.importorskip("weasyprint")

from docgen.render.writers.html.printer import ProjectFetcher  # noqa: E402


@pytest.fixture
def fetcher(tmp_path):
    (tmp_path / "inside.txt").write_text("ok")
    return ProjectFetcher((tmp_path,))


def test_files_inside_the_project_and_data_urls_are_served(fetcher, tmp_path):
    assert fetcher.fetch((tmp_path / "inside.txt").as_uri()).read() == b"ok"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file:///dev/zero",
    "https://example.com/x.png",
    "ftp://example.com/x",
    "file://otherhost/share/x.png",
])
def test_everything_else_is_refused(fetcher, url):
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_dotdot_and_symlinks_cannot_escape(fetcher, tmp_path):
    (tmp_path / "escape").symlink_to("/etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch((tmp_path / "escape").as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch(tmp_path.as_uri() + "/../../../etc/passwd")


def test_no_network_connection_is_made(fetcher):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    connections = []
    thread = threading.Thread(target=lambda: _accept(listener, connections))
    thread.start()
    with pytest.raises(ValueError):
        fetcher.fetch(f"http://127.0.0.1:{port}/image.png")
    thread.join()
    listener.close()
    assert connections == []


def _accept(listener, connections):
    try:
        connections.append(listener.accept())
    except OSError:
        pass
