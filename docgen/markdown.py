"""Markdown in content fields -> HTML (for PDFs) and -> runs (for Word).

One parser, configured once: CommonMark with raw HTML off, so markup a
teacher pastes is shown as text, and images off, so content cannot make a
renderer fetch anything. The same token stream feeds both outputs, which
keeps the PDF and the .docx saying the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.dollarmath import dollarmath_plugin

from docgen.formula import formula_mathml, formula_svg
from docgen.i18n.typography import Typography, apply_spacing, has_spacing


def _tex(latex: str, options: dict) -> str:
    """Math for MathJax (Moodle, Canvas, Anki): the LaTeX between \\( \\) or \\[ \\], escaped."""
    opening, closing = ("\\[", "\\]") if options.get("display_mode") else ("\\(", "\\)")
    return str(escape(f"{opening}{latex}{closing}"))


# The quotation marks "straight quotes" become (« » in French, „ “ in German)
# and the spaces before punctuation (French: "Pourquoi ?" with a narrow no-break
# space): the topic's language decides. Set once per topic around its
# rendering, so every writer, HTML, Word or export, gets them without passing
# them along.
_TYPOGRAPHY: ContextVar[Typography] = ContextVar("typography", default=Typography())


@contextmanager
def typography(rules: Typography) -> Iterator[None]:
    """The language's quotes and spacing for the Markdown rendered inside the block."""
    token = _TYPOGRAPHY.set(rules)
    try:
        yield
    finally:
        _TYPOGRAPHY.reset(token)


# How `$...$` renders: "svg" typesets it for the PDFs, "mathml" for a web page
# (the `html` output sets it around its rendering), "tex" leaves it to MathJax.
_MATH: ContextVar[str] = ContextVar("math", default="svg")


@contextmanager
def math_as(kind: str) -> Iterator[None]:
    """Formulas rendered inside the block as ``kind`` ("svg", "mathml" or "tex")."""
    token = _MATH.set(kind)
    try:
        yield
    finally:
        _MATH.reset(token)


_FORMULA = {"tex": _tex, "mathml": lambda latex, options: formula_mathml(latex),
            "svg": lambda latex, options: formula_svg(latex)}


def _parser(math: str = "svg") -> MarkdownIt:
    return _parser_for(_TYPOGRAPHY.get(), math)


@lru_cache(maxsize=8)
def _parser_for(rules: Typography, math: str = "svg") -> MarkdownIt:
    """``math="svg"`` typesets formulas for PDFs; ``"tex"`` leaves them to MathJax."""
    parser = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": list(rules.quotes)})
    parser.enable(["replacements", "smartquotes", "strikethrough"])
    # `![...](...)` parses (so that every such text is treated alike) but prints as typed.
    parser.disable(["html_block", "html_inline"])
    # `$5 and $10` stays money: no space inside the dollars, no digit after.
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True,
               renderer=_FORMULA[math])
    if has_spacing(rules.lang):  # after text_join: "Quoi !" is one text token by then
        parser.core.ruler.push("spacing", lambda state: _space(state, rules.lang))
    parser.validateLink = _safe_link
    parser.add_render_rule("link_open", _link_open)
    parser.add_render_rule("image", _image_as_typed)
    return parser


