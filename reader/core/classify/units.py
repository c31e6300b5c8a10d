"""Splitting a text into the units the classifier decides on, with offsets into the text.

A line is a paragraph (news text puts one paragraph per line). Lines separated by a single
newline form a block; blocks are separated by blank lines. That layout carries meaning:
a caption sits directly under its credit, a quoted block directly under the comment that
introduces it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(\s+)(?=[\"“‘'(\[]?[A-Z0-9À-Ý])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|[A-Z])\.)$"
)


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: [start, end) with surrounding whitespace trimmed."""

    index: int
    start: int
    end: int
    text: str
    block: int
    blank_before: bool
    """True when a blank line (or the start of the text) comes before it."""


def line_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each non-blank line's [start, end) with surrounding whitespace trimmed, and its text
    (what `split_lines` makes a `Line` of, for callers that need no more)."""
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            yield start, start + len(stripped), stripped


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    block = -1
    last_end = 0
    for start, _, stripped in line_spans(text):
        gap = text[last_end:start]
        blank_before = not lines or gap.count("\n") >= 2
        if blank_before:
            block += 1
        lines.append(Line(len(lines), start, start + len(stripped), stripped, block, blank_before))
        last_end = start + len(stripped)
    return lines


def is_dense(lines: list[Line]) -> bool:
    """No blank lines between paragraphs at all: then a single newline says nothing."""
    return len(lines) > 3 and not any(line.blank_before for line in lines[1:])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) pieces of `text` that together cover it, one per sentence.

    Boundaries fall on whitespace after ., ! or ? (and closing quotes), not after common
    abbreviations ("Mr.", "Jan.", "U.S."), so token counts of the pieces add up to the line's.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, 0, match.start() + 1):
            continue
        pieces.append((start, match.start(1)))
        start = match.start(1)
    pieces.append((start, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]
