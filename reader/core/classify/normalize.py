"""Text normalisation for matching a copy against its original.

Republishers change quotes and apostrophes (curly vs straight), dashes, spacing and case, and
drop datelines ("BRUSSELS — "). Matching works on word tokens with all of that removed, so
none of those changes breaks a shingle.
"""

from __future__ import annotations

import re

_APOSTROPHES = "’‘ʼ`´"
TOKEN = re.compile(r"\w+(?:'\w+)*")
"""A word; apostrophes inside it are kept, so "it's" stays distinct from "its"."""
_CURLY = re.compile(r"[“”‘’]")
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s+[A-Z][\w.'’ -]{1,30})?"
    r"(?:\s*\([A-Za-z .]{1,20}\))?\s+[—–-]{1,2}\s+"
)
"""'BRUSSELS — ', 'SANTIAGO (Reuters) - ', 'JAMSA, Finland — ' at the start of a paragraph."""


def normalized(text: str) -> str:
    """Lower case, every apostrophe straight. May differ in length from `text` (rare letters)."""
    for mark in _APOSTROPHES:  # str.replace is far faster than str.translate on long texts
        if mark in text:
            text = text.replace(mark, "'")
    return text.lower()


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens: "It’s" == "it's"; quotes, dashes and other punctuation split."""
    return TOKEN.findall(normalized(text))


def phrase(text: str) -> str:
    """The normalised form used for substring tests of short passages: ' tok tok tok '."""
    return " " + " ".join(tokenize(text)) + " "


def has_curly_quotes(text: str) -> bool:
    return _CURLY.search(text) is not None


def starts_with_dateline(text: str) -> bool:
    return DATELINE.match(text.lstrip()) is not None
