"""HTML to the text a reader sees, one paragraph per block, with the page's structure as hints.

Nothing visible is deleted: menus, captions and footers stay in the text, and each paragraph
gets a hint from the structure around it (see `structure`): furniture for chrome, reporting
for the headline and standfirst, none for the article body (the classifier's own rules decide
there). Scripts, styles, the `<head>` and hidden elements stay out, as a browser shows them.

The tree is walked in `walk` (lxml: linear on hostile markup) and the article found in
`article`; here each paragraph gets its role and the text is laid out.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.core.web.article import find_article, find_headline, near_headline, similar
from reader.core.web.metadata import norm_words, read_metadata
from reader.core.web.page_meta import PageMeta
from reader.core.web.walk import (
    BLOCKS,
    MAX_ELEMENTS,
    Element,
    Para,
    Walker,
    ancestry,
    parse_html,
)

_SIGN_SHARE_MAX = 0.4
"""A class-word sign on an element holding more than this share of the page's text is the
CMS describing the post ('comments-open'), not a box of chrome."""
_WRAPPER_SIGNS = frozenset(["newsletter or sign-in text", "an advertisement"])
"""Class words that also name what wraps an article's own text: a paywall or login wrapper
('paywall', 'regwall', 'login-gate') round the body, an ad slot's container round a
paragraph. Over prose they say who may read it or what sits beside it, not that it is chrome."""
_WRAPPED_PROSE_WORDS = 60
"""Words of prose that no newsletter box or ad holds: inside them, the wrapper sign is void."""
Hint = tuple[int, int, str, str]
"""(start, end, kind, reason): structural evidence for one paragraph of the text."""


class WebPage(NamedTuple):
    text: str
    hints: tuple[Hint, ...]
    meta: PageMeta


def read_page(markup: str, url: str = "", encoding_note: str = "") -> WebPage:
    """The page's visible text, structural hints and metadata."""
    root = parse_html(markup)
    if root is None:
        return WebPage("", (), PageMeta(url=url, encoding_note=encoding_note))
    meta = read_metadata(root, url)._replace(encoding_note=encoding_note)
    walker = Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    if walker.cut:
        meta = meta._replace(
            note=f"the page has more than {MAX_ELEMENTS:,} elements; it was read up to there"
        )
    return _assemble(walker, meta)


def _sign(
    elements: list[Element],
    chain: list[int],
    chars: list[int],
    total: int,
    around: set[int],
    prose: list[int],
) -> str | None:
    """The innermost strong sign over a paragraph; `around` (the elements that hold the
    whole article) carry none: an article is not inside a sidebar, whatever the class says."""
    for index in chain:
        if index in around:
            break
        element = elements[index]
        if element.strong in _WRAPPER_SIGNS and prose[index] >= _WRAPPED_PROSE_WORDS:
            continue
        if element.strong is not None and (
            element.tag in ("figcaption", "button", "nav")
            or chars[index] <= total * _SIGN_SHARE_MAX
        ):
            return element.strong
    return None


def _weak(elements: list[Element], chain: list[int]) -> str | None:
    for index in chain:
        if elements[index].weak is not None:
            return elements[index].weak
    return None


