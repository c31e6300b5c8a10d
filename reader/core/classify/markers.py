"""Commentary markers: 'Comment:' paragraphs, inline '[Ed.: …]' remarks, and where they end.

A republisher marks its own remarks with a label. Bare 'Note:' is deliberately not a
marker: original articles quote notes ("Note: skulls from 1946 …"), which stay reporting.
"""

from __future__ import annotations

import re

from reader.core.classify.vocabulary import vocabulary

_LABEL = (
    r"(?:comment|comments|commentary|editor['’]?s?\s+note|ed(?:itor)?\.?\s+note|ed\.|"
    r"our\s+take|my\s+take|note\s+from\s+the\s+editor|editorial\s+note|"
    r"translator['’]?s?\s+note|publisher['’]?s?\s+note|moderator['’]?s?\s+note)"
)
LINE_MARKER = re.compile(r"^[\W_]{0,3}(" + _LABEL + r")[*_]{0,2}\s*[:：][*_]{0,2}", re.IGNORECASE)
"""A paragraph that opens with a commentary label: 'Comment:', "Editor's note:", 'OUR TAKE:'."""

INLINE_MARKER = re.compile(
    r"\[\s*(?:" + _LABEL + r"|ed)\s*[:：.][^\]\n]*\]"
    r"|\(\s*(?:" + _LABEL + r")\s*[:：][^)\n]*\)",
    re.IGNORECASE,
)
"""An inline bracketed remark: '[Comment: …]', '[Ed.: …]', '(Editor's note: …)'."""

_QUOTE_OPENERS = ('"', "“", "‘", "'", "«", ">", "„")


def line_marker(text: str) -> str | None:
    """The label that opens this paragraph ('Comment:', 'Commentaire :'), the editor's
    sign-off that closes it ('— Ed.'), or an emphasis note ('(Emphasis added.)'); or None."""
    match = LINE_MARKER.match(text)
    if match is not None:
        return match.group(1).strip() + ":"
    words = vocabulary()
    head = text[:_LABEL_REACH]
    if ":" in head or "：" in head:
        match = words.line_marker.match(text)
        if match is not None:
            return " ".join(match.group(1).split()) + ":"
    if "(" in text or "[" in text:
        match = words.emphasis.search(text)
        if match is not None:
            return match.group().strip(" .")
    if words.intro is not None and words.intro.match(text):
        return "signed intro"
    tail = text[-_SIGNOFF_REACH:]
    if "—" in tail or "–" in tail or "-" in tail:
        match = words.signoff.search(text)
        if match is not None:
            return "— " + match.group(1)
    return None


_LABEL_REACH = 60
"""A label's colon comes within this many characters ('Anmerkung der Redaktion:')."""
_SIGNOFF_REACH = 24


def inline_markers(text: str) -> list[tuple[int, int, str]]:
    """[start, end, label) of bracketed remarks inside `text`, brackets included."""
    found = []
    for match in INLINE_MARKER.finditer(text):
        label = re.split(r"[:：]", match.group()[1:], maxsplit=1)[0].strip()
        found.append((match.start(), match.end(), f"[{label}: …]"))
    for match in vocabulary().inline_marker.finditer(text):
        if any(s < match.end() and match.start() < e for s, e, _ in found):
            continue
        label = re.split(r"[:：]", match.group()[1:], maxsplit=1)[0].strip()
        found.append(
            (match.start(), match.end(), f"{match.group()[0]}{label}: …{match.group()[-1]}")
        )
    found.sort()
    return found


def introduces_more(text: str) -> bool:
    """A comment ending with ':' introduces the passage that follows (usually a quote)."""
    return text.rstrip("*_ ").endswith((":", "：", ':"', ":“"))


def looks_quoted(text: str) -> bool:
    """A paragraph set as a quotation: opens with a quote mark or '>'."""
    return text.startswith(_QUOTE_OPENERS)


_ATTRIBUTED = re.compile(
    r"[,.!?]?[\"”’]\s*(?:,\s*)?(?:said|says|told|added|wrote|according to)\b"
    r"|[,\"”]\s*(?:\w+\s+){1,4}(?:said|says|told|added)\b[^\"“]{0,80}[.,]\s*[\"“]"
)


def is_attributed_quote(text: str) -> bool:
    """A news quote paragraph ('"…," said one of the sources'): the article quoting someone,
    not a republisher quoting more of the source its comment cites."""
    return looks_quoted(text) and _ATTRIBUTED.search(text) is not None
