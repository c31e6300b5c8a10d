"""Runs classification off the GUI thread and reports verdicts by signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from reader.core import background
from reader.core.background import Classified
from reader.core.context import CoreContext
from reader.ui.tasks import run_in_background

URGENT, LINES, BACKGROUND = 10, 1, 0
"""Pool priorities: the document on screen goes ahead of the library-wide pass, and the
short lines missing from old documents are filled before it (they count for its verdicts)."""
QUEUED = 4
"""Jobs of the library-wide pass in the pool at once; the rest wait in a list and start as
those end. Queuing one job per document at once held the GUI thread 19 s for the 92,000
documents of a 100,000 library migrated from before the kind shares (issue 20)."""


class ClassificationController(QObject):
    document_classified = Signal(int, object, object)
    """A document's segments and each kind's share of it ({kind: share}) are ready."""
    classification_failed = Signal(int, str)
    line_keys_filled = Signal()
    """No document is left without its short lines' keys (`background.fill_line_keys`)."""

    def __init__(self, core: CoreContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._stopped = False
        self._waiting: list[int] = []
        """The library-wide pass's documents not yet queued, the next one last."""

    def _start(self, doc_id: int, priority: int) -> None:
        core = self.core
        passing = priority == BACKGROUND
        run_in_background(
            lambda _report: background.classify_document(core, doc_id),
            lambda classified: self._on_classified(classified, passing),
            lambda error: self._on_failed(doc_id, error, passing),
            pool=self.pool,
            priority=priority,
        )

    def _on_classified(self, classified: Classified | None, passing: bool = False) -> None:
        if classified is not None and not self._stopped:  # None: removed meanwhile
            self.document_classified.emit(*classified)
        if passing:
            self._start_next()

    def _on_failed(self, doc_id: int, error: Exception, passing: bool = False) -> None:
        if not self._stopped:
            self.classification_failed.emit(doc_id, f"{type(error).__name__}: {error}")
        if passing:
            self._start_next()

    def _start_next(self) -> None:
        if self._waiting and not self._stopped:
            self._start(self._waiting.pop(), BACKGROUND)

    def request(self, doc_id: int, text: str | None = None) -> None:
        """Cached verdicts arrive at once; others are computed in the background, ahead of
        the library-wide pass. `text`: the document's, when the caller holds it."""
        cached = background.cached_classification(self.core.library, doc_id, text)
        if cached is not None:
            self.document_classified.emit(*cached)
            return
        self._start(doc_id, URGENT)

    def request_all_unclassified(self) -> None:
        """Fill in every library row's share of commentary, one small job per document, and
        the short-line keys of documents stored before the line index, a batch per job."""
        self._fill_line_keys()
        core = self.core
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
        self._waiting = ids[::-1]
        for _ in range(QUEUED):
            self._start_next()

    def _fill_line_keys(self) -> None:
        core = self.core
        run_in_background(
            lambda _report: background.fill_line_keys(core),
            self._on_line_keys,
            self._on_line_keys_failed,
            pool=self.pool,
            priority=LINES,
        )

    def _on_line_keys(self, count: int) -> None:
        if self._stopped:
            return
        if count:
            self._fill_line_keys()  # the next batch, queued behind any urgent document
        else:
            self.line_keys_filled.emit()

    def _on_line_keys_failed(self, _error: Exception) -> None:
        """Left for the next start (a store opened read-only, busy past the timeout): the
        documents keep working, their lines count once filled or indexed again."""

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop queued work, finish the running job, and report nothing more."""
        self._stopped = True
        self.pool.clear()
        self.pool.waitForDone()
