"""Back and forward through the documents and places visited (Alt+Left / Alt+Right).

A place is recorded whenever the reading pane is about to show another document (picked in
the library, a search hit, Ctrl+Enter to an original, a passage opened from the comparison),
so following a passage to its original and returning is one key each way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from reader.core.library.documents import Library
    from reader.ui.reading.view import ReadingView

LIMIT = 200
"""Places kept each way; the oldest go first."""


class Place(NamedTuple):
    path: str
    offset: int


class VisitHistory(QObject):
    moved = Signal(object)
    """The `Place` gone back or forward to."""

    def __init__(
        self,
        library: Library,
        view: ReadingView,
        select_document: Callable[[int], bool],
        show_problem: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.view = view
        self.select_document = select_document
        self.show_problem = show_problem
        self.back_places: list[Place] = []
        self.forward_places: list[Place] = []
        self._moving = False

    def current(self) -> Place | None:
        document = self.view.current
        return Place(document.path, self.view.caret_offset()) if document else None

    def open_place(self, place: Place) -> bool:
        """Show a recorded place (False when its document has left the library)."""
        doc_id = self.library.id_for_path(place.path)
        if doc_id is None or not self.select_document(doc_id):
            return False
        self.view.go_to_offset(place.offset)
        self.view.setFocus()
        return True

    def go_back(self) -> None:
        if not self.back():
            self.show_problem("Nothing to go back to.")

    def go_forward(self) -> None:
        if not self.forward():
            self.show_problem("Nothing to go forward to.")

    def leaving(self) -> None:
        """The pane is about to show another document: remember where it is now."""
        place = self.current()
        if self._moving or place is None:
            return
        if self.back_places and self.back_places[-1] == place:
            return
        self.back_places.append(place)
        del self.back_places[:-LIMIT]
        self.forward_places.clear()

    def back(self) -> bool:
        return self._go(self.back_places, self.forward_places)

    def forward(self) -> bool:
        return self._go(self.forward_places, self.back_places)

    def _go(self, source: list[Place], other: list[Place]) -> bool:
        while source:
            target = source.pop()
            here = self.current()
            self._moving = True
            try:
                opened = self.open_place(target)
            finally:
                self._moving = False
            if opened:
                if here is not None:
                    other.append(here)
                self.moved.emit(target)
                return True  # a place whose document is gone is skipped
        return False
