"""HTML to the text a reader sees, one paragraph per block, with the page's structure as hints.

Nothing visible is deleted: menus, captions and footers stay in the text, and each paragraph
gets a hint from the structure around it (see `structure`): furniture for chrome, reporting
for the headline and standfirst, none for the article body (the classifier's own rules decide
there). Scripts, styles, the `<head>` and hidden elements stay out, as a browser shows them.

Parsing is lxml's (libxml2's HTML parser, a C tokenizer that follows HTML5): linear time on
hostile input, where the stdlib's `html.parser` goes quadratic (300 KB of `<a` took 64 s),
and 5-10x faster on ordinary pages. Nesting deeper than 2,048 elements is cut there (no
real page comes near it; a hostile one loses what is deeper than that).

The main article is found as Readability does: paragraphs score their ancestors (commas,
length, less their links), class and id words weigh them, and the best-scoring element with
its like-scored siblings is the article.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from reader.core.web.metadata import norm_words, read_metadata
from reader.core.web.page_meta import PageMeta
from reader.core.web.structure import (
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
_SIGN_SHARE_MAX = 0.4
"""A class-word sign on an element holding more than this share of the page's text is the
CMS describing the post ('comments-open'), not a box of chrome."""
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

Hint = tuple[int, int, str, str]
"""(start, end, kind, reason): structural evidence for one paragraph of the text."""


class WebPage(NamedTuple):
    text: str
    hints: tuple[Hint, ...]
    meta: PageMeta


class _Element(NamedTuple):
    parent: int
    tag: str
    strong: str | None
    weak: str | None
    weight: int
    standfirst: bool


class _Para(NamedTuple):
    text: str
    owner: int
    links: int
    heading: int
    soft: bool
    """Joined to the paragraph before by a line break (`<br>`), not a blank line."""


class _Walker:
    """One pass over the tree: elements with their signs, paragraphs with their owner."""

    def __init__(self) -> None:
        self.elements: list[_Element] = []
        self.paras: list[_Para] = []
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

    def walk(self, root: etree._Element) -> None:
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
        if tag in BLOCKS:
            self._flush()
        elif tag == "br":
            self._flush(soft=True)
        self.elements.append(
            _Element(
                parent,
                tag,
                strong_sign(tag, role, words),
                weak_sign(tag, role, words),
                class_weight(words, attrib.get("itemprop")),
                any(w in _STANDFIRST_WORDS for w in words),
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
        if tag in BLOCKS:
            self._flush()
        if self._stack:
            self._stack.pop()
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
                    self.paras.append(_Para(text, self._owner, links, heading, self._soft or i > 0))
                    self._soft = False
            self._parts = []
            self._links = 0
        self._soft = soft and bool(self.paras)
        if not soft:
            self._soft = False


def parse_html(markup: str) -> etree._Element | None:
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


def read_page(markup: str, url: str = "", encoding_note: str = "") -> WebPage:
    """The page's visible text, structural hints and metadata."""
    root = parse_html(markup)
    if root is None:
        return WebPage("", (), PageMeta(url=url, encoding_note=encoding_note))
    meta = read_metadata(root, url)._replace(encoding_note=encoding_note)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    if walker.cut:
        meta = meta._replace(
            note=f"the page has more than {MAX_ELEMENTS:,} elements; it was read up to there"
        )
    return _assemble(walker, meta)


# -- the article -------------------------------------------------------------------------


def _ancestry(elements: list[_Element], index: int) -> list[int]:
    chain = []
    while index >= 0:
        chain.append(index)
        index = elements[index].parent
    return chain


