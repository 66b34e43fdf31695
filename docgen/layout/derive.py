"""Exercises made from a topic's comparison and terms (``worksheet.derive``).

A teacher who wrote a comparison and a glossary has already written the
answers to several classic exercises. Each kind here turns them into
ordinary question models (a table, match, classify, true_false or blank
question), so numbering, points, shuffles, versions, the key and every
export treat them as if the teacher had typed them. Every choice is drawn
from the worksheet's seed, one generator per kind: the same seed gives the
same exercises, and adding a kind never changes another. What a kind
leaves out, and why, is said in its notes (``docgen check`` prints them):
nothing is dropped silently.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from docgen.content.model import DERIVE_SOURCE, Comparison, Term, Topic
from docgen.i18n import Labels
from docgen.markdown import plain_text
from docgen.questions.blank import BlankQuestion
from docgen.questions.classify import ClassifyQuestion
from docgen.questions.match import MatchQuestion
from docgen.questions.table import TableQuestion
from docgen.questions.true_false import TrueFalseQuestion

MATCH_SIZE = 8  # terms in one matching exercise: more make several
SORT_SIZE = 12  # statements in the sorting exercise
TRUE_FALSE_COUNT = 8  # statements to judge
GIVEN_SHARE = 1 / 3  # of a table's cells, printed as clues


@dataclass(frozen=True)
class Derived:
    """What one kind made, with what a teacher should know about it."""

    kind: str
    questions: tuple[Any, ...]
    notes: tuple[str, ...]


def all_questions(topic: Topic, labels: Labels, seed: int) -> list[Any]:
    """The worksheet's questions: the written ones, then the derived ones in the order asked for."""
    return list(topic.questions) + [question for derived in derive(topic, labels, seed)
                                    for question in derived.questions]


def derive(topic: Topic, labels: Labels, seed: int) -> list[Derived]:
    """Every kind ``worksheet.derive`` lists, in its order; a kind without its source makes nothing."""
    made = []
    for kind in topic.worksheet.derive:
        if not getattr(topic, DERIVE_SOURCE[kind]):
            made.append(Derived(kind, (), (f"{kind}: nothing made, the topic has no {DERIVE_SOURCE[kind]}",)))
            continue
        rng = random.Random(f"{seed}:derive:{kind}")
        notes: list[str] = []
        questions = tuple(_KINDS[kind](topic, labels, rng, notes))
        made.append(Derived(kind, questions, tuple(f"{kind}: {note}" for note in notes)))
    return made


def _key(text: str | None) -> str:
    """What makes two cells say the same thing: their words, whatever the markup and case."""
    return " ".join(plain_text(text).split()).casefold()


def names(text: str, name: str) -> bool:
    """Whether ``text`` contains ``name`` as a whole word or phrase, in any case."""
    return re.search(rf"(?<!\w){re.escape(_key(name))}(?!\w)", _key(text)) is not None


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _left_out(reasons: Counter, total: int, noun: str) -> Iterator[str]:
    """One note per reason: "3 of 12 cells left out: they name their item"."""
    for reason, count in reasons.items():
        yield f"{count} of {_count(total, noun)} left out: {reason}"


# --- table -------------------------------------------------------------------------------------

