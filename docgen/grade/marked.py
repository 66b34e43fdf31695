"""marked/<student>.pdf: each page as scanned (straightened), with the reading drawn on it.

Green: a box marked and right; red: marked and wrong; a green outline: the
right box the student did not mark; orange: a doubt (see review.csv).
The points given stand beside each question's points boxes, the total
at the top of the first page. A copy to hand back, or to check the reading.
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from docgen.grade.reading import PX_PER_MM
from docgen.grade.run import Result, Sheet, safe_name
from docgen.root import resource_root

GREEN, RED, ORANGE = (0, 140, 60), (210, 30, 30), (240, 140, 0)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource_root() / "fonts" / "Carlito-Bold.ttf"), size)


def write_marked(result: Result, plans) -> None:
    folder = result.folder / "marked"
    folder.mkdir(exist_ok=True)
    for sheet in result.sheets:
        pages = _pages(result, sheet, plans)
        if pages:
            path = folder / f"{safe_name(sheet.name)}.pdf"
            temporary = path.with_name(path.name + ".part")
            pages[0].save(temporary, "PDF", save_all=True, append_images=pages[1:],
                          resolution=PX_PER_MM * 25.4)
            temporary.replace(path)


def _pages(result: Result, sheet: Sheet, plans) -> list[Image.Image]:
    labels = plans.labels(sheet.copy.slug)
    plan = {question.number: question for question in plans.of(sheet.copy).questions}
    images: dict[int, Image.Image] = {}
    for number, reading in sorted(sheet.pages.items()):
        images[number] = Image.open(result.folder / reading.image).convert("RGB")
    draws = {number: ImageDraw.Draw(image) for number, image in images.items()}
    text = _font(int(3.2 * PX_PER_MM))
    for grade in sheet.grades:
        question = plan[grade.number]
        for part, row in zip(grade.parts, list(question.scan_rows) + [None]):
            for index, box in enumerate(part.boxes):
                if box is None or box.page not in draws:
                    continue
                draw = draws[box.page]
                correct = row is not None and row.boxes[index].correct
                chosen = part.chosen is not None and part.labels[index] in part.chosen
                colour = ORANGE if part.chosen is None else (GREEN if correct else RED) if chosen else \
                    GREEN if correct and row is not None else None
                if colour:
                    draw.rectangle(_rect(box.rect, 0.8), outline=colour, width=4 if chosen or part.chosen is None
                                   else 2)
        points = grade.parts[-1]
        box = next((box for box in reversed(points.boxes) if box is not None), None)
        if box is not None and box.page in draws:
            x, y, w, h = box.rect
            given = "?" if grade.points is None else f"{grade.points:g}"
            draws[box.page].text(((x + w + 3) * PX_PER_MM, (y - 0.6) * PX_PER_MM),
                                 f"{given}/{grade.max_points:g}", fill=RED, font=text)
    if images:
        first = draws[min(draws)]
        total = labels.format("grade_total", points=f"{sheet.total:g}", max=f"{sheet.max_points:g}")
        line = f"{sheet.name} · {total}" + ("" if sheet.complete else f" · {labels['grade_incomplete']}")
        first.text((40 * PX_PER_MM, 1.5 * PX_PER_MM), line, fill=RED, font=_font(int(4.2 * PX_PER_MM)))
    return [images[number] for number in sorted(images)]


def _rect(rect: tuple[float, float, float, float], grow: float) -> tuple[float, float, float, float]:
    x, y, w, h = rect
    return ((x - grow) * PX_PER_MM, (y - grow) * PX_PER_MM, (x + w + grow) * PX_PER_MM, (y + h + grow) * PX_PER_MM)
