"""A document's title from its text: the headline, or the first sentence of the body."""

from __future__ import annotations

import re

from reader.core.document import TITLE_MAX_CHARS

_DATELINE = re.compile(r"^[A-Z][A-Z .,'()-]{1,40}\s+[—–-]{1,2}\s+")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_CREDIT = re.compile(r"(©|\bphoto\b|\bcredit\b|associated press/|getty images|reuters/)", re.I)


def _looks_like_chrome(line: str) -> bool:
    words = line.split()
    if len(words) < 4:
        return True  # keyword lines, section labels, "Advertisement"
    return bool(_CREDIT.search(line))


def _shorten(text: str) -> str:
    if len(text) <= TITLE_MAX_CHARS:
        return text
    cut = text[: TITLE_MAX_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"


def derive_title(text: str) -> str:
    """The first line that reads like prose, cut to its first sentence; '' for no such line."""
    after_credit = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            after_credit = False
            continue
        if after_credit:
            after_credit = False  # the line set directly under a photo credit is its caption
            continue
        if _looks_like_chrome(line):
            after_credit = bool(_CREDIT.search(line))
            continue
        if line[-1:] not in ".!?\"”" and len(line) <= 140:
            return _shorten(line)  # a headline: short and without closing punctuation
        line = _DATELINE.sub("", line)
        sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
        return _shorten(sentence)
    return ""
