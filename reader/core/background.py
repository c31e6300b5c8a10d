"""Core work that front ends run off their main thread, each call on its own connection.

A `sqlite3.Connection` is not shared between threads here: every call opens a fresh one
with `CoreContext.connect_worker` (WAL lets it read, or write, beside the main connection).
The GUI runs these through its one background-task helper (`reader.ui.tasks`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.collector import paused_collector
from reader.core.library.documents import AddResult, Library, ListQuery
from reader.core.text.document import Document

if TYPE_CHECKING:
    from reader.core.classify.segments import Segment
    from reader.core.compare.relatives import Provenance
    from reader.core.context import CoreContext
    from reader.core.library.search import SearchHit
    from reader.core.notes.listing import HighlightSpans, NoteListing, NoteQuery

BACKGROUND_CHARS = 1_000_000
"""Documents longer than this are read in a worker rather than on the UI thread."""
INLINE_CHARS = 200_000
"""Cached verdicts of documents up to this size are read on the GUI thread (instant); bigger
ones are decoded and summed in a worker so the window never waits on them."""
PROCESS_CHARS = 1_000_000
"""Documents bigger than this are classified in a child process (`classify_in_child`)."""


@contextlib.contextmanager
def quiet_collector(active: bool = True) -> Iterator[None]:
    """Building a million small objects in a worker would trigger full garbage collections
    that stop every thread, the GUI's included, for hundreds of milliseconds each. Collect
    nothing while they are built, then move them out of the collector's sight."""
    if not active:
        yield
        return
    with paused_collector():  # the GUI may already collect on its own thread only
        try:
            yield
        finally:
            gc.freeze()


@contextlib.contextmanager
def worker_library(core: CoreContext) -> Iterator[Library]:
    """The library on a connection of its own, closed afterwards (a background import)."""
    db = core.connect_worker()
    try:
        yield Library(db)
    finally:
        db.close()


def read_document(core: CoreContext, doc_id: int) -> Document:
    db = core.connect_worker(readonly=True)
    try:
        with quiet_collector():
            return Library(db).document(doc_id)
    finally:
        db.close()


def list_ids(core: CoreContext, query: ListQuery) -> list[int]:
    """The library list's ids for a filter and order, on a read-only connection of its own,
    for a worker thread (at 100,000 documents a sort or a filter costs tens of ms)."""
    db = core.connect_worker(readonly=True)
    try:
        return Library(db).list_ids(query)
    finally:
        db.close()


def list_notes(core: CoreContext, query: NoteQuery) -> NoteListing:
    """A notes sidebar's rows (`reader.core.notes.listing`) on a read-only connection of its
    own, for a worker thread: 50,000 notes take a good part of a second to list and filter."""
    from reader.core.notes.listing import list_notes as listing

    db = core.connect_worker(readonly=True)
    try:
        with quiet_collector():
            return listing(db, query)
    finally:
        db.close()


def highlight_spans(core: CoreContext, query: NoteQuery, limit: int) -> HighlightSpans:
    """A document's highlights for the reading pane, read on a worker thread."""
    from reader.core.notes.listing import highlight_spans as spans

    db = core.connect_worker(readonly=True)
    try:
        with quiet_collector():
            return spans(db, query, limit)
    finally:
        db.close()


def search(core: CoreContext, query: str, limit: int = 50) -> list[SearchHit]:
    """The library search on a read-only connection of its own, for a worker thread: at
    100,000 documents a common prefix costs a good part of 100 ms, too long for the GUI."""
    from reader.core.library.search import search_library

    db = core.connect_worker(readonly=True)
    try:
        return search_library(db, query, limit)
    finally:
        db.close()


def stored_relatives_of(core: CoreContext, path: str) -> tuple[int, Provenance] | None:
    """A library document's id and its stored relatives (`relatives.stored_relatives`), on
    a read-only connection of its own: the provenance panel of the document just opened.
    None when the document is not in the library."""
    from reader.core.compare.relatives import stored_relatives

    db = core.connect_worker(readonly=True)
    try:
        library = Library(db)
        doc_id = library.id_for_path(path)
        return None if doc_id is None else (doc_id, stored_relatives(library, doc_id))
    finally:
        db.close()


def check_store(core: CoreContext) -> str | None:
    """The integrity check a start after a crash deferred (`open_context(defer_check=True)`):
    None when the store is sound, else what is wrong (the next start sets it aside)."""
    from reader.core.store.database import check_store as check

    return check(core.opened.path)


def add_files(core: CoreContext, paths: Iterable[str | Path]) -> AddResult:
    with worker_library(core) as library:
        return library.add_files(paths)


def add_url(core: CoreContext, url: str) -> tuple[int, str]:
    """Fetch a page and store it (a worker's connection); raises FetchError with a reason."""
    from reader.core.library.web_import import add_url as fetch_and_store

    with worker_library(core) as library:
        return fetch_and_store(library, url)


class Classified(NamedTuple):
    """A document's verdict as the GUI shows it."""

    doc_id: int
    segments: list[Segment]
    shares: dict[str, float]
    """Each kind's share of the text (`kind_shares`)."""


