"""Content format v1 as typed models: the only thing renderers read.

The models describe the shape of a file (types, required keys, allowed
values, list lengths); rules that relate one field to another live in
``rules.py`` so that all of a file's problems can be reported together.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from docgen.content.fields import AltText, Cell, Inline, LangTag, Markdown, Strict, Text


class Section(Strict):
    heading: Text
    """Section heading."""
    body: Markdown
    """Section text (Markdown: paragraphs, **bold**, *italic*, lists, links, $math$)."""
    image: Text | None = None
    """A PNG, JPEG, SVG, GIF, WebP, BMP or TIFF file, relative to this content file, inside the project."""
    alt: AltText | None = None
    """Text alternative of the image, for readers who cannot see it (required with image; "" if decorative)."""
    width: Text | None = None
    """Printed width of the image: a share of the text width (`60%`) or a length (`80mm`, `3in`)."""
    caption: Inline | None = None
    """Figure caption (one paragraph of Markdown)."""


class Row(Strict):
    aspect: Text
    """What this row compares, e.g. Definition, Part of, Focus."""
    values: list[Cell]
    """One value per item, in the order of items; ~ or \"\" means not applicable (printed as —)."""


class Comparison(Strict):
    items: Annotated[list[Text], Field(min_length=2, max_length=4)]
    """What is compared (2 to 4), e.g. [Logistics, Operations Management]."""
    rows: Annotated[list[Row], Field(min_length=1)]
    """One row per aspect."""


class Term(Strict):
    term: Text
    """The key term."""
    definition: Inline
    """Its definition (one paragraph of Markdown)."""


DeriveKind = Literal["table", "terms", "sort", "true_false", "recall"]
# The topic key each derived exercise is made from.
DERIVE_SOURCE = {"table": "compare", "terms": "terms", "sort": "compare", "true_false": "compare", "recall": "terms"}


class WorksheetOptions(Strict):
    title: Text | None = None
    """Worksheet heading (default: the title followed by — Worksheet)."""
    instructions: Markdown | None = None
    """Instructions printed under the heading (Markdown)."""
    shuffle: bool = Field(default=False, strict=True)
    """Shuffle choice options and match columns."""
    seed: int | None = Field(default=None, strict=True)
    """Makes every shuffle reproducible (default: derived from the file name)."""
    derive: list[DeriveKind] = []
    """Exercises made from compare and terms, after the written questions: table, terms, sort, true_false, recall."""
    versions: int | None = Field(default=None, ge=1, le=26, strict=True)
    """How many versions (A, B, C…) to print, each in its own order (default: docgen.yaml's, else 1)."""
    shuffle_questions: bool = Field(default=False, strict=True)
    """Each version also orders the questions differently."""
    pick: dict[Text, Annotated[int, Field(ge=1, strict=True)]] | None = None
    """Group -> how many questions each version draws from that pool (seeded)."""
    scan: bool | None = Field(default=None, strict=True)
    """Pages carry corner marks, a QR code and fillable boxes for `docgen grade` (default: docgen.yaml's, else false)."""


CheatsheetPart = Literal["summary", "compare", "terms", "notes"]


class CheatsheetOptions(Strict):
    orientation: Literal["landscape", "portrait"] = "landscape"
    """Page orientation of the cheat sheet."""
    include: list[CheatsheetPart] | None = None
    """What goes on the sheet, in this order (default: all the topic has)."""
    notes: list[Inline] | None = None
    """Extra bullet points: mnemonics, exam tips."""


class Topic(Strict):
    """One content file."""

    format: Literal[1] = 1
    """Format version of this file."""
    title: Text
    """Topic title."""
    subtitle: Text | None = None
    """One line under the title."""
    subject: Text | None = None
    """e.g. Business Studies; shown in headers."""
    level: Text | None = None
    """e.g. Year 11, Intro undergraduate."""
    lang: LangTag | None = None
    """Language tag such as en, en-GB, fr (hyphenation, document language)."""
    author: Text | None = None
    """Overrides the project's teacher for this topic."""
    source: Inline | None = None
    """Attribution line printed at the end of the handout."""
    summary: Markdown | None = None
    """The key idea or key difference, shown as a callout on every output."""
    objectives: list[Inline] = []
    """Learning objectives (By the end you can …)."""
    sections: list[Section] = []
    """Body of the handout, in order."""
    compare: Comparison | None = None
    """Side-by-side comparison; drives the cheat sheet."""
    terms: list[Term] = []
    """Glossary of key terms."""
    questions: list[Question] = []  # type: ignore[name-defined]  # noqa: F821 - made by topic_model()
    """The worksheet: choice, true_false, short, long, blank, match, classify, table, numeric."""
    worksheet: WorksheetOptions = WorksheetOptions()
    """Worksheet settings."""
    cheatsheet: CheatsheetOptions = CheatsheetOptions()
    """Cheat sheet settings."""

    @property
    def cheatsheet_parts(self) -> list[str]:
        """The parts a cheat sheet can show that this topic has, in the spec's order."""
        present = {"summary": self.summary, "compare": self.compare, "terms": self.terms,
                   "notes": self.cheatsheet.notes}
        return [part for part, value in present.items() if value]


def topic_model() -> type[Topic]:
    """The topic model, complete.

    Its questions are a union of every registered question type's model,
    told apart by ``type``; those are known only once docgen.registry has
    run every ``setup(app)``, and a question module may import this one, so
    the union is made on first use rather than when this module is imported.
    """
    if not Topic.__pydantic_complete__:
        from docgen.registry import question_types

        models = tuple(kind.model for kind in question_types().values())
        question = Annotated[Union[models], Field(discriminator="type")]  # type: ignore[valid-type]
        Topic.model_rebuild(_types_namespace={"Question": question})
    return Topic
