"""The import's per-document work, run on every core: reading files and classifying them.

Reading, decoding, HTML conversion, the title and the shingle sample of a file, and the
classification of a stored document against the library, are pure Python and independent
per document, so threads cannot share them out (the GIL) but worker processes can. The
importing process stays the one writer: it stores what the workers read, in large
transactions, and caches the verdicts they compute.

`InlineWork` does the same work in the calling process (small imports, no processes);
`PoolWork` spreads it over worker processes started with "spawn", never "fork" (the GUI
process has Qt threads running). Both yield results in submission order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, Union

from reader.core.library.pages import NO_WEB, WebColumns, web_columns
from reader.core.store.packed_text import pack
from reader.core.text.document import DocumentError, document_from_bytes, opened, read_opened

if TYPE_CHECKING:
    from reader.core.classify.shingles import StoredSample

MIN_DOCUMENTS = 400
"""Below this, starting the worker processes costs more than it saves."""
MAX_WORKERS = 4
READ_CHUNK = 20
CLASSIFY_CHUNK = 20
WORKER_MMAP_BYTES = 1 << 31
"""How much of the store a worker maps into memory (SQLite's own ceiling, 2 GB)."""
BACKGROUND_NICENESS = 2
"""Workers of an import behind a GUI: its event loop wins the CPU when both want it, yet
they are not starved by every other busy program (at 5 they got a quarter of a core
beside one, and a 10,000-document import took as long as before they existed)."""
WORKER_PROFILES = 384
"""Text profiles a worker keeps (about 150 KB each for a 5 KB article, 55 MB in all): an
original is classified, and compared with each of its copies, within a few hundred
documents of an import, so a tenth of the classifying CPU is not spent building it again."""
IN_FLIGHT_PER_WORKER = 3
"""Chunks queued per worker: enough to keep it busy, few enough to bound memory."""
READ_AHEAD = 2000
"""Files read ahead of the writer: the workers keep reading while it stores a batch (a
second or two for a big import's), instead of idling once their few queued chunks are done."""


class Prepared(NamedTuple):
    """A file read and decoded, with everything the writer stores. A named tuple: the writer's
    process unpickles one per file (7 µs; 25 as a slotted dataclass, whose state goes through
    `dataclasses.fields` each time)."""

    given: str
    """The path as found (what the import reports)."""
    path: str
    """Resolved: the key the store knows it by."""
    text: str
    title: str
    content_hash: str
    word_count: int
    size: int
    mtime: float
    sample: StoredSample | None
    """Its provenance sample as stored, when classification is on (`shingles.stored_sample`:
    worked out here, on every core, not by the one writer)."""
    web: WebColumns = NO_WEB
    """A web page's metadata and structure, as stored."""
    furniture: Furniture | None = None
    """The layout rules' verdict on its lines, from reading its title (when the title's
    head was the whole text), for its classification (`provenance.offer_furniture`)."""
    packed: str | bytes | None = None
    """The text as stored (`packed_text.pack`): deflated here, on every core, not by the
    one writer (a seventh of its CPU)."""

    @property
    def sample_size(self) -> int | None:
        """Stored with the row (`Library.store_texts`)."""
        return None if self.sample is None else self.sample.size


@dataclass(frozen=True, slots=True)
class Unchanged:
    """Same size and modification time as stored: not read at all."""

    given: str
    doc_id: int


@dataclass(frozen=True, slots=True)
class Failed:
    given: str
    path: str
    reason: str

    def error(self) -> DocumentError:
        return DocumentError(self.path, self.reason)


Furniture = tuple[int, int, tuple[Union[str, None], ...]]  # noqa: UP007 - runtime alias
"""(length, CRC-32 of the text, each line's furniture reason or None)."""
ClassifyItem = tuple[int, Union[Furniture, None]]  # noqa: UP007 - runtime alias
"""A document id to classify, with its lines' furniture when the read stage has it."""

FurnitureOf = dict[int, Furniture]
"""The read stage's furniture verdicts of the documents an import stored, by id."""

ReadResult = Union[Prepared, Unchanged, Failed]  # noqa: UP007 - also a runtime alias


def _kept_id(db: sqlite3.Connection, path: str, info: os.stat_result) -> int | None:
    """The id of the stored document at `path` if the file has its stored size and
    modification time (then it is not read at all)."""
    row = db.execute("SELECT id, size, mtime FROM documents WHERE path = ?", (path,)).fetchone()
    if row is None or (int(row[1]), float(row[2])) != (info.st_size, info.st_mtime):
        return None
    return int(row[0])


def resolved_path(path: Path, folders: dict[str, str]) -> str:
    """`path.resolve()`, each folder resolved once (`folders` keeps them for a run of files):
    a file that is no symbolic link resolves to its folder's resolution plus its name, one
    lstat where resolving walks every component of the path."""
    if os.name != "posix" or path.name in ("", ".", ".."):
        return str(path.resolve())
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return str(path.resolve())
    except OSError:
        return str(path.resolve())
    parent = str(path.parent)
    folder = folders.get(parent)
    if folder is None:
        folder = folders[parent] = str(path.parent.resolve())
    return os.path.join(folder, path.name)


def read_file(
    db: sqlite3.Connection,
    given: str,
    force: bool,
    sample: bool,
    folders: dict[str, str] | None = None,
) -> ReadResult:
    """Everything about one file that needs no write: skipped when unchanged on disk.

    One open and one fstat give its state and its bytes (`document.opened`); `folders`
    (resolved folders, shared by a run of files) spares resolving each path whole."""
    path = Path(given)
    try:
        resolved = resolved_path(path, {} if folders is None else folders)
    except OSError:
        resolved = str(path.absolute())
    info: os.stat_result | None = None
    try:
        with opened(path) as (descriptor, info):
            kept = None if force else _kept_id(db, resolved, info)
            if kept is not None:
                return Unchanged(given, kept)
            data = read_opened(descriptor, info, path)
        document = document_from_bytes(data, path)
    except DocumentError as error:
        if info is None and not force:  # not opened (no permission?): maybe it need not be
            with contextlib.suppress(OSError):
                kept = _kept_id(db, resolved, os.stat(resolved))
                if kept is not None:
                    return Unchanged(given, kept)
        return Failed(given, error.path, error.reason)
    size, mtime = info.st_size, info.st_mtime
    web = web_columns(document)
    sample_rows: StoredSample | None = None
    furniture: Furniture | None = None
    if sample:
        from reader.core.classify.provenance import read_furniture
        from reader.core.text.title import whole_furniture

        reasons = whole_furniture(document.text)
        if reasons is not None:
            furniture = read_furniture(document.text, reasons)
        from reader.core.classify.shingles import index_sample, stored_sample
        from reader.core.classify.structure import without_chrome

        hashes = index_sample(without_chrome(document.text, document.hints))
        sample_rows = stored_sample(hashes, web.site)
    return Prepared(
        given,
        resolved,
        document.text,
        document.title,
        document.content_hash,
        document.word_count,
        size,
        mtime,
        sample_rows,
        web,
        furniture,
        pack(document.text),
    )



def classify_one(
    db: sqlite3.Connection, doc_id: int, corpus: Any = None, furniture: Furniture | None = None
) -> Any:
    """The document's `Verdict` against the library as committed, with what it is to its
    first named source (`Verdict.relation`), or None if it is gone.

    `corpus` (a `StoreCorpus`) may serve a run of documents: the library does not change
    while an import classifies, so the boilerplate it finds in the index is counted once
    per run (a worker's whole share of an import, `CLASSIFY_CHUNK` documents inline), not
    once per document. `furniture`: its lines'
    layout verdict from the read stage, used if the stored text is the one read."""
    from reader.core.classify.provenance import offer_furniture
    from reader.core.classify.verdicts import compute_verdict

    with offer_furniture(furniture):
        # The source is compared here, where the work is spread over the cores, with the
        # texts the classifier read: not again by the one writer.
        computed = compute_verdict(db, doc_id, corpus, measure=True)
    return None if computed is None else computed[0]


def _corpus(db: sqlite3.Connection, asked: int) -> Any:
    """The corpus classifying `asked` documents of an import: the index does not change
    meanwhile, so a big enough share learns its common hashes at once (`SCAN_SHARE`)."""
    from reader.core.classify.shingles import StoreCorpus

    return StoreCorpus(db, asked)


# --- worker processes -----------------------------------------------------------------------

_worker_db: sqlite3.Connection | None = None


def _init_worker(store: str, niceness: int, parent: int) -> None:
    global _worker_db  # one read-only connection per worker process, opened once
    from reader.core.orphan_guard import exit_with_parent

    exit_with_parent(parent)
    if niceness:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(niceness)
    from reader.core.store.database import connect_worker

    _worker_db = connect_worker(Path(store), readonly=True, busy_ms=30000)
    _worker_db.row_factory = None  # plain tuples: classifying reads many rows (~5% less CPU)
    _worker_db.execute("PRAGMA cache_size = -32768")
    # The index is read at random all over (100 MB at 55,000 documents, past any page
    # cache): mapped, a page is read where the OS keeps it instead of copied in by a system
    # call (a tenth of the classifying CPU at 55,000 documents).
    _worker_db.execute(f"PRAGMA mmap_size = {WORKER_MMAP_BYTES}")
    from reader.core.classify.provenance import keep_profiles

    keep_profiles(WORKER_PROFILES)


def _read_chunk(paths: list[str], force: bool, sample: bool) -> list[ReadResult]:
    assert _worker_db is not None
    folders: dict[str, str] = {}
    return [read_file(_worker_db, path, force, sample, folders) for path in paths]


_worker_corpus: Any = None


def _classify_chunk(items: list[ClassifyItem], share: int) -> list[Any]:
    """Classify a chunk with the worker's one corpus: a pool lives for one import, and the
    index does not change once its documents are stored (classifying only writes verdicts),
    so the boilerplate the corpus finds is counted once per worker, not once per chunk.
    `share`: about how many documents of the import this worker classifies."""
    global _worker_corpus
    assert _worker_db is not None
    if _worker_corpus is None:
        _worker_corpus = _corpus(_worker_db, share)
    corpus = _worker_corpus
    return [classify_one(_worker_db, doc_id, corpus, furniture) for doc_id, furniture in items]


def store_file(db: sqlite3.Connection) -> Path | None:
    """The main database's file, or None for an in-memory store."""
    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def workers_for(count: int) -> int:
    """How many processes an import of `count` files deserves (0: work in this one).

    None in a frozen build: a spawned child there re-runs the app (no freeze_support).
    Scripts that import reader must guard their main code (`if __name__ == "__main__"`),
    as for any multiprocessing user; `reader` and `python -m reader` do.
    """
    if count < MIN_DOCUMENTS or getattr(sys, "frozen", False):
        return 0
    cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(cores, MAX_WORKERS)


Stop = Callable[[], bool]
T = TypeVar("T")
R = TypeVar("R")


class InlineWork:
    """The work done in this process, one item at a time (cancel takes effect between)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def read(
        self,
        paths: Sequence[str],
        force: bool,
        sample: bool,
        stop: Stop,
        before: Callable[[int, str], None],
    ) -> Iterator[ReadResult]:
        folders: dict[str, str] = {}
        for index, path in enumerate(paths):
            before(index, path)
            if stop():
                return
            yield read_file(self.db, path, force, sample, folders)

    def classify(
        self, doc_ids: Sequence[int], stop: Stop, furniture: FurnitureOf | None = None
    ) -> Iterator[Any]:
        corpus = _corpus(self.db, len(doc_ids))  # the index does not change meanwhile
        for doc_id in doc_ids:
            if stop():
                return
            yield classify_one(self.db, doc_id, corpus, (furniture or {}).get(doc_id))

    def close(self) -> None:
        pass


class PoolWork:
    """The same work spread over worker processes reading the committed store."""

    def __init__(self, store: Path, workers: int, niceness: int = 0) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(str(store), niceness, os.getpid()),
        )

    def _ordered(
        self,
        chunks: list[list[T]],
        submit: Callable[[list[T]], Future[list[R]]],
        stop: Stop,
        ahead: int = 0,
    ) -> Iterator[R]:
        """Results in submission order, with `ahead` items (at least a few chunks per
        worker) submitted beyond those handed out."""
        if stop():
            return
        window: deque[Future[list[R]]] = deque()
        pending = iter(chunks)
        size = max(1, len(chunks[0])) if chunks else 1
        limit = max(self.workers * IN_FLIGHT_PER_WORKER, ahead // size)
        for chunk in pending:
            window.append(submit(chunk))
            if len(window) >= limit:
                break
        while window:
            if stop():
                return
            results = window.popleft().result()
            for chunk in pending:  # keep the workers fed before handing these out
                window.append(submit(chunk))
                break
            for result in results:
                if stop():
                    return
                yield result

    def read(
        self,
        paths: Sequence[str],
        force: bool,
        sample: bool,
        stop: Stop,
        before: Callable[[int, str], None],
    ) -> Iterator[ReadResult]:
        chunks = [list(paths[i : i + READ_CHUNK]) for i in range(0, len(paths), READ_CHUNK)]
        for index, result in enumerate(
            self._ordered(
                chunks, lambda c: self.pool.submit(_read_chunk, c, force, sample), stop, READ_AHEAD
            )
        ):
            before(index, paths[index])
            yield result

    def classify(
        self, doc_ids: Sequence[int], stop: Stop, furniture: FurnitureOf | None = None
    ) -> Iterator[Any]:
        known = furniture or {}
        ids: list[ClassifyItem] = [(doc_id, known.get(doc_id)) for doc_id in doc_ids]
        chunks = [ids[i : i + CLASSIFY_CHUNK] for i in range(0, len(ids), CLASSIFY_CHUNK)]
        share = len(ids) // self.workers
        yield from self._ordered(
            chunks, lambda c: self.pool.submit(_classify_chunk, c, share), stop
        )

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
