"""Flashcards from a topic: each key term, and each fact of the comparison.

Anki, Quizlet and the printed cards all study the same cards, so they are
made here once. A card's ``key`` names what it is about (the term, or the
item and aspect of a fact), never its position: it stays the same when a
definition is edited or cards are reordered, which is what lets a
flashcard app update a card instead of adding a copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.content.errors import KeyPath
from docgen.content.model import Topic
from docgen.i18n import Labels
from docgen.render.job import TOPIC_HEAD

# What the flashcard exports read of a topic.
CARD_READS = (*TOPIC_HEAD, "terms", "compare")


@dataclass(frozen=True)
class Card:
    key: str  # stable identity within the topic, e.g. "term/Logistics"
    kind: str  # "term" or "fact"
    front: str  # inline Markdown
    back: str  # inline Markdown
    source: dict[str, KeyPath]  # where each side comes from in the content file, for messages


def term_cards(topic: Topic) -> list[Card]:
    return [Card(f"term/{term.term}", "term", term.term, term.definition,
                 {"front": ("terms", index, "term"), "back": ("terms", index, "definition")})
            for index, term in enumerate(topic.terms)]


def fact_cards(topic: Topic, labels: Labels) -> list[Card]:
    """One card per filled cell: "Logistics — Part of?" -> "Supply chain management".

    A cell left empty means "not applicable": there is nothing to learn, so
    it makes no card.
    """
    if topic.compare is None:
        return []
    cards = []
    for row_index, row in enumerate(topic.compare.rows):
        for column, (item, value) in enumerate(zip(topic.compare.items, row.values)):
            if value:
                row_path = ("compare", "rows", row_index)
                cards.append(Card(f"fact/{item}/{row.aspect}", "fact",
                                  labels.format("fact_question", item=item, aspect=row.aspect), value,
                                  {"front": (*row_path, "aspect"), "back": (*row_path, "values", column)}))
    return cards


def study_cards(topic: Topic, labels: Labels) -> list[Card]:
    """Terms first (the vocabulary), then the facts of the comparison."""
    return term_cards(topic) + fact_cards(topic, labels)
