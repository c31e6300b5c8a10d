"""Imports in the background: a worker on its own store connection reports by signals.

The worker never touches a widget or the GUI's connection (SQLite connections are not shared
across threads): it runs through `reader.ui.tasks` on a connection of its own
(`background.worker_library`). Results reach the GUI in
batches, after each batch is committed, so the list updates while the import runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from reader.core import background
from reader.core.context import CoreContext
from reader.core.library.documents import Library
from reader.core.library.importer import ImportItem, Progress, add_files, prune_missing
from reader.core.text.document import DocumentError
from reader.ui.tasks import Report, run_in_background

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


@dataclass(frozen=True, slots=True)
class _Stored:
    changed: list[int]
    removed: list[int]


@dataclass(frozen=True, slots=True)
class _Classified:
    doc_ids: list[int]


@dataclass(frozen=True, slots=True)
class _Stage:
    stage: str


@dataclass(frozen=True, slots=True)
class _Progressed:
    done: int
    total: int
    current: str


def _run_job(
    core: CoreContext, job: ImportJob, cancel: threading.Event, report: Report
) -> ImportSummary:
    """The worker's whole job: every report goes through `report`, never to a widget."""
    _lower_thread_priority()
    summary = ImportSummary(quiet=job.quiet)
    try:
        with background.worker_library(core) as library:
            _import(library, job, cancel, report, summary)
    except Exception as error:  # noqa: BLE001 - the GUI must hear about it, not crash
        summary.failures += _stopped(job, error).failures
    summary.cancelled = cancel.is_set()
    return summary


def _stopped(job: ImportJob, error: Exception) -> ImportSummary:
    where = job.paths[0] if job.paths else ""
    return ImportSummary(
        failures=[DocumentError(where, f"the import stopped: {error}")], quiet=job.quiet
    )


def _import(
    library: Library, job: ImportJob, cancel: threading.Event, report: Report,
    summary: ImportSummary,
) -> None:
    removed: list[int] = []
    for folder in job.prune:
        removed += [item.doc_id for item in prune_missing(library, folder) if item.doc_id]
    summary.removed = len(removed)
    if removed:
        report(_Stored([], removed))
    last_progress = 0.0
    stage = "reading"

    def on_progress(progress: Progress) -> None:
        nonlocal last_progress, stage
        if progress.stage != stage:
            stage = progress.stage
            report(_Stage(stage))
            last_progress = 0.0
        now = time.monotonic()
        if now - last_progress >= PROGRESS_INTERVAL_S or progress.done == progress.total:
            last_progress = now
            report(_Progressed(progress.done, progress.total, progress.current))

    classified: list[int] = []
    last_classified = time.monotonic()

    def on_classified(doc_ids: list[int]) -> None:
        nonlocal last_classified
        classified.extend(doc_ids)
        if time.monotonic() - last_classified >= BATCH_INTERVAL_S:
            report(_Classified(list(classified)))
            classified.clear()
            last_classified = time.monotonic()

    changed: list[int] = []
    last_batch = time.monotonic()
    items = add_files(library, job.paths, background=True, progress=on_progress, cancel=cancel,
                      classified=on_classified)
    for item in items:
        _count(item, summary, changed)
        if changed and time.monotonic() - last_batch >= BATCH_INTERVAL_S:
            report(_Stored(changed, []))
            changed, last_batch = [], time.monotonic()
    if changed:
        report(_Stored(changed, []))
    if classified:
        report(_Classified(classified))


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

    def __init__(self, core: CoreContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._queue: deque[ImportJob] = deque()
        self._cancel = threading.Event()
        self._running: ImportJob | None = None

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
        cancel = self._cancel = threading.Event()
        core = self.core
        self.started.emit(job.quiet)
        self._running = job
        run_in_background(
            lambda report: _run_job(core, job, cancel, report),
            self._on_finished,
            lambda error: self._on_finished(_stopped(job, error)),  # `_run_job` catches all
            on_report=self._on_report,
            pool=self.pool,
        )

    def _on_report(self, report: object) -> None:
        if isinstance(report, _Progressed):
            self.progressed.emit(report.done, report.total, report.current)
        elif isinstance(report, _Stage):
            self.stage_changed.emit(report.stage)
        elif isinstance(report, _Stored):
            self.documents_stored.emit(report.changed, report.removed)
        elif isinstance(report, _Classified):
            self.documents_classified.emit(report.doc_ids)

    def _on_finished(self, summary: ImportSummary) -> None:
        self._running = None
        self.finished.emit(summary)
        self._next()
