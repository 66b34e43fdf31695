"""The value types every part of the content model is made of.

Question modules and the topic model both build on these, so a question
type can live in its own module without importing the whole topic.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from docgen.content.loader import YamlFloat, YamlInt


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _as_text(value: Any) -> Any:
    """Numbers typed where text is expected are the text the user wrote.

    Invisible control characters are refused: Word files cannot hold them,
    and a teacher never means them.
    """
    if isinstance(value, str) and (match := _CONTROL.search(value)):
        raise ValueError(f"contains an invisible control character (U+{ord(match.group()):04X})")
    if isinstance(value, (YamlInt, YamlFloat)):
        return value.source
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


# Plain text (a heading, an item name).
Text = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1)]
# A picture's text alternative: `alt: ""` is allowed, and says the picture is
# decorative on purpose (readers skip it); a missing `alt` is still an error.
AltText = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True)]
# Markdown with blocks (paragraphs, lists): shown as ``md`` in the spec.
Markdown = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1),
                     Field(json_schema_extra={"format": "markdown"})]
# One paragraph of Markdown (bold, italic, code, links, math): ``inline``.
Inline = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1),
                   Field(json_schema_extra={"format": "markdown-inline"})]
# A comparison cell: empty or null means "not applicable".
Cell = Annotated[Inline | None, BeforeValidator(_empty_to_none)]
LangTag = Annotated[str, StringConstraints(strip_whitespace=True,
                                           pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Points = Annotated[float, Field(gt=0, le=1000)]
Lines = Annotated[int, Field(ge=1, le=60)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    # Field docstrings become descriptions in the JSON Schema (editor tooltips).
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class QuestionBase(Strict):
    """Keys every question type has."""

    points: Points | None = None
    """Points for this question (default: one per part: per option to tick, gap, pair or statement)."""
    explanation: Inline | None = None
    """Why the answer is right; printed only in the answer key."""
    hint: Inline | None = None
    """A nudge for the student; printed in the answer key (and the support edition)."""
    image: Text | None = None
    """A picture above the prompt ("label this diagram"): a PNG, JPEG or SVG file, relative to this content file."""
    alt: AltText | None = None
    """Text alternative of the picture, for readers who cannot see it (required with image; "" if decorative)."""
    width: Text | None = None
    """Printed width of the picture: a share of the text width (`60%`) or a length (`80mm`)."""
    group: Text | None = None
    """Puts the question in a pool; `worksheet.pick` says how many each version draws from it."""
