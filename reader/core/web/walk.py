"""Walking a parsed page: its visible text as paragraphs, each with the element it sits in.

Parsing is lxml's (libxml2's HTML parser, a C tokenizer that follows HTML5): linear time on
hostile input, where the stdlib's `html.parser` goes quadratic (300 KB of `<a` took 64 s),
and 5-10x faster on ordinary pages. Nesting deeper than 2,048 elements is cut there (no
real page comes near it), and a page is read up to `MAX_ELEMENTS` elements.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from reader.core.web.structure import (
    CAPTION,
    class_weight,
    class_words,
    is_hidden,
    strong_sign,
    weak_sign,
)

INVISIBLE = frozenset(
    {
        *("script", "style", "noscript", "template", "head", "title", "svg", "math"),
        *("iframe", "object", "embed", "canvas", "select", "datalist", "textarea", "audio"),
        *("video", "map", "input", "option", "optgroup", "link", "meta", "base"),
    }
)
"""Elements whose content a reader never sees as text."""

BLOCKS = frozenset(
    {
        *("p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "li"),
        *("dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th"),
        *("figure", "figcaption", "address", "hr", "body", "html", "details", "summary"),
        *("caption", "header", "footer", "nav", "aside", "form", "fieldset", "legend"),
        *("menu", "dialog", "center", "hgroup", "tbody", "thead", "tfoot", "noframes"),
        *("button", "label", "picture", "frameset", "dir", "listing", "plaintext", "xmp"),
    }
)
"""Elements that start and end a paragraph."""

MAX_ELEMENTS = 100_000
"""Elements read from one page (~2 s of work); the largest real article pages hold ~10,000.
A page with more is read up to here and says so (`PageMeta.note`)."""

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b\u2028\u2029]+")


_STANDFIRST_WORDS = frozenset(
    [
        "standfirst",
        "dek",
        "deck",
        "subtitle",
        "subheadline",
        "sub-headline",
        "summary",
        "lede",
        "lead",
        "intro",
        "description",
        "excerpt",
        "teaser",
        "strapline",
        "kicker-text",
        "abstract",
    ]
)


class Element(NamedTuple):
    parent: int
    tag: str
    strong: str | None
    weak: str | None
    weight: int
    standfirst: bool
    cls: str = ""
    """The raw class attribute: a template's modules share it (an article body in parts)."""


class Para(NamedTuple):
    text: str
    owner: int
    links: int
    heading: int
    soft: bool
    """Joined to the paragraph before by a line break (`<br>`), not a blank line."""


class Walker:
    """One pass over the tree: elements with their signs, paragraphs with their owner."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.paras: list[Para] = []
        self._parts: list[str] = []
        self._links = 0
        self._owner = -1
        self._soft = False
        self._stack: list[int] = []
        self._link_depth = 0
        self._pre = 0
        self._heading: list[int] = []
        self.cut = False
        """True when the page had more than MAX_ELEMENTS elements and was cut there."""

    def walk(self, root: etree.Element) -> None:
        walker = etree.iterwalk(root, events=("start", "end"))
        skipped = False
        for event, element in walker:
            tag = element.tag
            if not isinstance(tag, str):
                if event == "end":
                    self._data(element.tail)
                continue
            tag = tag.lower()
            if event == "start":
                if len(self.elements) >= MAX_ELEMENTS:
                    self.cut = True  # a bound on hostile pages: no article has this many
                    break
                attrib = element.attrib
                words = class_words(attrib.get("class"), attrib.get("id"))
                if (
                    tag in INVISIBLE
                    or (words or "hidden" in attrib or "style" in attrib)
                    and (is_hidden(dict(attrib), words))
                ):
                    walker.skip_subtree()  # its "end" event still comes, next
                    skipped = True
                    continue
                self._open(tag, attrib, words)
                self._data(element.text)
            else:
                if skipped:
                    skipped = False
                else:
                    self._close(tag)
                self._data(element.tail)
        self._flush()

    def _open(self, tag: str, attrib: etree._Attrib, words: list[str]) -> None:
        role = attrib.get("role")
        parent = self._stack[-1] if self._stack else -1
        strong = strong_sign(tag, role, words)
        if tag in BLOCKS or strong == CAPTION:
            # An inline caption (<span class="caption"> inside the paragraph it illustrates)
            # is set apart on the page by its style: here, by being a paragraph of its own.
            self._flush()
        elif tag == "br":
            self._flush(soft=True)
        self.elements.append(
            Element(
                parent,
                tag,
                strong,
                weak_sign(tag, role, words),
                class_weight(words, attrib.get("itemprop")),
                any(w in _STANDFIRST_WORDS for w in words),
                attrib.get("class") or "",
            )
        )
        self._stack.append(len(self.elements) - 1)
        if tag == "a":
            self._link_depth += 1
        elif tag == "pre":
            self._pre += 1
        elif tag in HEADINGS:
            self._heading.append(HEADINGS[tag])

    def _close(self, tag: str) -> None:
        if self._stack:
            closing = self._stack.pop()
            if tag in BLOCKS or self.elements[closing].strong == CAPTION:
                self._flush()
        elif tag in BLOCKS:
            self._flush()
        if tag == "a":
            self._link_depth = max(0, self._link_depth - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._flush()
        elif tag in HEADINGS and self._heading:
            self._heading.pop()

    def _data(self, text: str | None) -> None:
        if not text:
            return
        if not self._parts:
            self._owner = self._stack[-1] if self._stack else -1
        self._parts.append(text)
        if self._link_depth:
            self._links += len(text.strip())
        if self._pre and "\n" in text:
            self._flush(soft=True, pre=True)

    def _flush(self, soft: bool = False, pre: bool = False) -> None:
        if self._parts:
            raw = "".join(self._parts)
            if pre or self._pre:
                lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
                texts = [line for line in lines if line]
            else:
                texts = [_SPACES.sub(" ", raw).strip()]
            heading = self._heading[-1] if self._heading else 0
            for i, text in enumerate(texts):
                if text:
                    links = min(self._links, len(text))
                    self.paras.append(Para(text, self._owner, links, heading, self._soft or i > 0))
                    self._soft = False
            self._parts = []
            self._links = 0
        self._soft = soft and bool(self.paras)
        if not soft:
            self._soft = False


def parse_html(markup: str) -> etree.Element | None:
    """The document's root element, or None for a page with no markup at all."""
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
        recover=True,
        collect_ids=False,
    )
    data = markup.encode("utf-8", "surrogatepass")
    if not data.strip():
        return None
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def ancestry(elements: list[Element], index: int) -> list[int]:
    chain = []
    while index >= 0:
        chain.append(index)
        index = elements[index].parent
    return chain
