"""Wiring of the notes feature into the window: one object, so main_window stays small.

Builds the controller, the highlight layer and the sidebar's editor; provides the
handlers for the notes rows of `reader.ui.actions.qactions.COMMANDS`; connects the signals.
"""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.core.notes.incoming import load_json
from reader.core.notes.interchange import (
    ImportFormatError,
    ImportResult,
    document_infos,
    dumps,
    export_markdown,
    import_annotations,
    to_collection,
    write_atomically,
)
from reader.core.notes.links import LinkError, parse_link, resolve
from reader.core.notes.listing import HighlightSpans, NoteQuery, no_highlights
from reader.core.notes.storage import Note, NotePlace
from reader.core.store.database import StoreError
from reader.core.text.document import Document
from reader.keymap import CONTEXT_MENUS
from reader.ui.context import remember
from reader.ui.notes.controller import NotesController
from reader.ui.notes.highlights import HighlightLayer, install_context_menu
from reader.ui.notes.lister import BACKGROUND_NOTES
from reader.ui.notes.pdf_export import write_pdf
from reader.ui.plain_text import warn
from reader.ui.tasks import run_in_background

if TYPE_CHECKING:
    from reader.core.context import CoreContext
    from reader.ui.actions.qactions import ActionTable, Handlers
    from reader.ui.library.panel import LibraryPanel
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.reading.view import ReadingView

EXPORT_FOLDER_KEY = "notes/export_folder"
LINK_REPORT_ENV = "READER_PRINT_FIRST_PAINT"
"""When set (benchmarks, tests), each followed reader:// link prints where it landed."""


