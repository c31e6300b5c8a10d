"""Back and forward through the documents and places visited (Alt+Left / Alt+Right).

A place is recorded whenever the reading pane is about to show another document (picked in
the library, a search hit, Ctrl+Enter to an original, a passage opened from the comparison),
so following a passage to its original and returning is one key each way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

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
        current: Callable[[], Place | None],
        open_place: Callable[[Place], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.open_place = open_place
        self.back_places: list[Place] = []
        self.forward_places: list[Place] = []
        self._moving = False

    def leaving(self, place: Place | None) -> None:
        """The pane is about to leave `place` for another document: remember it."""
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