def _roles(
    paras: list[Para],
    chains: list[list[int]],
    elements: list[Element],
    article: set[int],
    headline: int | None,
    meta: PageMeta,
    chars: list[int],
    total: int,
    around: set[int],
    prose: list[int],
) -> list[tuple[str, str] | None]:
    """(kind, reason) per paragraph, or None where the classifier's own rules decide."""
    first_body = min(article, default=len(paras))
    description = norm_words(meta.description)
    in_article = {
        norm_words(paras[i].text) for i in article if len(paras[i].text.split()) >= _REPEAT_WORDS
    }
    seen: set[str] = set()
    roles: list[tuple[str, str] | None] = []
    headline_words = norm_words(paras[headline].text) if headline is not None else ""
    tail = _tail_start(paras, article, elements)

    standfirst_open = headline is not None
    kicker = _kicker(paras, headline, meta)
    for i, para in enumerate(paras):
        chain = chains[i]
        sign = _sign(elements, chain, chars, total, around, prose)
        size = len(para.text)
        words = norm_words(para.text) if size >= _REPEAT_WORDS * 2 else ""
        role: tuple[str, str] | None = None
        if i == headline:
            role = ("reporting", "the headline")
        elif i == kicker:
            role = ("reporting", "the headline's kicker")
        elif sign is not None:
            role = ("furniture", sign)
        elif i in article:
            if tail is not None and i >= tail:
                role = ("furniture", "after the article")
            elif (
                para.links > size * 0.5
                and size < 300
                and not _sentence(para.text)
                and not _leads_in(elements, paras, i)
            ):
                role = ("furniture", "mostly links")
            elif words and words in seen and len(para.text.split()) >= _REPEAT_WORDS:
                role = ("furniture", "repeats a paragraph above")
            elif (
                headline_words
                and size <= len(headline_words) * 2
                and similar(norm_words(para.text), headline_words) >= 0.95
            ):
                # The headline again, above the body ('Kicker Headline' in an h2 of the
                # article under the page's h1): it is said once, where it stands first.
                role = ("furniture", "repeats the headline")
        elif words in in_article and words:
            role = ("furniture", "repeats the article's text")
        elif (
            standfirst_open
            and headline is not None
            and headline < i < min(first_body, headline + 5)
            and para.links < size * 0.3
            and (
                any(elements[x].standfirst for x in chain)
                or (description and similar(norm_words(para.text), description) >= 0.8)
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
    _after_closing_chrome(paras, article, roles)
    return roles


_CLOSING_SIGNS = frozenset(["share buttons", "related links", "navigation", "tags", "comments"])
_CLOSING_REST = 0.15
"""Share of the body's prose that may still follow the closing chrome (or one paragraph)."""


def _after_closing_chrome(
    paras: list[Para], article: set[int], roles: list[tuple[str, str] | None]
) -> None:
    """Body paragraphs after the article's closing chrome (share buttons, then related
    links or the next-article link) are the page's: a comment policy, a site's notice. Two
    boxes of two kinds in a row, with one paragraph or little of the body's prose after
    them, close it."""
    members = sorted(article)
    body = [i for i in members if roles[i] is None]
    total = sum(len(paras[i].text) for i in body if _prose(paras[i]))
    if not total:
        return
    kinds: set[str] = set()
    for i in range(members[0], members[-1] + 1):
        role = roles[i]
        if role is None:
            if i in article and _prose(paras[i]):
                kinds = set()
            continue
        if role[0] != "furniture" or role[1] not in _CLOSING_SIGNS:
            continue
        kinds.add(role[1])
        if len(kinds) < 2:
            continue
        rest = [j for j in members if j > i and roles[j] is None]
        told = [len(paras[j].text) for j in rest if _prose(paras[j])]
        if len(told) <= 1 or sum(told) <= total * _CLOSING_REST:
            for j in rest:
                roles[j] = ("furniture", "after the article")
            return


_REPEAT_WORDS = 8
_KICKER_WORDS = 8


def _kicker(paras: list[Para], headline: int | None, meta: PageMeta) -> int | None:
    """The short line set over the headline ('Nach Gaetz-Rückzug' over 'Trump-Anwältin
    soll Justizministerin werden') when the page's own title says them as one: part of it."""
    if headline is None or headline == 0:
        return None
    shown = norm_words(paras[headline].text)
    for title in (norm_words(meta.title), norm_words(meta.head_title)):
        if not title or title == shown or not title.endswith(shown):
            continue
        for i in (headline - 1, headline - 2):
            line = norm_words(paras[i].text) if i >= 0 else ""
            if line and len(line.split()) <= _KICKER_WORDS and title == f"{line} {shown}":
                return i
    return None

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


def _tail_start(paras: list[Para], article: set[int], elements: list[Element]) -> int | None:
    """The first section title of chrome in the last part of the article's text: it and what
    follows it in the article are the page's, not the article's. A box of related links set
    into the body ('Related' over a few headlines, then the story goes on in the same
    container as before) is an interstitial, not the end."""
    members = sorted(article)
    total = sum(len(paras[i].text) for i in members)
    seen = 0
    body: set[int] = set()
    for n, i in enumerate(members):
        text = paras[i].text
        if seen >= total * _TAIL_AFTER and len(text) <= 40 and _SECTION_TITLE.match(text):
            after = paras[members[n + 1]] if n + 1 < len(members) else None
            # 'RELATED:' right above more of the story: an interstitial, not the end.
            if (after is None or not _prose(after)) and not any(
                _prose(paras[j]) and _container(elements, paras, j) in body
                for j in members[n + 1 :]
            ):
                return i
        if _prose(paras[i]):
            body.add(_container(elements, paras, i))
        seen += len(text)
    return None


def _container(elements: list[Element], paras: list[Para], i: int) -> int:
    """The element holding a paragraph's block: the body's paragraphs share one."""
    block = _block(elements, paras[i].owner)
    return elements[block].parent if block >= 0 else -1


def _leads_in(elements: list[Element], paras: list[Para], i: int) -> bool:
    """A linked line that opens a paragraph of prose, joined to it by a line break in the
    same block ('<a>Product name, $9</a><br>Why we like it…'): the paragraph's own words."""
    after = paras[i + 1] if i + 1 < len(paras) else None
    return (
        after is not None
        and after.soft
        and _block(elements, after.owner) == _block(elements, paras[i].owner)
        and _prose(after)
    )


def _block(elements: list[Element], index: int) -> int:
    """The block element a paragraph's text sits in (its owner may be an inline link)."""
    while index >= 0 and elements[index].tag not in BLOCKS:
        index = elements[index].parent
    return index


def _prose(para: Para) -> bool:
    return len(para.text.split()) >= 20 and para.links < len(para.text) * 0.2


def _assemble(walker: Walker, meta: PageMeta) -> WebPage:
    elements, paras = walker.elements, walker.paras
    if not paras:
        return WebPage("", (), meta)
    chains = [ancestry(elements, p.owner) if p.owner >= 0 else [] for p in paras]
    chars = [0] * len(elements)
    prose = [0] * len(elements)
    for para, chain in zip(paras, chains, strict=True):
        words = len(para.text.split()) if _prose(para) else 0
        for index in chain:
            chars[index] += len(para.text)
            prose[index] += words
    total = sum(len(p.text) for p in paras)
    title = meta.title
    if title:
        headline = find_headline(paras, title)
        if headline is not None:
            shown = paras[headline].text
            if len(shown.split()) >= 3 and norm_words(title).startswith(norm_words(shown)):
                title = shown  # 'Headline: Section: Site' in the card, 'Headline' on the page
    else:
        # The <title> is only a fallback: often the site's name, or the headline with a
        # tail. A heading like it, else the page's one h1, is the headline.
        headline = find_headline(paras, meta.head_title) if meta.head_title else None
        if headline is None or not paras[headline].heading:
            # Only a plain line says the <title> (the site's name as a link): the page's
            # one h1, if it has one, is the headline.
            lone_h1 = find_headline(paras, "")
            headline = lone_h1 if lone_h1 is not None else headline
        title = paras[headline].text if headline is not None else meta.head_title
    near = near_headline(elements, chains[headline]) if headline is not None else set()
    article, root = find_article(elements, paras, chains, near)
    around = set(ancestry(elements, root)) if root >= 0 else set()
    roles = _roles(paras, chains, elements, article, headline, meta, chars, total, around, prose)
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