def _space(state, lang: str) -> None:  # noqa: ANN001 (markdown-it's StateCore)
    """The language's spaces in the words (never in code, maths or link addresses)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = apply_spacing(child.content, lang)


def _link_open(self, tokens: list[Token], index: int, options, env) -> str:
    """Mark links whose text is not their address: print templates add the address after them."""
    token = tokens[index]
    href = token.attrGet("href") or ""
    following = tokens[index + 1:index + 3]
    bare = [t.type for t in following] == ["text", "link_close"] and \
        following[0].content.strip() in (href, href.removeprefix("mailto:"))
    if not bare:
        token.attrJoin("class", "url-after")
    return self.renderToken(tokens, index, options, env)


def _image_as_typed(self, tokens: list[Token], index: int, options, env) -> str:
    """`![alt](address)` prints as typed, local or remote alike: content never fetches a picture."""
    return escape(_typed_image(tokens[index]))


def _typed_image(token: Token) -> str:
    return f"![{token.content}]({token.attrGet('src') or ''})"


def _safe_link(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "mailto:"))


def to_html(text: str | None, math: str | None = None) -> Markup:
    """Block Markdown (paragraphs, lists) as safe HTML; formulas as ``math``, else as `math_as` says."""
    return _to_html(text, _TYPOGRAPHY.get(), math or _MATH.get()) if text else Markup("")


def to_inline_html(text: str | None, math: str | None = None) -> Markup:
    """One paragraph of Markdown as safe HTML, without the <p>."""
    return _to_inline_html(text, _TYPOGRAPHY.get(), math or _MATH.get()) if text else Markup("")


@lru_cache(maxsize=4096)
def _to_html(text: str, rules: Typography, math: str) -> Markup:
    return Markup(_parser_for(rules, math).render(text))


@lru_cache(maxsize=4096)
def _to_inline_html(text: str, rules: Typography, math: str) -> Markup:
    return Markup(_parser_for(rules, math).renderInline(text))


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting, as Word stores it."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    href: str | None = None
    math: bool = False  # ``text`` is a LaTeX formula (Word writes it as an equation)


@dataclass
class Block:
    """A paragraph; list items carry their list kind and nesting level."""

    runs: list[Run] = field(default_factory=list)
    list_kind: str | None = None  # "bullet" or "number"
    level: int = 0
    number: int | None = None  # position in a numbered list


def to_runs(text: str | None) -> list[Run]:
    """Inline Markdown as Word runs (parsed once per text and typography: the
    worksheet, its key and every version write the same prompts)."""
    return list(_runs_of(text, _TYPOGRAPHY.get())) if text else []


@lru_cache(maxsize=4096)
def _runs_of(text: str, rules: Typography) -> tuple[Run, ...]:
    tokens = _parser_for(rules).parseInline(text)
    return tuple(_inline_runs(tokens[0].children or [])) if tokens else ()


def to_blocks(text: str | None) -> list[Block]:
    """Block Markdown as paragraphs of runs, lists flattened with levels (parsed once per
    text and typography; the blocks are shared, read them only)."""
    return list(_blocks_of(text, _TYPOGRAPHY.get())) if text else []


@lru_cache(maxsize=1024)
def _blocks_of(text: str, rules: Typography) -> tuple[Block, ...]:
    blocks: list[Block] = []
    lists: list[list] = []  # stack of [kind, counter]
    for token in _parser_for(rules).parse(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            kind = "bullet" if token.type == "bullet_list_open" else "number"
            lists.append([kind, int(token.attrGet("start") or 1) - 1])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            lists[-1][1] += 1
        elif token.type == "inline":
            block = Block(_inline_runs(token.children or []))
            if lists:
                block.list_kind, block.level, block.number = lists[-1][0], len(lists) - 1, lists[-1][1]
            blocks.append(block)
        elif token.type in ("code_block", "fence"):
            blocks.append(Block([Run(token.content.rstrip("\n"), code=True)]))
    return tuple(blocks)


def _inline_runs(children: list[Token]) -> list[Run]:
    runs: list[Run] = []
    style = {"bold": 0, "italic": 0, "strike": 0}
    href: str | None = None
    for child in children:
        kind = child.type
        if kind == "text":
            runs.append(Run(child.content, style["bold"] > 0, style["italic"] > 0,
                            False, style["strike"] > 0, href))
        elif kind in ("math_inline", "math_inline_double"):
            runs.append(Run(child.content, style["bold"] > 0, style["italic"] > 0, href=href, math=True))
        elif kind == "image":
            runs.append(Run(_typed_image(child), style["bold"] > 0, style["italic"] > 0, False, False, href))
        elif kind == "code_inline":
            runs.append(Run(child.content, style["bold"] > 0, style["italic"] > 0, True, False, href))
        elif kind in ("softbreak",):
            runs.append(Run(" "))
        elif kind == "hardbreak":
            runs.append(Run("\n"))
        elif kind.endswith("_open") or kind.endswith("_close"):
            name = kind.rsplit("_", 1)[0]
            step = 1 if kind.endswith("_open") else -1
            if name == "strong":
                style["bold"] += step
            elif name == "em":
                style["italic"] += step
            elif name == "s":
                style["strike"] += step
            elif name == "link":
                href = child.attrGet("href") if step == 1 else None
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent runs with the same formatting become one."""
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and not (run.math or last.math) and \
                (last.bold, last.italic, last.code, last.strike, last.href) == \
                (run.bold, run.italic, run.code, run.strike, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.code, run.strike, run.href)
        else:
            merged.append(run)
    return merged


def plain_text(text: str | None) -> str:
    """The words without the markup (for metadata, word banks, alt text); a formula as typed."""
    return "".join(f"${run.text}$" if run.math else run.text for run in to_runs(text))


def one_line(text: str | None, separator: str = "; ") -> str:
    """Block Markdown as one line of words: paragraphs and list items joined by ``separator``
    (the language's ``answer_separator``: "; ", " ; " in French).

    For the places an answer must fit a cell (the answer grid, versions.csv,
    exports' summaries), where a list's dashes and numbers would be noise.
    """
    return separator.join("".join(f"${run.text}$" if run.math else run.text for run in block.runs).strip()
                     for block in to_blocks(text))
