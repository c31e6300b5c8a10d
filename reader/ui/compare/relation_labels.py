"""The library says what each document is: "copy · …", "original — 2 copies · …".

When the classifier matches a document's reporting to an original, the two are compared in
the background (on a connection of the worker's own) and the relation stored; the rows of
the documents concerned then read their labels again (the list reads the others' with their
rows, from the stored relations: documents imported earlier are labelled without this).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from reader.core.compare.relations import named_sources, record_named
from reader.core.library.documents import Library
from reader.ui.context import AppContext
from reader.ui.library.model import LibraryModel
from reader.ui.tasks import run_in_background


class RelationLabels(QObject):
    relations_stored = Signal(list)
    """Relations were stored for these document ids (and their relatives)."""

    def __init__(self, context: AppContext, model: LibraryModel, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.model = model
        self._done: set[int] = set()
        self._stopped = False

    def stop(self) -> None:
        """Start no more comparisons (the window is closing)."""
        self._stopped = True

    def on_document_classified(
        self, doc_id: int, segments: Sequence[Any], _shares: object
    ) -> None:
        named = named_sources(segments)
        if not named:
            return
        if doc_id in self._done or self._stopped:
            return
        self._done.add(doc_id)
        core = self.context.core

        def work(_report: object) -> list[int]:
            db = core.connect_worker()
            try:
                return record_named(db, Library(db), doc_id, named)
            finally:
                db.close()

        run_in_background(work, self._stored, self._failed)

    def on_document_shared(self, doc_id: int, _shares: object, related: list[int] | None) -> None:
        """The library-wide pass's child compared the document already (`background.Passed`):
        only the rows concerned read their labels again."""
        if related is None or doc_id in self._done or self._stopped:
            return
        self._done.add(doc_id)
        self._stored(related)

    def _stored(self, doc_ids: list[int]) -> None:
        if doc_ids and not self._stopped:
            self.model.relations_changed(doc_ids)
            self.relations_stored.emit(doc_ids)

    def _failed(self, _error: Exception) -> None:
        """A label is a convenience: a comparison that fails (a document removed meanwhile,
        a store that cannot be written) leaves the list as it was."""
