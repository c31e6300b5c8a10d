"""Runs classification off the GUI thread and reports verdicts by signal."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from reader.core import background
from reader.core.background import Classified, PassBatch, Passed
from reader.core.context import CoreContext
from reader.core.pass_process import PassProcess
from reader.ui.tasks import run_in_background

T = TypeVar("T")

URGENT, BACKGROUND = 10, 0
"""Pool priorities: the document on screen goes ahead of the library-wide pass's look-ups."""
QUEUED = 2
"""Batches of the library-wide pass handed to its child process at once (one running, one
ready); the rest wait in a list and go as those end. Queuing one job per document at once
held the GUI thread 19 s for the 92,000 documents of a 100,000 library migrated from before
the kind shares (issue 20)."""
DELIVER = 20
"""The pass's results reported per turn of the event loop."""


class ClassificationController(QObject):
    document_classified = Signal(int, object, object)
    """A document's segments and each kind's share of it ({kind: share}) are ready."""
    classification_failed = Signal(int, str)
    line_keys_filled = Signal()
    """No document is left without its short lines' keys (`background.fill_line_keys`, run
    in the pass's child process)."""
    document_shared = Signal(int, object, object)
    """The library-wide pass classified a document in its child process: its id, each
    kind's share ({kind: share}) and the ids whose relation labels changed (None: it named
    no source; see `background.Passed`). Its segments stay in the store."""
    _job_done = Signal(object, object)
    """A job of the pass's child ended: its future and what to do with its answer (emitted on
    the executor's thread, handled on the GUI's: `_send`)."""

    def __init__(self, core: CoreContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._stopped = False
        self._waiting: list[list[int]] = []
        """The library-wide pass's batches not yet handed to its process, the next one last."""
        self._in_flight = 0
        self._lines_pending = False
        """Short-line keys are still being filled: the pass's batches wait for them."""
        self._results: deque[Passed] = deque()
        """The pass's results not yet reported (`_deliver`)."""
        self._process = PassProcess(core)
        """The pass classifies in a child process: in the GUI's, its work held the GIL and
        grew the heap (110 ms late at idle, 206 MB at 100,000 documents; issue 20)."""
        self._job_done.connect(self._on_job_done)

    def _start(self, doc_id: int, priority: int) -> None:
        core = self.core
        run_in_background(
            lambda _report: background.classify_document(core, doc_id),
            self._on_classified,
            lambda error: self._on_failed(doc_id, error),
            pool=self.pool,
            priority=priority,
        )

    def _on_classified(self, classified: Classified | None) -> None:
        if classified is not None and not self._stopped:  # None: removed meanwhile
            self.document_classified.emit(*classified)

    def _on_failed(self, doc_id: int, error: Exception) -> None:
        if not self._stopped:
            self.classification_failed.emit(doc_id, f"{type(error).__name__}: {error}")

    def _start_next(self) -> None:
        if self._stopped:
            return
        if not self._waiting:
            if not self._in_flight:
                self._process.finish()
            return
        batch = self._waiting.pop()

        def failed(error: Exception) -> None:  # no process, or it died: left for next start
            self._waiting.clear()
            self.classification_failed.emit(batch[0], f"{type(error).__name__}: {error}")

        self._send(lambda: self._process.submit(batch), self._on_batch_done, failed)

    def _send(
        self,
        submit: Callable[[], Future[T]],
        answered: Callable[[T], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Hand a job to the pass's child; its answer (or why there is none) is handled on
        the GUI thread, unless the controller stopped or the job was cancelled meanwhile."""
        try:
            future = submit()
        except Exception as error:  # no process to be had
            failed(error)
            return
        self._in_flight += 1
        handlers = (answered, failed)

        def report(done: Future[T]) -> None:  # on the executor's thread: queued to the GUI's
            with contextlib.suppress(RuntimeError):  # the controller is gone (window closed)
                self._job_done.emit(done, handlers)

        future.add_done_callback(report)

    def _on_job_done(
        self,
        future: Future[Any],
        handlers: tuple[Callable[[Any], None], Callable[[Exception], None]],
    ) -> None:
        self._in_flight -= 1
        if self._stopped or future.cancelled():
            return
        answered, failed = handlers
        try:
            answer = future.result()
        except Exception as error:
            failed(error)
            return
        answered(answer)

    def _on_batch_done(self, batch: PassBatch) -> None:
        self._start_next()  # the child goes on while these are handed out
        if not self._results:
            QTimer.singleShot(0, self._deliver)
        self._results.extend(batch.passed)
        for doc_id, message in batch.failed:
            self.classification_failed.emit(doc_id, message)

    def _deliver(self) -> None:
        """A few of the pass's results per turn of the event loop: a whole batch's listeners
        at once held the GUI thread about 15 ms."""
        for _ in range(DELIVER):
            if self._stopped or not self._results:
                return
            self.document_shared.emit(*self._results.popleft())
        if self._results:
            QTimer.singleShot(0, self._deliver)

    def request(self, doc_id: int, text: str | None = None) -> None:
        """Cached verdicts arrive at once; others are computed in the background, ahead of
        the library-wide pass. `text`: the document's, when the caller holds it."""
        cached = background.cached_classification(self.core.library, doc_id, text)
        if cached is not None:
            self.document_classified.emit(*cached)
            return
        self._start(doc_id, URGENT)

    def request_all_unclassified(self) -> None:
        """Fill in every library row's share of commentary, a batch of documents per job in
        a child process, and first the short-line keys of documents stored before the line
        index, a batch per job in the same process. Both are looked for on a worker."""
        self._lines_pending = True
        core = self.core
        run_in_background(
            lambda _report: background.lines_missing(core),
            self._on_lines_missing,
            self._on_line_keys_failed,
            pool=self.pool,
            priority=BACKGROUND,
        )
        run_in_background(
            lambda _report: background.unclassified_ids(core),
            self._on_unclassified,
            lambda _error: None,  # left for the next start, like the line keys
            pool=self.pool,
            priority=BACKGROUND,
        )

    def _on_unclassified(self, ids: list[int]) -> None:
        """The pass's documents, found on the worker: a few queued, the rest as they end."""
        if self._stopped:
            return
        size = background.PASS_BATCH
        self._waiting = [ids[i : i + size] for i in range(0, len(ids), size)][::-1]
        if not self._lines_pending:
            self._start_batches()

    def _start_batches(self) -> None:
        """Hand the first batches to the child once the short lines are filled: they count
        for its verdicts (in one thread pool, their priority saw to that)."""
        for _ in range(QUEUED):
            self._start_next()

    def _on_lines_missing(self, missing: bool) -> None:
        if self._stopped:
            return
        if missing:
            self._fill_line_keys()
        else:
            self._lines_filled()

    def _fill_line_keys(self) -> None:
        """One batch in the pass's child: in the GUI's process the fill cost about 14 s of
        its CPU in the first minute on a 100,000 library (issue 20)."""
        self._send(self._process.submit_lines, self._on_line_keys, self._on_line_keys_failed)

    def _on_line_keys(self, count: int) -> None:
        if count:
            self._fill_line_keys()  # the next batch
        else:
            self._lines_filled()

    def _lines_filled(self) -> None:
        self.line_keys_filled.emit()
        self._lines_pending = False
        self._start_batches()

    def _on_line_keys_failed(self, _error: Exception) -> None:
        """Left for the next start (a store opened read-only, busy past the timeout): the
        documents keep working, their lines count once filled or indexed again."""
        self._lines_pending = False
        if not self._stopped:
            self._start_batches()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop queued work, finish the running job, end the pass's process mid-batch, and
        report nothing more."""
        self._stopped = True
        self._waiting.clear()
        self._results.clear()
        self.pool.clear()
        self._process.stop()
        self.pool.waitForDone()