def _find_article(
    elements: list[_Element],
    paras: list[_Para],
    chains: list[list[int]],
    near: set[int] = frozenset(),  # type: ignore[assignment]
) -> tuple[set[int], int]:
    """Indices of paragraphs in the main article (Readability's scoring, simplified), and
    the element that holds it (-1 for none)."""
    n = len(elements)
    score = [0.0] * n
    chars = [0] * n
    links = [0] * n
    scored = [False] * n
    for para, chain in zip(paras, chains, strict=True):
        size = len(para.text)
        for index in chain:
            chars[index] += size
            links[index] += para.links
        if size < 25 or para.heading:
            continue
        density = para.links / size
        points = (1 + para.text.count(",") + para.text.count("，") + min(size // 100, 3)) * (
            1 - density
        )
        # The paragraph's own block counts as Readability's <p>: its parent gets the full
        # score, the grandparent half, then a third per level for three more levels.
        for level, index in enumerate(chain[1:6]):
            if not scored[index]:
                scored[index] = True
                element = elements[index]
                score[index] += element.weight + _TAG_BONUS.get(element.tag, 0)
            score[index] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
    best, best_score = -1, 0.0
    for index in range(n):
        if not scored[index] or not chars[index]:
            continue
        final = score[index] * (1 - links[index] / chars[index])
        if index in near:
            final *= _NEAR_HEADLINE  # the body follows its headline; a box elsewhere does not
        score[index] = final
        if final > best_score:
            best, best_score = index, final
    if best < 0:
        return set(range(len(paras))), -1
    # A body whose paragraphs each sit in wrappers of their own scores low on every one of
    # them: where most of the page's prose is (its 'mass') overrules a small dense box.
    mass = [0.0] * n
    for para, chain in zip(paras, chains, strict=True):
        size = len(para.text)
        if size < 25 or para.heading:
            continue
        points = (1 + para.text.count(",") + min(size // 100, 3)) * (1 - para.links / size)
        for index in chain:
            mass[index] += points
    children: dict[int, list[int]] = {}
    for index, element in enumerate(elements):
        children.setdefault(element.parent, []).append(index)
    node = max(children.get(-1, [0]), key=lambda i: mass[i])
    while True:
        kids = children.get(node, [])
        top = max(kids, key=lambda i: mass[i], default=-1)
        if top < 0 or mass[top] < mass[node] * _MASS_SHARE:
            break
        node = top
    if mass[best] < mass[node] * 0.3 and elements[node].tag not in ("body", "html"):
        best, best_score = node, max(best_score, score[node])
    # Climb through wrappers that hold nothing but the article.
    while True:
        parent = elements[best].parent
        if parent < 0 or chars[parent] != chars[best] or elements[parent].tag == "body":
            break
        best = parent
    chosen = {best}
    parent = elements[best].parent
    threshold = max(10.0, best_score * 0.2)
    if parent >= 0:
        for index in range(n):
            element = elements[index]
            if element.parent == parent and index != best and score[index] >= threshold:
                chosen.add(index)
    members = set()
    for i, chain in enumerate(chains):
        if any(index in chosen for index in chain):
            members.add(i)
    # Loose paragraphs beside the article (no container of their own): sentences, few links.
    for i, (para, chain) in enumerate(zip(paras, chains, strict=True)):
        if i in members or len(chain) < 2 or chain[1] != parent:
            continue
        size = len(para.text)
        density = para.links / size
        if (size > 80 and density < 0.25) or (density == 0 and para.text.endswith(".")):
            members.add(i)
    return members, best


_NEAR_HEADLINE = 1.5
_MASS_SHARE = 0.85
_NEAR_LEVELS = 4

_TAG_BONUS = {
    "div": 5,
    "article": 10,
    "main": 5,
    "section": 3,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "th": -5,
}


def _sign(
    elements: list[_Element], chain: list[int], chars: list[int], total: int, around: set[int]
) -> str | None:
    """The innermost strong sign over a paragraph; `around` (the elements that hold the
    whole article) carry none: an article is not inside a sidebar, whatever the class says."""
    for index in chain:
        if index in around:
            break
        element = elements[index]
        if element.strong is not None and (
            element.tag in ("figcaption", "button", "nav")
            or chars[index] <= total * _SIGN_SHARE_MAX
        ):
            return element.strong
    return None


def _weak(elements: list[_Element], chain: list[int]) -> str | None:
    for index in chain:
        if elements[index].weak is not None:
            return elements[index].weak
    return None


def _similar(a: str, b: str) -> float:
    """Share of the shorter text's words found in the other (both normalised)."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return 0.0
    if a == b:
        return 1.0
    short, long = (wa, set(wb)) if len(wa) <= len(wb) else (wb, set(wa))
    return sum(1 for w in short if w in long) / max(len(wa), len(wb))


def _headline(paras: list[_Para], title: str) -> int | None:
    """The paragraph that is the article's headline: the heading most like the title."""
    wanted = norm_words(title)
    best, best_score = None, 0.0
    for i, para in enumerate(paras):
        if para.heading == 0 and not wanted:
            continue
        words = norm_words(para.text)
        if not words or len(words) > 400:
            continue
        similarity = _similar(words, wanted) if wanted else 0.0
        if para.heading == 0 and similarity < 0.99:
            continue
        points = similarity * 2 + (1.0 if para.heading == 1 else 0.5 if para.heading else 0.0)
        if points > best_score and (similarity >= 0.6 or (not wanted and para.heading == 1)):
            best, best_score = i, points
    if best is None and wanted:
        return None
    if best is None:
        h1s = [i for i, p in enumerate(paras) if p.heading == 1 and len(p.text.split()) >= 2]
        return h1s[0] if len(h1s) == 1 else None
    return best


def _roles(
    paras: list[_Para],
    chains: list[list[int]],
    elements: list[_Element],
    article: set[int],
    headline: int | None,
    meta: PageMeta,
    chars: list[int],
    total: int,
    around: set[int],
) -> list[tuple[str, str] | None]:
    """(kind, reason) per paragraph, or None where the classifier's own rules decide."""
    first_body = min(article, default=len(paras))
    description = norm_words(meta.description)
    in_article = {
        norm_words(paras[i].text) for i in article if len(paras[i].text.split()) >= _REPEAT_WORDS
    }
    seen: set[str] = set()
    roles: list[tuple[str, str] | None] = []
    tail = _tail_start(paras, article)

    standfirst_open = headline is not None
    for i, para in enumerate(paras):
        chain = chains[i]
        sign = _sign(elements, chain, chars, total, around)
        size = len(para.text)
        words = norm_words(para.text) if size >= _REPEAT_WORDS * 2 else ""
        role: tuple[str, str] | None = None
        if i == headline:
            role = ("reporting", "the headline")
        elif sign is not None:
            role = ("furniture", sign)
        elif i in article:
            if tail is not None and i >= tail:
                role = ("furniture", "after the article")
            elif para.links > size * 0.5 and size < 300 and not _sentence(para.text):
                role = ("furniture", "mostly links")
            elif words and words in seen and len(para.text.split()) >= _REPEAT_WORDS:
                role = ("furniture", "repeats a paragraph above")
        elif words in in_article and words:
            role = ("furniture", "repeats the article's text")
        elif (
            standfirst_open
            and headline is not None
            and headline < i < min(first_body, headline + 5)
            and para.links < size * 0.3
            and (
                any(elements[x].standfirst for x in chain)
                or (description and _similar(norm_words(para.text), description) >= 0.8)
            )
        ):
            role = ("reporting", "the standfirst")
        else:
            where = _weak(elements, chain) or "outside the article"
            reason = where if where == "outside the article" else f"{where}, outside the article"
            role = ("furniture", reason)
        if headline is not None and i > headline and (role is None or role[1] != "the standfirst"):
            standfirst_open = (
                standfirst_open
                and role is not None
                and role[0] == "furniture"
                and (i - headline <= 4)
            )
        if words and i in article:
            seen.add(words)
        roles.append(role)
    return roles


_REPEAT_WORDS = 8
_SECTION_TITLE = re.compile(
    r"^(?:\d+\s+)?(?:comments?|top picks|related(?: \w+)?|more (?:from|on|in|stories|news)\b.*"
    r"|recommended(?: for you)?|you (?:may|might) also like.*|read (?:more|next)|"
    r"most (?:popular|read|viewed|shared|commented)|trending(?: now)?|popular(?: now)?|"
    r"share(?: this)?(?: article| story| post)?|follow us.*|sponsored(?: content| stories)?|"
    r"leave a (?:comment|reply)|join the (?:conversation|discussion)|what do you think\??|"
    r"sign up for .*|around the web|from around the web|promoted stories|editor'?s picks)"
    r"[:.!]?$",
    re.IGNORECASE,
)
"""A short line that heads a box of chrome after an article ('Top Picks', '12 Comments')."""
_TAIL_AFTER = 0.6


def _sentence(text: str) -> bool:
    """Prose (a linked sentence in the body), not a link's title: six words and a full stop."""
    return len(text.split()) >= 6 and text.rstrip("\"”’')")[-1:] in ".!?"


def _tail_start(paras: list[_Para], article: set[int]) -> int | None:
    """The first section title of chrome in the last part of the article's text: it and what
    follows it in the article are the page's, not the article's."""
    members = sorted(article)
    total = sum(len(paras[i].text) for i in members)
    seen = 0
    for n, i in enumerate(members):
        text = paras[i].text
        if seen >= total * _TAIL_AFTER and len(text) <= 40 and _SECTION_TITLE.match(text):
            after = paras[members[n + 1]] if n + 1 < len(members) else None
            # 'RELATED:' right above more of the story: an interstitial, not the end.
            if after is None or not _prose(after):
                return i
        seen += len(text)
    return None


def _prose(para: _Para) -> bool:
    return len(para.text.split()) >= 20 and para.links < len(para.text) * 0.2


def _assemble(walker: _Walker, meta: PageMeta) -> WebPage:
    elements, paras = walker.elements, walker.paras
    if not paras:
        return WebPage("", (), meta)
    chains = [_ancestry(elements, p.owner) if p.owner >= 0 else [] for p in paras]
    chars = [0] * len(elements)
    for para, chain in zip(paras, chains, strict=True):
        for index in chain:
            chars[index] += len(para.text)
    total = sum(len(p.text) for p in paras)
    title = meta.title
    if title:
        headline = _headline(paras, title)
        if headline is not None:
            shown = paras[headline].text
            if len(shown.split()) >= 3 and norm_words(title).startswith(norm_words(shown)):
                title = shown  # 'Headline: Section: Site' in the card, 'Headline' on the page
    else:
        # The <title> is only a fallback: often the site's name, or the headline with a
        # tail. A heading like it, else the page's one h1, is the headline.
        headline = _headline(paras, meta.head_title) if meta.head_title else None
        if headline is None:
            headline = _headline(paras, "")
        title = paras[headline].text if headline is not None else meta.head_title
    near: set[int] = set()
    if headline is not None:
        # Elements within a few levels of the headline's container: where its body is.
        for top in chains[headline][1 : _NEAR_LEVELS + 1]:
            near.add(top)
        tops = set(near)
        for index, element in enumerate(elements):
            parent = element.parent
            depth = 0
            while parent >= 0 and depth < 6 and parent not in tops:
                parent = elements[parent].parent
                depth += 1
            if parent in tops and elements[parent].tag not in ("body", "html"):
                near.add(index)
    article, root = _find_article(elements, paras, chains, near)
    around = set(_ancestry(elements, root)) if root >= 0 else set()
    roles = _roles(paras, chains, elements, article, headline, meta, chars, total, around)
    pieces: list[str] = []
    hints: list[Hint] = []
    offset = 0
    if headline is None and title:
        # No visible heading says the title: it opens the text, so the reader (and the
        # library) starts with the headline; it is marked as coming from the page's metadata.
        pieces.append(title)
        hints.append((0, len(title), "reporting", "page structure: the headline (page title)"))
        offset = len(title)
    for para, role in zip(paras, roles, strict=True):
        if pieces:
            separator = "\n" if para.soft else "\n\n"
            pieces.append(separator)
            offset += len(separator)
        start, end = offset, offset + len(para.text)
        pieces.append(para.text)
        offset = end
        if role is not None:
            hints.append((start, end, role[0], f"page structure: {role[1]}"))
    text = "".join(pieces) + "\n"
    return WebPage(text, tuple(hints), meta._replace(title=title))


def html_to_text(markup: str) -> str:
    """The visible text alone (paragraphs separated by blank lines)."""
    return read_page(markup).text
