"""Labels: every fixed word docgen prints, looked up by key in the topic's language.

Code and templates never hold label text; they ask ``Labels`` for a key
(``labels["answer_key"]``, ``labels.format("points", count=2)``). The
catalogs and the project's ``labels:`` overrides decide the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# The source catalog (English). Other languages translate these keys.
ENGLISH: dict[str, str] = {
    "answer_key": "ANSWER KEY",
    "worksheet_title": "{title} — Worksheet",
    "instructions": "Answer every question in the space provided. "
                    "Points for each question are shown on the right.",
    "total": "Total",
    "points_one": "{count} pt",
    "points_other": "{count} pts",
    "choose_all": "Choose all that apply.",
    "true": "True",
    "false": "False",
    "fill_gaps": "Fill in the gaps.",
    "fill_gaps_bank": "Fill in the gaps with words from the box.",
    "word_bank": "Word bank",
    "match_prompt": "Match each item on the left with one on the right.",
    "classify_prompt": "Sort each statement into the right column.",
    "no_model_answer": "No model answer given.",
    "question_n": "Question {number}",
    "instructions_heading": "Instructions",
    "field_name": "Name",
    "field_class": "Class",
    "field_date": "Date",
    "page_n_of_m": "Page {page} of {pages}",
    "version_n": "Version {letter}",
    "fact_question": "{item} — {aspect}?",
    "hint": "Hint",
}


@dataclass(frozen=True)
class Labels:
    """The labels of one language, with the project's overrides on top."""

    lang: str
    texts: Mapping[str, str] = field(default_factory=lambda: ENGLISH)

    def __getitem__(self, key: str) -> str:
        return self.texts[key]

    def format(self, key: str, **values: object) -> str:
        return self.texts[key].format(**values)

    def points(self, count: float) -> str:
        number = f"{count:g}"
        return self.format("points_one" if count == 1 else "points_other", count=number)


def labels_for(lang: str, overrides: Mapping[str, str] | None = None) -> Labels:
    return Labels(lang, {**ENGLISH, **(overrides or {})})
