"""Site chrome found by repetition: short lines that many unrelated documents of one site
(or, for documents with no site, of the library) carry word for word.

A page template's lines ("Support independent journalism", "Print Friendly", "Lesen Sie
auch", a masthead) recur on every page of a site whatever its language; an article's own
lines recur only in its copies. So a short line counts as furniture when at least
`MIN_PAGES` other documents of the same site hold it, not counting the document's relatives
(its copies and originals, which share its story).

Index: each document keeps the keys of at most `MAX_LINES` short lines (a crc32 of the
normalised line, mixed with its site's) in the store's `line_index` table, keyed (key, doc);
a lookup reads at most `CAP` + 1 index entries per line, so its cost does not grow with the
library. A document's own keys are packed in its `document_samples` row, whose trigger takes
them out of the index when it goes (`store.samples`), so they are stored once. The keys
travel with a document's sampled shingle hashes (`shingles.index_sample`) as values below
`LINE_FLOOR`, so the import's worker processes compute them and its one writer stores them.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from reader.core.classify.dating import site_key

MAX_WORDS = 25
MAX_CHARS = 200
MAX_LINES = 32
"""Short lines kept per document: its first 20 and its last 12 (chrome sits at the top and
the bottom of a page), which bounds the index's growth per document."""
_HEAD_LINES = 20
_SCAN_LINES = 200
"""Lines read from each end for them: a long text's middle is never scanned."""
MIN_PAGES = 3
"""Other documents of the site (not relatives) that must hold a line for it to be chrome."""
CAP = 100
"""Holders counted at most per line: enough to say 'on 100+ pages'."""
LINE_FLOOR = -(1 << 33)
"""Line keys travel in a document's index sample as values below this (shingle hashes are
>= 0 and name hashes lie in [-2**32, -1])."""
_MASK = (1 << 62) - 1
_STRIP = " \t*_|•·»›>:–—-"
_LETTERS = re.compile(r"[^\W\d_]{2}")


def normalised(line: str) -> str | None:
    """The form a short line is matched in (lower case, single spaces, no list or label
    punctuation around it), or None for a paragraph, an empty line or a bare number."""
    if len(line) > 2 * MAX_CHARS:
        return None  # a paragraph: rejected before any copying
    text = " ".join(line.split()).strip(_STRIP).lower()
    if not text or len(text) > MAX_CHARS or len(text.split()) > MAX_WORDS:
        return None
    return text if _LETTERS.search(text) else None


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _value(found: str) -> int:
    """A short line's value in the index sample, from its `normalised` form."""
    return LINE_FLOOR - _crc(found)


def _kept(lines: Sequence[str]) -> list[tuple[int, str]]:
    """The short lines a document is indexed (and looked up) by, each with its index and its
    `normalised` form: the first `_HEAD_LINES` and the last MAX_LINES - `_HEAD_LINES`, among
    its first and last `_SCAN_LINES` lines."""
    head: list[tuple[int, str]] = []
    for i in range(min(len(lines), _SCAN_LINES)):
        found = normalised(lines[i])
        if found is not None:
            head.append((i, found))
            if len(head) == _HEAD_LINES:
                break
    tail: list[tuple[int, str]] = []
    stop = max(head[-1][0] if head else -1, len(lines) - 1 - _SCAN_LINES)
    for i in range(len(lines) - 1, stop, -1):
        if len(tail) == MAX_LINES - _HEAD_LINES:
            break
        found = normalised(lines[i])
        if found is not None:
            tail.append((i, found))
    return head + tail[::-1]


def sample_values(lines: Sequence[str]) -> set[int]:
    """The values a document's short lines add to its index sample (below LINE_FLOOR)."""
    return {_value(found) for _, found in _kept(lines)}


def text_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def stored_key(site: str, value: int) -> int:
    """The `line_index` key of a sample value on a site ('' for no site: the library)."""
    line = LINE_FLOOR - value
    return (_crc(site_key(site)) * 0x9E3779B1 + line) & _MASK


def split_sample(hashes: Iterable[int]) -> tuple[list[int], list[int]]:
    """(the shingle and name hashes, the line values) of an index sample."""
    rest: list[int] = []
    lines: list[int] = []
    for h in hashes:
        (lines if h < LINE_FLOOR else rest).append(h)
    return rest, lines


@runtime_checkable
class LineCounts(Protocol):
    """A corpus that counts the documents holding a short line (`StoreCorpus`)."""

    def repeated_lines(
        self, values: set[int], site: str, exclude_keys: Sequence[str]
    ) -> dict[int, int]: ...


REPEATED = "furniture: repeated on "
"""How the reason of a repeated line begins: such a line is a template's, like structural
chrome, and is left out when texts are aligned (it says nothing about sharing a story)."""


def is_repeated(reason: str | None) -> bool:
    return reason is not None and reason.startswith(REPEATED)


def mark_repeated(
    lines: Sequence[str],
    furniture: list[str | None],
    markers: Sequence[str | None],
    corpus: LineCounts,
    site: str,
    exclude_keys: Sequence[str],
) -> dict[int, int]:
    """Set `furniture` in place for the short lines at least `MIN_PAGES` other documents
    of the site repeat; returns {line index: its line value} of the lines marked."""
    wanted: dict[int, list[int]] = {}
    for i, found in _kept(lines):
        if furniture[i] is None and markers[i] is None:
            wanted.setdefault(_value(found), []).append(i)
    if not wanted:
        return {}
    return _apply(wanted, corpus.repeated_lines(set(wanted), site, exclude_keys), furniture, site)


def confirm_repeated(
    marked: dict[int, int],
    furniture: list[str | None],
    corpus: LineCounts,
    site: str,
    exclude_keys: Sequence[str],
) -> None:
    """Count the marked lines again leaving out the text's relatives (its copies share its
    story's lines, not a template's), and unmark those that no longer reach `MIN_PAGES`."""
    wanted: dict[int, list[int]] = {}
    for i, value in marked.items():
        wanted.setdefault(value, []).append(i)
        furniture[i] = None
    _apply(wanted, corpus.repeated_lines(set(wanted), site, exclude_keys), furniture, site)


def _apply(
    wanted: dict[int, list[int]], counts: dict[int, int], furniture: list[str | None], site: str
) -> dict[int, int]:
    where = f" of {site}" if site else " in the library"
    marked: dict[int, int] = {}
    for value, count in counts.items():
        if count < MIN_PAGES:
            continue
        shown = f"{CAP}+" if count >= CAP else str(count)
        for i in wanted.get(value, []):
            furniture[i] = f"{REPEATED}{shown} pages{where}"
            marked[i] = value
    return marked
