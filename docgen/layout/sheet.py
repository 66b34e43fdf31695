"""The worksheet as it will be printed: numbers, seeds, shuffles, points.

Each question type lays out its own blocks; this module decides, once, what
lies around them: the question's number, its points (one per part unless
``points`` says otherwise), the seed each question is shuffled with. The
worksheet and its key, as .docx and .pdf, and every export read the result.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from docgen.content.model import Topic
from docgen.layout.derive import all_questions
from docgen.i18n import Labels
from docgen.layout.blocks import Figure, QuestionLayout, WorksheetLayout
from docgen.layout.editions import edition_named
from docgen.questions import LayoutContext
from docgen.registry import question_type


def default_seed(slug: str) -> int:
    """A seed from the slug: the same on every machine and every run."""
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:4], "big")


def worksheet_reads(data: dict) -> list[str]:
    """The top-level topic keys a worksheet and its key print: the title block, the summary
    (the PDF's description), the questions and `worksheet:`, and what its derived
    exercises and question types draw on. A section or a term edited elsewhere
    rebuilds neither."""
    from docgen.content.model import DERIVE_SOURCE
    from docgen.registry import question_types
    from docgen.render.job import TOPIC_HEAD

    keys = [*TOPIC_HEAD, "summary", "questions", "worksheet"]
    settings = data.get("worksheet")
    derive = settings.get("derive") if isinstance(settings, dict) else None
    keys += [DERIVE_SOURCE.get(str(kind), "") for kind in derive] if isinstance(derive, list) else []
    names = {name: kind for kind in question_types().values() for name in (kind.name, *kind.synonyms)}
    for name in _types_named(data.get("questions")):
        kind = names.get(name)
        keys += kind.topic_reads if kind else []
    return list(dict.fromkeys(key for key in keys if key))


def _types_named(value: object) -> set[str]:
    """Every `type:` under the questions (groups and pools included)."""
    if isinstance(value, dict):
        found = {str(value["type"])} if isinstance(value.get("type"), str) else set()
        return found.union(*(_types_named(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_types_named(item) for item in value))
    return set()


def topic_seed(topic: Topic, slug: str) -> int:
    """The seed of every shuffle and draw of a topic: its own, else one from its slug."""
    seed = topic.worksheet.seed
    return seed if seed is not None else default_seed(slug)


def question_key(slug: str, question: object) -> str:
    """A stable identity for a question: its topic and its own words, not its position."""
    text = repr(sorted(question.model_dump(exclude={"points", "explanation", "hint"}).items()))  # type: ignore[attr-defined]
    return f"{slug}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def lay_out_worksheet(topic: Topic, slug: str, labels: Labels, version: str | None = None,
                      edition: str | None = None, whole_pools: bool = False,
                      folder: Path | None = None) -> WorksheetLayout:
    """The worksheet of one version (``None``: the unlettered one) in one edition.

    Each version draws its own dice from the seed and its letter, so the
    same inputs always give the same versions; the unlettered worksheet
    keeps the seeds it always had. Versions always shuffle their options
    (identical versions would be pointless). ``whole_pools`` asks every
    question of every pool, as a quiz system's question bank needs them.
    """
    options = topic.worksheet
    seed = topic_seed(topic, slug)
    base = f"{seed}:{version}" if version else f"{seed}"
    pick = {} if whole_pools else options.pick or {}
    chosen = _drawn(all_questions(topic, labels, seed), pick, random.Random(f"{base}:pick"))
    if options.shuffle_questions:
        random.Random(f"{base}:order").shuffle(chosen)
    questions = []
    for number, (index, question) in enumerate(chosen, start=1):
        kind = question_type(question.type)
        # One generator per question: editing one question never reshuffles another.
        context = LayoutContext(topic, labels, random.Random(f"{base}:{index}"),
                                options.shuffle or version is not None)
        laid = kind.lay_out(question, context)
        points = question.points if question.points is not None else kind.parts(question, topic)
        questions.append(QuestionLayout(
            number=number, type=kind.name, prompt=laid.prompt, points=points,
            points_label=labels.points(points), blocks=laid.blocks, note=laid.note,
            explanation=question.explanation, hint=question.hint,
            key=question_key(slug, question), answer_summary=laid.answer_summary, group=question.group,
            image=_figure(question, folder), scan_rows=laid.scan_rows))
    layout = WorksheetLayout(
        title=options.title or labels.format("worksheet_title", title=topic.title),
        key_title=labels.format("answer_key_title", title=options.title or topic.title),
        instructions=options.instructions or labels["instructions"],
        questions=questions,
        version=version,
    )
    return edition_named(edition).transform(layout, labels, seed)


def _figure(question, folder: Path | None) -> Figure | None:
    """A question's picture, its path resolved from the content file's folder (``folder``)."""
    if question.image is None or folder is None:
        return None
    return Figure((folder / question.image).resolve(), question.alt or "", question.width)


def _drawn(questions: list, pick: dict[str, int], rng: random.Random) -> list[tuple[int, object]]:
    """The questions this version asks (written, then derived), with their index.

    A question in a group named by ``worksheet.pick`` is asked only if the
    draw picks it; every other question is always asked. The draw keeps
    the file's order.
    """
    kept: set[int] = set()
    for group, count in sorted(pick.items()):
        pool = [index for index, question in enumerate(questions) if question.group == group]
        kept.update(rng.sample(pool, count))
    return [(index, question) for index, question in enumerate(questions)
            if question.group not in pick or index in kept]
