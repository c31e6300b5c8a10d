"""Which notes a sidebar shows: one document's, a removed document's, or every note, filtered
by words, colours and a tag, in reading order, answered by SQLite.

Filtering in SQL (rather than a Qt proxy asking each row for its text) is what keeps 50,000
notes usable: the answer is the matching rows' places (`NotePlace`, no texts), and a sidebar
reads a row's full note only when it shows it. Large answers are asked on a worker thread
(`reader.core.background.list_notes`), each on its own connection.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from reader.core.notes.storage import NotePlace

FOLD = "reader_fold"
"""An SQL function: `str.casefold`, for words SQLite's LIKE cannot fold (it folds ASCII only)."""


@dataclass(frozen=True, slots=True)
class NoteQuery:
    """What to list. `doc_id`, else `removed_path` (the notes a removed document left), else
    with `every_document` every note; nothing at all when none is given."""

    doc_id: int | None = None
    every_document: bool = False
    removed_path: str | None = None
    words: tuple[str, ...] = ()
    """Each must occur (any case) in the colour, tags, quote or body (or, listing every
    note, the document's title)."""
    colors: frozenset[str] | None = None
    """Highlights of these colours only (document notes always pass); None: every colour."""
    tag: str | None = None
    """Only notes carrying this tag (any case)."""

    @property
    def filtered(self) -> bool:
        return bool(self.words) or self.colors is not None or self.tag is not None

    def unfiltered(self) -> NoteQuery:
        return NoteQuery(self.doc_id, self.every_document, self.removed_path)


class NoteListing(NamedTuple):
    """The answer: placed notes and orphans (each in reading order), and how many notes
    the unfiltered scope holds (for "12 of 50,000")."""

    query: NoteQuery
    placed: list[NotePlace]
    orphaned: list[NotePlace]
    total: int


def _scope(query: NoteQuery) -> tuple[str, list[object]] | None:
    if query.doc_id is not None:
        return "n.doc_id = ?", [query.doc_id]
    if query.removed_path is not None:
        return "n.doc_id IS NULL AND n.doc_path = ?", [str(Path(query.removed_path).resolve())]
    if query.every_document:
        return "1", []
    return None


def count_notes(db: sqlite3.Connection, query: NoteQuery) -> int:
    """How many notes the query's scope holds, filters aside (an index count: cheap)."""
    scope = _scope(query)
    if scope is None:
        return 0
    return int(db.execute(f"SELECT count(*) FROM notes n WHERE {scope[0]}",
                          scope[1]).fetchone()[0])


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_notes(db: sqlite3.Connection, query: NoteQuery) -> NoteListing:
    """The query's notes by place, placed ones then orphans, in `NoteStore.places` order."""
    scope = _scope(query)
    if scope is None:
        return NoteListing(query, [], [], 0)
    where, parameters = [scope[0]], list(scope[1])
    haystack = ("n.color || char(10) || n.tags || char(10) || n.exact || char(10) || n.body"
                + (" || char(10) || coalesce(d.title, '')" if query.every_document else ""))
    for word in query.words:
        if word.isascii():  # LIKE folds ASCII case itself, in C
            where.append(f"({haystack}) LIKE ? ESCAPE '\\'")
            parameters.append(_like(word))
        else:
            db.create_function(FOLD, 1, _fold, deterministic=True)
            where.append(f"instr({FOLD}({haystack}), ?) > 0")
            parameters.append(word.casefold())
    if query.colors is not None:
        marks = ", ".join("?" for _ in query.colors)
        where.append(f"(n.color IN ({marks}) OR (n.exact = '' AND n.start IS NULL))")
        parameters += sorted(query.colors)
    if query.tag is not None:
        db.create_function(FOLD, 1, _fold, deterministic=True)
        where.append(f"instr(char(10) || {FOLD}(n.tags) || char(10), ?) > 0")
        parameters.append(f"\n{query.tag.casefold()}\n")
    join = " LEFT JOIN documents d ON d.id = n.doc_id" if (
        query.every_document and query.words) else ""
    order = ("n.doc_id IS NULL, n.doc_id, " if query.every_document else "") + (
        "n.orphaned, n.start IS NOT NULL, n.start, n.created")
    cursor = db.cursor()
    cursor.row_factory = None
    rows: list[NotePlace] = cursor.execute(
        f"SELECT n.id, n.start, n.end, n.color, n.orphaned FROM notes n{join}"
        f" WHERE {' AND '.join(where)} ORDER BY {order}", parameters).fetchall()
    total = len(rows) if not query.filtered else count_notes(db, query)
    placed = [row for row in rows if not row[4]]
    orphaned = [row for row in rows if row[4]] if len(placed) < len(rows) else []
    return NoteListing(query, placed, orphaned, total)


def _fold(text: str | None) -> str:
    return text.casefold() if text else ""


