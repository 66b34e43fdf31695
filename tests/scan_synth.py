"""Synthetic scans: a built class pack, marked by simulated students, degraded like a real scanner.

Renders the PDF docgen wrote (pypdfium2), draws marks in the boxes its
``.scan.json`` map names (a filled box, a cross, a tick, a faint pencil
tick, a box blacked out with another marked, two boxes in one question),
then degrades each page: rotation up to ±5° (and some upside down), scale
0.95–1.05, a perspective warp, blur, noise, dithering, JPEG quality
30–70, a corner mark hidden by a staple; pages are shuffled and some
duplicated. ``truth`` says what each part was meant to read.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

INK = 40  # a pen's grey

# A two-page worksheet with every kind of box: the tests' and the benchmark's topic.
TOPIC = textwrap.dedent("""\
    title: Weather and climate
    worksheet:
      scan: true
      versions: 2
    questions:
      - type: choice
        prompt: Which lasts longest?
        options: [A storm, A season, The climate of a region, A shower]
        answer: The climate of a region
      - type: choice
        prompt: Which are weather?
        options: [Rain today, Average July rainfall, A gust of wind, Ice ages]
        answer: [Rain today, A gust of wind]
      - type: true_false
        statement: Climate is the weather of one day.
        answer: false
      - type: match
        pairs:
          - {left: Weather, right: Hours to days}
          - {left: Climate, right: Thirty years or more}
          - {left: Season, right: Three months}
      - type: classify
        categories: [Weather, Climate]
        statements:
          - {text: "It rains this afternoon", answer: Weather}
          - {text: "Summers here are dry", answer: Climate}
          - {text: "A frost last night", answer: Weather}
      - type: short
        prompt: Name one instrument that measures weather.
        answer: A thermometer
    """)


PEN_MM = 0.45


@dataclass
class Drawn:
    """What the simulated students wrote: (student, question, part) -> labels, or None when the
    marks are meant to be doubtful (two in a one-answer part, a box blacked out alone)."""

    truth: dict[tuple[str, int, str], tuple[str, ...] | None] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)


def render(pdf: Path, dpi: int) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(str(pdf))
    pages = [np.array(document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
             for index in range(len(document))]
    document.close()
    return pages


def _px(rect_mm, dpi):
    scale = dpi / 25.4
    x, y, w, h = rect_mm
    return x * scale, y * scale, w * scale, h * scale


def draw(image: np.ndarray, rect_mm, kind: str, dpi: int, rng: random.Random) -> None:
    """One mark in one box: fill, cross, tick, pencil (a faint tick) or cancel (blacked out)."""
    x, y, w, h = _px(rect_mm, dpi)
    pen = max(1, int(round(PEN_MM * dpi / 25.4)))
    ink = rng.randint(15, 70)

    def point(fx, fy):
        return int(x + fx * w + rng.uniform(-0.04, 0.04) * w), int(y + fy * h + rng.uniform(-0.04, 0.04) * h)

    if kind == "cross":
        cv2.line(image, point(0.15, 0.15), point(0.85, 0.85), ink, pen, cv2.LINE_AA)
        cv2.line(image, point(0.85, 0.15), point(0.15, 0.85), ink, pen, cv2.LINE_AA)
    elif kind in ("tick", "pencil"):
        shade = rng.randint(150, 185) if kind == "pencil" else ink
        width = max(1, pen - 1) if kind == "pencil" else pen + 1
        cv2.polylines(image, [np.int32([point(0.15, 0.5), point(0.42, 0.85), point(0.9, 0.12)])], False,
                      shade, width, cv2.LINE_AA)
    elif kind == "fill":  # strokes back and forth over most of the box
        steps = max(3, int(h / (pen * 2.2)))
        for step in range(steps):
            fy = 0.18 + 0.64 * step / (steps - 1)
            cv2.line(image, point(0.15, fy), point(0.85, fy), ink, pen + 1, cv2.LINE_AA)
    elif kind == "cancel":
        grow = 0.04 * w
        cv2.rectangle(image, (int(x - grow), int(y - grow)), (int(x + w + grow), int(y + h + grow)), 20, -1)


def mark_copy(pages: list[np.ndarray], copy: dict, plan, student: str, dpi: int, rng: random.Random,
              drawn: Drawn) -> None:
    """Answers for every part of one student's copy, drawn on its rendered pages."""
    where = {}
    for number, page in enumerate(copy["pages"]):
        for q, row, box, x, y, w, h in page["boxes"]:
            where[(q, row, box)] = (number, (x, y, w, h))
    for question in plan.questions:
        for index, row in enumerate(question.scan_rows):
            boxes = [where.get((question.number, index, b)) for b in range(len(row.boxes))]
            if None in boxes:
                continue
            labels = [box.label for box in row.boxes]
            scenario = rng.choices(["one", "none", "two", "cancelled", "pencil"], [80, 6, 5, 7, 2])[0]
            kind = rng.choice(["cross", "tick", "fill"])
            pick = rng.sample(range(len(labels)), min(2, len(labels)))
            key = (student, question.number, row.name)
            if scenario == "none":
                drawn.truth[key] = ()
            elif scenario == "two":
                for b in pick:
                    draw(pages[boxes[b][0]], boxes[b][1], kind, dpi, rng)
                drawn.truth[key] = tuple(labels[b] for b in sorted(pick)) if row.multiple else None
            elif scenario == "cancelled" and len(pick) == 2:
                draw(pages[boxes[pick[0]][0]], boxes[pick[0]][1], "cancel", dpi, rng)
                draw(pages[boxes[pick[1]][0]], boxes[pick[1]][1], kind, dpi, rng)
                drawn.truth[key] = (labels[pick[1]],)
                kind = "cancel+" + kind
            else:
                kind = "pencil" if scenario == "pencil" else kind
                draw(pages[boxes[pick[0]][0]], boxes[pick[0]][1], kind, dpi, rng)
                drawn.truth[key] = (labels[pick[0]],)
            drawn.kinds[kind] = drawn.kinds.get(kind, 0) + 1
        if not question.scan_rows:  # a written answer: the teacher marks its points
            value = rng.randrange(len(question.points_boxes))
            spot = where.get((question.number, "p", value))
            if spot:
                draw(pages[spot[0]], spot[1], "cross", dpi, rng)
                drawn.truth[(student, question.number, "points")] = (question.points_boxes[value],)


