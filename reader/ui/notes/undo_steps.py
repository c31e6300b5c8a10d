"""Note changes as undo steps (git-cola style `redo`/`undo` objects on a QUndoStack; Qt calls
them QUndoCommand, but in reader a "command" is a row of the action table, `reader.keymap`).

The store call for the first `redo` is made by the controller *before* the step is pushed,
so a failed save is reported to the user instead of disappearing inside Qt's virtual-call
machinery; the step then skips that first `redo`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from reader.core.notes.storage import Note, NoteStore

EDIT_BODY_ID = 4201

Changed = Callable[[str, Note | None], None]
"""Told the uuid of the note that changed and the note as stored now (None: deleted), so
views refresh without reading it back."""


class _NoteStep(QUndoCommand):
    def __init__(self, store: NoteStore, changed: Changed, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.changed = changed
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self.apply()

    def apply(self) -> None:
        raise NotImplementedError


class AddNoteStep(_NoteStep):
    def __init__(self, store: NoteStore, changed: Changed, note: Note) -> None:
        kind = "Document Note" if note.is_document_note else "Highlight"
        super().__init__(store, changed, f"Add {kind}")
        self.note = note

    def apply(self) -> None:
        self.store.insert(self.note)
        self.changed(self.note.uuid, self.note)

    def undo(self) -> None:
        current = self.store.get(self.note.uuid)
        if current is not None:
            self.note = current  # keep later edits for redo
            self.store.delete(self.note.uuid)
        self.changed(self.note.uuid, None)


class DeleteNoteStep(_NoteStep):
    def __init__(self, store: NoteStore, changed: Changed, note: Note) -> None:
        super().__init__(store, changed, "Delete Note")
        self.note = note

    def apply(self) -> None:
        self.store.delete(self.note.uuid)
        self.changed(self.note.uuid, None)

    def undo(self) -> None:
        self.store.insert(self.note)
        self.changed(self.note.uuid, self.note)


class UpdateNoteStep(_NoteStep):
    """Any field change (body, colour, tags, re-attachment): old and new values are kept."""

    def __init__(
        self, store: NoteStore, changed: Changed, before: Note, after: Note, text: str,
        session: int | None = None,
    ) -> None:
        super().__init__(store, changed, text)
        self.before = before
        self.after = after
        self.session = session
        """Keystroke saves of one editing session merge into one undo step."""

    def id(self) -> int:
        return EDIT_BODY_ID if self.session is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if (
            isinstance(other, UpdateNoteStep)
            and other.session is not None
            and other.session == self.session
            and other.after.uuid == self.after.uuid
        ):
            self.after = other.after
            return True
        return False

    def _write(self, note: Note) -> None:
        stored = self.store.update(
            note.uuid, touch=False, body=note.body, color=note.color, exact=note.exact,
            prefix=note.prefix, suffix=note.suffix, start=note.start, end=note.end,
            orphaned=note.orphaned, updated=note.updated, tags=note.tags,
        )
        self.changed(note.uuid, stored)

    def apply(self) -> None:
        self._write(self.after)

    def undo(self) -> None:
        self._write(self.before)
