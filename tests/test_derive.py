"""worksheet.derive: exercises made from compare and terms, checked on the model and on real outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from hypothesis import given, strategies as st

from conftest import EXAMPLE, REPO, build_in, write_topic
from docgen.content.loader import load_yaml_file
from docgen.content.model import Topic, topic_model
from docgen.layout.derive import all_questions, derive, names
from docgen.i18n import labels_for
from docgen.markdown import plain_text
from docgen.registry import question_type
from docgen.questions.table import gap
from docgen.layout.sheet import lay_out_worksheet, question_key, topic_seed

KINDS = ["table", "terms", "sort", "true_false", "recall"]
LABELS = labels_for("en")
ITEMS = ["Solid", "Liquid", "Gas", "Plasma"]
ASPECTS = ["Shape", "Volume", "Particles", "Spacing", "Movement", "Compressibility", "Density",
           "Flow", "Energy", "Example", "Heating", "Cooling", "Forces", "Diffusion", "Expansion",
           "Sound", "Light", "Use"]


def example_data() -> dict:
    return load_yaml_file(EXAMPLE).data


def big_data() -> dict:
    """4 items, 18 rows, 14 terms; one empty cell, one cell naming its item, one value shared by two items."""
    rows = [{"aspect": aspect, "values": [f"{aspect} of matter in state {i + 1}, case {r}" + " detail" * (r % 5)
                                           for i in range(4)]}
            for r, aspect in enumerate(ASPECTS)]
    rows[0]["values"][3] = None
    rows[1]["values"][0] = "Solid keeps its volume"
    rows[2]["values"][1] = rows[2]["values"][2] = "Particles touch but move"
    terms = [{"term": f"Term number {n}", "definition": f"The meaning of idea {n}, in a few words."}
             for n in range(14)]
    return {"title": "States of matter", "compare": {"items": ITEMS, "rows": rows}, "terms": terms}


def with_derive(data: dict, kinds=KINDS, seed: int | None = None, questions: bool = True) -> Topic:
    data = dict(data, worksheet={**data.get("worksheet", {}), "derive": kinds})
    if seed is not None:
        data["worksheet"]["seed"] = seed
    if not questions:
        data.pop("questions", None)
    return topic_model().model_validate(data)


TOPICS = {"example": example_data, "big": big_data}


def derived(topic: Topic, seed: int = 7) -> dict[str, list]:
    return {made.kind: list(made.questions) for made in derive(topic, LABELS, seed)}


@pytest.fixture(params=sorted(TOPICS))
def topic(request) -> Topic:
    return with_derive(TOPICS[request.param]())


def _cells(topic: Topic) -> dict[tuple[str, str], str]:
    """(aspect, item) -> cell text of the comparison."""
    return {(row.aspect, item): value for row in topic.compare.rows
            for item, value in zip(topic.compare.items, row.values) if value}


def test_every_kind_makes_valid_ordinary_questions(topic):
    made = derived(topic)
    assert list(made) == KINDS
    for kind, questions in made.items():
        assert questions, kind
        for index, question in enumerate(questions):
            assert not list(question_type(question.type).check(question, topic, ("q", index)))


def test_table_blanks_are_the_source_cells_and_every_row_and_column_has_a_clue(topic):
    (table,) = derived(topic)["table"]
    cells = _cells(topic)
    printed = set()
    blanks = 0
    for column, item in enumerate(table.items):
        assert any(gap(row.values[column]) is None for row in table.rows), item
    for row, source in zip(table.rows, topic.compare.rows):
        assert row.aspect == source.aspect
        assert any(value and gap(value) is None for value in row.values)
        for item, value, original in zip(table.items, row.values, source.values):
            if gap(value) is None:
                assert value == original
                printed.add((value or "").casefold())
            else:
                blanks += 1
                assert gap(value) == cells[(row.aspect, item)]
    assert blanks >= len(cells) // 2
    answers = [gap(value).casefold() for row in table.rows for value in row.values if gap(value)]
    assert not printed & set(answers), "a blank's answer is printed in another cell"


def test_terms_are_matched_to_their_own_definitions_eight_at_most(topic):
    exercises = derived(topic)["terms"]
    definitions = {term.term: term.definition for term in topic.terms}
    pairs = [(pair.left, pair.right) for question in exercises for pair in question.pairs]
    assert sorted(pairs) == sorted(definitions.items())
    assert all(2 <= len(question.pairs) <= 8 for question in exercises)
    assert all(question.prompt == "Match each term with its definition." for question in exercises)


def test_sort_statements_are_cells_under_their_own_item_and_never_name_it(topic):
    (sort,) = derived(topic)["sort"]
    cells = _cells(topic)
    owners = {}
    for (_, item), value in cells.items():
        owners.setdefault(value, set()).add(item)
    assert 2 <= len(sort.statements) <= 12
    for statement in sort.statements:
        assert owners[statement.text] == {statement.answer}
        assert not names(statement.text, statement.answer)
    assert len({s.text for s in sort.statements}) == len(sort.statements)
    assert len({s.answer for s in sort.statements}) == len(topic.compare.items)


def test_sort_leaves_out_and_says_why():
    (sort,) = [made for made in derive(with_derive(big_data()), LABELS, 7) if made.kind == "sort"]
    assert "sort: 1 of 72 cells left out: they are empty" in sort.notes
    assert "sort: 1 of 72 cells left out: they name their item" in sort.notes
    assert "sort: 2 of 72 cells left out: they appear under two items" in sort.notes


def _truth(topic: Topic, statement: str) -> bool | None:
    """Whether a derived statement is true of the comparison (an aspect may be written in any case)."""
    for aspect in {row.aspect for row in topic.compare.rows}:
        for column, item in enumerate(topic.compare.items):
            prefix = LABELS.format("true_false_statement", item=item, aspect=aspect, value="")
            if statement.startswith(prefix):
                said = statement[len(prefix):].casefold()
                return any(row.aspect.casefold() == aspect.casefold() and row.values[column]
                           and row.values[column].casefold() == said for row in topic.compare.rows)
    return None


def test_true_false_keys_are_right_and_some_are_false(topic):
    statements = derived(topic)["true_false"]
    assert 2 <= len(statements) <= 8
    for question in statements:
        assert _truth(topic, question.statement) is question.answer, question.statement
        assert not any(names(question.statement.split(": ", 1)[1], item) for item in topic.compare.items)
    assert {q.answer for q in statements} == {True, False}


def test_recall_gaps_are_the_terms_beside_their_definitions(topic):
    blanks = derived(topic)["recall"]
    expected = {LABELS.format("recall_text", gap=f"[[{t.term}]]", definition=t.definition) for t in topic.terms}
    assert {question.text for question in blanks} == expected
    for question in blanks:
        term = re.match(r"\[\[(.*?)\]\]", question.text).group(1)
        assert not names(question.text.split("]]", 1)[1], term)


def test_a_definition_that_names_its_term_is_left_out_of_terms_and_recall():
    data = big_data()
    data["terms"][0]["definition"] = "Term number 0 is the first idea."
    made = {m.kind: m for m in derive(with_derive(data), LABELS, 7)}
    for kind in ("terms", "recall"):
        assert f'{kind}: left out "Term number 0": its definition names the term' in made[kind].notes
    assert "Term number 0" not in str([q.model_dump() for q in made["terms"].questions + made["recall"].questions])


@pytest.mark.parametrize("name", sorted(TOPICS))
def test_same_seed_same_exercises_new_seed_new_ones(name):
    data = TOPICS[name]()
    first, again, other = (derived(with_derive(data), seed) for seed in (1, 1, 2))
    for kind in KINDS:
        dump = [q.model_dump() for q in first[kind]]
        assert dump == [q.model_dump() for q in again[kind]], kind
        assert dump != [q.model_dump() for q in other[kind]], kind


def test_derived_questions_come_after_the_written_ones_numbered_and_pointed():
    topic = with_derive(example_data())
    layout = lay_out_worksheet(topic, "logistics-vs-operations", LABELS)
    written = len(topic.questions)
    everything = all_questions(topic, LABELS, topic_seed(topic, "logistics-vs-operations"))
    assert len(layout.questions) == len(everything) > written
    assert [q.number for q in layout.questions] == list(range(1, len(everything) + 1))
    kinds = [q.type for q in layout.questions[written:]]
    assert kinds[0] == "table" and kinds[1:3] == ["match", "match"] and kinds[3] == "classify"
    assert set(kinds[4:]) == {"true_false", "blank"}
    table = layout.questions[written]
    gaps = sum(cell.answer for row in table.blocks[0].rows for cell in row)
    assert table.prompt == "Complete the table." and table.points == gaps == 6


# --- on real outputs ---------------------------------------------------------------------------

def only_data() -> dict:
    """Compare and terms, no written question."""
    data = big_data()
    data["compare"]["rows"] = data["compare"]["rows"][:4]
    data["terms"] = data["terms"][:3]
    return data


BUILT = {"example": (example_data, KINDS), "big": (big_data, KINDS), "only": (only_data, ["table", "recall"])}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every topic of BUILT with its kinds, built once, as a teacher would."""
    root = tmp_path_factory.mktemp("derive")
    (root / "content").mkdir()
    (root / "docgen.yaml").write_text("course: Derive\nteacher: T\n", "utf-8")
    for name, (data, kinds) in BUILT.items():
        values = data()
        values["worksheet"] = {**values.get("worksheet", {}), "derive": kinds}
        write_topic(root, name, json.dumps(values))  # JSON is YAML
    build_in(root, ["build", "--only", "worksheet,answers", "--jobs", "1"])
    return root / "output"