def _table(topic: Topic, labels: Labels, rng: random.Random, notes: list[str]) -> Iterator[Any]:
    compare: Comparison = topic.compare  # type: ignore[assignment]
    width = len(compare.items)
    filled = [(row, column) for row, values in enumerate(compare.rows)
              for column, value in enumerate(values.values) if value]
    given: set[tuple[int, int]] = set()
    per_column: Counter = Counter()

    def give(choices: list[tuple[int, int]]) -> None:
        fewest = min(per_column[column] for _, column in choices)
        cell = rng.choice([cell for cell in choices if per_column[cell[1]] == fewest])
        given.add(cell)
        per_column[cell[1]] += 1

    # A clue in every row, spread over the columns so that each column shows one too
    # (a table of one row keeps a cell to fill in).
    for row in range(len(compare.rows)):
        if choices := [cell for cell in filled if cell[0] == row]:
            give(choices)
    for column in range(width):
        choices = [cell for cell in filled if cell[1] == column]
        if not per_column[column] and choices and len(given) + 1 < len(filled):  # leave one to fill in
            give(choices)
    rest = [cell for cell in filled if cell not in given]
    rng.shuffle(rest)
    given.update(rest[:max(0, math.ceil(len(filled) * GIVEN_SHARE) - len(given))])
    # A blank whose words are printed in another cell would be given away by it.
    printed = {_key(compare.rows[row].values[column]) for row, column in given}
    given.update(cell for cell in filled if _key(compare.rows[cell[0]].values[cell[1]]) in printed)
    blanks = len(filled) - len(given)
    if not blanks:
        notes.append("nothing to fill in: every cell is a clue or repeats one")
        return
    notes.append(f"{blanks} of {_count(len(filled), 'cell')} to fill in, the others printed as clues")
    rows = [{"aspect": row.aspect,
             "values": [f"[[{value}]]" if value and (index, column) not in given else value
                        for column, value in enumerate(row.values)]}
            for index, row in enumerate(compare.rows)]
    yield TableQuestion.model_validate({"type": "table", "items": compare.items, "rows": rows})


# --- sort --------------------------------------------------------------------------------------

def _sort(topic: Topic, labels: Labels, rng: random.Random, notes: list[str]) -> Iterator[Any]:
    compare: Comparison = topic.compare  # type: ignore[assignment]
    under: dict[str, set[str]] = defaultdict(set)
    for row in compare.rows:
        for item, value in zip(compare.items, row.values):
            if value:
                under[_key(value)].add(item)
    reasons: Counter = Counter()
    by_item: dict[str, list[str]] = {item: [] for item in compare.items}
    seen: set[str] = set()
    total = 0
    for row in compare.rows:
        for item, value in zip(compare.items, row.values):
            total += 1
            if not value:
                reasons["they are empty"] += 1
            elif len(under[_key(value)]) > 1:
                reasons["they appear under two items"] += 1
            elif names(value, item):
                reasons["they name their item"] += 1
            elif _key(value) in seen:
                reasons["they repeat another cell"] += 1
            else:
                seen.add(_key(value))
                by_item[item].append(value)
    notes.extend(_left_out(reasons, total, "cell"))
    statements = _drawn_evenly(by_item, SORT_SIZE, rng)
    usable = sum(len(values) for values in by_item.values())
    if len(statements) < 2:
        notes.append("nothing to sort: fewer than 2 cells can be sorted")
        return
    notes.append(f"{len(statements)} of {_count(usable, 'sortable cell')} drawn as statements")
    rng.shuffle(statements)
    yield ClassifyQuestion.model_validate({"type": "classify", "statements": [
        {"text": value, "answer": item} for item, value in statements]})


def _drawn_evenly(by_item: dict[str, list[str]], size: int, rng: random.Random) -> list[tuple[str, str]]:
    """Up to ``size`` (item, value) pairs, taking from each item in turn so none is missing."""
    pools = {item: rng.sample(values, len(values)) for item, values in by_item.items()}
    drawn: list[tuple[str, str]] = []
    while len(drawn) < size and any(pools.values()):
        for item, pool in pools.items():
            if pool and len(drawn) < size:
                drawn.append((item, pool.pop()))
    return drawn


# --- true_false --------------------------------------------------------------------------------

