"""Labels: every fixed word docgen prints, looked up by key in the topic's language.

Code and templates never hold label text; they ask ``Labels`` for a key
(``labels["answer_key"]``, ``labels.format("points", count=2)``). The
gettext catalogs (``docgen/i18n/locales/<lang>/LC_MESSAGES/docgen.po``),
those of every plugin's label domain (``app.add_labels``) and the project's
``labels:`` overrides decide the words; Babel's locale data decides dates,
numbers, lists and plural forms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, get_decimal_symbol

from docgen.content.errors import DocgenError, Problem
from docgen.i18n.catalog import LOCALES, find_catalog, find_translations, has_catalog
from docgen.i18n.typography import Typography, apply_spacing, has_spacing

# The source catalog (English). Every other catalog translates these keys;
# the .po files carry the key as msgctxt and this text as msgid.
ENGLISH: dict[str, str] = {
    # Worksheet and answer key (PDF and .docx)
    "answer_key": "ANSWER KEY",
    "worksheet_title": "{title} — Worksheet",
    "answer_key_title": "{title} — Answer key",
    "instructions": "Answer every question in the space provided. "
                    "Points for each question are shown on the right.",
    "instructions_inline": "Answer every question in the space provided. "
                           "Points for each question are shown after it.",
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
    "table_prompt": "Complete the table.",
    "terms_prompt": "Match each term with its definition.",
    "true_false_statement": "{item} — {aspect}: {value}",
    "recall_text": "{gap}: {definition}",
    "no_model_answer": "No model answer given.",
    "numeric_answer": "Answer",
    "question_n": "Question {number}",
    "instructions_heading": "Instructions",
    "field_name": "Name",
    "field_class": "Class",
    "field_date": "Date",
    "version_n": "Version {letter}",
    # Scannable worksheets (scan: true) and `docgen grade`
    "scan_instructions": "Mark a box with a cross or a tick. To take an answer back, "
                         "black its box out completely and mark another.",
    "scan_grid": "Mark one box in each column",
    "scan_points": "Teacher",
    "grade_total": "Total: {points} of {max}",
    "grade_incomplete": "Incomplete: see review.csv",
    "grade_answer": "Answer: {answer}",
    "item_analysis_title": "{title} — Item analysis",
    "item_facility": "Facility",
    "item_discrimination": "Discrimination",
    "item_students": "Students: {count}",
    # An answer in a few words (the answers grid, versions.csv, exports' summaries)
    "answer_separator": "; ",
    "table_answer": "{aspect}, {item}: {answer}",
    # Handout
    "key_idea": "Key idea",
    "objectives": "Learning objectives",
    "objectives_lead": "By the end of this handout you can:",
    "compare_heading": "{items} compared",
    "aspect": "Aspect",
    "not_applicable": "not applicable",
    "key_terms": "Key terms",
    # Cheat sheet
    "cheatsheet": "Cheat sheet",
    "cheatsheet_title": "{title} — Cheat sheet",
    "key_difference": "Key difference",
    "tips": "Tips",
    "cheatsheet_notes": "Notes",
    # Every page
    "page_n_of_m": "Page {page} of {pages}",
    # Dates: the first day of a month as the language writes it in a date ("1er septembre")
    "date_first_day": "1",
    # Typography: the quotes docgen sets for "straight quotes" in content
    "quote_open": "“",
    "quote_close": "”",
    "quote_inner_open": "‘",
    "quote_inner_close": "’",
    # Versions, class packs, the booklet
    "answers_grid_title": "{title} — Answers of every version",
    "question_column": "Question",
    "contents": "Contents",
    "booklet_title": "Course booklet",
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
    "preview_internal_error": "docgen preview hit a bug showing this page; the terminal shows the details.",
    "preview_output_handout": "Handout",
    "preview_output_worksheet": "Worksheet",
    "preview_output_answers": "Answer key",
    "preview_output_cheatsheet": "Cheat sheet",
    "preview_output_answers_grid": "Answers of every version",
    "preview_output_version": "{output} — {version}",
    "preview_output_edition": "{output} — {edition}",
    "preview_edition_large_print": "large print",
    "preview_edition_support": "support edition",
    # Exports (flashcards, quiz systems)
    "fact_question": "{item} — {aspect}?",
    "hint": "Hint",
    "hint_text": "Hint: {hint}",
    "word_bank_line": "Word bank: {words}",
    "quiz_question_name": "Question {number}: {stem}",
    "anki_field_term": "Term",
    "anki_field_definition": "Definition",
    "anki_field_question": "Question",
    "anki_field_answer": "Answer",
    "anki_field_explanation": "Explanation",
    "anki_field_text": "Text",
    "anki_card_term": "Term → definition",
    "anki_card_definition": "Definition → term",
    "anki_card_fact": "Fact",
    "anki_card_question": "Question",
    "anki_card_cloze": "Cloze",
    "preview_output_flashcards": "Flashcards",
    "preview_output_class_pack": "Class pack",
    # `docgen init` and `docgen new`: the skeleton topic's comments and placeholder texts
    "skeleton_example_title": "Example Topic",
    "skeleton_check": "A docgen topic. Check it with `docgen check`, build it with `docgen build`.",
    "skeleton_guide": "Every key is explained in the content guide: run `docgen help format`.",
    "skeleton_examples": "To use an example below, remove the \"# \" in front of its lines.",
    "skeleton_subtitle": "One line under the title",
    "skeleton_subject": "Business Studies",
    "skeleton_level": "Year 11",
    "skeleton_summary": "The key idea of the topic in one or two sentences.",
    "skeleton_objective": "Explain the key idea in your own words",
    "skeleton_heading": "First section heading",
    "skeleton_body": "Write the handout text here. **Bold**, *italic* and lists work:",
    "skeleton_point_1": "first point",
    "skeleton_point_2": "second point",
    "skeleton_thing_1": "First thing",
    "skeleton_thing_2": "Second thing",
    "skeleton_aspect": "First aspect",
    "skeleton_value_1": "What the first thing is",
    "skeleton_value_2": "What the second thing is",
    "skeleton_term": "Key term",
    "skeleton_definition": "What it means, in one sentence.",
    "skeleton_choice_prompt": "Write the question here; which option is right?",
    "skeleton_option_1": "The first option",
    "skeleton_option_2": "The second option",
    "skeleton_option_3": "The third option",
    "skeleton_statement": "A statement that is either true or false.",
    "skeleton_short_prompt": "Explain the key idea in one sentence.",
    "skeleton_model_answer": "A model answer for the answer key.",
    "skeleton_long_prompt": "A question that needs a paragraph or more.",
    "skeleton_blank_text": "A sentence with a [[gap]] to fill in.",
    "skeleton_classify_prompt": "Sort each statement under the thing it describes.",
    "skeleton_statement_1": "A statement about the first thing",
    "skeleton_statement_2": "A statement about the second thing",
    "skeleton_derive": "exercises made from `compare` and `terms`",
    "skeleton_note": "A mnemonic or an exam tip",
    "skeleton_numeric_prompt": "A question whose answer is a number",
    # What a drawn box or line is, for screen readers (tagged PDF)
    "tick_box": "Tick box",
    "tick_box_ticked": "Ticked box",
    "write_here": "Space for your answer",
    "letter_box": "Box for a letter",
    "gap": "Gap",
    # The web pages (the `html` output)
    "skip_to_content": "Skip to content",
    "answer_to_question": "Answer to question {number}",
    "gap_n": "Gap {number}",
    "match_letters": "Write the letter of the matching item ({letters}).",
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields a label text uses."""
    return set(_PLACEHOLDER.findall(text))


