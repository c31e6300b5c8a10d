"""Sentences of a text and their word stems: what `alignment` compares.

`units(text)` splits a text into sentences (*units*) with offsets and paragraph numbers;
`stems(text)` gives a crude, language-blind stem of each word; `StemmedUnits` holds one
text's units as stem sets with a verbatim key each, the form the alignment scores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["StemmedUnits", "Unit", "stems", "units"]

_STEM = 5
"""Leading characters kept of a longer word: a crude stemmer that serves every language
('campaigners'/'campaign', 'réduit'/'réduction', 'Regenfällen'/'Regen…')."""

_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»')\]*_]*(\s+)(?=[\"“‘'«„(\[>*_¿¡]?[A-Z0-9À-ÝÀ-ÖØ-Þ])")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|Nr|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|Red|Anm|d|[A-Z])\.$"
)


class Unit(NamedTuple):
    """A sentence: [start, end) in its text, and its paragraph (the n-th non-blank line)."""

    start: int
    end: int
    paragraph: int


def units(text: str) -> list[Unit]:
    """The sentences of `text`, paragraph by paragraph (a paragraph is a line)."""
    found: list[Unit] = []
    for paragraph, match in enumerate(_LINE.finditer(text)):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        base = match.start()
        if not _may_end_inside(line):  # one sentence: the line, stripped
            start = base + len(line) - len(line.lstrip())
            found.append(Unit(start, start + len(stripped), paragraph))
            continue
        start = 0
        for end_match in _SENTENCE_END.finditer(line):
            if _ABBREVIATION.search(line, max(0, end_match.start(1) - 8), end_match.start(1)):
                continue
            _add(found, text, base + start, base + end_match.start(1), paragraph)
            start = end_match.end(1)
        _add(found, text, base + start, base + len(line), paragraph)
    return found


def _may_end_inside(line: str) -> bool:
    """Whether a sentence may end before the line does: `_SENTENCE_END` needs a full stop (or
    !, ?, …) with a space and a letter after it. A line that is one sentence is most lines,
    and four searches in C rule it out for a fraction of the regex's scan."""
    last = len(line) - 2
    return (
        line.find(".", 0, last) >= 0
        or line.find("?", 0, last) >= 0
        or line.find("!", 0, last) >= 0
        or line.find("…", 0, last) >= 0
    )


def _add(found: list[Unit], text: str, start: int, end: int, paragraph: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        found.append(Unit(start, start + len(stripped), paragraph))


class _Stems(dict[str, str]):
    """Word -> stem, filled on first sight (a dict lookup in C for every later one)."""

    def __missing__(self, word: str) -> str:
        stem = word if len(word) <= _STEM or word.isdigit() else word[:_STEM]
        self[word] = stem
        return stem


_STEMS = _Stems()


def stems(text: str) -> list[str]:
    """Lower-cased word stems (the first five letters of a longer word)."""
    if len(_STEMS) > 200_000:
        _STEMS.clear()
    return list(map(_STEMS.__getitem__, _WORD.findall(text.lower())))


ASCII_NON_WORD = {c: " " for c in range(128) if not _WORD.match(chr(c))}
_NON_WORD = re.compile(r"[^\w\s]")
r"""With whitespace, the characters `_WORD` does not match; `str.split` splits on the same
whitespace `\s` matches, so the words left are `_WORD`'s."""


class StemmedUnits:
    """One text's units as stem sets, with the verbatim key of each.

    `lines`: words a caller already split whole lines into (line start -> line end and the
    line's lowered words, each a `\\w` run: `passages.Compared.plain_lines`); a sentence
    that is such a line takes them instead of splitting its text again. `spaced`: the text
    lowered with every other character than `\\w` and whitespace a space, offsets unchanged
    (`passages.blanked`), when the caller made it already.
    """

    def __init__(
        self,
        text: str,
        lines: Mapping[int, tuple[int, list[str]]] | None = None,
        spaced: str | None = None,
    ) -> None:
        self.text = text
        self.units = units(text)
        if len(_STEMS) > 200_000:
            _STEMS.clear()
        if spaced is None:
            lowered = text.lower()
            if len(lowered) == len(text):  # every character lowered to one: offsets hold
                # Non-word characters as spaces, so a sentence's words are its `split()`: an
                # ASCII table translates in C at memory speed; otherwise one substitution.
                if lowered.isascii():
                    spaced = lowered.translate(ASCII_NON_WORD)
                else:
                    spaced = _NON_WORD.sub(" ", lowered)
        if spaced is not None:
            get = _STEMS.__getitem__
            if lines:
                words = []
                for u in self.units:
                    line = lines.get(u.start)
                    if line is not None and line[0] == u.end:  # a sentence that is a line
                        words.append(list(map(get, line[1])))
                    else:
                        words.append(list(map(get, spaced[u.start : u.end].split())))
            else:
                words = [list(map(get, spaced[u.start : u.end].split())) for u in self.units]
        else:
            words = [stems(text[u.start : u.end]) for u in self.units]
        self.keys = [" ".join(w) for w in words]
        self.sets = [frozenset(w) for w in words]