def built_layout(name: str):
    data, kinds = BUILT[name]
    topic = with_derive(data(), kinds)
    return topic, lay_out_worksheet(topic, name, LABELS)


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def _docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(path).tables]


def _flat(text: str) -> str:
    return " ".join(plain_text(text).split())


@pytest.mark.parametrize("name", ["example", "big"])
def test_every_exercise_is_in_the_worksheet_and_the_key(built, name):
    topic, layout = built_layout(name)
    derived_layout = layout.questions[len(topic.questions):]
    for stem in ("worksheet", "answers"):
        text = _pdf_text(built / name / f"{stem}.pdf")
        word = " ".join(p.text for p in docx.Document(built / name / f"{stem}.docx").paragraphs)
        for question in derived_layout:
            start = _flat(question.prompt)[:30]
            assert f"{question.number}. {start}" in text, (stem, question.number)
            assert start in word, (stem, question.number)
        assert f"{len(layout.questions)}." in text


@pytest.mark.parametrize("name", sorted(BUILT))
def test_the_table_blanks_are_empty_on_the_worksheet_and_the_source_cells_in_the_key(built, name):
    topic, layout = built_layout(name)
    block = next(q for q in layout.questions if q.type == "table").blocks[0]
    for stem, answers in (("worksheet", False), ("answers", True)):
        grid = next(t for t in _docx_tables(built / name / f"{stem}.docx")
                    if t[0] == [""] + list(topic.compare.items))
        assert len(grid) == len(topic.compare.rows) + 1
        for row, cells in zip(grid[1:], block.rows):
            for printed, cell in zip(row, cells):
                expected = _flat(cell.text) if (answers or not cell.answer) else ""
                assert " ".join(printed.split()) == expected
        pdf = _pdf_tables(built / name / f"{stem}.pdf", len(topic.compare.items) + 1)
        assert [[_flat(cell.text) if (answers or not cell.answer) else "" for cell in cells]
                for cells in block.rows] == pdf


