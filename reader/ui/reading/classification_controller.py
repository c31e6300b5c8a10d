"""Runs classification off the GUI thread and reports verdicts by signal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from reader.core.background import quiet_collector
from reader.core.classify.segment_index import kind_shares
from reader.core.classify.verdicts import LibraryClassifier, classify_stored

INLINE_CHARS = 200_000
"""Cached verdicts of documents up to this size are read on the GUI thread (instant); bigger
ones are decoded and summed in the worker so the window never waits on them."""


URGENT, BACKGROUND = 10, 0


PROCESS_CHARS = 1_000_000
"""Documents bigger than this are classified in a child process (see `classify_stored`)."""


def _classify_in_child(store: Path, doc_id: int) -> None:
    import multiprocessing  # only for the rare huge document: not on the start-up path
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # never fork a process with Qt threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(classify_stored, str(store), doc_id).result()


class _Signals(QObject):
    classified = Signal(int, object, object)  # doc id, segments, {kind: share}
    failed = Signal(int, str)


class _ClassifyJob(QRunnable):
    """Uses its own SQLite connection: connections never cross threads."""

    def __init__(self, store: Path, doc_ids: list[int], signals: _Signals) -> None:
        super().__init__()
        self.store = store
        self.doc_ids = doc_ids
        self.signals = signals

    def run(self) -> None:
        db = sqlite3.connect(self.store, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            classifier = LibraryClassifier(db)
            for doc_id in self.doc_ids:
                try:
                    if classifier.cached(doc_id) is None and (
                        classifier.size_hint(doc_id) > PROCESS_CHARS
                    ):
                        _classify_in_child(self.store, doc_id)
                    with quiet_collector(classifier.size_hint(doc_id) > INLINE_CHARS):
                        segments = classifier.segments(doc_id)
                        shares = kind_shares(classifier.text(doc_id), segments)
                    self.signals.classified.emit(doc_id, segments, shares)
                except KeyError:
                    continue  # removed meanwhile
                except Exception as error:  # noqa: BLE001 - reported to the user, never fatal
                    self.signals.failed.emit(doc_id, f"{type(error).__name__}: {error}")
        finally:
            db.close()


class ClassificationController(QObject):
    document_classified = Signal(int, object, object)
    """A document's segments and each kind's share of it ({kind: share}) are ready."""
    classification_failed = Signal(int, str)

    def __init__(self, db: sqlite3.Connection, store: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.classifier = LibraryClassifier(db)
        self.store = store
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._stopped = False
        self._signals.classified.connect(self._relay_classified)
        self._signals.failed.connect(self._relay_failed)

    def _relay_classified(self, doc_id: int, segments: object, share: object) -> None:
        if not self._stopped:
            self.document_classified.emit(doc_id, segments, share)

    def _relay_failed(self, doc_id: int, message: str) -> None:
        if not self._stopped:
            self.classification_failed.emit(doc_id, message)

    def request(self, doc_id: int) -> None:
        """Cached verdicts arrive at once; others are computed in the background, ahead of
        the library-wide pass."""
        if self.classifier.size_hint(doc_id) <= INLINE_CHARS:
            cached = self.classifier.cached(doc_id)
            if cached is not None:
                shares = kind_shares(self.classifier.text(doc_id), cached)
                self.document_classified.emit(doc_id, cached, shares)
                return
        self.pool.start(_ClassifyJob(self.store, [doc_id], self._signals), URGENT)

    def request_all_unclassified(self) -> None:
        """Fill in every library row's share of commentary, one small job per document."""
        for doc_id in self.classifier.unclassified_ids():
            self.pool.start(_ClassifyJob(self.store, [doc_id], self._signals), BACKGROUND)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop queued work, finish the running job, and report nothing more."""
        self._stopped = True
        self.pool.clear()
        self.pool.waitForDone()
