"""`docgen help TOPIC`: the user guides of docs/, shipped inside the package.

A teacher who installed docgen from a wheel has no repository to read, so
the guides a message or a skeleton points to travel with the code.
"""

from __future__ import annotations

from pathlib import Path

GUIDES = {
    "format": ("content-format.md", "how to write a topic file: every key, with examples"),
    "templates": ("templates.md", "how to change the look of the outputs"),
    "versions": ("versions-and-editions.md", "versions, editions (large print, support), class packs, "
                                             "the course booklet"),
    "troubleshooting": ("troubleshooting.md", "common error messages and what to do"),
    "languages": ("languages.md", "topics in other languages: labels, dates, fonts, missing characters"),
    "grading": ("grading.md", "scannable worksheets and docgen grade: grades, marked copies, item analysis"),
    "importing": ("importing.md", "docgen import: questions from Moodle, GIFT, Aiken, QTI, spreadsheets, Word"),
    "exports": ("exports", "quizzes and flashcards: Moodle, QTI (Canvas), Anki, Quizlet, printed cards"),
    "accessibility": ("accessibility.md", "what docgen guarantees for screen readers and how it is checked; "
                                          "the html output"),
}


def guide_root() -> Path:
    """The guides: inside the installed package, else the source tree's docs/."""
    package = Path(__file__).resolve().parent
    installed = package / "docs"
    return installed if installed.is_dir() else package.parent / "docs"


def guide_text(topic: str) -> str:
    """A guide's text; a folder of pages (exports/) reads as one guide, its README first."""
    path = guide_root() / GUIDES[topic][0]
    if not path.is_dir():
        return path.read_text("utf-8")
    pages = sorted(path.glob("*.md"), key=lambda page: (page.name != "README.md", page.name))
    return "\n\n".join(page.read_text("utf-8").strip() for page in pages) + "\n"
