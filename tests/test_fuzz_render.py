"""Fuzzing the way out: any valid topic renders into every output.

Random valid topics (any Unicode: right-to-left, combining marks, emoji,
very long words, Markdown edge cases; 2 to 4 items, up to 40 rows) must
render without an unexpected exception, and every file must open: PDFs
with pypdf, .docx files with python-docx. The one allowed failure is
docgen's own: a cheat sheet too long for one page at 7 pt.

Rendering is slow, so this runs a twelfth of the profile's examples
(12 in CI, 250 with --hypothesis-profile=deep).
"""

from __future__ import annotations

import io

import docx
from hypothesis import HealthCheck, assume, given, settings
from pypdf import PdfReader

from docgen.content.errors import DocgenError
from docgen.content.reader import TopicFile
from docgen.project import load_project
from docgen.registry import DEFAULT_OUTPUTS, get_output
from docgen.render.job import RenderJob
from test_fuzz_input import topic_data, validate

EXAMPLES = max(10, settings.default.max_examples // 12)


RENDER_SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                  HealthCheck.data_too_large, HealthCheck.filter_too_much])


def valid_job(fuzz_project, data) -> RenderJob:
    """A render job for a generated topic; examples that are not valid are skipped."""
    file = fuzz_project / "content" / "fuzz.yaml"
    try:
        topic = validate(data, file, fuzz_project)
    except DocgenError:
        assume(False)  # the generator can still make an invalid topic (e.g. equal items)
    return RenderJob(TopicFile("fuzz", file, topic), load_project(fuzz_project))


@given(data=topic_data(clean=True))
@RENDER_SETTINGS
def test_every_valid_topic_renders_into_files_that_open(fuzz_project, data):
    job = valid_job(fuzz_project, data)
    for name in DEFAULT_OUTPUTS:
        try:
            files = get_output(name).render(job)
        except DocgenError as error:
            assert name == "cheatsheet", error
            assert "even at 7 pt" in error.problems[0].message
            continue
        for filename, content in files.items():
            if filename.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(content))
                assert len(reader.pages) >= 1
                if name == "cheatsheet":
                    assert len(reader.pages) == 1
            else:
                assert docx.Document(io.BytesIO(content)).paragraphs
