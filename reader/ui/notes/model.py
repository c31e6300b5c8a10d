"""The notes of the sidebar as a Qt list model, read a page of rows at a time.

The model is given the notes' places (`NotePlace`: no texts) and reads a row's full
`Note` only when the row is shown, a page of rows at a time: opening a document with
1,000 notes reads the few shown, not 1,000 quotes, contexts and bodies.

The rows themselves live in a C++ `QStringListModel` (one empty string per note) behind a
`QIdentityProxyModel` that answers `data()` from Python: a view laying out 1,000 rows asks
`index()`, `rowCount()` and `flags()` for every row, and those calls stay in C++; only
the cards it shows call into Python. Rendered Markdown is cached by note text, so a card
is rendered once however often it is painted or reloaded. Filters are not applied here:
the rows are the answer of an SQL query (`reader.core.notes.listing`), so a filter over
50,000 notes never asks each row for its text.
"""
from __future__ import annotations

from pathlib import PurePath
from typing import Any, Protocol

from PySide6.QtCore import (
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)

from reader.core.notes.markdown_render import plain_excerpt, render_note_body
from reader.core.notes.storage import Note, NotePlace

Index = QModelIndex | QPersistentModelIndex

NOTE_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
TITLE_ROLE = Qt.ItemDataRole.UserRole + 3
"""The document title, shown on cards in the all-notes view."""


HTML_CACHE_SIZE = 4000
PAGE = 16
"""Rows read together when one row's note is first needed."""

class NoteSource(Protocol):
    """Where a model reads full notes (a `NoteStore`)."""

    def by_ids(self, ids: list[int]) -> dict[int, Note]: ...
    def id_of(self, uuid: str) -> int | None: ...


class _ListSource:
    """Notes already read (`NotesModel.set_notes`): ids are list positions."""

    def __init__(self, notes: list[Note]) -> None:
        self.notes = notes
        self.ids = {note.uuid: row for row, note in enumerate(notes)}

    def by_ids(self, ids: list[int]) -> dict[int, Note]:
        return {i: self.notes[i] for i in ids if 0 <= i < len(self.notes)}

    def id_of(self, uuid: str) -> int | None:
        return self.ids.get(uuid)


class NotesModel(QIdentityProxyModel):
    """Placed or orphaned notes in reading order; `data()` is the only Python per row."""

    def __init__(self) -> None:
        super().__init__()
        self._rows = QStringListModel(self)
        self.setSourceModel(self._rows)
        self._places: list[NotePlace] = []
        self._notes: list[Note | None] = []
        self._source: NoteSource = _ListSource([])
        self._row_of_id: dict[int, int] | None = None
        self._titles: dict[int, str] = {}
        self._html: dict[str, str] = {}
        self._kept: dict[int, tuple[list[NotePlace], NoteSource, list[Note | None]]] = {}
        """The notes read for the last few lists of places. A listing that comes back as the
        same list (`RecentListings` hands out the one it read while the store is unchanged)
        keeps the notes already read for it: going back to a document reads none again."""
        self.show_titles = False

    def set_places(self, places: list[NotePlace], source: NoteSource,
                   titles: dict[int, str] | None = None) -> None:
        """Show these notes (one model reset); `source` reads the full notes of shown rows."""
        self._places = places
        kept = self._kept.get(id(places))
        if kept is not None and kept[0] is places and kept[1] is source:
            self._notes = kept[2]
        else:
            self._notes = [None] * len(places)
            if places:
                if len(self._kept) >= 4:
                    self._kept.clear()
                self._kept[id(places)] = (places, source, self._notes)
        self._source = source
        self._row_of_id = None
        self._titles = titles or {}
        self._rows.setStringList([""] * len(places))  # resets the model

    def set_notes(self, notes: list[Note], titles: dict[int, str] | None = None) -> None:
        """Show these (already read) notes."""
        self.set_places([_place_of(row, note) for row, note in enumerate(notes)],
                        _ListSource(list(notes)), titles)
        self._notes = list(notes)

    def replace_if_in_place(self, row: int, note: Note) -> bool:
        """Swap in a new version of a note if it stays in the same place and list."""
        old = self.note_at(row)
        if old is None or (old.start, old.orphaned, old.doc_id, old.color) != (
            note.start, note.orphaned, note.doc_id, note.color
        ):
            return False
        self._places[row] = _place_of(self._places[row][0], note)
        self._notes[row] = note
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return True

    def places(self) -> list[NotePlace]:
        return list(self._places)

    def notes(self) -> list[Note]:
        """Every row's note (reads those not read yet)."""
        missing = [row for row, note in enumerate(self._notes) if note is None]
        if missing:
            self._read(missing)
        return [note for note in self._notes if note is not None]

    def note_at(self, row: int) -> Note | None:
        """The row's note, read with its page of rows the first time it is needed; None
        if it was deleted meanwhile (outside this window)."""
        note = self._notes[row]
        if note is None:
            first = row - row % PAGE
            self._read([r for r in range(first, min(first + PAGE, len(self._notes)))
                        if self._notes[r] is None])
            note = self._notes[row]
        return note

    def _read(self, rows: list[int]) -> None:
        found = self._source.by_ids([self._places[row][0] for row in rows])
        for row in rows:
            self._notes[row] = found.get(self._places[row][0])

    def row_of(self, uuid: str) -> int:
        for row, note in enumerate(self._notes):  # a note being edited is on screen: read
            if note is not None and note.uuid == uuid:
                return row
        note_id = self._source.id_of(uuid)
        if note_id is None:
            return -1
        if self._row_of_id is None:
            self._row_of_id = {place[0]: row for row, place in enumerate(self._places)}
        return self._row_of_id.get(note_id, -1)

    def title_of(self, note: Note) -> str:
        """The note's document title; for a document no longer in the library (its file
        deleted, or removed), the file's name saying so, rather than no title at all."""
        if note.doc_id is not None:
            return self._titles.get(note.doc_id, "")
        if note.doc_path:
            return f"{PurePath(note.doc_path).name} (no longer in the library)"
        return ""

    def html(self, note: Note) -> str:
        """The note's Markdown as HTML, rendered once per distinct text."""
        body = note.body
        body_format = note.body_format
        key = body if body_format == "text/markdown" else f"{body_format}\x00{body}"
        cached = self._html.get(key)
        if cached is None:
            if len(self._html) >= HTML_CACHE_SIZE:
                self._html.clear()
            cached = render_note_body(body, body_format) if body.strip() else ""
            self._html[key] = cached
        return cached

    # No Python `flags()`: a tree view asks every row's flags while laying out, and the
    # C++ answer costs nothing. Those flags say "editable" (QStringListModel's), so the
    # views never start an editor (`NoEditTriggers`) and `setData` refuses: notes are
    # edited in the sidebar's editor, which saves through the controller.

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        return False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: C901
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self.note_at(index.row())
        if note is None:
            return None
        if role == NOTE_ROLE:
            return note
        if role == HTML_ROLE:
            return self.html(note)
        if role == TITLE_ROLE:
            return self.title_of(note) if self.show_titles else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            quote = f"“{_glimpse(note.exact)}” " if note.exact else "Document note: "
            return (quote + plain_excerpt(note.body)).rstrip()
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Enter or click: go to the passage" if note.anchored else None
        return None


def _place_of(row_id: int, note: Note) -> NotePlace:
    return (row_id, note.start, note.end, note.color, int(note.orphaned))


def _glimpse(quote: str, limit: int = 80) -> str:
    """A quote of the document on one line (its own characters: it is not Markdown)."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
