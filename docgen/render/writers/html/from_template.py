"""Shared path for the outputs made from an HTML template: context -> PDF."""

from __future__ import annotations

from docgen.fonts import font_setup
from docgen.layout.editions import edition_named
from docgen.render.job import RenderJob
from docgen.render.writers.html.templates import render_template


def base_context(job: RenderJob) -> dict[str, object]:
    """What every HTML template can use (documented in docs/templates.md)."""
    config = job.project.config
    edition = edition_named(job.edition)
    return {
        "topic": job.topic,
        "slug": job.slug,
        "project": config,
        "lang": job.lang,
        "labels": job.labels,
        "student_fields": job.student_fields,
        "author": job.author,
        "paper": config.paper,
        "date": job.date,
        "fonts": font_setup(job.project.root, config.fonts, job.project.templates_dir),
        "keywords": ", ".join(filter(None, [job.topic.subject, job.topic.level, config.course])),
        "edition": job.edition,  # its name (the page's class), None: the standard edition
        "edition_stylesheet": edition.stylesheet,  # included over every page's own (page.html)
        "edition_css": edition.css,
        "student": job.student,  # the class pack prints it in the first field
    }


def render_html(job: RenderJob, template: str, **extra: object) -> str:
    """``extra`` adds to the base context, or overrides it (a cheat sheet's ``paper`` in an edition's own)."""
    return render_template(template, job.project.templates_dir, **{**base_context(job), **extra})
