"""The main window: builds the three panes and wires them together, nothing more.

It is built in two steps so the document is on screen as early as possible: the constructor
builds only what the first paint shows (library list, reading pane with its passage kinds,
status bar, the menu bar's titles); `complete_startup` adds everything else (notes, find,
navigation, import, the actions behind menus and shortcuts) right after that paint. Tests
and embedders get a complete window at once unless they ask for `staged=True`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from reader.core.text.document import Document
from reader.ui.actions.menu_skeleton import menu_skeleton
from reader.ui.app.gc_collector import MainThreadCollector
from reader.ui.context import AppContext, remember
from reader.ui.library.model import LibraryModel
from reader.ui.library.panel import LibraryPanel
from reader.ui.plain_text import PLAIN, message_box, window_title
from reader.ui.reading.classification_controller import ClassificationController
from reader.ui.reading.document_opener import DocumentOpener
from reader.ui.reading.pane import ReadingPane
from reader.ui.reading.position import ReadingPositions
from reader.ui.themes import ReadingAppearance

if TYPE_CHECKING:  # built after the first paint or on first use: nothing at start-up
    from reader.core.classify.segment_index import Span
    from reader.core.library.search import SearchHit
    from reader.ui.actions.qactions import ActionTable
    from reader.ui.actions.shortcut_sheet import ShortcutSheet
    from reader.ui.app.pane_focus import LibraryKeys, PaneCycler
    from reader.ui.library.feature import LibraryFeature
    from reader.ui.library.search_dialog import SearchDialog
    from reader.ui.notes.feature import NotesFeature
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.reading.find_bar import FindBar
    from reader.ui.reading.navigation import ReadingNavigator

LOADING_MESSAGE = "Loading a large document…"
COMPLETION_FALLBACK_MS = 400
"""Complete the window this long after it is shown even if nothing was painted yet (a big
document still loading, a minimised start)."""


class MainWindow(QMainWindow):
    startup_completed = Signal()
    """Every feature is built: menus, shortcuts, notes, find, import (see the module doc)."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, staged: bool = False
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.collector = MainThreadCollector(self)
        self.setWindowTitle("reader")
        self.resize(1280, 800)
        self.completed = False
        self.current_doc_id: int | None = None
        """The library id of the document on screen (None before the first)."""
        self._after_completion: list[Callable[[], object]] = []

        self.library_model = LibraryModel(context.core.library)
        self.library_panel = LibraryPanel(self.library_model)
        self.reading_pane = ReadingPane()
        self.reading_view = self.reading_pane.view
        self.classification = ClassificationController(context.core, self)
        # The notes sidebar's place, kept at its width until the sidebar is built into it.
        self._notes_slot = QWidget()
        self._notes_slot.setObjectName("notes_slot")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.library_panel, self.reading_pane, self._notes_slot):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([340, 660, 280])
        self.setCentralWidget(self.splitter)
        self.menus = menu_skeleton(self)

        self.status_label = QLabel()
        self.status_label.setTextFormat(PLAIN)  # it shows the document's path
        self.status_label.setAccessibleName("Document")
        self.statusBar().addWidget(self.status_label, 1)
        self.position_label = QLabel()
        self.position_label.setObjectName("position_label")
        self.position_label.setAccessibleName("Position and kind of passage")
        self.statusBar().addPermanentWidget(self.position_label)

        self.appearance = ReadingAppearance(self.reading_view, context.settings, self)
        self.positions = ReadingPositions(context.settings)
        self.search_dialog: SearchDialog | None = None
        self.shortcut_sheet: ShortcutSheet | None = None

        self.document_opener = DocumentOpener(context.core, self)
        self.document_opener.document_ready.connect(self.on_document_ready)
        self.document_opener.open_failed.connect(self.show_problem)
        self.document_opener.loading.connect(
            lambda _id: self.statusBar().showMessage(LOADING_MESSAGE)
        )
        self.library_panel.document_selected.connect(self.on_document_selected)
        self.classification.document_classified.connect(self.on_document_classified)
        self.classification.classification_failed.connect(self.on_classification_failed)
        self.reading_view.original_requested.connect(self.open_original)
        self.appearance.theme_applied.connect(self.on_theme_applied)
        self._restore_state()
        if staged:
            self.reading_view.first_painted.connect(
                lambda: QTimer.singleShot(0, self.complete_startup)
            )
        else:
            self.complete_startup()

    def complete_startup(self) -> None:
        """Build every feature the first paint did not need (idempotent)."""
        if self.completed:
            return
        self.completed = True
        from reader.ui.actions.qactions import ActionTable
        from reader.ui.app.pane_focus import LibraryKeys, PaneCycler
        from reader.ui.library.feature import LibraryFeature
        from reader.ui.notes.feature import NotesFeature
        from reader.ui.notes.panel import NotesPanel
        from reader.ui.reading.find_bar import FindBar
        from reader.ui.reading.navigation import ReadingNavigator

        self.library_panel.complete()
        self.find_bar: FindBar = FindBar(self.reading_view)
        pane_layout = self.reading_pane.layout()
        assert pane_layout is not None  # ReadingPane lays out its legend, view and bars
        pane_layout.addWidget(self.find_bar)
        self.notes_panel: NotesPanel = NotesPanel()
        self.splitter.replaceWidget(2, self.notes_panel)
        self._notes_slot.deleteLater()
        self.notes: NotesFeature = NotesFeature(self)
        self.navigator: ReadingNavigator = ReadingNavigator(self.reading_view)
        self.panes: PaneCycler = PaneCycler(
            [self.library_panel, self.reading_pane, self.notes_panel]
        )
        self.library_keys: LibraryKeys = LibraryKeys(
            self.library_panel.view, self.library_panel.filter_edit
        )
        self.library_feature: LibraryFeature = LibraryFeature(
            self, self.context, self.library_model, self.library_panel, self.on_document_selected,
            self.notes.controller.undo_stack,
        )
        self.action_table: ActionTable = ActionTable(
            self,
            self.command_handlers(),
            self.context.settings,
            {
                "reading.": self.reading_view,
                "library.remove": self.library_panel.view,
                "library.paste": self.library_panel.view,
                "library.rename": self.library_panel.view,
            },
        )
        self.action_table.populate_menus(self, self.menus)
        self._wire_context_menus()
        self._set_tab_order()
        self.navigator.announced.connect(self.position_label.setText)
        self.navigator.highlight_requested.connect(lambda _s, _e: self.notes.highlight(None))
        self.on_theme_applied(self.appearance.effective)
        self.navigator.reset()
        document, doc_id = self.reading_view.current, self.current_doc_id
        if document is not None and doc_id is not None:
            self.notes.document_shown(doc_id, document)
        for step in self._after_completion:
            step()
        self._after_completion.clear()
        self.startup_completed.emit()

    def when_complete(self, step: Callable[[], object]) -> None:
        """Run `step` once every feature is built (now, if it already is)."""
        if self.completed:
            step()
        else:
            self._after_completion.append(step)

    def command_handlers(self) -> dict[str, Callable[[], object]]:
        """Handler of every command in `reader.keymap.COMMANDS`, by name."""
        nav, look = self.navigator, self.appearance
        return {
            "app.quit": self.close,
            "find.open": self.find_bar.open_bar,
            "find.next": lambda: self.find_bar.find_next(1),
            "find.previous": lambda: self.find_bar.find_next(-1),
            "search.library": self.open_search,
            "reading.extend_next": lambda: nav.extend(1),
            "reading.extend_previous": lambda: nav.extend(-1),
            "view.zoom_in": lambda: look.zoom(1),
            "view.zoom_out": lambda: look.zoom(-1),
            "view.zoom_reset": lambda: look.zoom(None),
            "view.wider": lambda: look.change_measure(8),
            "view.narrower": lambda: look.change_measure(-8),
            "view.font": lambda: look.choose_font(self),
            "view.theme_next": look.next_theme,
            "view.theme_system": lambda: look.set_theme("system"),
            "view.theme_light": lambda: look.set_theme("light"),
            "view.theme_dark": lambda: look.set_theme("dark"),
            "view.theme_sepia": lambda: look.set_theme("sepia"),
            "focus.library": lambda: self.panes.focus(0),
            "focus.reading": lambda: self.panes.focus(1),
            "focus.notes": lambda: self.panes.focus(2),
            "focus.next_pane": lambda: self.panes.cycle(1),
            "focus.previous_pane": lambda: self.panes.cycle(-1),
            "document.next": lambda: self.library_panel.step(1),
            "document.previous": lambda: self.library_panel.step(-1),
            "passage.explain": self.reading_pane.explain_current,
            "passage.open_original": self.open_original_of_current_passage,
            "view.show_all": lambda: self.reading_pane.legend.set_filter("all"),
            "view.hide_furniture": lambda: self.reading_pane.legend.set_filter("no-furniture"),
            "view.reporting_only": lambda: self.reading_pane.legend.set_filter("reporting"),
            "view.commentary_only": lambda: self.reading_pane.legend.set_filter("commentary"),
            "reading.paragraph_next": lambda: nav.paragraph(1),
            "reading.paragraph_previous": lambda: nav.paragraph(-1),
            "reading.commentary_next": lambda: nav.commentary(1),
            "reading.commentary_previous": lambda: nav.commentary(-1),
            "reading.note_next": lambda: nav.note(1),
            "reading.note_previous": lambda: nav.note(-1),
            "reading.page_down": lambda: nav.page(1),
            "reading.page_up": lambda: nav.page(-1),
            "reading.top": lambda: nav.edge(end=False),
            "reading.bottom": lambda: nav.edge(end=True),
            "reading.highlight": nav.highlight,
            "help.shortcuts": self.open_shortcut_sheet,
            **self.notes.command_handlers(),
            **self.library_feature.handlers(),
        }

    def _wire_context_menus(self) -> None:
        # The reading pane's menu is the notes feature's (it adds highlight colours and
        # gathers the table's reading-pane commands), so only the library is wired here.
        view = self.library_panel.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda point: self.action_table.context_menu("library", view).popup(
                view.mapToGlobal(point)
            )
        )

    def _set_tab_order(self) -> None:
        panel = self.library_panel
        chain = [panel.filter_edit, panel.collection_combo, panel.sort_button, panel.view,
                 self.reading_view, self.find_bar.edit, self.notes_panel]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _restore_state(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def open_initial_document(self, preferred_id: int | None = None) -> None:
        """Open the given document, else the last one read, else the first in the list."""
        last = self.context.settings.value("session/last_document_path", "")
        candidates = [preferred_id]
        if isinstance(last, str) and last:
            candidates.append(self.context.core.library.id_for_path(last))
        for doc_id in candidates:
            if doc_id is not None and self.library_panel.select_document(doc_id):
                break
        else:
            self.library_panel.select_first()
        self.library_panel.view.setFocus()

    @Slot(int)
    def on_document_selected(self, doc_id: int) -> None:
        self.document_opener.open(doc_id)

    @Slot(int, object)
    def on_document_ready(self, doc_id: int, document: Document) -> None:
        if self.statusBar().currentMessage() == LOADING_MESSAGE:
            self.statusBar().clearMessage()
        self.positions.save(self.reading_view)
        self.current_doc_id = doc_id
        with self.reading_view.layers.batch():  # kinds, highlights, find: one hand-over to Qt
            self.reading_view.show_document(document)
            self.reading_pane.page_info.show_meta(document.meta)
            if not self.positions.restore(self.reading_view):
                self.reading_pane.show_headline(document)
            if self.completed:
                self.navigator.reset()
                if self.find_bar.isVisible():
                    self.find_bar.search()
            self.reading_pane.clear_segments()
            if self.completed:
                self.notes.document_shown(doc_id, document)
            self.classification.request(doc_id, document.text)  # cached verdicts: at once
        self.setWindowTitle(window_title(f"{document.title} — reader"))
        # The stored count: counting a huge document's words here would stall the window.
        entry = self.context.core.library.entry(doc_id)
        words = entry.word_count if entry is not None else document.word_count
        self.status_label.setText(f"{document.path}  ·  {words:,} words")
        remember(self.context.settings, "session/last_document_path", document.path)

    @Slot(int, object, object)
    def on_document_classified(
        self, doc_id: int, segments: list[Span], shares: dict[str, float]
    ) -> None:
        self.library_model.set_commentary_share(doc_id, shares.get("commentary", 0.0))
        if self.reading_view.current is not None and self.current_doc_id == doc_id:
            self.reading_pane.set_segments(segments, shares)

    @Slot(int, str)
    def on_classification_failed(self, doc_id: int, message: str) -> None:
        self.show_problem(f"Could not classify document {doc_id}: {message}")

    @Slot(str, int)
    def open_original(self, path: str, offset: int) -> None:
        """Open the original a passage came from, at the matching passage."""
        doc_id = self.context.core.library.id_for_path(path)
        if doc_id is None or not self.library_panel.select_document(doc_id):
            self.show_problem(f"The original ({path}) is no longer in the library.")
            return
        self.reading_view.go_to_offset(offset)
        self.reading_view.setFocus()

    def open_original_of_current_passage(self) -> None:
        segment = self.reading_view.segment_at(self.reading_view.caret_offset())
        source = getattr(segment, "source", None)
        if segment is None or not source:
            self.show_problem("This passage was not matched to an original.")
            return
        self.open_original(source, getattr(segment, "source_start", 0) or 0)

    @Slot(str)
    def on_theme_applied(self, theme: str) -> None:
        if not self.completed:
            return  # the theme menu's check marks are set once it exists
        for name in ("system", "light", "dark", "sepia"):
            action = self.action_table.actions[f"view.theme_{name}"]
            action.setCheckable(True)
            action.setChecked(name == self.appearance.theme)

    def open_search(self) -> None:
        if self.search_dialog is None:
            from reader.core.library.search import search_library
            from reader.ui.library.search_dialog import SearchDialog

            self.search_dialog = SearchDialog(
                lambda query: search_library(self.context.core.db, query), self
            )
            self.search_dialog.hit_activated.connect(self.open_hit)
        self.search_dialog.open_search()

    @Slot(object)
    def open_hit(self, hit: SearchHit) -> None:
        """Open the hit's document with the caret on the match."""
        if hit.doc_id is None:
            self.show_problem("That note's document is no longer in the library.")
            return
        if not self.library_panel.select_document(hit.doc_id):
            self.library_panel.filter_edit.clear()
            self.library_panel.select_document(hit.doc_id)
        view = self.reading_view
        self.activateWindow()
        if view.current is None or hit.offset is None:
            view.setFocus()
            return
        end = hit.offset
        word = re.compile(r"\w+").match(view.current.text, hit.offset)
        if word is not None:
            end = word.end()
        view.go_to_offset(hit.offset, end)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_shortcut_sheet(self) -> None:
        if self.shortcut_sheet is None:
            from reader.ui.actions.shortcut_sheet import ShortcutSheet

            self.shortcut_sheet = ShortcutSheet(self.action_table, self)
        self.shortcut_sheet.show()
        self.shortcut_sheet.raise_()
        self.shortcut_sheet.activateWindow()
        self.shortcut_sheet.view.setFocus()

    def show_problem(self, message: str) -> None:
        """A plain-language message that does not block reading."""
        self.statusBar().showMessage(message, 15000)

    def show_warning_dialog(self, message: str) -> None:
        """Window-modal but not blocking: the library stays readable behind it."""
        from PySide6.QtWidgets import QMessageBox

        box = message_box(self, QMessageBox.Icon.Warning, "reader", message)
        box.setObjectName("warning_dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.completed:
            QTimer.singleShot(COMPLETION_FALLBACK_MS, self.complete_startup)
        # QStatusBar only hides visible widgets under a message, so a message shown before
        # the window was (start-up problems) would be drawn over the status label.
        message = self.statusBar().currentMessage()
        if message:
            self.statusBar().clearMessage()  # the same text again would be ignored
            self.statusBar().showMessage(message, 15000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.completed and not self.notes.flush():  # never close over a note that is not saved
            event.ignore()
            self.show_warning_dialog("A note could not be saved, so reader stays open. Its text "
                                     "is still in the note editor; free disk space or close "
                                     "other programs using the library, then try again.")
            return
        if self.completed:
            self.library_feature.shutdown()
        self.collector.stop()
        settings = self.context.settings
        self.positions.save(self.reading_view)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.sync()
        self.classification.shutdown()
        super().closeEvent(event)
