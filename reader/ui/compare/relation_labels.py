"""The library says what each document is: "copy · …", "original — 2 copies · …".

When the classifier matches a document's reporting to an original, the two are compared in
the background (on a connection of the worker's own) and the relation stored; the list's
labels are then read again in one query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject

from reader.core.compare.relations import labels, record_related
from reader.core.library.documents import Library
from reader.ui.context import AppContext
from reader.ui.library.model import LibraryModel
from reader.ui.tasks import run_in_background


class RelationLabels(QObject):
    def __init__(self, context: AppContext, model: LibraryModel, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.model = model
        self._done: set[int] = set()
        self._stopped = False
        self.refresh()

    def stop(self) -> None:
        """Start no more comparisons (the window is closing)."""
        self._stopped = True

    def refresh(self) -> None:
        found = labels(self.context.core.db)
        self.model.set_relations({doc_id: (lab.short, lab.long) for doc_id, lab in found.items()})

    def on_document_classified(
        self, doc_id: int, segments: Sequence[Any], _shares: object
    ) -> None:
        sources = Counter(s.source for s in segments if getattr(s, "source", None))
        if not sources:
            return
        named = [path for path, _ in sources.most_common(3)]
        if doc_id in self._done or self._stopped:
            return
        self._done.add(doc_id)
        core = self.context.core

        def work(_report: object) -> bool:
            db = core.connect_worker()
            try:
                return record_related(db, Library(db), doc_id, named)
            finally:
                db.close()

        run_in_background(work, self._stored, self._failed)

    def _stored(self, stored: bool) -> None:
        if stored and not self._stopped:
            self.refresh()

    def _failed(self, _error: Exception) -> None:
        """A label is a convenience: a comparison that fails (a document removed meanwhile,
        a store that cannot be written) leaves the list as it was."""