class NotesFeature(QObject):
    """Handed its collaborators: the core, the reading view, the notes and library panels,
    the action table, where to report a problem and a parent for its dialogs."""

    def __init__(
        self,
        core: CoreContext,
        view: ReadingView,
        panel: NotesPanel,
        library_panel: LibraryPanel,
        actions: ActionTable,
        show_problem: Callable[[str], None],
        parent: QWidget,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = parent
        self.view = view
        self.library_panel = library_panel
        self.action_table = actions
        self.show_problem = show_problem
        self.controller = NotesController(core, self)
        store = self.controller.store
        self.layer = HighlightLayer(
            view, lambda note_id: store.by_ids([note_id]).get(note_id), self)
        self.panel = panel
        self.panel.attach(self.controller)
        self.build_context_menu = install_context_menu(
            view, self.layer, self.highlight, self._menu_actions)
        self.controller.notes_reset.connect(self.on_notes_reset)  # after the panel's reload
        self.controller.note_changed.connect(self.on_note_changed)
        self.controller.note_removed.connect(self.on_note_removed)
        self.controller.save_failed.connect(show_problem)
        self.controller.saved_again.connect(self.on_saved_again)
        self.controller.reanchored.connect(self.on_reanchored)
        self.panel.note_activated.connect(self.go_to_note)
        self.panel.reattach_requested.connect(self.reattach)
        self._shown: list[tuple[int, int, int, str]] = []
        """The highlights painted: (start, end, note id, colour)."""
        self._painted: dict[int, NotePlace] | None = None
        self._painted_for: tuple[NoteQuery, int] | None = None
        """Whose highlights are painted: the scope and the document object shown."""
        self._asked = 0
        """Counts highlight readings: only the latest one's answer is painted."""
        self.settings = settings
        """Where the export folder is remembered between sessions (None: this one only)."""
        self._export_folder: Path | None = None
        self._noted: set[int] = set()
        """Row ids of the painted notes that carry a note (underlined)."""
        self._row_ids: dict[str, int] = {}
        """uuid -> row id of notes seen changing (`places` are keyed by row id); a row id
        only changes when a deleted note comes back, so removal forgets it."""

    def handlers(self) -> Handlers:
        """Its rows of the action table."""
        return {
            "edit.undo": self.undo,
            "edit.redo": self.redo,
            "note.highlight": lambda: self.highlight(None),
            "note.highlight_note": lambda: self.highlight(None, edit=True),
            "note.document_note": self.panel.on_add_document_note,
            "note.delete": self.delete_selected,
            "note.reattach": lambda: self.reattach(self.panel.selected_uuid()),
            "notes.all": lambda: self.panel.all_button.toggle(),
            "notes.filter": self.panel.focus_filter,
            "notes.export": self.export_dialog,
            "notes.import": self.import_dialog,
        }

    def _menu_actions(self) -> list:  # type: ignore[type-arg]
        actions = self.action_table.actions
        names = ["note.highlight", "note.highlight_note"]
        selected = self.panel.selected_uuid()
        note = self.controller.get(selected) if selected else None
        if note is not None and not note.is_document_note:
            names.append("note.reattach")
        names += [n for n in CONTEXT_MENUS["reading"] if n not in names and n in actions]
        return [actions[name] for name in names]

    # -- documents ----------------------------------------------------------------------

    def document_shown(self, doc_id: int, document: Document) -> None:
        """The window shows a document: re-anchor if needed, show its notes and highlights."""
        self.panel.flush()
        fresh = self.controller.open_document(doc_id, document)
        if fresh is not document:
            self.view.show_document(fresh)
            self.controller.notes_reset.emit()

    @Slot()
    def on_saved_again(self) -> None:
        """A retry saved: replace the "could not be saved" message that is now wrong."""
        self.show_problem("Saved: every note is stored now.")

    @Slot(int)
    def on_document_removed(self, doc_id: int) -> None:
        """The document on screen left the library: keep its notes in view and the note
        being typed open, and say so where the user is looking."""
        if self.controller.document_removed(doc_id) and self.panel.editor is not None:
            self.panel.editor.show_notice(
                "This document was removed from the library by another program; the note "
                "is kept and still saved as you type.")

    @Slot()
    def on_store_changed_elsewhere(self) -> None:
        """Notes may have come from a terminal (`reader notes import`): re-list the sidebar,
        the tag menu and the highlights, as after an import from the menu."""
        self.panel.flush()
        self.panel.tags_stale = True
        self.controller.notes_reset.emit()

    @Slot()
    def on_notes_reset(self) -> None:
        """The sidebar has just listed the open document's notes (it hears `notes_reset`
        first, `attach` having connected it before this feature): paint the highlights from
        those rows when they are the whole scope and were answered now, instead of reading
        the same rows again (~1 ms of opening a document with 1,000 notes)."""
        listing, lister, document = self.panel.listing, self.panel.lister, self.view.current
        query = self.controller.document_scope()
        if (document is None or listing is None or lister is None or lister.pending
                or listing.query != query):
            self.repaint()
            return
        self._asked += 1  # a highlights read still running on a worker is out of date
        self._paint(self.controller.highlight_spans_of(query, listing.placed,
                                                       len(document.text)))

    @Slot()
    def repaint(self) -> None:
        """Paint the open document's highlights: read at once when it has a few notes, on a
        worker when it has many (its text shows without them meanwhile, never with the last
        document's)."""
        document = self.view.current
        query = self.controller.document_scope()
        self._asked += 1
        if document is None or (query.doc_id is None and query.removed_path is None):
            self._paint(no_highlights(query))
            return
        limit = len(document.text)
        lister = self.panel.lister  # it has just counted this scope, listing the sidebar
        size = lister.size_of(query) if lister is not None else self.controller.count_notes(
            query)
        if size <= (lister.background_notes if lister is not None else BACKGROUND_NOTES):
            self._paint(self.controller.highlight_spans(query, limit))
            return
        if self._painted_for != (query, id(document)):
            self._paint(no_highlights(query))
        asked, read = self._asked, self.controller.highlight_spans_in_background
        run_in_background(
            lambda _report: read(query, limit),
            lambda spans: self._paint(spans) if asked == self._asked else None,
            lambda error: self.show_problem(f"The highlights could not be read: {error}")
            if asked == self._asked else None)

    def _paint(self, spans: HighlightSpans) -> None:
        self._painted_for = (spans.query, id(self.view.current))
        self._noted = spans.noted
        self._shown, self._painted = spans.spans, None
        self.layer.paint(spans)

    @Slot(str)
    def on_note_removed(self, uuid: str) -> None:
        self._row_ids.pop(uuid, None)  # undo brings it back under a new row id
        self.repaint()  # it may have been painted

    @Slot(object)
    def on_note_changed(self, note: Note) -> None:
        """Repaint the highlights if the note's passage, colour or placement changed (a
        body edit changes only the tooltip, which reads the note when shown)."""
        if note.doc_id != self.controller.doc_id:
            return
        if self._painted is None:
            self._painted = {note_id: (note_id, start, end, color, 0)
                             for start, end, note_id, color in self._shown}
        note_id = self._row_ids.get(note.uuid)
        if note_id is None:
            note_id = self.controller.store.id_of(note.uuid)
            if note_id is not None:
                self._row_ids[note.uuid] = note_id
        painted = self._painted.get(note_id) if note_id is not None else None
        now = (note.start, note.end, note.color, int(note.orphaned))
        if painted is None or painted[1:] != now or (
                (note_id in self._noted) != bool(note.body.strip())):  # gains/loses its note
            self.repaint()

    @Slot(int, int)
    def on_reanchored(self, moved: int, orphaned: int) -> None:
        if moved or orphaned:
            self.show_problem(
                f"The document changed on disk: {moved} note(s) moved with their passage"
                + (f", {orphaned} could not be placed (see Orphaned)" if orphaned else ""))

    # -- commands -----------------------------------------------------------------------

    def highlight(self, color: str | None, edit: bool = False) -> Note | None:
        span = self.layer.selection_offsets()
        if span is None and edit:
            # Highlight + Note with nothing selected takes the paragraph at the caret, as H
            # does: it used to leave focus in the text, so the note the user went on typing
            # ran as single-letter commands (the "h" of "watched" made a highlight).
            span = self._caret_paragraph()
            if span is not None:
                self.view.select_offsets(*span)
        if span is None:
            self.show_problem("Select some text in the reading pane to highlight it.")
            return None
        note = self.controller.highlight(span[0], span[1], color)
        if note is not None:
            self.panel.select_note(note.uuid)
            if edit:
                self.panel.edit_note(note.uuid)
        return note

    def _caret_paragraph(self) -> tuple[int, int] | None:
        """The paragraph holding the caret, as document offsets."""
        document = self.view.current
        if document is None or not document.paragraphs:
            return None
        caret = self.view.caret_offset()
        index = bisect.bisect_right([p.start for p in document.paragraphs], caret) - 1
        paragraph = document.paragraphs[max(index, 0)]
        return (paragraph.start, paragraph.end) if paragraph.end > paragraph.start else None

    def go_to_note(self, uuid: str) -> None:
        note = self.controller.get(uuid)
        if note is None:
            return
        if note.doc_id is not None and note.doc_id != self.controller.doc_id:
            self.library_panel.select_document(note.doc_id)
            note = self.controller.get(uuid)
        if note is not None and note.anchored and note.start is not None and note.end is not None:
            self.layer.flash(note.start, note.end)

    def open_link(self, url: str) -> None:
        """Show what a reader:// link points at: its document, scrolled to the passage (a
        note's passage where it is anchored now); a bad or unknown link is a message."""
        try:
            target = resolve(self.controller.core.db, parse_link(url))
        except LinkError as error:
            self.show_problem(f"Could not open the link: {error}.")
            return
        if target.note is not None:
            self.go_to_note(target.note)
            self.panel.select_note(target.note)
        else:
            if target.doc_id != self.controller.doc_id:
                self.library_panel.select_document(target.doc_id)
            if target.start is not None and target.end is not None:
                self.layer.flash(target.start, target.end)
        if os.environ.get(LINK_REPORT_ENV):
            print(f"opened-link {self.controller.doc_id} "
                  f"{self.view.selection_offsets()}", flush=True)

    def reattach(self, uuid: str | None) -> None:
        span = self.layer.selection_offsets()
        if uuid is None or span is None:
            self.show_problem("Select a note and the new passage for it first.")
            return
        self.controller.reattach(uuid, span[0], span[1])

    def delete_selected(self) -> None:
        uuid = self.panel.selected_uuid()
        if uuid is not None and self.controller.delete(uuid):
            self.show_problem("Note deleted \u2014 Ctrl+Z to undo.")

    def undo(self) -> None:
        self.panel.flush()
        self.controller.undo()

    def redo(self) -> None:
        self.panel.flush()
        self.controller.redo()

    def flush(self) -> bool:
        return self.panel.flush()

    # -- export / import ----------------------------------------------------------------

    def export_to(self, path: Path) -> int:
        """Write the notes in view (this document, or all) as .md or W3C .json."""
        notes = self.controller.notes()
        docs = document_infos(self.controller.core.db)
        if path.suffix.lower() in (".html", ".htm", ".pdf"):
            doc_id = self.controller.doc_id
            if doc_id is None:
                raise ValueError("open a document first: the annotated export is one document")
            # on first use: the exporter and its renderer are ~25 ms of the start-up's import
            from reader.core.notes.annotated_html import annotated_document_html

            html = annotated_document_html(self.controller.core.db, doc_id, time.time())
            if path.suffix.lower() == ".pdf":
                write_pdf(path, html, self.view.current.title if self.view.current else "")
            else:
                write_atomically(path, html)
            return len(self.controller.store.for_document(doc_id))
        if path.suffix.lower() == ".json":
            text = dumps(to_collection(notes, docs))
        else:
            text = export_markdown(self.controller.core.db, notes)
        write_atomically(path, text)
        return len(notes)

    def import_from(self, path: Path) -> ImportResult:
        result = import_annotations(self.controller.core.db, load_json(path.read_bytes()))
        self.panel.tags_stale = True
        self.controller.notes_reset.emit()
        return result

    def export_folder(self) -> Path | None:
        """The folder of the last export (this session's, else the settings'), if it is
        still there."""
        folder = self._export_folder
        if folder is None and self.settings is not None:
            stored = self.settings.value(EXPORT_FOLDER_KEY, "")
            folder = Path(stored) if isinstance(stored, str) and stored else None
        return folder if folder is not None and folder.is_dir() else None

    def export_dialog(self) -> None:
        self.panel.flush()
        folder = self.export_folder()
        path, _ = QFileDialog.getSaveFileName(
            self.host, "Export Notes", str(folder / "notes.md") if folder else "notes.md",
            "Markdown (*.md);;W3C Web Annotation JSON (*.json);;"
            "This document, annotated, as HTML (*.html);;"
            "This document, annotated, as PDF (*.pdf)")
        if not path:
            return
        self._export_folder = Path(path).parent  # the next export starts here
        if self.settings is not None:  # ... and so does the next session's
            remember(self.settings, EXPORT_FOLDER_KEY, str(self._export_folder))
        try:
            count = self.export_to(Path(path))
        except (OSError, ValueError) as error:
            warn(self.host, "Export Notes", f"Could not write {path}: {error}")
            return
        self.show_problem(f"{count} notes exported to {path}")

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.host, "Import Notes", "", "W3C Web Annotation JSON (*.json)")
        if not path:
            return
        try:
            result = self.import_from(Path(path))
        except OSError as error:
            warn(self.host, "Import Notes", f"Could not read {path}: {error.strerror or error}")
            return
        except ImportFormatError as error:
            warn(self.host, "Import Notes", f"Could not import {path}: {error}")
            return
        except StoreError as error:
            warn(self.host, "Import Notes",
                 f"The notes from {path} could not be stored: {error.message}")
            return
        summary = (f"Imported: {result.added} added, {result.updated} updated, "
                   f"{result.orphaned} orphaned")
        if result.skipped:
            shown = "\n".join(result.skipped[:10])
            more = f"\n… and {len(result.skipped) - 10} more" if len(result.skipped) > 10 else ""
            warn(self.host, "Import Notes",
                 f"{summary}; {len(result.skipped)} skipped:\n{shown}{more}")
        self.show_problem(summary)
