"""``table``: a grid to complete; a cell written ``[[like this]]`` is the student's to fill in.

Its keys are those of ``compare`` (items, then rows of an aspect and one
value per item), so a teacher turns a comparison into an exercise by
copying it and bracketing the cells to leave blank; ``worksheet.derive:
[table]`` does exactly that with a seeded choice of cells.
"""

from __future__ import annotations

import re
from typing import Annotated, Iterator, Literal

from pydantic import Field

from docgen.content.errors import Broken
from docgen.content.fields import Cell as CellText, Inline, QuestionBase, Strict, Text
from docgen.layout.blocks import Cell, Table, cell_height_mm
from docgen.markdown import plain_text
from docgen.questions import Laid, LayoutContext, QuestionType

GAP_CELL = re.compile(r"\[\[(.*)\]\]", re.DOTALL)
NOT_APPLICABLE = "—"


class TableRow(Strict):
    aspect: Text
    """What the row is about: printed as the row's heading."""
    values: list[CellText]
    """One cell per item; [[text]] is a cell to fill in (the key shows text); ~ or "" is printed as —."""


class TableQuestion(QuestionBase):
    type: Literal["table"]
    prompt: Inline | None = None
    """The instruction (default: Complete the table.)."""
    items: Annotated[list[Text], Field(min_length=1, max_length=6)]
    """Column headings, e.g. the compared items."""
    rows: Annotated[list[TableRow], Field(min_length=1)]
    """One row per aspect, with one cell per item."""


def gap(value: str | None) -> str | None:
    """The answer of a cell to fill in, or None for a printed cell."""
    match = GAP_CELL.fullmatch(value or "")
    return match.group(1).strip() if match else None


def gaps(question: TableQuestion) -> list[str]:
    return [answer for row in question.rows for value in row.values if (answer := gap(value))]


class TableType(QuestionType):
    name = "table"
    model = TableQuestion
    synonyms = ("grid", "complete_the_table", "complete the table")

    def check(self, question: TableQuestion, topic, path) -> Iterator[Broken]:
        count = len(question.items)
        for index, row in enumerate(question.rows):
            where = path + ("rows", index, "values")
            if len(row.values) != count:
                yield Broken(where, f"has {len(row.values)} value{'' if len(row.values) == 1 else 's'} "
                             f"but there are {count} items",
                             "give one value per item, in the order of `items`")
            for column, value in enumerate(row.values):
                if value and "[[" in value and gap(value) is None:
                    yield Broken(where + (column,), "has a gap that is not the whole cell",
                                 "bracket the whole cell, [[like this]], or write it without brackets")
                elif value and gap(value) == "":
                    yield Broken(where + (column,), "has an empty gap [[ ]]",
                                 "write the answer inside the brackets: [[Start to end of production]]")
        if not gaps(question):
            yield Broken(path + ("rows",), "has no cell to fill in",
                         "write the cells the student completes in double brackets: [[Business management]]")

    def parts(self, question: TableQuestion, topic) -> int:
        return max(1, len(gaps(question)))

    def lay_out(self, question: TableQuestion, context: LayoutContext) -> Laid:
        columns = len(question.items) + 1
        rows, heights, summary = [], [], []
        for row in question.rows:
            cells, height = [Cell(row.aspect, header=True)], 0.0
            for item, value in zip(question.items, row.values):
                answer = gap(value)
                if answer is None:
                    cells.append(Cell(value or NOT_APPLICABLE))
                    continue
                cells.append(Cell(answer, answer=True))
                height = max(height, cell_height_mm(plain_text(answer), columns))
                summary.append(context.labels.format("table_answer", aspect=row.aspect, item=item, answer=answer))
            rows.append(tuple(cells))
            heights.append(height or cell_height_mm("", columns))
        return Laid(prompt=question.prompt or context.labels["table_prompt"],
                    blocks=(Table(("",) + tuple(question.items), tuple(rows), row_headers=True,
                                  heights_mm=tuple(heights)),),
                    answer_summary=context.labels["answer_separator"].join(summary))

    def to_item(self, question, items):
        return items.grid(question.blocks[0])


def setup(app) -> None:
    app.add_question_type(TableType())
