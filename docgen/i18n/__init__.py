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
    # docgen preview (the local site)
    "preview_title": "docgen preview",
    "preview_topics": "Topics",
    "preview_topic": "Topic",
    "preview_subject": "Subject",
    "preview_status": "Status",
    "preview_outputs": "Outputs",
    "preview_status_built": "built",
    "preview_status_failed": "failed",
    "preview_status_building": "building…",
    "preview_no_topics": "No topics yet: add a .yaml file to the content folder.",
    "preview_all_topics": "All topics",
    "preview_live": "Pages update by themselves when you save a file.",
    "preview_offline": "The preview has stopped: start `docgen preview` again to see changes.",
    "preview_project_problem": "The project settings have a problem; the pages show the last good build.",
    "preview_failed_note": "This topic has a problem; the pages below are from its last good build.",
    "preview_nothing_built": "Nothing built yet.",
    "preview_open_pdf": "Open the PDF",
    "preview_twin": "The Word file {name}, shown as its PDF twin.",
    "preview_downloads": "Downloads",
    "preview_notes": "Build notes",
    "preview_page_size": "Page size {width} × {height} mm; {pages}.",
    "preview_pages_one": "{count} page",
    "preview_pages_other": "{count} pages",
    "preview_page_image": "{output}, page {page} of {pages}",
    "preview_not_found": "Not found",
    "preview_output_handout": "Handout",
    "preview_output_worksheet": "Worksheet",
    "preview_output_answers": "Answer key",
    "preview_output_cheatsheet": "Cheat sheet",
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
