"""Imports in the background: a worker on its own store connection reports by signals.

The worker never touches a widget or the GUI's connection (SQLite connections are not shared
across threads); it opens its own connection to the same WAL store. Results reach the GUI in
batches, after each batch is committed, so the list updates while the import runs.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from reader.core.library.documents import Library
from reader.core.library.importer import Importer, ImportItem, Progress, prune_missing
from reader.core.text.document import DocumentError

PROGRESS_INTERVAL_S = 0.05
"""At most this often the worker reports progress: more would only load the event loop."""
BATCH_INTERVAL_S = 0.25
WORKER_NICENESS = 5
GIL_SWITCH_INTERVAL_S = 0.001
"""Classification is pure Python: with the default 5 ms switch interval every Qt callback
into Python (a slot, a model's data()) can wait that long for the worker to let go of the
GIL; 1 ms keeps the event loop's worst stall at a fraction of that."""


@dataclass
class ImportJob:
    paths: list[str]
    prune: list[str] = field(default_factory=list)
    """Folders whose vanished files are forgotten (watched-folder re-scans)."""
    quiet: bool = False
    """A background re-scan: no progress bar unless it turns out to be long."""


@dataclass
class ImportSummary:
    added: int = 0
    refreshed: int = 0
    unchanged: int = 0
    removed: int = 0
    failures: list[DocumentError] = field(default_factory=list)
    cancelled: bool = False
    quiet: bool = False

    def text(self) -> str:
        parts = [f"{self.added} added"]
        if self.refreshed:
            parts.append(f"{self.refreshed} refreshed")
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.failures:
            parts.append(f"{len(self.failures)} could not be imported")
        prefix = "Import cancelled: " if self.cancelled else "Import finished: "
        return prefix + ", ".join(parts) + "."


def _lower_thread_priority() -> None:
    """Let the GUI thread win the CPU when both want it (Linux nice is per thread)."""
    if hasattr(os, "setpriority") and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


class _Signals(QObject):
    progressed = Signal(int, int, str)
    stage_changed = Signal(str)  # "reading" or "classifying"
    documents_stored = Signal(list, list)  # changed ids, removed ids
    documents_classified = Signal(list)  # ids whose verdicts were just cached
    finished = Signal(object)  # ImportSummary


class _ImportRunnable(QRunnable):
    def __init__(self, store_path: Path, job: ImportJob, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the controller holds it until `finished` arrives
        self.store_path = store_path
        self.job = job
        self.cancel = cancel
        self.signals = _Signals()

    def run(self) -> None:
        _lower_thread_priority()
        summary = ImportSummary(quiet=self.job.quiet)
        try:
            db = sqlite3.connect(self.store_path, timeout=10, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA synchronous = NORMAL")  # as the store: WAL, no fsync per commit
            try:
                self._import(Library(db), summary)
            finally:
                db.close()
        except Exception as error:  # noqa: BLE001 - the GUI must hear about it, not crash
            summary.failures.append(
                DocumentError(
                    self.job.paths[0] if self.job.paths else "", f"the import stopped: {error}"
                )
            )
        summary.cancelled = self.cancel.is_set()
        self.signals.finished.emit(summary)

    def _import(self, library: Library, summary: ImportSummary) -> None:
        removed: list[int] = []
        for folder in self.job.prune:
            removed += [item.doc_id for item in prune_missing(library, folder) if item.doc_id]
        summary.removed = len(removed)
        if removed:
            self.signals.documents_stored.emit([], removed)
        last_progress = 0.0
        stage = "reading"

        def on_progress(progress: Progress) -> None:
            nonlocal last_progress, stage
            if progress.stage != stage:
                stage = progress.stage
                self.signals.stage_changed.emit(stage)
                last_progress = 0.0
            now = time.monotonic()
            if now - last_progress >= PROGRESS_INTERVAL_S or progress.done == progress.total:
                last_progress = now
                self.signals.progressed.emit(progress.done, progress.total, progress.current)

        classified: list[int] = []
        last_classified = time.monotonic()

        def on_classified(doc_ids: list[int]) -> None:
            nonlocal last_classified
            classified.extend(doc_ids)
            if time.monotonic() - last_classified >= BATCH_INTERVAL_S:
                self.signals.documents_classified.emit(list(classified))
                classified.clear()
                last_classified = time.monotonic()

        changed: list[int] = []
        last_batch = time.monotonic()
        importer = Importer(library, background=True)
        for item in importer.run(self.job.paths, on_progress, self.cancel, on_classified):
            self._count(item, summary, changed)
            if changed and time.monotonic() - last_batch >= BATCH_INTERVAL_S:
                self.signals.documents_stored.emit(changed, [])
                changed, last_batch = [], time.monotonic()
        if changed:
            self.signals.documents_stored.emit(changed, [])
        if classified:
            self.signals.documents_classified.emit(classified)

    @staticmethod
    def _count(item: ImportItem, summary: ImportSummary, changed: list[int]) -> None:
        if item.error is not None:
            summary.failures.append(item.error)
        elif item.outcome == "added":
            summary.added += 1
        elif item.outcome == "refreshed":
            summary.refreshed += 1
        else:
            summary.unchanged += 1
        if item.outcome in ("added", "refreshed") and item.doc_id is not None:
            changed.append(item.doc_id)


class ImportController(QObject):
    """Queues import jobs and runs them one at a time in the thread pool."""

    started = Signal(bool)  # quiet
    progressed = Signal(int, int, str)  # done, total, current path
    stage_changed = Signal(str)  # "reading" files, then "classifying" the new documents
    documents_stored = Signal(list, list)  # changed ids, removed ids (committed)
    documents_classified = Signal(list)  # ids whose verdicts were cached (committed)
    finished = Signal(object)  # ImportSummary

    def __init__(self, store_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._queue: deque[ImportJob] = deque()
        self._cancel = threading.Event()
        self._running: _ImportRunnable | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(
        self, paths: list[str], *, prune: list[str] | None = None, quiet: bool = False
    ) -> None:
        self._queue.append(ImportJob([str(p) for p in paths], list(prune or []), quiet))
        if self._running is None:
            self._next()

    @Slot()
    def cancel(self) -> None:
        """Stop after the current file; finished batches stay imported. Drops queued jobs."""
        self._queue.clear()
        self._cancel.set()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (closing the window, tests)."""
        return bool(self.pool.waitForDone(msecs))

    def _next(self) -> None:
        if not self._queue:
            return
        job = self._queue.popleft()
        self._cancel = threading.Event()
        runnable = _ImportRunnable(self.store_path, job, self._cancel)
        runnable.signals.progressed.connect(self.progressed)
        runnable.signals.stage_changed.connect(self.stage_changed)
        runnable.signals.documents_stored.connect(self.documents_stored)
        runnable.signals.documents_classified.connect(self.documents_classified)
        runnable.signals.finished.connect(self._on_finished)
        self._running = runnable
        self.started.emit(job.quiet)
        self.pool.start(runnable)

    @Slot(object)
    def _on_finished(self, summary: ImportSummary) -> None:
        self._running = None
        self.finished.emit(summary)
        self._next()
