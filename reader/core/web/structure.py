"""What an element's kind, role and class/id words say about the text inside it.

Two strengths. Strong signs (navigation, captions, share bars, related links, newsletter
boxes, ads, comments…) make text furniture wherever it sits, inside the article too. Weak
signs (a `<header>` or `<footer>`, a 'sidebar') only count outside the article: an
article's own header holds its headline and standfirst.
"""

from __future__ import annotations

import re

CAPTION = "a caption"
STRONG_TAGS = {
    "nav": "navigation",
    "aside": "an aside box",
    "form": "a form",
    "figcaption": "a caption",
    "button": "a button",
    "menu": "a menu",
    "dialog": "a dialog",
    "label": "a form",
}
WEAK_TAGS = {"header": "the page header", "footer": "the page footer"}
STRONG_ROLES = {
    "navigation": "navigation",
    "complementary": "an aside box",
    "search": "a form",
    "dialog": "a dialog",
    "alertdialog": "a dialog",
    "menu": "a menu",
    "menubar": "a menu",
    "toolbar": "a button",
}
WEAK_ROLES = {"banner": "the page header", "contentinfo": "the page footer"}

_STRONG_WORDS: dict[str, str] = {}
for _reason, _words in {
    "navigation": "nav navbar navigation menu menus breadcrumb breadcrumbs skip skiplink "
    "pagination pager masthead topnav subnav megamenu",
    "a caption": "caption captions credit credits figcaption photocredit wp-caption-text",
    "a byline": "byline bylines dateline timestamp author-info authorinfo",
    "share buttons": "share sharing social sharebar socialbar addthis sharethis follow "
    "whatsapp telegram",
    "related links": "related recommended recommendations trending popular mostpopular "
    "mostread most-read readmore read-more outbrain taboola zergnet more-stories "
    "morestories also upnext up-next recirc recirculation",
    "newsletter or sign-in text": "newsletter subscribe subscription signup sign-up "
    "signin sign-in login register regwall paywall membership cta donate donation "
    "feedback survey",
    "an advertisement": "ad ads advert adverts advertisement advertising sponsor adblock "
    "adblocker "
    "sponsored promo promoted dfp adslot adunit gpt",
    "comments": "comment comments disqus respond discussion replies remark",
    "a cookie notice": "cookie cookies consent gdpr",
    "tags": "tag tags topics keywords taglist",
    "an author bio": "bio bios author-bio author-bios authorbio about-author",
    "a sidebar": "sidebar rail widget widgets sidebox",
    "a modal": "modal popup overlay lightbox",
    "the page footer": "copyright legal colophon disclaimer",
}.items():
    for _word in _words.split():
        _STRONG_WORDS[_word] = _reason
_WEAK_WORDS = {
    "header": "the page header",
    "footer": "the page footer",
    "banner": "the page header",
    "top": "the page header",
    "bottom": "the page footer",
}
POSITIVE_WORDS = frozenset(
    [
        "article",
        "articles",
        "articlebody",
        "body",
        "content",
        "contents",
        "entry",
        "entry-content",
        "main",
        "post",
        "story",
        "storybody",
        "text",
        "blog",
        "hentry",
        "prose",
        "column",
    ]
)
NEGATIVE_WORDS = (
    frozenset(_STRONG_WORDS)
    | frozenset(_WEAK_WORDS)
    | frozenset(["hidden", "meta", "extra", "shoutbox", "shopping", "combx", "sponsor"])
)
HIDDEN_WORDS = frozenset(
    [
        "hidden",
        "hide",
        "sr-only",
        "screen-reader-text",
        "visually-hidden",
        "visuallyhidden",
        "offscreen",
        "element-invisible",
        "invisible",
        "a11y-only",
        "u-hidden",
        "is-hidden",
    ]
)
_STATE_PREFIXES = (
    # CMS state classes on the article itself ('tag-politics', 'comments-open',
    # 'category-news', 'has-sidebar'): they name what the post has, not what it is.
    *("tag-", "category-", "post-", "format-", "type-", "status-", "author-", "has-", "is-"),
    *("comments-", "comment-open", "single-", "page-template", "no-", "with-", "postid-"),
)
_SPLIT = re.compile(r"[^a-zA-Z0-9]+|(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def class_words(class_attr: str | None, id_attr: str | None) -> list[str]:
    """'shareBar related-links' -> ['share', 'bar', 'related', 'links', 'related-links'...]."""
    raw = f"{class_attr or ''} {id_attr or ''}".strip()
    if not raw:
        return []
    words: list[str] = []
    for name in raw.split():
        lowered = name.lower()
        words.append(lowered)
        if not lowered.startswith(_STATE_PREFIXES):
            words.extend(w.lower() for w in _SPLIT.split(name) if w)
    return words


_DESKTOP_SHOWN = re.compile(
    r"^(?:md|lg|xl|2xl):(?:block|flex|grid|inline|table|contents)"
    r"|^d-(?:md|lg|xl)-(?:block|flex|grid|inline|table)"
)
_STREAMED = re.compile(r"S:[0-9a-z]+$")
_DESKTOP_HIDDEN = frozenset(
    ["md:hidden", "lg:hidden", "xl:hidden", "hidden-md", "hidden-lg", "d-md-none", "d-lg-none"]
)


def is_hidden(attrib: dict[str, str], words: list[str]) -> bool:
    """Hidden as a desktop browser shows the page. Class names count whole: 'hidden' inside
    'overflow-x-hidden' (on many a `<body>`) or 'hidden-xs' says nothing of a wide window,
    and 'hidden md:block' is shown there."""
    if "hidden" in attrib:
        # React's streamed server rendering sends each part of the page in a
        # `<div hidden id="S:n">` that its script moves into place: shown once loaded.
        return not _STREAMED.match(attrib.get("id") or "")
    style = attrib.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if not words:
        return False
    names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}".lower().split()[:12]
    if any(n in _DESKTOP_HIDDEN for n in names):
        return True
    if any(n in HIDDEN_WORDS or n == "d-none" for n in names):
        return not any(_DESKTOP_SHOWN.match(n) for n in names)
    return False


def strong_sign(tag: str, role: str | None, words: list[str]) -> str | None:
    reason = STRONG_TAGS.get(tag)
    if reason is None and role:
        reason = STRONG_ROLES.get(role.strip().lower())
    if reason is None:
        for word in words:
            found = _STRONG_WORDS.get(word)
            if found is not None:
                if found == "tags" and tag in ("article", "main", "body"):
                    continue
                return found
    return reason


def weak_sign(tag: str, role: str | None, words: list[str]) -> str | None:
    reason = WEAK_TAGS.get(tag)
    if reason is None and role:
        reason = WEAK_ROLES.get(role.strip().lower())
    if reason is None:
        for word in words:
            found = _WEAK_WORDS.get(word)
            if found is not None:
                return found
    return reason


def class_weight(words: list[str], itemprop: str | None) -> int:
    """Readability's class weight: +25 for article-ish words, -25 for chrome words."""
    if itemprop and itemprop.lower() in ("articlebody", "text"):
        return 50
    weight = 0
    if any(w in POSITIVE_WORDS for w in words):
        weight += 25
    if any(w in NEGATIVE_WORDS for w in words):
        weight -= 25
    return weight