def locale_of(lang: str) -> Locale:
    """Babel's locale for a language tag; English data for a tag Babel does not know."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):  # a tag CLDR has no data for, e.g. "zz"
        return Locale("en")


@dataclass(frozen=True)
class Labels:
    """The labels of one language, with the project's overrides on top."""

    lang: str
    texts: Mapping[str, str] = field(default_factory=lambda: ENGLISH)
    fallback: bool = False  # no catalog for ``lang``: English labels (see ``fallback_note``)

    def __getitem__(self, key: str) -> str:
        try:
            return self.texts[key]
        except KeyError:
            raise DocgenError([unknown_label(key, self.lang)]) from None

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)

    @cached_property
    def locale(self) -> Locale:
        return locale_of(self.lang)

    def number(self, value: float) -> str:
        """``1.5`` as the language writes it (``1,5`` in French)."""
        return format_decimal(value, locale=self.locale)

    def points(self, count: float) -> str:
        """``2 pts``, ``1 punto``: the plural form the language's rules pick for ``count``."""
        rules = locale_of("en") if self.fallback else self.locale  # the words' language decides
        form = rules.plural_form(count)
        key = "points_one" if form == "one" else "points_other"
        return self.format(key, count=self.number(count))

    def date(self, day: date) -> str:
        """The long date: "27 de noviembre de 2026", "27. November 2026"; the first of the
        month as the language writes it (``date_first_day``: "1er septembre 2026", "1º settembre")."""
        if day.day != 1:
            return format_date(day, "long", locale=self.locale)
        first = "'" + self["date_first_day"].replace("'", "''") + "'"
        pattern = re.sub(r"(?<![d'])d(?![d'])", first, self.locale.date_formats["long"].pattern)
        return format_date(day, pattern, locale=self.locale)

    @property
    def csv_separator(self) -> str:
        """The separator a spreadsheet set to the language reads in a .csv file it opens.

        Excel takes the system's list separator, which is ";" wherever the decimal
        separator is "," (French, German, Spanish...): a comma-separated file
        opens there as one column.
        """
        return ";" if get_decimal_symbol(self.locale) == "," else ","

    def join(self, items: list[str]) -> str:
        """"A, B and C" in the language ("A, B y C")."""
        return format_list(list(items), locale=self.locale)

    @property
    def quotes(self) -> list[str]:
        """Opening and closing, then inner opening and closing quotation marks."""
        return [self[key] for key in ("quote_open", "quote_close", "quote_inner_open", "quote_inner_close")]

    @property
    def typography(self) -> Typography:
        """The quotes and spacing the topic's Markdown is set with (``docgen.markdown.typography``)."""
        return Typography(tuple(self.quotes), self.lang)

    @property
    def direction(self) -> str:
        """``rtl`` for Arabic, Hebrew, Persian...; ``ltr`` otherwise."""
        return self.locale.text_direction

    def css_content(self, key: str) -> str:
        """A label as the value of a CSS ``content:``; each ``{name}`` is ``counter(name)``.

        ``Page {page} of {pages}`` -> ``"Page " counter(page) " of " counter(pages)``.
        Every character of the text is escaped, so no label can break out of its string.
        """
        parts = []
        for index, piece in enumerate(_PLACEHOLDER.split(self[key])):
            if index % 2:
                parts.append(f"counter({piece})")
            elif piece:
                parts.append('"' + "".join(f"\\{ord(char):06x}" for char in piece) + '"')
        return " ".join(parts) or '""'

    @property
    def fallback_note(self) -> str | None:
        if not self.fallback:
            return None
        return (f'labels: docgen has no catalog for language "{self.lang}", so labels are in English; '
                "set the words under `labels:` in docgen.yaml, or add a catalog (`docgen help languages`)")


