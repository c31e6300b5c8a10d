"""Bringing files into the library: expand folders, read, store, index and classify.

Qt-free so the CLI (`reader add`), the GUI's background import and the benchmarks run the
same code. Every file gets its own result; one bad file never stops the others. Files are
read (and hashed for the provenance index) on every core, then stored by this process a
large transaction per batch (never one per row), then classified on every core against the
complete index: that is what makes 10,000 documents fast and keeps verdicts independent of
the order files arrive in. A cancel takes effect between files without losing stored work.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.core.library import indexing as library_indexing
from reader.core.library.import_scan import expand_paths
from reader.core.library.import_workers import (
    BACKGROUND_NICENESS,
    Failed,
    FurnitureOf,
    InlineWork,
    PoolWork,
    Prepared,
    ReadResult,
    Unchanged,
    store_file,
    workers_for,
)
from reader.core.text.document import DocumentError

if TYPE_CHECKING:
    from reader.core.classify.shingles import StoredSample
    from reader.core.classify.verdicts import Verdict
    from reader.core.library.documents import Library

Outcome = Literal["added", "refreshed", "unchanged", "failed", "removed"]

BATCH_DOCUMENTS = 400
BATCH_BYTES = 4 * 1024 * 1024
"""A batch ends at whichever comes first; it bounds memory and how long the store is locked
(only writes happen inside: files are read and hashed before their batch begins)."""
DEFERRED_DOCUMENTS = 10_000
"""A big import puts its documents' index entries in every this many documents (and at its
end): each time, in key order, each index page written once. All at once at the end of a
100,000-document import was a sort of 13 million entries spilled to disk while the workers
waited (a minute); this many sort in memory while the workers read on."""
FLUSH_HOLD_BATCHES = 4
"""Batches read while the kept-back index entries go in (`_Flush`): up to 8,000 documents
or 64 MB of text held in memory, for the workers to keep reading."""
BIG_BATCH_DOCUMENTS = 2000
BIG_BATCH_BYTES = 16 * 1024 * 1024
"""The batch of a big import (`BIG_IMPORT` files or more). Each commit writes every page it
changed, and a batch's provenance entries land all over an index keyed by hash: at 55,000
documents a 400-document batch rewrote most of that index's 24,000 pages, so storing cost
1.5 ms a document against 0.8 at 10,000. Five times the documents per commit touch about the
same pages: 1.0 ms (the store stays locked about a second per batch)."""
VERDICTS_PER_COMMIT = 500
BIG_IMPORT = 1000
IMPORT_CACHE_KIB = -65536
"""SQLite's page cache (64 MB) while a big import writes: at the default 2 MB, inserting
into the shingle index of a 10,000-document library costs a quarter more CPU."""


@dataclass(frozen=True, slots=True)
class ImportItem:
    """What happened to one path."""

    path: str
    outcome: Outcome
    doc_id: int | None = None
    error: DocumentError | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    current: str
    stage: Literal["reading", "classifying"] = "reading"
    """Reading counts files; classifying counts the new or changed documents after."""


ProgressCallback = Callable[[Progress], None]
ClassifiedCallback = Callable[[list[int]], None]
"""Ids of documents whose verdicts were just cached (the GUI refreshes their rows)."""
Cancel = threading.Event | Callable[[], bool] | None


def _cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


class Importer:
    """Imports paths into one library: read everywhere, store in one writer, then classify.

    Three steps, each on every core when the import is big enough (`import_workers`):
    1. read, decode, title and shingle-hash the files (worker processes), while this
       process stores them and their provenance index, a large transaction per batch;
    2. classify every new or changed document against the complete index, so copies and
       originals imported together (in any order) see each other, as if classified one by
       one after the import;
    3. classify again the documents already in the library that turned out to be related
       to the new ones (a late original changes what its earlier copies are).
    Items are yielded after their batch of step 1 commits; `classified` hears the ids
    whose verdicts are cached in steps 2 and 3.
    """

    def __init__(
        self,
        library: Library,
        collection: str = "library",
        *,
        force: bool = False,
        classify: bool = True,
        parallel: bool = True,
        background: bool = False,
    ) -> None:
        self.library = library
        self.collection = collection
        self.force = force
        """Re-read files even when size and modification time match what is stored."""
        self.classify = classify
        self.parallel = parallel
        """Spread big imports over worker processes (see `reader.core.library.import_workers`)."""
        self.background = background
        """Behind an interactive front end: worker processes give way to it a little."""

    def run(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressCallback | None = None,
        cancel: Cancel = None,
        classified: ClassifiedCallback | None = None,
    ) -> Iterator[ImportItem]:
        """Yield one item per path; a batch's items come after it is committed."""
        files, failures = expand_paths(paths)
        for error in failures:
            yield ImportItem(error.path, "failed", error=error)
        total = len(files)
        db = self.library.db
        cache = int(db.execute("PRAGMA cache_size").fetchone()[0])
        if total >= BIG_IMPORT:  # the provenance index takes random inserts all over it
            db.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
        library_indexing.index_unindexed(db)  # what a crashed import left to index
        work = self._work(total)
        stored: dict[int, str] = {}  # id -> resolved path of every new or changed document
        self._furniture: FurnitureOf = {}  # the read stage's line verdicts, for classifying
        self._defer = total >= BIG_IMPORT
        classifying = self.classify and not _cancelled(cancel)
        try:
            try:
                yield from self._store_all(
                    work, [str(f) for f in files], stored, progress, cancel
                )
            finally:  # stopped early too: what was stored is indexed
                library_indexing.index_deferred(db)
            classifying = classifying and bool(stored)
            if classifying:
                self._classify_all(work, stored, progress, cancel, classified)
        finally:
            work.close()
            db.execute(f"PRAGMA cache_size = {cache}")
        if progress is not None:  # all files done, in the stage the import ended in
            progress(Progress(total, total, "", "classifying" if classifying else "reading"))

    def _work(self, total: int) -> InlineWork | PoolWork:
        db = self.library.db
        workers = workers_for(total) if self.parallel else 0
        store = store_file(db)
        if workers < 2 or store is None:
            return InlineWork(db)
        try:
            return PoolWork(store, workers, BACKGROUND_NICENESS if self.background else 0)
        except (OSError, ValueError):
            return InlineWork(db)  # no processes on this system: work in this one

    # --- step 1: read and store -------------------------------------------------------------
    def _store_all(
        self,
        work: InlineWork | PoolWork,
        files: list[str],
        stored: dict[int, str],
        progress: ProgressCallback | None,
        cancel: Cancel,
    ) -> Iterator[ImportItem]:
        total = len(files)

        def before(index: int, path: str) -> None:
            if progress is not None:
                progress(Progress(index, total, path))

        big = total >= BIG_IMPORT
        most = BIG_BATCH_DOCUMENTS if big else BATCH_DOCUMENTS
        most_bytes = BIG_BATCH_BYTES if big else BATCH_BYTES
        batch: list[ReadResult] = []
        batch_bytes = 0
        indexed = 0  # documents stored whose index entries are in (or going in)
        # worker processes read while the entries go in; reading here would need the connection
        flush = _Flush(self.library.db, background=isinstance(work, PoolWork))
        try:
            for result in _resilient_read(
                work, self.library.db, files, self, flush, before, cancel
            ):
                batch.append(result)
                if isinstance(result, Prepared):
                    batch_bytes += len(result.text)
                if len(batch) >= most or batch_bytes >= most_bytes:
                    if not flush.hold(batch):
                        for held in flush.wait():
                            yield from self._store_batch(held, stored)
                        yield from self._store_batch(batch, stored)
                        if self._defer and len(stored) - indexed >= DEFERRED_DOCUMENTS:
                            flush.start()
                            indexed = len(stored)
                    batch, batch_bytes = [], 0
            for held in flush.wait():
                yield from self._store_batch(held, stored)
            if batch:
                yield from self._store_batch(batch, stored)
        finally:  # an error, or the caller stopped early: the connection is this thread's
            flush.join()

    def _store_batch(self, batch: list[ReadResult], stored: dict[int, str]) -> list[ImportItem]:
        items: list[ImportItem] = []
        db = self.library.db
        with self.library.batch():
            samples: list[tuple[int, StoredSample]] = []
            refreshed: set[int] = set()
            changed: list[tuple[int, str, Prepared]] = []
            prepared = [result for result in batch if isinstance(result, Prepared)]
            outcomes = iter(self.library.store_texts(prepared, self.collection))
            for result in batch:
                if isinstance(result, Failed):
                    items.append(ImportItem(result.given, "failed", error=result.error()))
                    continue
                if isinstance(result, Unchanged):
                    items.append(ImportItem(result.given, "unchanged", result.doc_id))
                    continue
                doc_id, outcome = next(outcomes)
                items.append(ImportItem(result.given, outcome, doc_id))  # type: ignore[arg-type]
                if outcome == "unchanged":
                    continue
                changed.append((doc_id, outcome, result))
                stored[doc_id] = result.path
                if result.furniture is not None:
                    self._furniture[doc_id] = result.furniture
                if outcome == "refreshed":
                    refreshed.add(doc_id)
                if result.sample is not None:
                    samples.append((doc_id, result.sample))
            if self.classify:
                library_indexing.index_samples(
                    db, samples, refreshed, defer=self._defer, sized=True
                )
            for doc_id, outcome, result in changed:
                library_indexing.document_stored(
                    db, doc_id, outcome, result.text, result.content_hash, result.path
                )
        return items

    # --- steps 2 and 3: classify against the complete index -----------------------------------
    def _classify_all(
        self,
        work: InlineWork | PoolWork,
        stored: dict[int, str],
        progress: ProgressCallback | None,
        cancel: Cancel,
        classified: ClassifiedCallback | None,
    ) -> None:
        ids = list(stored)
        done: set[int] = set()
        neighbours: dict[str, None] = {}
        self._classify_ids(work, ids, progress, cancel, classified, done, neighbours)
        self._furniture = {}  # only the new documents' texts were read: free it now
        paths = set(stored.values())
        earlier = self._ids_for([p for p in neighbours if p not in paths])
        self._classify_ids(work, earlier, progress, cancel, classified, done, None)
        stale = [doc_id for doc_id in earlier if doc_id not in done]
        unclassified = [doc_id for doc_id in ids if doc_id not in done]
        if not (stale or unclassified):
            return
        db = self.library.db
        with self.library.batch():
            for doc_id in stale:  # cancelled, or gone: classified on demand later
                db.execute("UPDATE documents SET segments = NULL WHERE id = ?", (doc_id,))
            # Cancelled before these were classified: the GUI classifies them on demand, and
            # documents already in the library must not keep verdicts made without them.
            library_indexing.invalidate_neighbours(db, unclassified, ids)

    def _classify_ids(
        self,
        work: InlineWork | PoolWork,
        ids: list[int],
        progress: ProgressCallback | None,
        cancel: Cancel,
        classified: ClassifiedCallback | None,
        done: set[int],
        neighbours: dict[str, None] | None,
    ) -> None:
        if not ids:
            return
        from reader.core.classify.verdicts import write_verdict
        from reader.core.compare.relations import record_sources

        pending: list[Verdict] = []

        def flush() -> None:
            with self.library.batch():
                written = [v.doc_id for v in pending if write_verdict(self.library.db, v)]
            record_sources(self.library.db, self.library, [v for v in pending if v.sources])
            done.update(v.doc_id for v in pending)
            pending.clear()
            if classified is not None and written:
                classified(written)

        stop = lambda: _cancelled(cancel)  # noqa: E731
        for index, verdict in enumerate(
            _resilient_classify(work, self.library.db, ids, stop, self._furniture), start=1
        ):
            if verdict is not None:
                pending.append(verdict)
                if neighbours is not None:
                    neighbours.update(dict.fromkeys(verdict.related))
            if progress is not None:
                progress(Progress(index, len(ids), "", stage="classifying"))
            if len(pending) >= VERDICTS_PER_COMMIT:
                flush()
        if pending:
            flush()

    def _ids_for(self, paths: list[str]) -> list[int]:
        found: list[int] = []
        for path in paths:
            row = self.library.db.execute(
                "SELECT id FROM documents WHERE path = ?", (path,)
            ).fetchone()
            if row is not None:
                found.append(int(row[0]))
        return found


