"""A text as the comparison sees it: passages (one per non-blank line) of normalised words.

Words are matched with case, quote style and apostrophes normalised and punctuation (dashes,
quotes, full stops) ignored, so the trivial differences a republisher makes never count as
changes. Offsets are code points into the text as decoded, like `reader classify`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.core.classify.normalize import DATELINE
from reader.core.classify.units import split_lines

RAW_TOKEN = re.compile(r"\w++(?:['’‘ʼ`´]\w++)*+")
"""A word in the text as written; `normal_tokens` normalises what it finds. Possessive: a
word never gives back letters, and not trying to costs a tenth of the scan."""
_APOSTROPHES = "’‘ʼ`´"
_JOIN = "\x00"


def normal_tokens(text: str) -> list[str]:
    """Lower-cased words, every apostrophe straight; one per `RAW_TOKEN` match, in order."""
    lowered = text.lower()
    if len(lowered) == len(text) and "Σ" not in text:
        # Every character lowered to one of the same class (checked over all of Unicode), and
        # no final sigma whose form depends on what follows: the words of the lowered text
        # are the lowered words, found without joining and lowering them again.
        found = RAW_TOKEN.findall(lowered)
        if lowered.isascii() and "`" not in lowered:
            return found
        lower = False
    else:
        found = RAW_TOKEN.findall(text)
        lower = True
    if not found:
        return []
    joined = _JOIN.join(found)
    for mark in _APOSTROPHES:
        if mark in joined:
            joined = joined.replace(mark, "'")
    return (joined.lower() if lower else joined).split(_JOIN)


class Passage(NamedTuple):
    """One paragraph: [start, end) in the text, and its normalised words."""

    number: int
    start: int
    end: int
    tokens: list[str]


class Compared(NamedTuple):
    """A text split for comparison."""

    text: str
    passages: list[Passage]

    def token_spans(self, passage: Passage) -> list[tuple[int, int]]:
        """[start, end) of each word of `passage`, in text offsets (made only where needed)."""
        found = RAW_TOKEN.finditer(self.text, passage.start, passage.end)
        return [m.span() for m in found]

    def dateline_words(self, passage: Passage) -> int:
        """How many words at the start of `passage` are a dateline ("BRUSSELS — ")."""
        body = self.text[passage.start : passage.end]
        match = DATELINE.match(body)
        if match is None:
            return 0
        return len(RAW_TOKEN.findall(body, 0, match.end()))


def split_text(text: str) -> Compared:
    """Every non-blank line with at least one word is a passage."""
    passages: list[Passage] = []
    for line in split_lines(text):
        tokens = normal_tokens(line.text)
        if tokens:
            passages.append(Passage(len(passages), line.start, line.end, tokens))
    return Compared(text, passages)
