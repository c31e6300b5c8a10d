"""A document's title from its text: the headline, or the first sentence of the body.

Page furniture is skipped with the classifier's own layout rules (keyword lines, photo
credits and captions, bylines, section labels, ads), so the title is the same text the reading
pane shows as the start of the reporting. Only the head of the text is looked at: cheap.
"""

from __future__ import annotations

import re
import threading

from reader.core.classify.furniture import furniture_lines
from reader.core.classify.markers import line_marker
from reader.core.classify.units import split_lines
from reader.core.text.document import TITLE_MAX_CHARS

_DATELINE = re.compile(r"^[A-Z][A-Z .,'()-]{1,40}\s+[—–-]{1,2}\s+")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_MARKUP = re.compile(r"^(?:#{1,6}\s+|[*_]{1,2}(?=\S))|(?<=\S)[*_]{1,2}$")
_HEAD_CHARS = 20_000
_HEAD_LINES = 60


def shorten(text: str) -> str:
    if len(text) <= TITLE_MAX_CHARS:
        return text
    cut = text[: TITLE_MAX_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"


_last = threading.local()


def whole_furniture(text: str) -> tuple[str | None, ...] | None:
    """The layout rules' verdict on every line of `text` when the title was just derived
    from this very text and its head was the whole text (None otherwise): the import hands
    it to the classifier, which would run the same rules on the same lines again."""
    found: tuple[str, tuple[str | None, ...]] | None = getattr(_last, "whole", None)
    return found[1] if found is not None and found[0] is text else None


def derive_title(text: str) -> str:
    """The first line that reads like prose, cut to its first sentence; '' for no such line."""
    split = split_lines(text[:_HEAD_CHARS])
    lines = split[:_HEAD_LINES]
    reasons = furniture_lines(lines)
    whole = len(text) <= _HEAD_CHARS and len(split) <= _HEAD_LINES
    _last.whole = (text, tuple(reasons)) if whole else None
    for line, reason in zip(lines, reasons, strict=True):
        if reason is not None or line_marker(line.text) is not None:
            continue
        candidate = _MARKUP.sub("", line.text).strip()
        if len(candidate.split()) < 2:
            continue  # a lone word is a label, not a headline
        if candidate[-1:] not in '.!?"”' and len(candidate) <= 140:
            return shorten(candidate)  # a headline: short and without closing punctuation
        candidate = _DATELINE.sub("", candidate)
        sentence = _SENTENCE_END.split(candidate, maxsplit=1)[0]
        return shorten(sentence)
    return ""