class HighlightSpans(NamedTuple):
    """A document's placed highlights for the reading pane: (start, end, note id, colour)
    sorted by start, and the ids of those that carry a note (underlined)."""

    query: NoteQuery
    spans: list[tuple[int, int, int, str]]
    noted: set[int]
    starts: list[int]
    """Each span's start, for bisecting (built here, on the worker, not on the GUI thread)."""
    pairs: list[tuple[int, int]]
    """Each span's (start, end): what the note keys and the overview strip walk."""
    longest: int
    """The longest span's length: how far back a window's first overlapping span starts."""


def highlight_spans(db: sqlite3.Connection, query: NoteQuery, limit: int) -> HighlightSpans:
    """The query scope's placed (not orphaned) highlights ending within `limit` characters
    (the text shown), and which of them carry a note; filters do not apply."""
    scope = _scope(query)
    if scope is None or query.every_document:
        return no_highlights(query)
    cursor = db.cursor()
    cursor.row_factory = None
    spans: list[tuple[int, int, int, str]] = cursor.execute(
        f"SELECT n.start, n.end, n.id, n.color FROM notes n WHERE {scope[0]}"
        " AND n.start IS NOT NULL AND n.end IS NOT NULL AND NOT n.orphaned AND n.end <= ?"
        " ORDER BY n.start, n.end, n.id", [*scope[1], limit]).fetchall()
    return _highlight_spans(db, query, scope, spans)


def highlight_spans_of(
    db: sqlite3.Connection, query: NoteQuery, placed: list[NotePlace], limit: int
) -> HighlightSpans:
    """`highlight_spans` from the scope's placed notes as `list_notes` just read them
    (unfiltered): the sidebar lists a document as it opens, so its rows are not read twice."""
    scope = _scope(query)
    if scope is None or query.every_document:
        return no_highlights(query)
    spans = sorted((start, end, note_id, color) for note_id, start, end, color, _ in placed
                   if start is not None and end is not None and end <= limit)
    return _highlight_spans(db, query, scope, spans)


def _highlight_spans(
    db: sqlite3.Connection, query: NoteQuery, scope: tuple[str, list[object]],
    spans: list[tuple[int, int, int, str]],
) -> HighlightSpans:
    cursor = db.cursor()
    cursor.row_factory = None
    noted = {row[0] for row in cursor.execute(
        f"SELECT n.id FROM notes n WHERE {scope[0]}"
        " AND trim(n.body, char(32, 9, 10, 13)) <> ''", scope[1])}
    starts = [span[0] for span in spans]
    return HighlightSpans(query, spans, noted, starts, [(span[0], span[1]) for span in spans],
                          max((span[1] - span[0] for span in spans), default=0))


def no_highlights(query: NoteQuery) -> HighlightSpans:
    return HighlightSpans(query, [], set(), [], [], 0)


def store_state(db: sqlite3.Connection) -> tuple[int, int]:
    """The store as `db` sees it: the rows this connection has changed, and SQLite's count
    of commits by any other connection or process. While both stay the same, no note can
    have changed, so an answer read before is still the answer."""
    return db.total_changes, int(db.execute("PRAGMA data_version").fetchone()[0])


class RecentListings:
    """The last few scopes' listings and highlights, each kept with the store's state when it
    was read: reopening a document whose notes have not changed since (going back and forth
    between two documents) reuses them instead of reading 1,000 places and their spans again
    (~1 ms). Any change to the store, made here or by another connection, reads afresh."""

    def __init__(self, db: sqlite3.Connection, size: int = 4) -> None:
        self.db = db
        self.size = size
        self._listings: dict[NoteQuery, tuple[tuple[int, int], NoteListing]] = {}
        self._spans: dict[tuple[NoteQuery, int],
                          tuple[tuple[int, int], list[NotePlace], HighlightSpans]] = {}
        self.reads = 0
        """Listings read from the store (tests count them)."""

    def list_notes(self, query: NoteQuery) -> NoteListing:
        state = store_state(self.db)
        kept = self._listings.get(query)
        if kept is not None and kept[0] == state:
            return kept[1]
        listing = list_notes(self.db, query)
        self.reads += 1
        if len(self._listings) >= self.size:
            self._listings.clear()
        self._listings[query] = (state, listing)
        return listing

    def highlight_spans_of(
        self, query: NoteQuery, placed: list[NotePlace], limit: int
    ) -> HighlightSpans:
        """`highlight_spans_of`, reused while the store and the rows given are the same."""
        state = store_state(self.db)
        kept = self._spans.get((query, limit))
        if kept is not None and kept[0] == state and kept[1] is placed:
            return kept[2]
        spans = highlight_spans_of(self.db, query, placed, limit)
        if len(self._spans) >= self.size:
            self._spans.clear()
        self._spans[(query, limit)] = (state, placed, spans)
        return spans
