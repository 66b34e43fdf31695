"""``classify``: sort statements into categories (by default the compared items)."""

from __future__ import annotations

import math
from typing import Annotated, Iterator, Literal

from pydantic import Field

from docgen.content.fields import Inline, QuestionBase, Strict, Text
from docgen.content.errors import Broken, quoted_list
from docgen.layout.blocks import Cell, Labelled, ScanBox, ScanRow, Table
from docgen.questions import Laid, LayoutContext, QuestionType


class Statement(Strict):
    text: Inline
    """A statement to sort."""
    answer: Text
    """The category it belongs to."""


class ClassifyQuestion(QuestionBase):
    type: Literal["classify"]
    prompt: Inline | None = None
    """The instruction (default: Sort each statement into the right column)."""
    categories: Annotated[list[Text], Field(min_length=2, max_length=6)] | None = None
    """Column headings to sort into; default: the items of compare."""
    statements: Annotated[list[Statement], Field(min_length=1)]
    """The statements to sort, each with its category."""


def categories_of(question: ClassifyQuestion, topic) -> list[str]:
    """A classify question sorts into its own categories, else the compared items."""
    if question.categories:
        return list(question.categories)
    return list(topic.compare.items) if topic.compare else []


def statement_label(index: int) -> str:
    return f"{'abcdefghijklmnopqrstuvwxyz'[index]})" if index < 26 else f"{index + 1})"


class ClassifyType(QuestionType):
    name = "classify"
    topic_reads = ("compare",)  # its default categories
    model = ClassifyQuestion
    synonyms = ("sort", "sorting", "categorise", "categorize", "classification", "category",
                "categories")

    def check(self, question: ClassifyQuestion, topic, path) -> Iterator[Broken]:
        categories = categories_of(question, topic)
        if not categories:
            yield Broken(path, "has no categories to sort into",
                         "add `categories: [A, B]`, or a `compare:` block whose items are used by default")
            return
        for index, statement in enumerate(question.statements):
            if statement.answer not in categories:
                yield Broken(path + ("statements", index, "answer"),
                             f'"{statement.answer}" is not one of the categories ({quoted_list(categories)})',
                             "use the exact name of a category")

    def parts(self, question: ClassifyQuestion, topic) -> int:
        return len(question.statements)

    def lay_out(self, question: ClassifyQuestion, context: LayoutContext) -> Laid:
        statements = list(question.statements)
        if context.shuffle:
            context.rng.shuffle(statements)
        categories = categories_of(question, context.topic)
        labelled = [(statement_label(index), statement) for index, statement in enumerate(statements)]
        columns = [[f"{label} {s.text}" for label, s in labelled if s.answer == category]
                   for category in categories]
        # As many rows as the key needs, and never just enough to give the answer away.
        rows = max(max(len(column) for column in columns),
                   math.ceil(len(statements) / len(categories)) + 1)
        grid = tuple(tuple(Cell(column[row], answer=True) if row < len(column) else Cell()
                           for column in columns) for row in range(rows))
        summary = context.labels["answer_separator"].join(f"{label} {s.answer}" for label, s in labelled)
        scan = tuple(ScanRow(label, tuple(ScanBox(category, category, category == s.answer)
                                          for category in categories)) for label, s in labelled)
        return Laid(prompt=question.prompt or context.labels["classify_prompt"],
                    blocks=(Labelled(tuple((label, s.text) for label, s in labelled)),
                            Table(tuple(categories), grid)),
                    answer_summary=summary, scan_rows=scan)

    def to_item(self, question, items):
        return items.sort(*question.blocks)


def setup(app) -> None:
    app.add_question_type(ClassifyType())