def _true_false(topic: Topic, labels: Labels, rng: random.Random, notes: list[str]) -> Iterator[Any]:
    compare: Comparison = topic.compare  # type: ignore[assignment]
    # What is true of an item for an aspect, over every row of that aspect.
    true_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in compare.rows:
        for item, value in zip(compare.items, row.values):
            if value:
                true_of[(_key(row.aspect), item)].add(_key(value))

    def usable(value: str | None) -> bool:
        return bool(value) and not any(names(value, item) for item in compare.items)  # type: ignore[arg-type]

    reasons: Counter = Counter()
    candidates = []
    for row in compare.rows:
        for item, value in zip(compare.items, row.values):
            if not value:
                reasons["they are empty"] += 1
            elif not usable(value):
                reasons["they name an item (a swap would read as true)"] += 1
            else:
                swaps = [other for other in row.values if usable(other)
                         and _key(other) not in true_of[(_key(row.aspect), item)]]
                candidates.append((row.aspect, item, value, swaps))
    notes.extend(_left_out(reasons, sum(len(row.values) for row in compare.rows), "cell"))
    rng.shuffle(candidates)
    chosen = candidates[:TRUE_FALSE_COUNT]
    can_swap = [index for index, candidate in enumerate(chosen) if candidate[3]]
    swapped = set(rng.sample(can_swap, min(len(can_swap), len(chosen) // 2)))
    statements: dict[str, bool] = {}
    for index, (aspect, item, value, swaps) in enumerate(chosen):
        shown = rng.choice(swaps) if index in swapped else value
        text = labels.format("true_false_statement", item=item, aspect=aspect, value=shown)
        statements.setdefault(text, _key(shown) in true_of[(_key(aspect), item)])
    if not statements:
        notes.append("nothing to judge: no cell can be made a statement")
        return
    false = sum(1 for answer in statements.values() if not answer)
    notes.append(f"{len(statements)} of {_count(len(candidates), 'usable cell')} drawn, "
                 f"{false} given another item's value")
    for text, answer in statements.items():
        yield TrueFalseQuestion.model_validate({"type": "true_false", "statement": text, "answer": answer})


# --- terms and recall --------------------------------------------------------------------------

def _usable_terms(topic: Topic, notes: list[str], unsafe: Callable[[Term], str | None]) -> list[Term]:
    """The terms an exercise can ask: each once, with a definition that does not name it."""
    terms, seen_terms, seen_definitions = [], set(), set()
    for term in topic.terms:
        reason = None
        if _key(term.term) in seen_terms:
            reason = "the same term twice"
        elif _key(term.definition) in seen_definitions:
            reason = "the same definition as another term"
        elif any(names(term.definition, form) for form in _forms(term.term)):
            reason = "its definition names the term"
        else:
            reason = unsafe(term)
        if reason:
            notes.append(f'left out "{term.term}": {reason}')
            continue
        seen_terms.add(_key(term.term))
        seen_definitions.add(_key(term.definition))
        terms.append(term)
    return terms


def _forms(term: str) -> list[str]:
    """How a definition could name a term: "Supply chain management (SCM)", its words, its short form."""
    match = re.fullmatch(r"(.*?)\s*\((.+)\)", term)
    return [term, *match.groups()] if match and match.group(1) else [term]


def _terms(topic: Topic, labels: Labels, rng: random.Random, notes: list[str]) -> Iterator[Any]:
    terms = _usable_terms(topic, notes, lambda term: None)
    if len(terms) < 2:
        notes.append("nothing to match: fewer than 2 terms can be asked")
        return
    rng.shuffle(terms)
    count = math.ceil(len(terms) / MATCH_SIZE)
    groups = [terms[index::count] for index in range(count)]
    notes.append(f"{_count(count, 'matching exercise')} of {' + '.join(str(len(g)) for g in groups)} terms")
    for group in groups:
        yield MatchQuestion.model_validate({"type": "match", "prompt": labels["terms_prompt"], "pairs": [
            {"left": term.term, "right": term.definition} for term in group]})


def _recall(topic: Topic, labels: Labels, rng: random.Random, notes: list[str]) -> Iterator[Any]:
    def unsafe(term: Term) -> str | None:
        if "]]" in term.term or "[[" in term.term or "[[" in term.definition:
            return "double brackets would be read as a gap"
        return None

    terms = _usable_terms(topic, notes, unsafe)
    if not terms:
        notes.append("nothing to recall: no term can be asked")
        return
    rng.shuffle(terms)
    notes.append(f"{_count(len(terms), 'definition')}, each with its term to write in")
    for term in terms:
        text = labels.format("recall_text", gap=f"[[{term.term}]]", definition=term.definition)
        yield BlankQuestion.model_validate({"type": "blank", "text": text})


# What each kind is made from: the topic key it needs.
_KINDS: dict[str, Callable[[Topic, Labels, random.Random, list[str]], Iterator[Any]]] = {
    "table": _table, "terms": _terms, "sort": _sort, "true_false": _true_false, "recall": _recall}
