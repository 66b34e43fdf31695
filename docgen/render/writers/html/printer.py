"""WeasyPrint, used safely and once per process.

The URL fetcher is the security boundary of every PDF: it serves only
``data:`` URLs and files inside the allowed folders (the project and the
built-in templates), so content can neither reach the network nor read a
file elsewhere on the machine. The font configuration and image cache are
per-process and reused by every document the process renders.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from docgen.render.writers.html.weasy import weasyprint
import docgen.render.writers.html.tagging  # noqa: F401 - completes WeasyPrint's PDF/UA tags (Scope, Lang, Formula, artifacts)
from weasyprint.text.fonts import FontConfiguration

from docgen.timing import count, timed
from docgen.root import resource_root


class ProjectFetcher(weasyprint.URLFetcher):
    """Fetch only ``data:`` URLs and regular files under the allowed roots."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ValueError(f"docgen does not fetch {scheme}: URLs ({url})")
        parsed = urlparse(url)
        if parsed.netloc not in ("", "localhost"):
            raise ValueError(f"docgen does not fetch remote files ({url})")
        path = Path(unquote(parsed.path)).resolve()  # follows symlinks
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"{path} is outside the project")
        if not path.is_file():  # no devices, pipes or folders
            raise ValueError(f"{path} is not a regular file")
        return weasyprint.urls.URLFetcherResponse(path.as_uri(), path.read_bytes())


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    return FontConfiguration()


_IMAGE_CACHE: dict = {}


def fetcher_for(project_root: Path) -> ProjectFetcher:
    return ProjectFetcher((project_root, resource_root()))


_STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@lru_cache(maxsize=32)
def _stylesheet(css: str, project_root: Path) -> weasyprint.CSS:
    """A parsed stylesheet, kept for every document of the process that uses it.

    The built-in templates put their (constant) CSS in <style> elements;
    WeasyPrint would parse it, and load its fonts, again for each document.
    """
    return weasyprint.CSS(string=css, base_url=resource_root().as_uri() + "/",
                          url_fetcher=fetcher_for(project_root), font_config=font_config())


def layout(html: str, base_url: Path, project_root: Path, tagged: bool = True):
    """Lay out an HTML string into pages (a WeasyPrint Document)."""
    count("layouts")
    with timed("weasyprint"):
        stylesheets = [_stylesheet(css, project_root) for css in _STYLE_ELEMENT.findall(html)]
        document = weasyprint.HTML(string=_STYLE_ELEMENT.sub("", html),
                                   base_url=base_url.resolve().as_uri() + "/",
                                   url_fetcher=fetcher_for(project_root))
        return document.render(font_config=font_config(), cache=_IMAGE_CACHE, stylesheets=stylesheets,
                               pdf_tags=tagged, attachments=None, pdf_variant="pdf/ua-1")


def write_pdf(document, identifier: str) -> bytes:
    """PDF bytes with a stable file identifier (same input, same bytes)."""
    with timed("weasyprint"):
        return document.write_pdf(pdf_identifier=identifier.encode("utf-8"), pdf_tags=True,
                                  pdf_variant="pdf/ua-1")


@lru_cache(maxsize=2)
def blank_page(paper: str):
    """An empty page (a one-page Document) to put behind an odd-length part."""
    html = f"<!DOCTYPE html><html><head><style>@page {{ size: {paper}; }}</style></head><body></body></html>"
    return weasyprint.HTML(string=html).render(font_config=font_config())
