"""A text as the comparison sees it: passages (one per non-blank line) of normalised words.

Words are matched with case, quote style and apostrophes normalised and punctuation (dashes,
quotes, full stops) ignored, so the trivial differences a republisher makes never count as
changes. Offsets are code points into the text as decoded, like `reader classify`.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress, repeat
from operator import add
from typing import NamedTuple

from reader.core.classify.normalize import DATELINE
from reader.core.classify.units import line_spans
from reader.core.compare.sentences import ASCII_NON_WORD

RAW_TOKEN = re.compile(r"\w++(?:['’‘ʼ`´]\w++)*+")
"""A word in the text as written; `normal_tokens` normalises what it finds. Possessive: a
word never gives back letters, and not trying to costs a tenth of the scan."""
_APOSTROPHES = "’‘ʼ`´"
_JOIN = "\x00"
_MARKS = "'’‘ʼ`´"
_MARK = re.compile(f"[{_MARKS}]")
r"""What `RAW_TOKEN` may join two words with: a line without one has plain `\w` runs as words."""
_BLANK = re.compile(r"[^\w ]")
_DATELINE_AT = re.compile(DATELINE.pattern.removeprefix("^"))
"""`DATELINE` matched at a passage's start in the whole text (no copy of the passage): with
no `^`, lookbehind or `$` in it, a match from `pos` to `endpos` is a match of the slice."""


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


def blanked(text: str) -> str | None:
    """`text` lowered, every character `\\w` does not match a space, offsets unchanged: a line
    with no apostrophe then has as words the `split()` of its slice, and each word's place is
    where its piece of `split(" ")` starts. None when lowering would move offsets (a letter
    lowered to two) or depend on what follows (a final sigma); then lines are read one by one.
    """
    lowered = text.lower()
    if len(lowered) != len(text) or "Σ" in text:
        return None
    if lowered.isascii():  # a table translates an ASCII text in C at memory speed
        return lowered.translate(ASCII_NON_WORD)
    return _BLANK.sub(" ", lowered)


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
    blanked: str | None = None
    """`blanked(text)`, kept for the word offsets of changed passages."""
    by_regex: frozenset[int] = frozenset()
    """Passages whose words `RAW_TOKEN` found (a line with an apostrophe): not `blanked`'s."""

    def word_starts(self, passage: Passage) -> tuple[list[int], list[str]]:
        """Where each word of `passage` starts in the text, and the words as long as written
        (a word ends at its start plus its length). Made only where needed: passages with
        changes."""
        start, end = passage.start, passage.end
        if self.blanked is None or passage.number in self.by_regex:
            found = list(RAW_TOKEN.finditer(self.text, start, end))
            return [m.start() for m in found], [m.group() for m in found]
        pieces = self.blanked[start:end].split(" ")
        # Piece n starts after the n pieces and n spaces before it; the words are the pieces
        # that are not empty (an empty one is a second blank in a row), and the tokens are
        # those words, each as long as it is written.
        places = accumulate(map(add, map(len, pieces), repeat(1)), initial=start)
        return list(compress(places, pieces)), passage.tokens

    def plain_lines(self) -> dict[int, tuple[int, list[str]]] | None:
        """Each passage whose words are its blanked slice's `split()`, by start: its end and
        words (what `alignment.align` would split a sentence that is the whole line into)."""
        if self.blanked is None:
            return None
        by_regex = self.by_regex
        return {p.start: (p.end, p.tokens) for p in self.passages if p.number not in by_regex}

    def dateline_words(self, passage: Passage) -> int:
        """How many words at the start of `passage` are a dateline ("BRUSSELS — ")."""
        match = _DATELINE_AT.match(self.text, passage.start, passage.end)
        if match is None:
            return 0
        return len(RAW_TOKEN.findall(self.text, passage.start, match.end()))


def split_text(text: str) -> Compared:
    """Every non-blank line with at least one word is a passage."""
    passages: list[Passage] = []
    spaced = blanked(text)
    marked = any(mark in text for mark in _MARKS)  # C searches, faster than one regex scan
    by_regex: set[int] = set()
    for start, end, line in line_spans(text):
        if spaced is None or (marked and _MARK.search(line)):
            tokens, regex = normal_tokens(line), True
        else:  # no apostrophe: the words are the line's blanked slice, split
            tokens, regex = spaced[start:end].split(), False
        if tokens:
            if regex:
                by_regex.add(len(passages))
            passages.append(Passage(len(passages), start, end, tokens))
    return Compared(text, passages, spaced, frozenset(by_regex))
