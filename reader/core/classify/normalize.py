"""Text normalisation for matching a copy against its original.

Republishers change quotes and apostrophes (curly vs straight), dashes, spacing and case, and
drop datelines ("BRUSSELS — "). Matching works on word tokens with all of that removed, so
none of those changes breaks a shingle.
"""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans("", "", "'’‘ʼ`´")
_TOKEN = re.compile(r"[^\W_]+")
_CURLY = re.compile(r"[“”‘’]")
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s+[A-Z][\w.'’ -]{1,30})?(?:\s*\([A-Za-z .]{1,20}\))?\s+[—–-]{1,2}\s+"
)
"""'BRUSSELS — ', 'SANTIAGO (Reuters) - ', 'JAMSA, Finland — ' at the start of a paragraph."""


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; apostrophes vanish ("it’s" == "its"), all punctuation splits."""
    found = _TOKEN.findall(text.translate(_APOSTROPHES))
    if not found:
        return found
    # Lower-case once for the whole list: some characters change length when lowered,
    # but never gain a space, so the token count is kept.
    return " ".join(found).lower().split(" ")


def phrase(text: str) -> str:
    """The normalised form used for substring tests of short passages: ' tok tok tok '."""
    return " " + " ".join(tokenize(text)) + " "


def has_curly_quotes(text: str) -> bool:
    return _CURLY.search(text) is not None


def starts_with_dateline(text: str) -> bool:
    return DATELINE.match(text.lstrip()) is not None