def unknown_label(key: str, lang: str) -> Problem:
    return Problem(None, f'the label "{key}" is in no catalog (language "{lang}")',
                   hint="the question type or output that prints it must register it with "
                        "app.add_labels (docs/extending.md), or set it under `labels:` in docgen.yaml")


def label_keys() -> list[str]:
    return list(ENGLISH)


def untranslated(keys: list[str], lang: str, overrides: Mapping[str, str] | None = None) -> list[Problem]:
    """The labels among ``keys`` that would print in English in a language docgen has a catalog for:
    a plugin's words with no translation to ``lang``, and keys in no catalog at all.

    A language docgen has no catalog for prints English throughout (with one note): not a problem here.
    """
    from docgen.registry import registry

    problems: list[Problem] = []
    domains = registry().labels
    translated = find_catalog(lang) is not None
    for key in dict.fromkeys(keys):
        if overrides and key in overrides:
            continue
        domain = next((name for name, (english, _) in domains.items() if key in english), None)
        if domain is None:
            problems.append(unknown_label(key, lang))
        elif translated and key not in (find_translations(domains[domain][1], lang, domain) or {}) and \
                not lang.lower().startswith("en"):
            problems.append(Problem(None, f'the label "{key}" (catalog "{domain}") has no translation for '
                                          f'the language "{lang}", so it would print in English',
                                    hint=f'add it to the catalog\'s "{lang}" words, or set it in docgen.yaml: '
                                         f'`labels: {{{key}: ...}}`'))
    return problems


def labels_for(lang: str, overrides: Mapping[str, str] | None = None) -> Labels:
    """The labels for a language tag ("es", "pt-BR"), the project's ``labels:`` on top.

    Every registered label domain adds its words: docgen's own, then each
    plugin's. A tag with a region falls back to its language's catalog; a
    language docgen has no catalog for gets English, flagged so the build
    can say so.
    """
    from docgen.registry import registry

    catalog = find_catalog(lang)
    texts: dict[str, str] = {}
    for domain, (english, translations) in registry().labels.items():
        texts.update(english)
        texts.update(find_translations(translations, lang, domain) or {})
    texts.update(overrides or {})
    if has_spacing(lang):  # "Indice : …" with the no-break space French sets there
        texts = {key: apply_spacing(text, lang) for key, text in texts.items()}
    return Labels(lang, texts, fallback=catalog is None)


def setup(app) -> None:  # noqa: ANN001 - the registry
    app.add_labels("docgen", ENGLISH, LOCALES)


__all__ = ["ENGLISH", "Labels", "has_catalog", "label_keys", "labels_for", "locale_of", "placeholders",
           "untranslated"]
