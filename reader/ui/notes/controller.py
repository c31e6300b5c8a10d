"""The notes feature's one stateful object: store calls, the undo stack, and signals.

Widgets (sidebar, editor, reading-pane highlights) call its methods and listen to its
signals; it never touches a widget itself except through the objects it was handed.
Every change is saved before the call returns; a failed save is reported by signal and
nothing is pushed on the undo stack.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from reader.core import background
from reader.core.context import CoreContext
from reader.core.notes.interchange import document_infos
from reader.core.notes.listing import (
    HighlightSpans,
    NoteListing,
    NoteQuery,
    RecentListings,
    count_notes,
    highlight_spans,
)
from reader.core.notes.storage import (
    COLORS,
    Note,
    NotePlace,
    NoteStore,
    normalize_tags,
    reanchor_document,
)
from reader.core.store.database import StoreAccessError
from reader.core.store.failures import describe_write_failure
from reader.core.text.document import Document
from reader.ui.notes.undo_steps import (
    AddNoteStep,
    DeleteNoteStep,
    UpdateNoteStep,
)

T = TypeVar("T")


class NotesController(QObject):
    notes_reset = Signal()
    """The set of notes to show changed wholesale (document opened, import)."""
    mode_changed = Signal()
    """All Notes was turned on or off: the sidebar's list changes, the highlights do not."""
    note_changed = Signal(object)
    """This `Note`, as now stored, was added, edited, recoloured or re-attached."""
    note_removed = Signal(str)
    """The note with this uuid was deleted (or its adding undone)."""
    save_failed = Signal(str)
    saved_again = Signal()
    """A change was saved after an earlier one failed: the failure message is out of date."""
    """A change could not be stored; the message is for the user."""
    reanchored = Signal(int, int)
    """(moved, orphaned) after a document's notes were re-placed in changed text."""

    def __init__(self, core: CoreContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self.store = NoteStore(core.db)
        self.recent = RecentListings(core.db)
        """The sidebar's listings and highlights, reused while the store is unchanged."""
        self.undo_stack = QUndoStack(self)
        self.doc_id: int | None = None
        self.removed_path: str | None = None
        """Set while the document shown is one another program removed."""
        self._failing = False
        self.document: Document | None = None
        self.all_notes_mode = False
        self.color = COLORS[0]
        self._sessions = itertools.count(1)
        self._session: tuple[str, int] | None = None

    # -- what to show ----------------------------------------------------------------------

    def open_document(self, doc_id: int, document: Document) -> Document:
        """Show a document's notes, re-anchoring them first if its text has changed.

        Returns the document to display (re-read if the file on disk had changed).
        """
        document = self._refresh_from_disk(doc_id, document)
        self.doc_id, self.document = doc_id, document
        self.removed_path = None
        self.end_typing_session()
        if self.store.needs_reanchor(doc_id, document.content_hash):
            try:
                result = reanchor_document(self.core.db, doc_id, document.text,
                                           document.content_hash)
                self.reanchored.emit(result.moved + result.recovered, result.orphaned)
            except StoreAccessError as error:
                self.save_failed.emit(f"Notes could not be re-anchored: {error}")
        self.notes_reset.emit()
        return document

    def _refresh_from_disk(self, doc_id: int, document: Document) -> Document:
        """A file edited since it was stored is re-read (which re-anchors its notes)."""
        path = Path(document.path)
        stored = self.core.library.file_state(doc_id)
        try:
            stat = path.stat()
        except OSError:
            return document
        if stored is None or (stat.st_size, stat.st_mtime) == stored:
            return document
        try:
            result = self.core.library.add_files([path])
        except StoreAccessError:
            return document
        if doc_id in result.refreshed:
            return self.core.library.document(doc_id)
        return document

    def document_removed(self, doc_id: int) -> bool:
        """The document shown was removed by another program: its notes, now unattached,
        stay in view (found by its path) until another document is opened."""
        if doc_id != self.doc_id or self.document is None:
            return False
        self.removed_path = self.document.path
        return True

    def notes(self) -> list[Note]:
        if self.all_notes_mode:
            return self.store.all_notes()
        if self.removed_path is not None:
            return self.store.for_paths([self.removed_path])
        return self.store.for_document(self.doc_id) if self.doc_id is not None else []

    def scope(self) -> NoteQuery:
        """Which notes are in view, filters aside (see `reader.core.notes.listing`)."""
        if self.all_notes_mode:
            return NoteQuery(every_document=True)
        return self.document_scope()

    def document_scope(self) -> NoteQuery:
        """The open document's notes (found by path once another program removed it)."""
        if self.removed_path is not None:
            return NoteQuery(removed_path=self.removed_path)
        return NoteQuery(doc_id=self.doc_id)

    def count_notes(self, query: NoteQuery) -> int:
        return count_notes(self.core.db, query)

    def list_notes(self, query: NoteQuery) -> NoteListing:
        """The sidebar's rows, read now (a scope of a few notes)."""
        return self.recent.list_notes(query)

    def list_notes_in_background(self, query: NoteQuery) -> NoteListing:
        """The same, from a worker thread, on a connection of its own."""
        return background.list_notes(self.core, query)

    def highlight_spans(self, query: NoteQuery, limit: int) -> HighlightSpans:
        return highlight_spans(self.core.db, query, limit)

    def highlight_spans_of(
        self, query: NoteQuery, placed: list[NotePlace], limit: int
    ) -> HighlightSpans:
        return self.recent.highlight_spans_of(query, placed, limit)

    def highlight_spans_in_background(self, query: NoteQuery, limit: int) -> HighlightSpans:
        return background.highlight_spans(self.core, query, limit)

    def set_all_notes_mode(self, enabled: bool) -> None:
        self.all_notes_mode = enabled
        self.mode_changed.emit()

    def document_titles(self) -> dict[int, str]:
        return {doc_id: info.title for doc_id, info in document_infos(self.core.db).items()}

    def get(self, uuid: str) -> Note | None:
        return self.store.get(uuid)

    # -- changes ---------------------------------------------------------------------------

    def _changed(self, uuid: str, note: Note | None) -> None:
        if note is None:
            self.note_removed.emit(uuid)
        else:
            self.note_changed.emit(note)

    def _try(self, what: str, call: Callable[[], T]) -> T | None:
        """`call()`, or None after telling the user what could not be saved."""
        try:
            result = call()
        except (StoreAccessError, OSError) as error:
            self._failing = True
            why = describe_write_failure(error, self.core.data_dir)
            self.save_failed.emit(f"{what} could not be saved: {why}.")
            return None
        if self._failing:
            self._failing = False
            self.saved_again.emit()
        return result

    def highlight(
        self, start: int, end: int, color: str | None = None, body: str = ""
    ) -> Note | None:
        """Highlight document[start:end] (document offsets) in the current document."""
        if self.doc_id is None or self.document is None or start >= end:
            return None
        color = color or self.color
        self.color = color
        doc_id, text = self.doc_id, self.document.text
        note = self._try("The highlight",
                         lambda: self.store.highlight(doc_id, text, start, end, color, body))
        if note is not None:
            self.end_typing_session()
            self.undo_stack.push(AddNoteStep(self.store, self._changed, note))
            self._changed(note.uuid, note)
        return note

    def add_document_note(self, body: str = "") -> Note | None:
        if self.doc_id is None:
            return None
        doc_id = self.doc_id
        note = self._try("The note", lambda: self.store.document_note(doc_id, body))
        if note is not None:
            self.end_typing_session()
            self.undo_stack.push(AddNoteStep(self.store, self._changed, note))
            self._changed(note.uuid, note)
        return note

    def set_body(self, uuid: str, body: str) -> bool:
        """Save an edited body now; keystrokes of one session undo as one step."""
        before = self.store.get(uuid)
        if before is None:
            return False
        if before.body == body:
            return True
        after = self._try("The note", lambda: self.store.set_body(uuid, body))
        if after is None:
            return False
        if self._session is None or self._session[0] != uuid:
            self._session = (uuid, next(self._sessions))
        self.undo_stack.push(UpdateNoteStep(self.store, self._changed, before, after,
                                               "Edit Note", session=self._session[1]))
        self._changed(uuid, after)
        return True

    def end_typing_session(self) -> None:
        """The next edit starts a new undo step (focus left the editor, note switched)."""
        self._session = None

    def set_tags(self, uuid: str, tags: list[str]) -> bool:
        """Replace a note's tags (normalised: repeats and blanks dropped); one undo step."""
        before = self.store.get(uuid)
        if before is None:
            return False
        try:
            wanted = normalize_tags(tags)
        except ValueError as error:
            self.save_failed.emit(f"The tags were not saved: {error}.")
            return False
        if wanted == before.tags:
            return True
        after = self._try("The tags", lambda: self.store.set_tags(uuid, wanted))
        if after is None:
            return False
        self.end_typing_session()
        self.undo_stack.push(UpdateNoteStep(self.store, self._changed, before, after, "Tags"))
        self._changed(uuid, after)
        return True

    def all_tags(self) -> list[str]:
        return self.store.all_tags()

    def recolor(self, uuid: str, color: str) -> bool:
        before = self.store.get(uuid)
        if before is None or before.color == color:
            return before is not None
        self.color = color
        after = self._try("The colour", lambda: self.store.recolor(uuid, color))
        if after is None:
            return False
        self.end_typing_session()
        self.undo_stack.push(UpdateNoteStep(self.store, self._changed, before, after,
                                               f"Colour {color.title()}"))
        self._changed(uuid, after)
        return True

    def reattach(self, uuid: str, start: int, end: int) -> bool:
        """Give a (usually orphaned) note a new passage in the current document."""
        before = self.store.get(uuid)
        if before is None or self.document is None or self.doc_id is None or start >= end:
            return False
        text, doc_id = self.document.text, self.doc_id
        def call() -> Note:
            if before.doc_id != doc_id:
                self.store.update(uuid, doc_id=doc_id, doc_path=self.document.path,  # type: ignore[union-attr]
                                  doc_hash=self.document.content_hash)  # type: ignore[union-attr]
            return self.store.reattach(uuid, text, start, end)
        after = self._try("The note", call)
        if after is None:
            return False
        self.end_typing_session()
        self.undo_stack.push(UpdateNoteStep(self.store, self._changed, before,
                                               replace(after), "Re-attach Note"))
        self._changed(uuid, after)
        return True

    def delete(self, uuid: str) -> bool:
        note = self.store.get(uuid)
        if note is None:
            return False
        if self._try("The deletion", lambda: self.store.delete(uuid)) is None:
            return False
        self.end_typing_session()
        self.undo_stack.push(DeleteNoteStep(self.store, self._changed, note))
        self._changed(uuid, None)
        return True

    def undo(self) -> None:
        self.end_typing_session()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.end_typing_session()
        self.undo_stack.redo()
