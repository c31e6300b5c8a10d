"""A page's metadata: title, site, author, dates, canonical URL, language, description.

Read from what publishers put in the head for search engines and social cards (Open Graph,
Twitter cards, `<meta name=…>`, `<link rel=canonical>`) and from JSON-LD `NewsArticle`
(or any `*Article`/`WebPage`) blocks. The headline wins over the `<title>`, whose tail is
usually the site's name ("Storm hits coast | Daily Planet").
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from reader.core.web.page_meta import PageMeta

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", ": ")
_WORD = re.compile(r"\w+")
_JSON_LD_MAX = 1_000_000
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "rnews:datepublished",
    "article_date_original",
    "original-publish-date",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")


def _clean(text: object) -> str:
    if text is None:
        return ""
    value = str(text)
    if "&" in value and ";" in value:
        value = html.unescape(value)  # some sites escape their meta tags twice ('&amp;#039;')
    return " ".join(value.split())


def norm_words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def iso_date(value: str) -> str:
    """'2015-01-02T10:30:00Z' -> '2015-01-02T10:30'; Unix seconds/ms too; '' if no date."""
    value = value.strip()
    if value.isdigit() and len(value) in (10, 13):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M")
        except (OverflowError, OSError, ValueError):
            return ""
    match = _DATE.search(value)
    if not match:
        return ""
    year, month, day, hour, minute = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31 and 1900 <= int(year) <= 2200):
        return ""
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None and int(hour) < 24:
        return f"{date}T{int(hour):02d}:{minute}"
    return date


def _json_ld_items(root: etree._Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if len(raw) > _JSON_LD_MAX:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        seen = 0
        while stack and seen < 200:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and (k.endswith("Article") or k == "WebPage") for k in names)


def _name_of(value: object) -> str:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return _clean(value.get("name", ""))
    if isinstance(value, list):
        names = [_name_of(v) for v in value[:5]]
        return ", ".join(n for n in names if n)
    return ""


def _metas(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key is None:
            key = meta.get("http-equiv")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), _clean(content))
    return found


def strip_site(title: str, site: str, host: str) -> str:
    """'Storm hits coast | Daily Planet' -> 'Storm hits coast' when the tail names the site."""
    names = {norm_words(site), norm_words(host.removeprefix("www.").split(".")[0])}
    host_words = norm_words(host.removeprefix("www."))
    names.discard("")
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        tail_words = norm_words(tail)
        if (
            head.strip()
            and tail_words
            and (
                tail_words in names
                or any(n and (n in tail_words or tail_words in n) for n in names)
                or tail_words.replace(" ", "") in host_words.replace(" ", "")
            )
        ):
            return head.strip()
        first, _, rest = title.partition(sep)
        if rest.strip() and norm_words(first) in names:
            return rest.strip()
    return title


def read_metadata(root: etree._Element, url: str = "") -> PageMeta:
    """Everything but the headline choice, which needs the body (see `convert`)."""
    metas = _metas(root)
    article: dict[str, Any] = {}
    for item in _json_ld_items(root):
        if _is_article(item):
            article = item
            break
    head_title = ""
    for element in root.iter("title"):
        head_title = _clean(element.text or "")
        break
    canonical = ""
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            canonical = _clean(link.get("href"))
            break
    canonical = canonical or metas.get("og:url", "") or _clean(article.get("url", "")) or url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = url or ""
    host = urlsplit(canonical or url).hostname or ""
    site = (
        metas.get("og:site_name")
        or _name_of(article.get("publisher"))
        or metas.get("application-name")
        or metas.get("cre")
        or host.removeprefix("www.")
    )
    title = (
        metas.get("og:title")
        or metas.get("twitter:title")
        or _clean(article.get("headline", ""))
        or metas.get("title", "")
    )
    if norm_words(title) == norm_words(site):
        title = ""  # a card titled with the site's name says nothing about the article
    author = _name_of(article.get("author")) or next(
        (
            metas[k]
            for k in _AUTHOR_KEYS
            if k in metas and not metas[k].startswith(("http://", "https://"))
        ),
        "",
    )
    published = iso_date(str(article.get("datePublished", ""))) or next(
        (d for k in _PUBLISHED_KEYS if k in metas and (d := iso_date(metas[k]))), ""
    )
    if not published:
        for time in root.iter("time"):
            if time.get("pubdate") is not None or time.get("itemprop") == "datePublished":
                published = iso_date(time.get("datetime") or time.text or "")
                if published:
                    break
    modified = iso_date(str(article.get("dateModified", ""))) or next(
        (d for k in _MODIFIED_KEYS if k in metas and (d := iso_date(metas[k]))), ""
    )
    language = (
        root.get("lang")
        or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        or metas.get("content-language")
        or metas.get("og:locale", "").replace("_", "-")
        or _clean(article.get("inLanguage", ""))
    )
    description = metas.get("og:description") or metas.get("description") or ""
    return PageMeta(
        title=strip_site(_clean(title), site, host),
        site=_clean(site),
        author=author[:200],
        published=published,
        modified=modified,
        url=canonical,
        language=_clean(language)[:35],
        description=_clean(description)[:1000],
        head_title=strip_site(head_title, site, host),
    )
