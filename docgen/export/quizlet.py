"""cards.tsv: the topic's flashcards as Quizlet's import text (also Gimkit, Knowt).

Quizlet's "Import" box takes one card a line, term TAB definition. The
apps show plain text, so Markdown is reduced to its words; a tab or line
break inside a text would split the card, so it becomes a space.
"""

from __future__ import annotations

from docgen.export.cards import CARD_READS, study_cards
from docgen.export.common import one_line
from docgen.render.job import RenderJob


def render(job: RenderJob) -> dict[str, bytes]:
    cards = study_cards(job.topic, job.labels)
    if not cards:
        job.notes.append("cards.tsv: skipped, the topic has no terms and no comparison")
        return {}
    lines = [f"{one_line(card.front)}\t{one_line(card.back)}\n" for card in cards]
    return {"cards.tsv": "".join(lines).encode("utf-8")}


def setup(app) -> None:
    # Editions change the print; the cards are the topic's own: made once.
    app.add_output("quizlet", render, templates=(), reads=CARD_READS, editions=False)