def cached_classification(
    library: Library, doc_id: int, text: str | None = None
) -> Classified | None:
    """The cached verdict when it is cheap to read (a small document), else None. `text`:
    the document's text when the caller holds it, so it is not read again."""
    from reader.core.classify.segment_index import kind_shares
    from reader.core.classify.verdicts import LibraryClassifier

    size = library.size_bound(doc_id)
    if size is None or size > INLINE_CHARS:
        return None
    classifier = LibraryClassifier(library.db)
    cached = classifier.cached(doc_id)
    if cached is None:
        return None
    if text is None:
        text = classifier.text(doc_id)
    return Classified(doc_id, cached, kind_shares(text, cached))


def classify_document(core: CoreContext, doc_id: int) -> Classified | None:
    """The document's verdict, computed and cached first if need be (in a child process
    when it is huge). None when the document is gone."""
    from reader.core.classify.segment_index import kind_shares
    from reader.core.classify.verdicts import LibraryClassifier, classify_in_child, keep_shares

    db = core.connect_worker()
    db.row_factory = None  # plain tuples: classifying reads many rows
    try:
        classifier = LibraryClassifier(db)
        size = Library(db).size_bound(doc_id)
        if size is None:
            return None
        try:
            if size > PROCESS_CHARS and classifier.cached(doc_id) is None:
                classify_in_child(core.opened.path, doc_id)
            with quiet_collector(size > INLINE_CHARS):
                segments = classifier.segments(doc_id)
                shares = kind_shares(classifier.text(doc_id), segments)
            keep_shares(db, doc_id, shares)
        except KeyError:
            return None  # removed meanwhile
        return Classified(doc_id, segments, shares)
    finally:
        db.close()


def unclassified_ids(core: CoreContext) -> list[int]:
    """Documents without a cached verdict or without their kind shares, on a connection of
    its own (a worker's): at 100,000 documents the query reads every row (0.2 s of CPU)."""
    from reader.core.classify.verdicts import LibraryClassifier

    db = core.connect_worker(readonly=True)
    try:
        classifier = LibraryClassifier(db)
        return classifier.unclassified_ids() + classifier.unshared_ids()
    finally:
        db.close()


def lines_missing(core: CoreContext) -> bool:
    """Whether a document stored before the line index still lacks its short-line keys, on a
    read-only connection of its own (a worker's): the pass's child is started for them only
    then (`fill_line_keys`)."""
    from reader.core.classify.shingles import lines_missing as missing

    db = core.connect_worker(readonly=True)
    try:
        return missing(db)
    finally:
        db.close()


def fill_line_keys(store: str) -> int:
    """A job of the library-wide pass's child process (`pass_process.PassProcess`): one
    bounded batch of the short-line keys missing from documents stored before the line
    index (`shingles.fill_line_keys`), on a connection of its own; 0 when none is left. In the
    GUI's process it cost about 14 s of its CPU in the first minute on a 100,000 library
    (issue 20)."""
    from reader.core.classify.shingles import fill_line_keys as fill
    from reader.core.store.database import connect_worker

    db = connect_worker(Path(store), busy_ms=30000)
    try:
        return fill(db)
    finally:
        db.close()


PASS_BATCH = 100
"""Documents per job of the library-wide pass's child process: a job costs a second or two,
so a closing window waits on little, and its results are few enough to hand over at once."""


class Passed(NamedTuple):
    """One document the library-wide pass classified, as little as the GUI needs of it."""

    doc_id: int
    shares: dict[str, float]
    """Each kind's share of the text (the library list's bar)."""
    related: list[int] | None
    """None: the classifier named no source. Else the documents whose relation labels
    changed (the child compared the document with its named sources; [] when none stored)."""


class PassBatch(NamedTuple):
    pid: int
    """The process that classified (the pass runs outside the GUI's)."""
    passed: list[Passed]
    failed: list[tuple[int, str]]
    """(doc_id, what went wrong) for each document that could not be classified."""


def _pass_one(db: sqlite3.Connection, doc_id: int) -> Passed | None:
    """Classify one document (or read its cached verdict), keep its shares and, when the
    classifier named sources, record its relations: what the GUI's listeners did for it."""
    from reader.core.classify.segment_index import kind_shares
    from reader.core.classify.verdicts import LibraryClassifier, keep_shares
    from reader.core.compare.relations import named_sources, record_named

    classifier = LibraryClassifier(db)
    try:
        segments = classifier.segments(doc_id)
        shares = kind_shares(classifier.text(doc_id), segments)
        keep_shares(db, doc_id, shares)
    except KeyError:
        return None  # removed meanwhile
    named = named_sources(segments)
    if not named:
        return Passed(doc_id, shares, None)
    return Passed(doc_id, shares, record_named(db, Library(db), doc_id, named))


def classify_batch(store: str, doc_ids: Sequence[int]) -> PassBatch:
    """A job of the library-wide pass, run in its child process (`pass_process.PassProcess`) on a
    connection of its own to the same WAL store (the store's worker busy timeout)."""
    from reader.core.store.database import connect_worker

    db = connect_worker(Path(store), busy_ms=30000)
    db.row_factory = None  # plain tuples: classifying reads many rows
    passed: list[Passed] = []
    failed: list[tuple[int, str]] = []
    try:
        for doc_id in doc_ids:
            try:
                result = _pass_one(db, doc_id)
            except Exception as error:  # one bad document must not stop the batch
                failed.append((doc_id, f"{type(error).__name__}: {error}"))
                continue
            if result is not None:
                passed.append(result)
    finally:
        db.close()
    return PassBatch(os.getpid(), passed, failed)