def _resilient_read(
    work: InlineWork | PoolWork,
    db: sqlite3.Connection,
    files: list[str],
    importer: Importer,
    flush: _Flush,
    before: Callable[[int, str], None],
    cancel: Cancel,
) -> Iterator[ReadResult]:
    """Read through the workers; if the pool breaks (a killed worker), read the rest here,
    on the connection `flush` then gives up (it puts its entries in in line from then on)."""
    stop = lambda: _cancelled(cancel)  # noqa: E731
    sample = importer.classify
    count = 0
    try:
        for result in work.read(files, importer.force, sample, stop, before):
            count += 1
            yield result
        return
    except BrokenExecutor:
        pass
    flush.join()  # reading goes on here, on the connection: no flush beside it
    flush.background = False
    rest = files[count:]
    yield from InlineWork(db).read(
        rest, importer.force, sample, stop, lambda i, path: before(count + i, path)
    )


class _Flush:
    """A big import's kept-back index entries put in (`index_deferred`) on a thread of its
    own, while this one goes on taking what the workers read, so they keep reading: done in
    line, the flush stalled the whole import (11-18 s a flush at 40,000 documents, load 9). The
    connection is the flush's meanwhile: batches read are held, `FLUSH_HOLD_BATCHES` at most
    (then the writer waits), and stored when it is done."""

    def __init__(self, db: sqlite3.Connection, *, background: bool) -> None:
        self.db = db
        self.background = background
        """False: put in at once, in this thread (nothing reads meanwhile)."""
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.held: list[list[ReadResult]] = []

    def start(self) -> None:
        if not self.background:
            library_indexing.index_deferred(self.db)
            return
        self.thread = threading.Thread(target=self._run, name="reader-index-flush", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            library_indexing.index_deferred(self.db)
        except BaseException as error:  # raised in the writer's thread, by `wait`
            self.error = error

    def hold(self, batch: list[ReadResult]) -> bool:
        """Keep a batch back while the flush runs; False when none runs or enough are held."""
        if self.thread is None or not self.thread.is_alive():
            return False
        if len(self.held) >= FLUSH_HOLD_BATCHES:
            return False
        self.held.append(batch)
        return True

    def join(self) -> None:
        """Wait for the flush to end, even through an interrupt (the CLI turns SIGTERM and
        SIGHUP into one): the connection must be the writer's alone again before anything
        else uses it; the interrupt is raised after."""
        interrupted: BaseException | None = None
        while self.thread is not None and self.thread.is_alive():
            try:
                self.thread.join()
            except KeyboardInterrupt as error:
                interrupted = error
        self.thread = None
        if interrupted is not None:
            raise interrupted

    def wait(self) -> list[list[ReadResult]]:
        """The flush finished (its error raised here); the batches held meanwhile, to store."""
        self.join()
        held, self.held = self.held, []
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return held


def _resilient_classify(
    work: InlineWork | PoolWork,
    db: sqlite3.Connection,
    ids: list[int],
    stop: Callable[[], bool],
    furniture: FurnitureOf,
) -> Iterator[Verdict | None]:
    count = 0
    try:
        for verdict in work.classify(ids, stop, furniture):
            count += 1
            yield verdict
        return
    except BrokenExecutor:
        pass
    yield from InlineWork(db).classify(ids[count:], stop, furniture)


def add_files(
    library: Library,
    paths: Iterable[str | os.PathLike[str]],
    collection: str = "library",
    *,
    force: bool = False,
    background: bool = False,
    progress: ProgressCallback | None = None,
    cancel: Cancel = None,
    classified: ClassifiedCallback | None = None,
) -> Iterator[ImportItem]:
    """The one way files and folders enter the library, whoever asks: `reader add`, the
    GUI's start-up, its background imports (menu, drop, watched folders, a hand-off from a
    later launch) and `Library.add_files`. One item per path, after its batch commits."""
    importer = Importer(library, collection, force=force, background=background)
    return importer.run(paths, progress, cancel, classified)


def prune_missing(library: Library, folder: str | os.PathLike[str]) -> list[ImportItem]:
    """Forget documents under a folder whose files are gone (a watched folder's deletions).

    Paths are stored resolved, so one that now resolves elsewhere (the file was replaced by
    a link) is gone too."""
    gone = {p: i for p, i in library.ids_under(folder).items()
            if not os.path.exists(p) or os.path.realpath(p) != p}
    library.remove(gone.values())
    return [ImportItem(path, "removed", doc_id) for path, doc_id in gone.items()]
