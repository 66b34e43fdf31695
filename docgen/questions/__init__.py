"""Question types, one module each, found by name.

A question type is the unit of extension: its module holds the model of
its keys, the checks that relate them, how it lays itself out in
format-neutral blocks (docgen.layout.blocks) and how its answer reads in a few
words. Writers and exports draw the blocks and never ask which type they
hold. Each module registers its type in ``setup(app)`` (docgen.registry): the
built-in ones are listed there, plugins add theirs the same way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from docgen.content.fields import QuestionBase

if TYPE_CHECKING:
    from docgen.content.model import Topic
    from docgen.content.errors import Broken
    from docgen.content.errors import KeyPath
    from docgen.i18n import Labels
    from docgen.layout.blocks import Block, QuestionLayout, ScanRow

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class LayoutContext:
    """What a question needs to lay itself out: its topic, words and dice."""

    topic: "Topic"
    labels: "Labels"
    rng: random.Random
    shuffle: bool


@dataclass(frozen=True)
class Laid:
    """A question's own part of its layout; numbering and points are added around it."""

    prompt: str
    blocks: tuple["Block", ...]
    answer_summary: str
    note: str | None = None
    scan_rows: tuple["ScanRow", ...] = ()  # the boxes `docgen grade` reads; none: the teacher marks it


class QuestionType:
    """The behaviour of one question type. Subclasses set ``name`` and ``model``."""

    name: ClassVar[str]
    model: ClassVar[type[QuestionBase]]
    synonyms: ClassVar[tuple[str, ...]] = ()  # what teachers call it ("mcq", "cloze")
    # Top-level topic keys a question of this type may print besides itself (classify: `compare`),
    # so that the worksheet is rebuilt when they change, and only then.
    topic_reads: ClassVar[tuple[str, ...]] = ()
    # The label keys its layout prints (its own, from a catalog it registers with app.add_labels):
    # `docgen check` fails when one has no word in the topic's language.
    labels: ClassVar[tuple[str, ...]] = ()

    def check(self, question: Any, topic: "Topic", path: "KeyPath") -> Iterator["Broken"]:
        """Rules that relate the question's fields to each other or to the topic."""
        return iter(())

    def parts(self, question: Any, topic: "Topic") -> int:
        """How many things the student answers: the default points."""
        return 1

    def lay_out(self, question: Any, context: LayoutContext) -> Laid:
        raise NotImplementedError

    def to_item(self, question: "QuestionLayout", items: Any) -> Any:
        """The quiz item (Moodle, QTI, Anki) of the question as laid out: ``items``
        (docgen.export.quiz.Items) makes each kind from blocks. None: no quiz system has
        its kind, and the export makes it an essay, saying so."""
        return None


def letter(index: int) -> str:
    """A, B, … Z, then AA, AB: option letters never run out."""
    return LETTERS[index] if index < 26 else letter(index // 26 - 1) + LETTERS[index % 26]
