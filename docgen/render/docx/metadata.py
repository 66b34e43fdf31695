"""Document properties: what File > Info, search and screen readers show."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from docx.document import Document

from docgen.render import RenderJob


def build_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), else 2000-01-01.

    A fixed date instead of "now" keeps rebuilt files identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(2000, 1, 1, tzinfo=timezone.utc)


def set_properties(document: Document, job: RenderJob, when: datetime) -> None:
    """Fill the core properties from the topic; clear what a template or reference left."""
    topic, config = job.topic, job.project.config
    properties = document.core_properties
    properties.title = job.worksheet.title
    properties.subject = topic.subject or ""
    properties.author = properties.last_modified_by = job.author or ""
    properties.language = job.lang
    properties.keywords = ", ".join(value for value in (topic.subject, topic.level, config.course)
                                    if value)
    properties.comments = properties.category = properties.content_status = ""
    properties.identifier = properties.version = ""
    properties.created = properties.modified = when
    properties.revision = 1
    properties._element._remove_lastPrinted()  # a fresh build was never printed
