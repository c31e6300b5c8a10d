"""Opening a library document: at once when small, in a worker when big.

Reading and splitting a million-paragraph document takes seconds of Python; doing that on
the UI thread would freeze the window, so big ones are read on their own connection in
the thread pool. Only the latest request is delivered (a quick reader may move on).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.core.background import BACKGROUND_CHARS, read_document
from reader.core.context import CoreContext
from reader.core.text.document import Document
from reader.ui.tasks import run_in_background


class DocumentOpener(QObject):
    document_ready = Signal(int, object)
    """The requested document's id and its `Document`, read and split."""
    open_failed = Signal(str)
    """A plain-language reason the requested document cannot be shown."""
    loading = Signal(int)
    """A big document (this id) is being read in the background."""

    def __init__(self, core: CoreContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self._latest = 0

    def open(self, doc_id: int) -> None:
        self._latest += 1
        request = self._latest
        try:
            size = self.core.library.size_bound(doc_id)
        except Exception as error:  # a damaged store (its check may still be running)
            self.open_failed.emit(f"This document cannot be shown: {error}")
            return
        if size is None:
            self.open_failed.emit(f"This document cannot be shown: it is no longer in the "
                                  f"library (id {doc_id}).")
            return
        if size <= BACKGROUND_CHARS:
            try:
                document = self.core.library.document(doc_id)
            except Exception as error:  # KeyError, DocumentError, a damaged store
                self.open_failed.emit(f"This document cannot be shown: {error}")
                return
            self.document_ready.emit(doc_id, document)
            return
        self.loading.emit(doc_id)
        core = self.core
        run_in_background(
            lambda _report: read_document(core, doc_id),
            lambda document: self._deliver(request, doc_id, document),
            lambda error: self._fail(request, error),
        )

    def cancel(self) -> None:
        """Drop the answer of a read still running (the window is closing and its store
        with it)."""
        self._latest += 1

    def _deliver(self, request: int, doc_id: int, document: Document) -> None:
        if request == self._latest:
            self.document_ready.emit(doc_id, document)

    def _fail(self, request: int, error: Exception) -> None:
        if request == self._latest:
            self.open_failed.emit(f"This document cannot be shown: {error}")
