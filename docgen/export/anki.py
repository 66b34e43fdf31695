"""deck.apkg: the topic as an Anki deck, a subdeck of the course.

Notes keep their identity across rebuilds: a note's GUID comes from the
topic's slug and what the note is about (a term, an item's aspect, a
question's key), never from its position, so importing a rebuilt deck
updates the notes a teacher edited and adds only the new ones. The note
types and the deck have fixed ids for the same reason. Fields are HTML
made by docgen.markdown with raw HTML off: markup typed in content shows
as text in Anki, never as markup; maths is left to Anki's MathJax.

Note types (names are identifiers, tied to their fixed ids):
``docgen term`` (Term, Definition; cards both ways), ``docgen fact``
(Question, Answer), ``docgen question`` (Question with the options,
Answer, Explanation, Hint behind Anki's "show hint" link) and ``docgen
cloze`` (Text with a ``{{c1::…}}`` per gap, Explanation, Hint).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

from markupsafe import escape

from docgen.export.cards import fact_cards, term_cards
from docgen.export.common import stable_number, zip_bytes
from docgen.export.media import read_media
from docgen.export.quiz import (QUIZ_READS, ChoiceItem, EssayItem, Gap, GapsItem, MatchItem, NumericItem, QuizQuestion, ShortItem,
                                TrueFalseItem, inline_html, label_html, quiz_items)
from docgen.i18n import ENGLISH, Labels
from docgen.render.job import RenderJob

# Fixed note type ids (chosen once; changing one would duplicate every note).
TERM_MODEL_ID = 1607392319
FACT_MODEL_ID = 1607392320
QUESTION_MODEL_ID = 1607392321
CLOZE_MODEL_ID = 1607392322

CSS = """.card { font-family: sans-serif; font-size: 22px; text-align: center; color: #111; background: #fff; }
.explanation { font-size: 18px; font-style: italic; margin-top: 1em; }
"""


def _models(labels: Labels):
    """The four note types, their field and card names in the topic's language.

    Anki knows a note type by its id, and an id must keep its fields: a deck
    in another language than English has note types of its own (an id made
    from its names), and an English one keeps the ids it always had.
    """
    import genanki

    def basic(model_id: int, name: str, fields: list[str], templates: list[tuple[str, str, str]]):
        return genanki.Model(_model_id(model_id, labels), name,
                             fields=[{"name": field} for field in fields],
                             templates=[{"name": title, "qfmt": front, "afmt": back}
                                        for title, front, back in templates], css=CSS)

    term, definition, question, answer_field, explanation_field, hint_field, text = (
        labels[key] for key in ("anki_field_term", "anki_field_definition", "anki_field_question",
                                "anki_field_answer", "anki_field_explanation", "hint", "anki_field_text"))
    answer = '{{FrontSide}}<hr id="answer">'
    explanation = f'{{{{#{explanation_field}}}}}<div class="explanation">{{{{{explanation_field}}}}}</div>' \
                  f'{{{{/{explanation_field}}}}}'
    hint = f'{{{{#{hint_field}}}}}<div class="hint">{{{{hint:{hint_field}}}}}</div>{{{{/{hint_field}}}}}'  # "show hint"
    cloze_fields = [text, explanation_field, hint_field]
    cloze_templates = [{"name": labels["anki_card_cloze"], "qfmt": f"{{{{cloze:{text}}}}}" + hint,
                        "afmt": f"{{{{cloze:{text}}}}}" + explanation}]
    return {
        "term": basic(TERM_MODEL_ID, "docgen term", [term, definition],
                      [(labels["anki_card_term"], f"{{{{{term}}}}}", answer + f"{{{{{definition}}}}}"),
                       (labels["anki_card_definition"], f"{{{{{definition}}}}}", answer + f"{{{{{term}}}}}")]),
        "fact": basic(FACT_MODEL_ID, "docgen fact", [question, answer_field],
                      [(labels["anki_card_fact"], f"{{{{{question}}}}}", answer + f"{{{{{answer_field}}}}}")]),
        "question": basic(QUESTION_MODEL_ID, "docgen question", [question, answer_field, explanation_field, hint_field],
                          [(labels["anki_card_question"], f"{{{{{question}}}}}" + hint,
                            answer + f"{{{{{answer_field}}}}}" + explanation)]),
        "cloze": genanki.Model(_model_id(CLOZE_MODEL_ID, labels),
                               "docgen cloze", model_type=genanki.Model.CLOZE,
                               fields=[{"name": field} for field in cloze_fields],
                               templates=cloze_templates, css=CSS),
    }


# The label keys of the note types' field and card names.
NAME_KEYS = ("anki_field_term", "anki_field_definition", "anki_field_question", "anki_field_answer",
             "anki_field_explanation", "hint", "anki_field_text", "anki_card_term", "anki_card_definition",
             "anki_card_fact", "anki_card_question", "anki_card_cloze")


def _model_id(english_id: int, labels: Labels) -> int:
    """The note type's id: the one it always had with the English names, else one per set of names."""
    names = [labels[key] for key in NAME_KEYS]
    if names == [ENGLISH[key] for key in NAME_KEYS]:
        return english_id
    return stable_number("anki note type", str(english_id), *names, bits=31)


def deck_name(job: RenderJob) -> str:
    """``Course::Topic``: every topic of a course lands in one parent deck."""
    title = job.topic.title.replace("::", ":")
    course = job.project.config.course
    return f"{course.replace('::', ':')}::{title}" if course else title


def tags(job: RenderJob) -> list[str]:
    """Subject, level and topic, as Anki tags (no spaces inside a tag)."""
    topic = job.topic
    return [re.sub(r"\s+", "_", value.strip()) for value in (topic.subject, topic.level, job.slug) if value]


def no_cloze(text: str) -> str:
    """Content never opens a cloze of its own: braces become entities."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


def cloze_text(item: GapsItem) -> str:
    """``{{c1::answer}}`` for each gap: one card per gap."""
    pieces, number = [], 0
    for part in item.parts:
        if isinstance(part, Gap):
            number += 1
            answer = str(escape(part.answer)).replace(":", "&#58;")  # "::" would start a cloze hint
            pieces.append(f"{{{{c{number}::{no_cloze(answer)}}}}}")
        else:
            pieces.append(no_cloze(part))
    return "".join(pieces)


def question_note(question: QuizQuestion, labels: Labels) -> tuple[str, list[str]]:
    """The note type and fields of a question: the options on the front, the answer on the back."""
    item = question.item
    front, back = question.prompt, ""
    if isinstance(item, GapsItem):
        if item.bank and not item.select:  # the prompt points at a word bank: show it
            words = " · ".join(str(escape(word)) for word in dict.fromkeys(item.bank))
            front += f"<p>{label_html(labels, 'word_bank_line', words=words)}</p>"
        return "cloze", [no_cloze(front) + cloze_text(item), question.explanation, question.hint]
    if isinstance(item, ChoiceItem):
        front += "".join(f"<p>{option.letter}. {option.html}</p>" for option in item.options)
        back = "".join(f"<p>{option.letter}. {option.html}</p>" for option in item.options if option.correct)
    elif isinstance(item, TrueFalseItem):
        front += f"<p>{labels['true']} / {labels['false']}</p>"
        back = labels["true"] if item.answer else labels["false"]
    elif isinstance(item, ShortItem):
        back = " / ".join(str(escape(answer)) for answer in item.answers)
    elif isinstance(item, EssayItem):
        back = item.model_answer or labels["no_model_answer"]
    elif isinstance(item, NumericItem):
        back = f"{item.answer:g}" + (f" ± {item.tolerance:g}" if item.tolerance else "") \
            + (f" {escape(item.unit)}" if item.unit else "")
    elif isinstance(item, MatchItem):
        front += "".join(f"<p>{left}</p>" for left, _ in item.pairs)
        back = "".join(f"<p>{left} → {escape(right)}</p>" for left, right in item.pairs)
    return "question", [front, back, question.explanation, question.hint]


def notes_changed(job: RenderJob) -> float:
    """When the notes last changed, as Anki compares it: on import a newer note replaces the
    one in the collection. ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the
    content file's modification time: an edit makes the notes newer, and an untouched
    file builds the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return float(epoch)
    try:
        return job.topic_file.path.stat().st_mtime
    except OSError:  # a topic made in memory, not read from a file
        return time.time()


def render(job: RenderJob) -> dict[str, bytes]:
    import genanki

    labels = job.labels
    models = _models(labels)
    deck = genanki.Deck(stable_number("anki deck", job.slug, bits=31), deck_name(job))
    note_tags = tags(job)

    def add(kind: str, key: str, fields: list[str]) -> None:
        deck.add_note(genanki.Note(model=models[kind], fields=fields, tags=note_tags,
                                   guid=genanki.guid_for("docgen", job.slug, key)))

    for card in term_cards(job.topic):
        add("term", card.key, [inline_html(card.front), inline_html(card.back)])
    for card in fact_cards(job.topic, labels):
        add("fact", card.key, [inline_html(card.front), inline_html(card.back)])
    media: dict[str, bytes] = {}
    for quiz in quiz_items(job):
        kind, fields = question_note(quiz, labels)
        if quiz.image:  # Anki's media folder is flat: the file under its content name
            picture = read_media(quiz.image, job.project.root, job.topic_file.path)
            media[picture.name] = picture.data
            fields[0] = picture.img("") + fields[0]
        add(kind, quiz.key, fields)
    if not deck.notes:
        job.notes.append("deck.apkg: skipped, the topic has no terms, comparison or questions")
        return {}
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in media.items():  # genanki packs files from disk, named as on disk
            (Path(folder) / name).write_bytes(data)
            paths.append(str(Path(folder) / name))
        package = genanki.Package([deck], media_files=paths)
        buffer = io.BytesIO()
        package.write_to_file(buffer, timestamp=notes_changed(job))
    with zipfile.ZipFile(buffer) as written:  # genanki dates the entries now: take the dates out
        return {"deck.apkg": zip_bytes({name: written.read(name) for name in written.namelist()})}


def setup(app) -> None:
    # Editions change the print; the quiz is the topic's own: made once.
    app.add_output("anki", render, templates=(), reads=QUIZ_READS, editions=False)
