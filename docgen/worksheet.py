"""The worksheet as it will be printed: numbers, seeds, shuffles, points.

Each question type lays out its own blocks; this module decides, once, what
lies around them: the question's number, its points (one per part unless
``points`` says otherwise), the seed each question is shuffled with. The
worksheet and its key, as .docx and .pdf, and every export read the result.
"""

from __future__ import annotations

import hashlib
import random

from docgen.content.model import Topic
from docgen.derive import all_questions
from docgen.i18n import Labels
from docgen.layout import QuestionLayout, WorksheetLayout
from docgen.questions import LayoutContext, question_type


def default_seed(slug: str) -> int:
    """A seed from the slug: the same on every machine and every run."""
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:4], "big")


def topic_seed(topic: Topic, slug: str) -> int:
    """The seed of every shuffle and draw of a topic: its own, else one from its slug."""
    seed = topic.worksheet.seed
    return seed if seed is not None else default_seed(slug)


def question_key(slug: str, question: object) -> str:
    """A stable identity for a question: its topic and its own words, not its position."""
    text = repr(sorted(question.model_dump(exclude={"points", "explanation", "hint"}).items()))  # type: ignore[attr-defined]
    return f"{slug}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def lay_out_worksheet(topic: Topic, slug: str, labels: Labels) -> WorksheetLayout:
    options = topic.worksheet
    seed = topic_seed(topic, slug)
    questions = []
    for index, question in enumerate(all_questions(topic, labels, seed)):
        kind = question_type(question.type)
        # One generator per question: editing one question never reshuffles another.
        context = LayoutContext(topic, labels, random.Random(f"{seed}:{index}"), options.shuffle)
        laid = kind.lay_out(question, context)
        points = question.points if question.points is not None else kind.parts(question, topic)
        questions.append(QuestionLayout(
            number=index + 1, type=kind.name, prompt=laid.prompt, points=points,
            points_label=labels.points(points), blocks=laid.blocks, note=laid.note,
            explanation=question.explanation, hint=question.hint,
            key=question_key(slug, question), answer_summary=laid.answer_summary))
    return WorksheetLayout(
        title=options.title or labels.format("worksheet_title", title=topic.title),
        instructions=options.instructions or labels["instructions"],
        questions=questions,
    )
