"""Core work that front ends run off their main thread, each on its own connection.

A `sqlite3.Connection` is not shared between threads here: every call opens a fresh one
on the store file (WAL lets it read, or write, beside the main connection).
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.library.documents import AddResult, Library, ListQuery
from reader.core.store.database import connect_readonly, connect_writer
from reader.core.text.document import Document

if TYPE_CHECKING:
    from reader.core.library.search import SearchHit

BACKGROUND_CHARS = 1_000_000
"""Documents longer than this are read in a worker rather than on the UI thread."""


def stored_text_length(db: sqlite3.Connection, doc_id: int) -> int | None:
    """An upper bound on a stored document's characters (its size in bytes), read without
    touching the text: SQLite's length(text) walks the whole value (0.2 s for 18 MB)."""
    row = db.execute(
        "SELECT size FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    return None if row is None else int(row[0])


@contextlib.contextmanager
def quiet_collector(active: bool = True) -> Iterator[None]:
    """Building a million small objects in a worker would trigger full garbage collections
    that stop every thread, the GUI's included, for hundreds of milliseconds each. Collect
    nothing while they are built, then move them out of the collector's sight."""
    if not active:
        yield
        return
    was_enabled = gc.isenabled()  # the GUI may already collect on its own thread only
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def read_document(store: Path, doc_id: int) -> Document:
    db = connect_readonly(store)
    try:
        with quiet_collector():
            return Library(db).document(doc_id)
    finally:
        db.close()


def list_ids(store: Path, query: ListQuery) -> list[int]:
    """The library list's ids for a filter and order, on its own read-only connection, for
    a worker thread (at 100,000 documents a sort or a filter costs tens of milliseconds)."""
    db = connect_readonly(store)
    try:
        return Library(db).list_ids(query)
    finally:
        db.close()


def search(store: Path, query: str, limit: int = 50) -> list[SearchHit]:
    """The library search on its own read-only connection, for a worker thread: at 100,000
    documents a common prefix costs a good part of 100 ms, too long for the GUI thread."""
    from reader.core.library.search import search_library

    db = connect_readonly(store)
    try:
        return search_library(db, query, limit)
    finally:
        db.close()


def add_files(store: Path, paths: Iterable[str | Path]) -> AddResult:
    db = connect_writer(store)
    try:
        return Library(db).add_files(paths)
    finally:
        db.close()
