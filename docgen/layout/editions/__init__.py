"""Editions: the same worksheet for other readers, as a change of its layout.

An edition is not another set of templates. It is one module (here, or in
a plugin) with an ``Edition`` registered by ``setup(app)`` through
``app.add_edition``: a transform of the worksheet's layout (more room,
fewer options, word banks, hints shown) and the style hooks every writer
asks instead of testing an edition's name (a stylesheet over every page,
a type scale for Word, the size every text is set at, flashcards per
sheet). The standard edition is an ``Edition`` whose hooks change nothing,
so writers ask ``edition_named(job.edition)`` whatever the job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from docx.document import Document

    from docgen.i18n import Labels
    from docgen.layout.blocks import WorksheetLayout

Size = TypeVar("Size")


class Edition:
    """An edition, and everything a writer may ask it; each default leaves the standard look.

    A subclass sets ``name`` (its folder under ``output/<slug>/`` and the word in
    ``docgen.yaml``'s ``editions:``) and overrides only what it changes.
    """

    name: str = ""
    css: str = ""
    """Style over every page, after ``stylesheet``: an edition in one module needs no template file."""
    type_scale: float = 1.0
    """How much larger the type of a Word file is: room for text on a line shrinks by as much."""
    fixed_pt: float | None = None
    """Every text at this size (pt), never shrunk to fit a page (answers grid, cheat sheet); None: fitted."""
    cheatsheet_paper: str | None = None
    """The cheat sheet's paper when it is not shrunk to one page (``fixed_pt``); None: the project's."""

    @property
    def stylesheet(self) -> str | None:
        """A template included after every page's own stylesheet, if the project's templates or docgen's
        have it: ``edition-<name>.css`` (a project may restyle any edition)."""
        return f"edition-{self.name}.css" if self.name else None

    @property
    def label_key(self) -> str:
        """The catalog key naming the edition in the preview ("Handout — …")."""
        return "preview_edition_" + self.name.replace("-", "_")

    def transform(self, layout: "WorksheetLayout", labels: "Labels", seed: int) -> "WorksheetLayout":
        """The worksheet of this edition, from the standard one (``seed`` draws any choice made)."""
        return layout

    def style_word(self, document: "Document") -> None:
        """Change the styles of the empty Word document every worksheet starts from."""

    def finish_word(self, document: "Document") -> None:
        """Change a written Word worksheet (sizes set on runs, in the body, headers and footers)."""

    def card_size(self, standard: Size) -> Size:
        """The flashcards' size (cards per sheet, least and largest text) from the standard one."""
        return standard


STANDARD = Edition()


def edition_named(name: str | None) -> Edition:
    """The registered edition of that name; the standard one for ``None``."""
    if name is None:
        return STANDARD
    from docgen.registry import registry

    return registry().editions[name]

