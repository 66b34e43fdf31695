"""item-analysis.csv and a one-page item-analysis.pdf: how each question worked for the class.

Facility: the mean share of its points the students got (1: everyone).
Discrimination: the correlation of a question's score with the rest of the
total (near 0 or below: it does not tell strong from weak students).
Chosen: how many students chose each option, counted by the option's text
so that shuffled versions add up; an option nobody chose is worth a look.
Only decided questions count.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from docgen.grade.reports import _csv, _write, columns
from docgen.grade.run import Result


@dataclass
class Item:
    name: str
    max_points: float
    scores: list[float] = field(default_factory=list)  # share of the points, per student
    rests: list[float] = field(default_factory=list)  # the rest of that student's total
    chosen: dict[str, int] = field(default_factory=dict)  # option text -> students

    @property
    def facility(self) -> float | None:
        return round(statistics.fmean(self.scores), 2) if self.scores else None

    @property
    def discrimination(self) -> float | None:
        if len(self.scores) < 3 or len(set(self.scores)) < 2 or len(set(self.rests)) < 2:
            return None
        return round(statistics.correlation(self.scores, self.rests), 2)


def items_of(result: Result, plans) -> list[Item]:
    named = dict(columns(result))
    items = {key: Item(name, 0.0) for key, name in named.items()}
    for sheet in result.sheets:
        plan = {question.number: question for question in plans.of(sheet.copy).questions}
        for grade in sheet.grades:
            item = items[grade.key]
            item.max_points = grade.max_points
            question = plan[grade.number]
            for row in question.scan_rows:
                for box in row.boxes:
                    item.chosen.setdefault(box.value, 0)
            if grade.points is None:
                continue
            item.scores.append(grade.points / grade.max_points if grade.max_points else 0.0)
            item.rests.append(sheet.total - grade.points)
            for part, row in zip(grade.parts, question.scan_rows):
                for label in part.chosen or ():
                    value = next(box.value for box in row.boxes if box.label == label)
                    item.chosen[value] += 1
    return list(items.values())


def write_item_analysis(result: Result, plans, project) -> None:
    from docgen.markdown import plain_text

    items = items_of(result, plans)
    rows = [["question", "max", "students", "facility", "discrimination", "chosen"]]
    for item in items:
        rows.append([item.name, f"{item.max_points:g}", len(item.scores), _blank(item.facility),
                     _blank(item.discrimination),
                     "; ".join(f"{plain_text(text)}: {count}" for text, count in item.chosen.items())])
    _write(result.folder / "item-analysis.csv", _csv(rows))
    _pdf(result, plans, items)


def _blank(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _pdf(result: Result, plans, items: list[Item]) -> None:
    from docgen.render.writers.html.from_template import render_html
    from docgen.render.writers.html.printer import layout, write_pdf

    job = plans._job(result.slug)
    html = render_html(job, "item-analysis.html", items=items, title=plans.title(result.slug),
                       students=len(result.sheets))
    document = layout(html, job.topic_file.path.parent, job.project.root, tagged=False)
    data = write_pdf(document, f"{result.slug}/item-analysis.pdf")
    path = result.folder / "item-analysis.pdf"
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)