def _pdf_tables(path: Path, columns: int) -> list[list[str]]:
    """The body rows of the PDF's table of ``columns`` columns, cells as one line of text."""
    rows = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if len(table[0]) == columns and table[0][0] in ("", None):
                    # A line that ends in a hyphen goes on without a space ("work-in-" "progress").
                    rows += [[" ".join((cell or "").replace("-\n", "-").split()) for cell in row]
                             for row in table[1:]]
    return rows


def test_a_topic_of_compare_and_terms_only_gets_a_worksheet_and_a_key(built):
    files = sorted(path.name for path in (built / "only").iterdir())
    assert files == ["answers.docx", "answers.pdf", "worksheet.docx", "worksheet.pdf"]
    key = _pdf_text(built / "only" / "answers.pdf")
    assert "Complete the table." in key and "Term number 0" in key
    assert "Term number 0" not in _pdf_text(built / "only" / "worksheet.pdf")


def test_check_says_what_each_kind_makes(project, run_cli):
    data = big_data()
    write_topic(project, "big", json.dumps({**data, "worksheet": {"derive": KINDS}}))
    result = run_cli(["check"], project)
    assert result.code == 0
    lines = result.out.splitlines()
    assert "        derive sort: 1 of 72 cells left out: they name their item" in lines
    assert any(line.startswith("        derive table: ") and "to fill in" in line for line in lines)
    assert "        derive terms: 2 matching exercises of 7 + 7 terms" in lines
    assert "        derive recall: 14 definitions, each with its term to write in" in lines


# --- any comparison ----------------------------------------------------------------------------

WORDS = st.sampled_from(["A", "B", "fast", "slow", "a", "b", "Fast", "", "A b", "both"])


@st.composite
def comparisons(draw) -> Topic:
    count = draw(st.integers(2, 4))
    items = draw(st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), min_size=count, max_size=count,
                          unique=True))
    rows = draw(st.lists(st.builds(lambda aspect, values: {"aspect": aspect, "values": values},
                                   st.sampled_from(["x", "y", "z", "X"]),
                                   st.lists(WORDS, min_size=count, max_size=count)), min_size=1, max_size=8))
    terms = draw(st.lists(st.builds(lambda t, d: {"term": t, "definition": d},
                                    st.sampled_from(["A", "cat", "dog", "Cat", "cow"]),
                                    st.sampled_from(["an A thing", "a pet", "farm animal", "a dog's friend"])),
                          max_size=6))
    return topic_model().model_validate({"title": "T", "compare": {"items": items, "rows": rows}, "terms": terms,
                                 "worksheet": {"derive": KINDS, "seed": draw(st.integers(0, 10**6))}})


