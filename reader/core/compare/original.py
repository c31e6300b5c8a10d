"""Which library document a copy's reporting came from, and the copy compared with it: what
the reading pane marks (changed words, left-out passages) rests on.

The classifier names the documents its sources were; when one of those is itself a sibling
copy, the original is among the documents sharing the most text with the copy, which the
provenance index finds (`StoreCorpus.related`, about 20 ms at 100,000 documents). Reading
the candidates and asking the index are store work: a front end runs `find_original` on a
worker's connection, never on its GUI thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.core.compare.ops import Comparison, compare_texts
from reader.core.compare.relations import unnamed_relatives
from reader.core.library.documents import Library

MAX_SOURCES = 3
"""Documents the classifier named as sources that are tried as this copy's original."""


class Original(NamedTuple):
    path: str
    comparison: Comparison
    """The original (a) compared with the copy (b)."""
    title: str
    """The original's title, read with its text: the status bar names it ("Copy of …")."""


class _Text(NamedTuple):
    path: str
    title: str
    text: str


def _candidates(
    db: sqlite3.Connection, copy_path: str, copy_text: str, named: Sequence[str]
) -> list[_Text]:
    """The named sources still in the library, then (if any was) the copy's relatives in
    the index, up to twice `MAX_SOURCES` in all."""
    library = Library(db)
    originals: list[_Text] = []
    for path in named[:MAX_SOURCES]:
        original_id = library.id_for_path(path)
        if original_id is None:
            continue
        try:
            original = library.document(original_id)
        except KeyError:
            continue
        originals.append(_Text(path, original.title, original.text))
    if not originals:
        return []
    for related in unnamed_relatives(db, copy_text, copy_path, named):
        if len(originals) >= MAX_SOURCES * 2:
            break
        originals.append(_Text(related.key, related.title, related.text))
    return originals


def find_original(
    db: sqlite3.Connection,
    copy_path: str,
    copy_text: str,
    named: Sequence[str],
    wanted: Callable[[], bool] = lambda: True,
) -> Original | None:
    """The first candidate that is this copy's original, else the most quoted one; None
    when no named source is in the library, or when `wanted()` turns false (the reader
    moved on) before the comparisons."""
    candidates = _candidates(db, copy_path, copy_text, named)
    found: list[Original] = []
    for candidate in candidates:
        if not wanted():
            return None
        comparison = compare_texts(candidate.text, copy_text)
        original = Original(candidate.path, comparison, candidate.title)
        if comparison.relation == "a-original":
            return original
        found.append(original)
    return found[0] if found else None
