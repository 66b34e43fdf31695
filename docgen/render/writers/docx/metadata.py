"""Document properties: what File > Info, search and screen readers show."""

from __future__ import annotations

from datetime import datetime

from docx.document import Document

from docgen.render.job import RenderJob


MAX_PROPERTY = 255  # Word's limit for a core property


def _fit(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def set_properties(document: Document, job: RenderJob, when: datetime) -> None:
    """Fill the core properties from the topic; clear what a template or reference left."""
    topic, config = job.topic, job.project.config
    properties = document.core_properties
    properties.title = _fit(job.worksheet.title)
    properties.subject = _fit(topic.subject or "")
    properties.author = properties.last_modified_by = _fit(job.author or "")
    properties.language = job.lang
    properties.keywords = _fit(", ".join(value for value in (topic.subject, topic.level, config.course)
                                         if value))
    properties.comments = properties.category = properties.content_status = ""
    properties.identifier = properties.version = ""
    properties.created = properties.modified = when
    properties.revision = 1
    properties._element._remove_lastPrinted()  # a fresh build was never printed