@given(comparisons())
def test_any_comparison_gives_right_keys_and_no_empty_or_duplicate_exercise(topic):
    made = derive(topic, LABELS, topic.worksheet.seed)
    questions = [q for m in made for q in m.questions]
    keys = [question_key("t", q) for q in questions]
    assert len(set(keys)) == len(keys)
    for index, question in enumerate(questions):
        kind = question_type(question.type)
        assert not list(kind.check(question, topic, ("q", index)))
        assert kind.parts(question, topic) >= 1
        if question.type == "true_false":
            assert _truth(topic, question.statement) is question.answer
        if question.type == "classify":
            assert len(question.statements) >= 2
            for statement in question.statements:
                assert not names(statement.text, statement.answer)
        if question.type == "table":
            printed = {(value or "").casefold() for row in question.rows for value in row.values
                       if gap(value) is None}
            for row, source in zip(question.rows, topic.compare.rows, strict=True):
                for value, original in zip(row.values, source.values, strict=True):
                    assert value == original or gap(value) == original
                    assert gap(value) is None or original.casefold() not in printed
    for m in made:
        assert m.questions or any("nothing" in note for note in m.notes), m


def test_a_kind_that_makes_nothing_is_said_at_build_time(project, run_cli):
    data = {"title": "T", "compare": {"items": ["Logistics", "Operations"], "rows": [
        {"aspect": "Focus", "values": ["Logistics moves goods", "Operations runs production"]},
        {"aspect": "Scope", "values": ["Logistics stores goods", "Operations runs it all"]}]},
        "worksheet": {"derive": ["sort", "table"]}}
    write_topic(project, "t", json.dumps(data))
    result = run_cli(["build", "--only", "worksheet", "--jobs", "1"], project)
    assert result.code == 0
    assert "worksheet: derive sort: 4 of 4 cells left out: they name their item" in result.out + result.err
    assert (project / "output" / "t" / "worksheet.pdf").exists()


def test_the_guides_topic_without_questions_derives_what_the_guide_shows(project, run_cli):
    guide = (REPO / "docs" / "content-format.md").read_text("utf-8")
    example = re.search(r"```yaml\n(title: States of matter\n.*?)```", guide, re.DOTALL).group(1)
    write_topic(project, "states-of-matter", example)
    result = run_cli(["check"], project)
    assert result.code == 0
    assert "derive table: 7 of 12 cells to fill in, the others printed as clues" in result.out
    assert "derive recall: 3 definitions, each with its term to write in" in result.out


def test_a_table_of_one_row_still_has_a_cell_to_fill_in():
    topic = with_derive({"title": "T", "compare": {"items": ["A", "B", "C"], "rows": [
        {"aspect": "x", "values": ["one", "two", "three"]}]}}, ["table"])
    (table,) = derived(topic)["table"]
    assert sum(gap(value) is not None for value in table.rows[0].values) >= 1


def test_a_table_taller_than_most_of_a_page_starts_at_once_and_runs_on(built):
    _, layout = built_layout("big")
    table = layout.questions[0]
    assert table.breakable and not any(q.breakable for q in layout.questions[1:])
    with pdfplumber.open(built / "big" / "worksheet.pdf") as pdf:
        first = " ".join((pdf.pages[0].extract_text() or "").split())
        assert "1. Complete the table." in first  # not pushed to page 2, leaving page 1 empty
        headers = [t.extract()[0][1:] for page in pdf.pages[:3] for t in page.find_tables()]
        assert headers == [ITEMS] * 3  # its header row repeats on every page it runs onto
    document = docx.Document(built / "big" / "worksheet.docx")
    prompt = next(p for p in document.paragraphs if p.text.startswith("Complete the table."))
    assert prompt.paragraph_format.keep_with_next
    grid = next(t for t in document.tables if t.rows[0].cells[1].text == ITEMS[0])
    assert not any(p.paragraph_format.keep_with_next for row in grid.rows for c in row.cells for p in c.paragraphs)


def test_a_question_opens_a_page_only_if_no_earlier_question_runs_onto_it():
    from docgen.render.measure import page_starts
    assert page_starts({1: (0, 0), 2: (0, 2), 3: (2, 2), 4: (3, 3), 5: (3, 4)}) == {4}
