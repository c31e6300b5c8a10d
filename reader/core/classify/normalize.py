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


_SEPARATORS = "“”„«»‹›—–…•·©®™€£°\xa0"
"""Common characters beyond ASCII that are never part of a word: a space in their place
splits the same tokens, and a text with no other such character takes the fast way."""
_ASCII_SPLIT = bytes(
    code if chr(code).isalnum() or chr(code) in "_'" else ord(" ") for code in range(256)
)
"""Every ASCII byte that is neither a word character (\\w) nor an apostrophe: a space."""


def spaced_separators(text: str) -> str:
    """`text` with the common punctuation beyond ASCII that is never part of a word (curly
    double quotes, dashes, ©, the no-break space …) as spaces: the same words, and more
    often an ASCII text, which word patterns match faster."""
    for separator in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    return text


_RUN_BREAKS = "’‘`´"
"""Apostrophes that are never word characters (ʼ is a letter): a space in their place
leaves the same runs of word characters."""
_ASCII_RUNS = bytes(
    code if chr(code).isalnum() or chr(code) == "_" else ord(" ") for code in range(256)
)
r"""Every ASCII byte that is not a word character (\w): a space."""
_WORD_RUN = re.compile(r"\w+")


def word_runs(text: str) -> list[str]:
    r"""What `\w+` finds in `text`, split in C when the text is ASCII once its common
    separators and curly apostrophes are spaces (most texts), else matched."""
    spaced = spaced_separators(text)
    for mark in _RUN_BREAKS:
        if mark in spaced:
            spaced = spaced.replace(mark, " ")
    if not spaced.isascii():
        return _WORD_RUN.findall(text)
    return spaced.encode("ascii").translate(_ASCII_RUNS).decode("ascii").split()


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens: "It’s" == "it's"; quotes, dashes and other punctuation split."""
    lowered = spaced_separators(normalized(text))
    if not lowered.isascii():
        return TOKEN.findall(lowered)
    return split_words(ascii_spaced(lowered))


def ascii_spaced(lowered: str) -> str:
    """An ASCII text, lowered, with every byte that is neither a word character nor an
    apostrophe a space (offsets unchanged): what `split_words` reads."""
    return lowered.encode("ascii").translate(_ASCII_SPLIT).decode("ascii")


def split_words(spaced: str, start: int = 0, end: int | None = None) -> list[str]:
    """What TOKEN finds in `spaced[start:end]` (an `ascii_spaced` text, cut at spaces or its
    ends), split in C. Only a run holding an apostrophe needs TOKEN ("it's", "'tis" and
    "dogs'" differ); a match never crosses a space, so each run is matched alone."""
    end = len(spaced) if end is None else end
    quote = spaced.find("'", start, end)
    if quote < 0:
        return spaced[start:end].split()
    tokens: list[str] = []
    done = start
    while quote >= 0:
        space = spaced.rfind(" ", done, quote)
        run = done if space < 0 else space + 1
        stop = spaced.find(" ", quote, end)
        stop = end if stop < 0 else stop
        tokens += spaced[done:run].split()
        tokens += TOKEN.findall(spaced, run, stop)
        done = stop
        quote = spaced.find("'", stop, end)
    tokens += spaced[done:end].split()
    return tokens


def phrase(text: str) -> str:
    """The normalised form used for substring tests of short passages: ' tok tok tok '."""
    return " " + " ".join(tokenize(text)) + " "


def has_curly_quotes(text: str) -> bool:
    return _CURLY.search(text) is not None


def starts_with_dateline(text: str) -> bool:
    return DATELINE.match(text.lstrip()) is not None
