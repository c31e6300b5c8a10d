"""Note Markdown to HTML that is safe to show, in time linear in the note and bounded depth.

CommonMark (what note-taking apps type: a "- item" list right under a line of text is a
list) with tables, strikethrough and task lists, parsed by markdown-it-py. It replaced
Python-Markdown, whose inline patterns are regular expressions that back-track: 10 KB of `[`
blocked the event loop 13.9 s, `&amp;` x 200k over two minutes, and a list nested 250 deep
raised RecursionError on every paint. markdown-it-py's parser is a linear state machine
with a nesting cap, so a note costs time in proportion to its length.

Bounds: a note longer than MAX_MARKDOWN_CHARS, or nested deeper than MAX_DEPTH (block
quotes, lists, emphasis), is shown as its plain text, whole, rather than cut or dropped;
any parser failure does the same.

Safety: raw HTML is shown as text (the parser's html option is off, so `<` is escaped),
images become their alt text (nothing is fetched), and a link whose target is not
http(s) with a host or mailto stays plain text. Only the tags in SAFE_TAGS come out.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")

# 50 K characters (a long essay) renders in about 50 ms; past that the note is shown as text.
MAX_MARKDOWN_CHARS = 50_000
# Containers and inline spans nested deeper than this (no real note comes near) fall back
# to plain text instead of losing what lies below the parser's cap.
MAX_DEPTH = 16
_PARSER_NESTING = MAX_DEPTH + 4

SAFE_TAGS = frozenset({
    "p", "strong", "em", "s", "a", "span", "blockquote", "ul", "ol", "li", "code", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
    "table", "thead", "tbody", "tr", "th", "td",
})

_TASK = re.compile(r"\[([ xX])\] ")
_BOX = {" ": "\u2610 ", "x": "\u2611 ", "X": "\u2611 "}  # ☐ / ☑


def safe_url(url: str) -> str | None:
    """The URL if a click may open it in the system browser/mail client, else None."""
    cleaned = _CONTROL.sub("", html.unescape(url or ""))
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in {"http", "https"} and not parts.netloc:
        return None
    return cleaned


def _task_boxes(state: StateCore) -> None:
    """A list item that opens with "[ ] " or "[x] " shows a ballot box (Qt draws no inputs)."""
    tokens = state.tokens
    for i in range(2, len(tokens)):
        token = tokens[i]
        if (token.type != "inline" or tokens[i - 1].type != "paragraph_open"
                or tokens[i - 2].type != "list_item_open" or not token.children):
            continue
        first = token.children[0]
        match = _TASK.match(first.content) if first.type == "text" else None
        if match:
            first.content = _BOX[match.group(1)] + first.content[match.end():]


class _SafeRenderer(RendererHTML):
    """Links carry only a safe href; images show their alt text; tables get Qt borders."""

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: EnvType) -> str:
        # validateLink already refused unsafe targets; this keeps only href, re-checked.
        url = safe_url(str(tokens[idx].attrGet("href") or ""))
        return "<a>" if url is None else f'<a href="{html.escape(url, quote=True)}">'

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
              env: EnvType) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        return f"<span>{html.escape(alt, quote=False)}</span>"

    def table_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
                   env: EnvType) -> str:
        return '<table border="1" cellspacing="0" cellpadding="3">\n'

    def code_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
                    env: EnvType) -> str:
        return f"<code>{html.escape(tokens[idx].content, quote=False)}</code>"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
              env: EnvType) -> str:
        return f"<pre><code>{html.escape(tokens[idx].content, quote=False)}</code></pre>\n"


def _new_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "maxNesting": _PARSER_NESTING},
                        renderer_cls=_SafeRenderer)
    parser.enable(["table", "strikethrough"])
    parser.core.ruler.after("inline", "reader_task_boxes", _task_boxes)
    parser.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    return parser


class _Parsers(threading.local):
    """One parser per thread: building one costs more than a short note, and its rule
    caches are not meant to be shared between threads."""

    parser: MarkdownIt | None = None


_PARSERS = _Parsers()


def _parser() -> MarkdownIt:
    parser = _PARSERS.parser
    if parser is None:
        parser = _PARSERS.parser = _new_parser()
    return parser


def _too_deep(tokens: Sequence[Token]) -> bool:
    for token in tokens:
        if token.level >= MAX_DEPTH:
            return True
        if token.children and any(c.level >= MAX_DEPTH for c in token.children):
            return True
    return False


def plain_html(text: str) -> str:
    """The note's text, escaped, with its line breaks and spacing kept."""
    return f'<p style="white-space: pre-wrap">{html.escape(text, quote=False)}</p>'


def render_markdown(text: str) -> str:
    """HTML for a note's Markdown, safe to put in a Qt rich-text widget.

    Too long, too deeply nested or unparseable: the plain text instead (see module doc)."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return plain_html(text)
    parser = _parser()
    try:
        tokens = parser.parse(text)
        if _too_deep(tokens):
            return plain_html(text)
        return str(parser.renderer.render(tokens, parser.options, {})).rstrip("\n")
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError):
        _PARSERS.parser = None  # a parser left half-way is not reused
        return plain_html(text)


def plain_excerpt(text: str, limit: int = 160) -> str:
    """A one-line plain-text glimpse of a Markdown body (tooltips, lists, what a screen
    reader says): emphasis, code and link marks dropped, and quote and heading marks at the
    start of a line; other characters (a "<" or ">" in the text) kept as typed."""
    unmarked = re.sub(r"(?m)^[ \t]{0,3}(?:>[ \t]?)+|^[ \t]{0,3}#{1,6}(?=[ \t]|$)", "", text)
    flat = " ".join(re.sub(r"[*_`\[\]]", "", unmarked).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def render_note_body(body: str, body_format: str = "text/markdown") -> str:
    """HTML for a note's body in its own format: Markdown rendered safely; an HTML body (from
    another annotation tool) shown as its text, never as markup; plain text as typed."""
    if body_format == "text/html":
        from reader.core.web.convert import html_to_text

        return plain_html(html_to_text(body[:MAX_MARKDOWN_CHARS]).strip())
    if body_format == "text/plain":
        return plain_html(body)
    return render_markdown(body)