def degrade(image: np.ndarray, dpi: int, rng: random.Random, upside_down: bool = False,
            hide_corner: bool = False, dither: bool = False) -> np.ndarray:
    """A scanner's (or a phone's) idea of the page."""
    height, width = image.shape
    if hide_corner:  # a staple and its torn corner over one mark
        corner = rng.choice([(0, 0), (1, 0), (0, 1), (1, 1)])
        size = int(16 * dpi / 25.4)
        x0 = 0 if corner[0] == 0 else width - size
        y0 = 0 if corner[1] == 0 else height - size
        image = image.copy()
        image[y0:y0 + size, x0:x0 + size] = 235
        cv2.line(image, (x0 + 2, y0 + size // 2), (x0 + size - 2, y0 + size // 3), 90, max(2, dpi // 60))
    pad = int(0.08 * max(height, width))
    canvas = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=rng.randint(225, 250))
    ch, cw = canvas.shape
    turn = cv2.getRotationMatrix2D((cw / 2, ch / 2), rng.uniform(-5, 5) + (180 if upside_down else 0),
                                   rng.uniform(0.95, 1.05))
    turn = np.vstack([turn, [0, 0, 1]])
    jitter = 0.012 * min(cw, ch)
    source = np.float32([(0, 0), (cw, 0), (cw, ch), (0, ch)])
    target = source + np.float32([[rng.uniform(-jitter, jitter) for _ in range(2)] for _ in range(4)])
    warp = cv2.getPerspectiveTransform(source, target) @ turn
    page = cv2.warpPerspective(canvas, warp, (cw, ch), flags=cv2.INTER_LINEAR, borderValue=240)
    sigma = rng.uniform(0.3, 1.1)
    page = cv2.GaussianBlur(page, (0, 0), sigma)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 9), page.shape)
    page = np.clip(page.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if dither:  # a black-and-white scan: ordered (Bayer) dithering
        bayer = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]], np.float32) / 16 * 255
        tiles = np.tile(bayer, (page.shape[0] // 4 + 1, page.shape[1] // 4 + 1))[:page.shape[0], :page.shape[1]]
        page = np.where(page > tiles, 255, 0).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(30, 70)])
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def synthesize(project, pdf: Path, scan_map: Path, out: Path, dpi: int = 200, seed: int = 1,
               upside_down: float = 0.15, hidden: float = 0.15, dithered: float = 0.1,
               duplicates: int = 1) -> tuple[list[Path], Drawn]:
    """Marked, degraded, shuffled page images of every copy in ``scan_map``; what was drawn."""
    from docgen.grade.box_maps import Copy, Plans

    rng = random.Random(seed)
    data = json.loads(scan_map.read_text(encoding="utf-8"))
    plans = Plans(project)
    rendered = render(pdf, dpi)
    drawn = Drawn()
    images = []
    for copy in data["copies"]:
        pages = [page.copy() for page in rendered[copy["first_page"]:copy["first_page"] + len(copy["pages"])]]
        plan = plans.of(Copy(data["slug"], copy["version"], copy["edition"], copy["student"], copy["row"],
                             copy["digest"], pdf, copy["first_page"], tuple(copy["page_mm"]), copy["pages"]))
        mark_copy(pages, copy, plan, copy["student"] or "copy 1", dpi, rng, drawn)
        images += [degrade(page, dpi, rng, rng.random() < upside_down, rng.random() < hidden,
                           rng.random() < dithered) for page in pages]
    images += [images[rng.randrange(len(images))] for _ in range(duplicates)]
    rng.shuffle(images)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, image in enumerate(images):
        path = out / f"scan-{index:04d}.png"
        cv2.imwrite(str(path), image)
        paths.append(path)
    return paths, drawn


def compare(results, drawn: Drawn, review: list[dict]) -> dict:
    """Every part's reading against what was drawn: sure and right, sure and wrong (a defect), or
    undecided (then it must be in review.csv); and the share of boxes read without a doubt."""
    in_review = {(row["student"], row["question"], row["part"]) for row in review}
    figures = {"parts": 0, "sure": 0, "wrong_sure": [], "missing_from_review": [], "boxes": 0, "unsure_boxes": 0}
    for result in results:
        for sheet in result.sheets:
            for question in sheet.grades:
                for part in question.parts:
                    if part.reason == "page not scanned":
                        continue
                    key = (sheet.name, question.number, part.name)
                    truth = drawn.truth.get(key, () if part.name == "points" else None)
                    figures["parts"] += 1
                    boxes = [box for box in part.boxes if box is not None]
                    figures["boxes"] += len(boxes)
                    figures["unsure_boxes"] += sum(box.state == "unsure" for box in boxes)
                    if part.chosen is None:
                        if (sheet.name, str(question.number), part.name) not in in_review:
                            figures["missing_from_review"].append(key)
                    elif truth is None or sorted(part.chosen) != sorted(truth):
                        figures["wrong_sure"].append((key, part.chosen, truth))
                    else:
                        figures["sure"] += 1
    return figures
