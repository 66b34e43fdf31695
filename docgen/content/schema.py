"""The content format as JSON Schema, for editors that validate as you type."""

from __future__ import annotations

from typing import Any

from docgen.content.model import topic_model

SCHEMA_ID = "https://docgen.invalid/schemas/content-format-v1.json"


def content_schema() -> dict[str, Any]:
    schema = topic_model().model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
        "title": "docgen content file (format 1)",
        "description": "One topic: handout sections, comparison, key terms and worksheet questions.",
    }
