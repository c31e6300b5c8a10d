"""The notes sidebar: filters, the note cards in reading order, Orphaned, and the editor.

Builds its lists on a `NotesController` handed to `attach()`; it emits what the user
asked for (go to a note) and leaves the reading pane to the window's wiring.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.notes.listing import NoteListing, NoteQuery
from reader.core.notes.storage import COLORS, Note
from reader.ui.notes.card import color_of
from reader.ui.notes.card_list import NoteCardList
from reader.ui.notes.controller import NotesController
from reader.ui.notes.editor import NoteEditor
from reader.ui.notes.lister import NotesLister
from reader.ui.notes.model import NOTE_ROLE, NotesModel
from reader.ui.plain_text import StatusLabel

ALL_TAGS = "All tags"
LISTING_TEXT = "Listing the notes…"
EMPTY_TEXT = ("No notes on this document yet.\n"
              "Select text and press Ctrl+Shift+H to highlight it.")


class NotesPanel(QWidget):
    note_activated = Signal(str)
    """The user asked to go to this note's passage (click or Enter on its card)."""
    reattach_requested = Signal(str)
    """Re-attach this (orphaned) note to the reading pane's current selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notes_panel")
        self.setAccessibleName("Notes")
        self.controller: NotesController | None = None
        self.model = NotesModel()
        """Placed highlights and document notes, in reading order."""
        self.orphan_model = NotesModel()
        """Notes whose passage was not found in the current text."""
        self.lister: NotesLister | None = None
        self.words: tuple[str, ...] = ()
        self.colors: frozenset[str] | None = None
        self.tag: str | None = None
        """The filters: applied in SQL (`reader.core.notes.listing`), not by a Qt proxy."""
        self.listing: NoteListing | None = None
        """The answer shown (None until the first one arrives)."""
        self._keep: str | None = None
        """The note to select once the awaited answer is shown."""

        self.title = QLabel("<b>Notes</b>", self)
        # "12 of 50,000" gives way with "…" rather than widening the sidebar (and narrowing
        # the text) when All Notes is on; the whole count is in its tooltip
        self.count_label = StatusLabel("Notes shown", self)
        self.count_label.setMinimumWidth(24)
        self.count_label.setObjectName("notes_count")  # its colour: base.qss
        self.all_button = QToolButton(self)
        self.all_button.setObjectName("notes_all_toggle")
        self.all_button.setText("All notes")
        self.all_button.setCheckable(True)
        self.all_button.setToolTip("Show the notes of every document in the library")
        self.all_button.toggled.connect(self.on_all_toggled)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("notes_add_document_note")
        self.add_button.setText("+ Note")
        self.add_button.setToolTip("Add a note about the whole document")
        self.add_button.clicked.connect(self.on_add_document_note)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.count_label, 1)
        header.addWidget(self.add_button)
        header.addWidget(self.all_button)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("notes_filter")
        self.filter_edit.setPlaceholderText("Filter notes")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter notes by text")
        self.filter_edit.textChanged.connect(self.on_filter_text)
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("notes_filter_tag")
        self.tag_filter.setAccessibleName("Show notes with this tag")
        self.tag_filter.setToolTip("Show only the notes with this tag")
        self.tag_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag_filter.addItem(ALL_TAGS)
        self.tag_filter.currentIndexChanged.connect(self.on_tag_filter)
        self.tags_stale = True
        """The tag menu is re-read (a scan of every note) only when tags may have changed:
        at start, after an import, when a note's tags change; not on every document."""
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.tag_filter)
        self.color_filters: dict[str, QToolButton] = {}
        for name in COLORS:
            chip = QToolButton(self)
            chip.setObjectName(f"notes_filter_{name}")
            chip.setCheckable(True)
            chip.setChecked(True)
            chip.setFixedSize(16, 16)
            chip.setToolTip(f"Show {name} highlights")
            chip.setAccessibleName(f"Show {name} highlights")
            chip.setProperty("chip", True)  # ring and focus: base.qss, in theme colours
            chip.setStyleSheet(
                f"QToolButton {{ background: {color_of(name).name()}; }}"
                " QToolButton:!checked { background: transparent; }"
            )
            chip.toggled.connect(self.on_color_filter)
            filters.addWidget(chip)
            self.color_filters[name] = chip

        self.view = NoteCardList("notes_view", self)
        self.view.setAccessibleName("Notes on this document")
        self.view.setModel(self.model)
        self.orphan_label = QLabel("<b>Orphaned</b> — passage no longer in the text; select new "
                                   "text and choose “Re-attach”", self)
        self.orphan_label.setWordWrap(True)
        self.orphan_view = NoteCardList("orphan_view", self)
        self.orphan_view.setAccessibleName("Orphaned notes")
        self.orphan_view.setModel(self.orphan_model)

        lists = QWidget(self)
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(self.view, 3)
        lists_layout.addWidget(self.orphan_label)
        lists_layout.addWidget(self.orphan_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(lists)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        self.editor: NoteEditor | None = None
        self.pane_focus: QWidget = self.view  # not a focus proxy: see LibraryPanel
        self.filter_edit.installEventFilter(self)
        for view in (self.view, self.orphan_view):
            view.clicked.connect(self.on_card_activated)
            view.activated.connect(self.on_card_activated)
            view.customContextMenuRequested.connect(
                lambda pos, v=view: self.on_card_menu(v, pos))
            view.selectionModel().currentChanged.connect(
                lambda current, _prev, v=view: self.on_current_changed(v, current))
        self._update_visibility()

    def attach(self, controller: NotesController) -> None:
        self.controller = controller
        self.editor = NoteEditor(controller, self)
        self.splitter.addWidget(self.editor)
        self.splitter.setSizes([520, 200])
        self.lister = NotesLister(controller.count_notes, controller.list_notes,
                                  controller.list_notes_in_background, self)
        self.lister.listed.connect(self.on_listed)
        self.lister.failed.connect(self.view.set_placeholder)
        controller.notes_reset.connect(self.reload)
        controller.mode_changed.connect(self.reload)
        controller.note_changed.connect(self.on_note_changed)
        controller.note_removed.connect(self.on_note_removed)

    # -- contents -----------------------------------------------------------------------

    def query(self) -> NoteQuery:
        scope = self.controller.scope() if self.controller is not None else NoteQuery()
        return NoteQuery(scope.doc_id, scope.every_document, scope.removed_path,
                         self.words, self.colors, self.tag)

    def refilter(self) -> None:
        """A filter changed: list again (the scope's size is known: not counted again)."""
        self.reload(recount=False)

    @Slot()
    def reload(self, keep: str | None = None, recount: bool = True) -> None:
        """List the notes in view again; a long list is answered by a worker, and the rows
        of another document or scope are not left on screen meanwhile."""
        if self.controller is None or self.lister is None:
            return
        self._keep = keep or self.selected_uuid() or self._keep
        if self.tags_stale:
            self._refresh_tags()  # first: a tag chosen but gone clears the tag filter
        query = self.query()
        if not self.lister.ask(query, recount) and (
                self.listing is None or self.listing.query.unfiltered() != query.unfiltered()):
            self._show(NoteListing(query, [], [], 0), waiting=True)

    @Slot(object)
    def on_listed(self, listing: NoteListing) -> None:
        self._show(listing)

    def _show(self, listing: NoteListing, waiting: bool = False) -> None:
        """Show an answer's rows; `waiting`: an empty list while the answer is worked out."""
        assert self.controller is not None
        self.listing = None if waiting else listing
        show_titles = self.controller.all_notes_mode
        titles = self.controller.document_titles() if show_titles and not waiting else {}
        store = self.controller.store
        for model, rows in ((self.model, listing.placed), (self.orphan_model, listing.orphaned)):
            model.show_titles = show_titles
            model.set_places(rows, store, titles)
        self._update_visibility()
        for view in (self.view, self.orphan_view):
            view.lay_out_now()
        if waiting:
            self.view.set_placeholder(LISTING_TEXT)
            return
        keep, self._keep = self._keep, None
        if keep and self.select_note(keep):
            return
        if self.editor is not None:
            self.editor.set_note(None)

    @Slot(object)
    def on_note_changed(self, note: Note) -> None:
        """An edit in place updates one card; anything that moves cards reloads the list."""
        model = self.orphan_model if note.orphaned else self.model
        row = model.row_of(note.uuid)
        before = model.note_at(row) if row >= 0 else None
        if row >= 0 and model.replace_if_in_place(row, note):
            if before is None or before.tags != note.tags:
                self._refresh_tags()  # not on every keystroke: only when tags change
            return  # the view re-measures the changed card (dataChanged)
        self.reload(keep=note.uuid)

    @Slot(str)
    def on_note_removed(self, uuid: str) -> None:
        self.reload(keep=uuid)

    def _update_visibility(self) -> None:
        placed, orphans = self.model.rowCount(), self.orphan_model.rowCount()
        total = self.listing.total if self.listing is not None else 0
        if placed or orphans:
            self.view.set_placeholder("")
        elif total:
            self.view.set_placeholder("No notes match the filter.")
        elif self.controller is not None and self.controller.all_notes_mode:
            self.view.set_placeholder("No notes in the library yet.")
        else:
            self.view.set_placeholder(EMPTY_TEXT)
        self.orphan_label.setVisible(orphans > 0)
        self.orphan_view.setVisible(orphans > 0)
        shown = placed + orphans
        self.count_label.setText(
            "" if not total else f"{shown:,} of {total:,}" if shown != total else f"{total:,}")
        # The title stays "Notes": the pressed "All notes" button beside it says which, and
        # the room "All notes" took twice is the count's ("11 of 50,000")

    def selected_uuid(self) -> str | None:
        for view in (self.view, self.orphan_view):
            index = view.currentIndex()
            if index.isValid() and view.selectionModel().isSelected(index):
                note: Note = index.data(NOTE_ROLE)
                return note.uuid
        return None

    def select_note(self, uuid: str) -> bool:
        for view, model in ((self.view, self.model), (self.orphan_view, self.orphan_model)):
            row = model.row_of(uuid)
            if row >= 0:
                index = model.index(row, 0)
                view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                view.scrollTo(index)
                return True
        return False

    # -- user actions -------------------------------------------------------------------

    def on_current_changed(self, view: NoteCardList, current: QModelIndex) -> None:
        if not current.isValid() or self.editor is None:
            return
        other = self.orphan_view if view is self.view else self.view
        other.selectionModel().clearSelection()
        self.editor.set_note(current.data(NOTE_ROLE))

    @Slot(QModelIndex)
    def on_card_activated(self, index: QModelIndex) -> None:
        note: Note | None = index.data(NOTE_ROLE)
        if note is not None:
            self.note_activated.emit(note.uuid)

    def on_card_menu(self, view: NoteCardList, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid() or self.controller is None:
            return
        note: Note = index.data(NOTE_ROLE)
        controller = self.controller
        menu = QMenu(self)
        if note.anchored:
            menu.addAction("Go to Passage", lambda: self.note_activated.emit(note.uuid))
        menu.addAction("Edit Note", lambda: self.edit_note(note.uuid))
        menu.addAction("Edit Tags…", lambda: self.edit_tags(note.uuid))
        if not note.is_document_note:
            colours = menu.addMenu("Colour")
            for name in COLORS:
                colours.addAction(name.title(), partial(controller.recolor, note.uuid, name))
            menu.addAction("Re-attach to Selection",
                           lambda: self.reattach_requested.emit(note.uuid))
        menu.addSeparator()
        menu.addAction("Delete Note", lambda: controller.delete(note.uuid))
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def edit_note(self, uuid: str) -> None:
        if self.select_note(uuid) and self.editor is not None:
            self.editor.focus_source()

    @Slot()
    def on_add_document_note(self) -> None:
        if self.controller is not None:
            note = self.controller.add_document_note()
            if note is not None:
                self.edit_note(note.uuid)

    @Slot(bool)
    def on_all_toggled(self, enabled: bool) -> None:
        if self.controller is not None and self.controller.all_notes_mode != enabled:
            self.controller.set_all_notes_mode(enabled)

    def _refresh_tags(self) -> None:
        """The tag menu lists every tag in the library; the chosen one stays chosen while
        it exists (when it is gone the filter is cleared)."""
        if self.controller is None:
            return
        self.tags_stale = False
        chosen = self.tag_filter.currentText() if self.tag_filter.currentIndex() > 0 else None
        tags = self.controller.all_tags()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(ALL_TAGS)
        self.tag_filter.addItems(tags)
        keep = tags.index(chosen) + 1 if chosen in tags else 0
        self.tag_filter.setCurrentIndex(keep)
        self.tag_filter.setVisible(bool(tags))
        self.tag_filter.blockSignals(False)
        if chosen is not None and keep == 0:
            self.on_tag_filter(0)

    @Slot(int)
    def on_tag_filter(self, index: int) -> None:
        self.tag = self.tag_filter.itemText(index) if index > 0 else None
        self.refilter()

    def edit_tags(self, uuid: str) -> None:
        """Ask for the note's tags, comma-separated, and save them (one undo step)."""
        note = self.controller.get(uuid) if self.controller is not None else None
        if note is None or self.controller is None:
            return
        text, accepted = QInputDialog.getText(
            self, "Tags", "Tags, separated by commas:", text=", ".join(note.tags))
        if accepted:
            self.controller.set_tags(uuid, [tag for tag in text.split(",")])

    @Slot(str)
    def on_filter_text(self, text: str) -> None:
        words = tuple(text.split())
        if words != self.words:
            self.words = words
            self.refilter()

    @Slot()
    def on_color_filter(self) -> None:
        chosen = frozenset(n for n, chip in self.color_filters.items() if chip.isChecked())
        self.colors = None if len(chosen) == len(COLORS) else chosen
        self.refilter()

    def tab_chain(self) -> list[QWidget]:
        """The sidebar's controls in reading order, for the window's Tab order."""
        chain: list[QWidget] = [self.add_button, self.all_button, self.filter_edit,
                                *self.color_filters.values(), self.view, self.orphan_view]
        if self.editor is not None:
            chain += [*self.editor.color_buttons.values(), self.editor.preview_button,
                      self.editor.source]
        return chain

    def focus_filter(self) -> None:
        """The Filter Notes command: into the box, its text selected to type over."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Escape in the notes filter clears it (and a second one returns to the cards)."""
        if (watched is self.filter_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape):
            if self.filter_edit.text():
                self.filter_edit.clear()
            else:
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def flush(self) -> bool:
        """Save any note being typed (called before the window closes)."""
        return self.editor.flush() if self.editor is not None else True
