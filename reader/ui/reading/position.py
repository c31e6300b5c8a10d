"""Where the reader was in each document, remembered across launches (keyed by content
hash, so a moved file keeps its place and an edited one starts fresh)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from reader.ui.context import remember
from reader.ui.reading.view import ReadingView


class ReadingPositions:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    @staticmethod
    def _key(view: ReadingView) -> str | None:
        document = view.current
        return f"positions/{document.content_hash}" if document and document.content_hash else None

    def save(self, view: ReadingView) -> None:
        key = self._key(view)
        if key is not None:
            remember(self.settings, key, f"{view.first_visible_offset()},{view.caret_offset()}")

    def restore(self, view: ReadingView) -> bool:
        """Scroll back to the saved place; False when this document has none."""
        key = self._key(view)
        stored = self.settings.value(key) if key else None
        if not isinstance(stored, str | list):
            return False
        try:
            first, caret = (
                int(part) for part in (stored.split(",") if isinstance(stored, str) else stored)
            )
        except ValueError:
            return False
        length = len(view.current.text) if view.current else 0
        view.select_offsets(min(max(0, caret), length))
        view.scroll_to_offset(min(max(0, first), length))
        return True

    def offset(self, content_hash: str) -> int | None:
        stored = self.settings.value(f"positions/{content_hash}")
        if isinstance(stored, str) and "," in stored:
            return int(stored.split(",")[0])
        if isinstance(stored, list) and stored:
            return int(stored[0])
        return None
