"""The notes sidebar: filters, the note cards in reading order, Orphaned, and the editor.

Builds its lists on a `NotesController` handed to `attach()`; it emits what the user
asked for (go to a note) and leaves the reading pane to the window's wiring.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal, Slot
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

from reader.core.notes.storage import COLORS, Note
from reader.ui.notes.card import color_of
from reader.ui.notes.card_list import NoteCardList
from reader.ui.notes.controller import NotesController
from reader.ui.notes.editor import NoteEditor
from reader.ui.notes.model import NOTE_ROLE, NotesFilterProxy, NotesModel

ALL_TAGS = "All tags"
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
        self.proxy = NotesFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.orphan_proxy = NotesFilterProxy()
        self.orphan_proxy.setSourceModel(self.orphan_model)

        self.title = QLabel("<b>Notes</b>", self)
        self.count_label = QLabel("", self)
        self.count_label.setStyleSheet("color: palette(mid);")
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
            chip.setStyleSheet(
                f"QToolButton {{ background: {color_of(name).name()}; border-radius: 8px;"
                " border: 1px solid #888; } QToolButton:!checked { background: transparent; }"
            )
            chip.toggled.connect(self.on_color_filter)
            filters.addWidget(chip)
            self.color_filters[name] = chip

        self.view = NoteCardList("notes_view", self)
        self.view.setAccessibleName("Notes on this document")
        self.view.setModel(self.proxy)
        self.orphan_label = QLabel("<b>Orphaned</b> — passage no longer in the text; select new "
                                   "text and choose “Re-attach”", self)
        self.orphan_label.setWordWrap(True)
        self.orphan_view = NoteCardList("orphan_view", self)
        self.orphan_view.setAccessibleName("Orphaned notes")
        self.orphan_view.setModel(self.orphan_proxy)

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
        self.setFocusProxy(self.view)
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
        controller.notes_reset.connect(self.reload)
        controller.note_changed.connect(self.on_note_changed)
        controller.note_removed.connect(self.on_note_removed)

    # -- contents -----------------------------------------------------------------------

    @Slot()
    def reload(self, keep: str | None = None) -> None:
        if self.controller is None:
            return
        keep = keep or self.selected_uuid()
        show_titles = self.controller.all_notes_mode
        titles = self.controller.document_titles() if show_titles else {}
        places = self.controller.places()
        placed = [p for p in places if not p[4]]  # (id, start, end, colour, orphaned)
        orphans = [p for p in places if p[4]] if len(placed) < len(places) else []
        store = self.controller.store
        for model, rows in ((self.model, placed), (self.orphan_model, orphans)):
            model.show_titles = show_titles
            model.set_places(rows, store, titles)
        if self.tags_stale:
            self._refresh_tags()
        self._update_visibility()
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
        placed, orphans = self.proxy.rowCount(), self.orphan_proxy.rowCount()
        if placed or orphans:
            self.view.set_placeholder("")
        elif self.model.rowCount() or self.orphan_model.rowCount():
            self.view.set_placeholder("No notes match the filter.")
        elif self.controller is not None and self.controller.all_notes_mode:
            self.view.set_placeholder("No notes in the library yet.")
        else:
            self.view.set_placeholder(EMPTY_TEXT)
        self.orphan_label.setVisible(orphans > 0)
        self.orphan_view.setVisible(orphans > 0)
        total = self.model.rowCount() + self.orphan_model.rowCount()
        self.count_label.setText(f"{total}" if total else "")
        if self.controller is not None:
            self.title.setText("<b>All notes</b>" if self.controller.all_notes_mode
                               else "<b>Notes</b>")

    def selected_uuid(self) -> str | None:
        for view in (self.view, self.orphan_view):
            index = view.currentIndex()
            if index.isValid() and view.selectionModel().isSelected(index):
                note: Note = index.data(NOTE_ROLE)
                return note.uuid
        return None

    def select_note(self, uuid: str) -> bool:
        for view, proxy, model in ((self.view, self.proxy, self.model),
                                   (self.orphan_view, self.orphan_proxy, self.orphan_model)):
            row = model.row_of(uuid)
            index = proxy.mapFromSource(model.index(row, 0)) if row >= 0 else QModelIndex()
            if index.isValid():
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
        tag = self.tag_filter.itemText(index) if index > 0 else None
        for proxy in (self.proxy, self.orphan_proxy):
            proxy.set_tag(tag)
        self._update_visibility()

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
        for proxy in (self.proxy, self.orphan_proxy):
            proxy.set_text(text)
        self._update_visibility()

    @Slot()
    def on_color_filter(self) -> None:
        chosen = frozenset(n for n, chip in self.color_filters.items() if chip.isChecked())
        colors = None if len(chosen) == len(COLORS) else chosen
        for proxy in (self.proxy, self.orphan_proxy):
            proxy.set_colors(colors)
        self._update_visibility()

    def flush(self) -> bool:
        """Save any note being typed (called before the window closes)."""
        return self.editor.flush() if self.editor is not None else True
