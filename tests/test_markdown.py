"""Markdown: safe HTML for PDFs and the same text as Word runs."""

from docgen.markdown import plain_text, to_blocks, to_html, to_inline_html, to_runs


def test_raw_html_and_template_syntax_are_shown_as_text():
    html = to_html("<script>alert(1)</script> <b>bold</b> {{ 7*7 }} {% if x %}")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }} {% if x %}" in html


def test_links_only_to_the_web_and_no_images():
    html = to_html("[ok](https://example.org) [bad](javascript:alert(1)) [file](file:///etc/passwd) ![i](x.png)")
    assert '<a href="https://example.org" class="url-after">ok</a>' in html
    assert "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
    assert 'href="file:' not in html
    assert "<img" not in html


def test_inline_has_no_paragraph_and_keeps_emphasis():
    assert to_inline_html("a **b** *c* `d`") == "a <strong>b</strong> <em>c</em> <code>d</code>"


def test_runs_carry_formatting_and_links():
    runs = to_runs("plain **bold *both*** `code` [site](https://x.org)")
    assert [(r.text, r.bold, r.italic, r.code, r.href) for r in runs] == [
        ("plain ", False, False, False, None),
        ("bold ", True, False, False, None),
        ("both", True, True, False, None),
        (" ", False, False, False, None),
        ("code", False, False, True, None),
        (" ", False, False, False, None),
        ("site", False, False, False, "https://x.org"),
    ]


def test_blocks_flatten_nested_lists_with_levels():
    blocks = to_blocks("Intro\n\n1. first\n2. second\n   - inner\n")
    assert [("".join(r.text for r in b.runs), b.list_kind, b.level, b.number) for b in blocks] == [
        ("Intro", None, 0, None), ("first", "number", 0, 1), ("second", "number", 0, 2),
        ("inner", "bullet", 1, 1)]


def test_plain_text_strips_markup():
    assert plain_text("**Key** idea: *moves* goods") == "Key idea: moves goods"
