"""Content files: loading, validation and the typed model renderers read."""
