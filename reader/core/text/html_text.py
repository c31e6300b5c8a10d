"""HTML articles as plain text: one paragraph per block element, page chrome dropped.

The store keeps the converted text and every offset (notes, classification, search) indexes
it, so the conversion must be deterministic. The stdlib parser is enough: it tolerates broken
markup, decodes entities, and adds no dependency to a path that runs 10,000 times per import.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.text.formats import HTML_SUFFIXES, SUPPORTED_SUFFIXES, TEXT_SUFFIXES

__all__ = ["HTML_SUFFIXES", "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "html_to_text"]

DROPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "noscript",
        "template",
        "svg",
        "iframe",
        "button",
        "select",
        "textarea",
        "head",
        "title",
        "object",
        "canvas",
        "dialog",
        "menu",
    }
)
"""Elements whose whole content is page machinery, never article text."""

BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "figure",
        "figcaption",
        "address",
        "hr",
        "body",
        "html",
        "details",
        "summary",
        "caption",
    }
)
"""Elements that start and end a paragraph."""

VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _TextCollector(HTMLParser):
    """Collects paragraphs; `_skip` counts open dropped elements (they may nest)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skip = 0
        self._pre = 0

    def _flush(self) -> None:
        if self._pre:
            text = "".join(self._current).strip("\n")
            lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
            block = "\n".join(line for line in lines if line)
        else:
            block = _SPACES.sub(" ", "".join(self._current).replace("\n", " ")).strip()
        if block:
            self.paragraphs.append(block)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED and tag not in VOID:
            self._skip += 1
            return
        if self._skip:
            return
        if tag in BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre += 1
        elif tag == "br":
            self._current.append("\n" if self._pre else " ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED or self._skip:
            return
        if tag in BLOCKS:
            self._flush()
        elif tag == "br":
            self._current.append("\n" if self._pre else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED and tag not in VOID:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag in BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(markup: str) -> str:
    """Article text with paragraphs separated by a blank line; entities decoded."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    # A paragraph per line is what the rest of reader expects, so inner newlines of <pre>
    # stay (each line becomes its own paragraph) and paragraphs are split by blank lines.
    return "\n\n".join(collector.paragraphs) + ("\n" if collector.paragraphs else "")
