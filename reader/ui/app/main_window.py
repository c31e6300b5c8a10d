"""The main window: builds the three panes and wires them together, nothing more.

It is built in two steps so the document is on screen as early as possible: the constructor
builds only what the first paint shows (library list, reading pane with its passage kinds,
status bar, the menu bar's titles); `complete_startup` adds everything else (notes, find,
navigation, import, the actions behind menus and shortcuts). When that happens, and the
rules the first step keeps, belong to the start-up module, `reader.ui.app.launch`. Parts
built in the second step hear about documents through `document_shown` and about closing
through `_may_close` / `_on_close`, so the window's methods need not ask whether they exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from reader.core.background import list_ids
from reader.core.text.document import Document
from reader.ui.actions.menu_skeleton import menu_skeleton
from reader.ui.app.gc_collector import MainThreadCollector
from reader.ui.context import AppContext, remember
from reader.ui.library.model import LibraryModel
from reader.ui.library.panel import LibraryPanel
from reader.ui.plain_text import StatusLabel, message_box, window_title
from reader.ui.reading.classification_controller import ClassificationController
from reader.ui.reading.document_opener import DocumentOpener
from reader.ui.reading.pane import ReadingPane
from reader.ui.reading.position import ReadingPositions
from reader.ui.themes import ReadingAppearance

if TYPE_CHECKING:  # built after the first paint or on first use: nothing at start-up
    from PySide6.QtGui import QCloseEvent

    from reader.core.classify.segment_index import Span
    from reader.core.library.search import SearchHit
    from reader.ui.actions.qactions import ActionTable, Handlers
    from reader.ui.actions.shortcut_sheet import ShortcutSheet
    from reader.ui.app.pane_focus import LibraryKeys, PaneCycler
    from reader.ui.compare.feature import CompareFeature
    from reader.ui.library.feature import LibraryFeature
    from reader.ui.library.search_dialog import SearchDialog
    from reader.ui.notes.feature import NotesFeature
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.reading.find_bar import FindBar
    from reader.ui.reading.history import VisitHistory
    from reader.ui.reading.navigation import ReadingNavigator

LOADING_MESSAGE = "Loading a large document…"


class MainWindow(QMainWindow):
    startup_completed = Signal()
    store_checked = Signal(object)
    """The deferred store check finished: None when sound, else what is wrong."""
    """Every feature is built: menus, shortcuts, notes, find, import (see the module doc)."""
    document_shown = Signal(int, object)
    """(doc id, `Document`) now on screen; emitted inside the layers' batch, so what listeners
    paint reaches Qt in the same hand-over."""

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
        self._may_close: list[Callable[[], bool]] = []
        """Vetoes: False keeps the window open (a note that could not be saved)."""
        self._on_close: list[Callable[[], object]] = []

        core = context.core
        self.library_model = LibraryModel(core.library, lambda query: list_ids(core, query))
        self.library_panel = LibraryPanel(self.library_model)
        self.library_model.query_failed.connect(self.show_problem)
        self.reading_pane = ReadingPane()
        self.reading_view = self.reading_pane.view
        self._on_close.append(self.reading_view.loader.stop)  # nothing loads into a closed store
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

        # Both give way to each other with an ellipsis (the whole text in their tooltips).
        self.status_label = StatusLabel("Document")  # it shows the document's path
        self.position_label = StatusLabel("Position and kind of passage")
        self.position_label.setObjectName("position_label")
        self.statusBar().addWidget(self.status_label, 3)
        self.statusBar().addPermanentWidget(self.position_label, 2)
        self.statusBar().messageChanged.connect(self._make_room_for_message)

        self.appearance = ReadingAppearance(self.reading_view, context.settings, self)
        self.positions = ReadingPositions(context.settings)
        self.search_dialog: SearchDialog | None = None
        self.shortcut_sheet: ShortcutSheet | None = None

        self.document_opener = DocumentOpener(context.core, self)
        self.document_opener.document_ready.connect(self.on_document_ready)
        self._on_close.append(self.document_opener.cancel)
        self.document_opener.open_failed.connect(self.show_problem)
        self.document_opener.loading.connect(
            lambda _id: self.statusBar().showMessage(LOADING_MESSAGE)
        )
        self.library_panel.document_selected.connect(self.on_document_selected)
        self.classification.document_classified.connect(self.on_document_classified)
        self.classification.classification_failed.connect(self.on_classification_failed)
        self.classification.document_shared.connect(
            lambda doc_id, shares, _related: self.library_model.set_commentary_share(
                doc_id, shares.get("commentary", 0.0)))
        self.reading_view.original_requested.connect(self.open_original)
        self.reading_pane.legend.guide_requested.connect(lambda: self.open_guide())
        self.appearance.announced.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self._restore_state()
        if not staged:
            self.complete_startup()

    def complete_startup(self) -> None:
        """Build every feature the first paint did not need (idempotent)."""
        if self.completed:
            return
        self.completed = True
        from reader.ui.actions.qactions import ActionTable
        from reader.ui.app.pane_focus import LibraryKeys, PaneCycler
        from reader.ui.compare.feature import CompareFeature
        from reader.ui.library.feature import LibraryFeature
        from reader.ui.notes.feature import NotesFeature
        from reader.ui.notes.panel import NotesPanel
        from reader.ui.reading.actions import reading_handlers
        from reader.ui.reading.find_bar import FindBar
        from reader.ui.reading.history import VisitHistory
        from reader.ui.reading.navigation import ReadingNavigator

        self.library_panel.complete()
        self.find_bar: FindBar = FindBar(self.reading_view)
        pane_layout = self.reading_pane.layout()
        assert pane_layout is not None  # ReadingPane lays out its legend, view and bars
        pane_layout.addWidget(self.find_bar)
        self.notes_panel: NotesPanel = NotesPanel()
        self.splitter.replaceWidget(2, self.notes_panel)
        self._notes_slot.deleteLater()
        self.history: VisitHistory = VisitHistory(
            self.context.core.library, self.reading_view, self.library_panel.select_document,
            self.show_problem, self,
        )
        self.compare: CompareFeature = CompareFeature(
            self.context, self.reading_view, self.library_model, self.find_bar,
            self.library_panel.selected_ids, self.open_document_at, self.show_problem,
            self.withdraw_message, self,
        )
        self.statusBar().addPermanentWidget(self.compare.provenance, 2)
        for listener in (self.compare.marks, self.compare.labels):
            self.classification.document_classified.connect(listener.on_document_classified)
        self.classification.document_shared.connect(self.compare.labels.on_document_shared)
        self.classification.document_classified.connect(lambda *_: self.compare.strip.update())
        self.action_table: ActionTable = ActionTable(
            self,
            self.context.settings,
            {
                "reading.": self.reading_view,
                "library.remove": self.library_panel.view,
                "library.paste": self.library_panel.view,
                "library.rename": self.library_panel.view,
                "compare.": self.compare.window.view,
            },
        )
        self.notes: NotesFeature = NotesFeature(
            self.context.core, self.reading_view, self.notes_panel, self.library_panel,
            self.action_table, self.show_problem, self, settings=self.context.settings,
        )
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
        self.library_feature.open_document_removed.connect(self.notes.on_document_removed)
        self.library_feature.store_changed_elsewhere.connect(self.notes.on_store_changed_elsewhere)
        # Each part's handlers live beside its code; the table checks that every row has one.
        for handlers in (
            self.handlers(),
            reading_handlers(self.reading_pane, self.navigator, self.find_bar),
            self.appearance.handlers(self),
            self.panes.handlers(),
            self.notes.handlers(),
            self.library_feature.handlers(),
            self.compare.handlers(),
            {"go.back": self.history.go_back, "go.forward": self.history.go_forward},
        ):
            self.action_table.register(handlers)
        self.action_table.require_all_handled()
        self.action_table.populate_menus(self, self.menus)
        self._wire_context_menus()
        self._set_tab_order()
        self.document_shown.connect(lambda _id, _document: self.navigator.reset())
        self.document_shown.connect(lambda _id, _document: self.find_bar.refresh())
        self.document_shown.connect(self.notes.document_shown)
        self._may_close.append(self.notes.flush)  # never close over a note that is not saved
        self._on_close.append(self.library_feature.shutdown)
        self.appearance.theme_applied.connect(self.on_theme_applied)
        self.navigator.announced.connect(self.position_label.setText)
        self.navigator.highlight_requested.connect(lambda _s, _e: self.notes.highlight(None))
        self.on_theme_applied(self.appearance.effective)
        self.navigator.reset()
        document, doc_id = self.reading_view.current, self.current_doc_id
        if document is not None and doc_id is not None:
            self.notes.document_shown(doc_id, document)
            self.compare.marks.on_document_classified(doc_id, self.reading_view.segments, None)
        for step in self._after_completion:
            step()
        self._after_completion.clear()
        if self.context.core.opened.unchecked:
            self.check_store()
        self.startup_completed.emit()

    def check_store(self) -> None:
        """The integrity check a start after a crash left for now, on a worker thread: the
        window is usable meanwhile, and the reader is told if the file is damaged."""
        from reader.core.background import check_store
        from reader.ui.tasks import run_in_background

        core = self.context.core
        core.opened.unchecked = False
        run_in_background(
            lambda _report: check_store(core), self._store_checked, self._store_check_failed
        )

    def _store_checked(self, problem: str | None) -> None:
        if problem is not None:
            self.show_warning_dialog(
                "Your library file looks damaged (the check after reader last stopped "
                f"unexpectedly found: {problem}). Save what you are writing, then quit and "
                "start reader again: it will keep the damaged file as a backup in the "
                "backups folder and start a new library."
            )
        self.store_checked.emit(problem)

    def _store_check_failed(self, error: Exception) -> None:
        self.store_checked.emit(None)  # could not run (locked, unreadable): checked next time

    def when_complete(self, step: Callable[[], object]) -> None:
        """Run `step` once every feature is built (now, if it already is)."""
        if self.completed:
            step()
        else:
            self._after_completion.append(step)

    def handlers(self) -> Handlers:
        """The window's own rows of the action table (the rest are its parts')."""
        return {
            "app.quit": self.close,
            "search.library": self.open_search,
            "passage.open_original": self.open_original_of_current_passage,
            "help.shortcuts": self.open_shortcut_sheet,
            "help.guide": self.open_guide,
            "help.about": self.open_about,
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
        """Tab walks every control in reading order: library, text, find, sidebar."""
        chain = [*self.library_panel.tab_chain(), self.reading_view, self.find_bar.edit,
                 *self.notes_panel.tab_chain()]
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
        self.withdraw_message(LOADING_MESSAGE)
        if self.completed:
            self.history.leaving()
        self.positions.save(self.reading_view)
        self.current_doc_id = doc_id
        with self.reading_view.layers.batch():  # kinds, highlights, find: one hand-over to Qt
            self.reading_view.show_document(document)
            self.reading_pane.page_info.show_meta(document.meta)
            if not self.positions.restore(self.reading_view):
                self.reading_pane.show_headline(document)
            self.reading_pane.clear_segments()
            self.document_shown.emit(doc_id, document)
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

    def open_document_at(self, doc_id: int, offset: int) -> None:
        """Open a library document with the caret at `offset` (from the comparison)."""
        entry = self.context.core.library.entry(doc_id)
        if entry is None:
            self.show_problem("That document is no longer in the library.")
            return
        self.activateWindow()
        self.open_original(entry.path, offset)

    def open_original_of_current_passage(self) -> None:
        matched = self.compare.marks.original_place(self.reading_view.caret_offset())
        if matched is not None:  # the comparison knows reworded passages too
            path, start, end = matched
            self.open_original(path, start)
            if self.reading_view.current is not None and self.reading_view.current.path == path:
                self.notes.layer.flash(start, end)
                self.reading_view.go_to_offset(start)  # the caret at the passage's start
            return
        segment = self.reading_view.segment_at(self.reading_view.caret_offset())
        source = getattr(segment, "source", None)
        if segment is None or not source:
            self.show_problem("This passage was not matched to an original.")
            return
        self.open_original(source, getattr(segment, "source_start", 0) or 0)

    @Slot(str)
    def on_theme_applied(self, theme: str) -> None:
        """The theme menu's check marks (connected once that menu exists)."""
        for name in ("system", "light", "dark", "sepia"):
            action = self.action_table.actions[f"view.theme_{name}"]
            action.setCheckable(True)
            action.setChecked(name == self.appearance.theme)

    def open_search(self) -> None:
        if self.search_dialog is None:
            from reader.core.background import search
            from reader.ui.library.search_dialog import SearchDialog

            core = self.context.core
            self.search_dialog = SearchDialog(lambda query: search(core, query), self)
            self.search_dialog.hit_activated.connect(self.open_hit)
        self.search_dialog.open_search()

    @Slot(object)
    def open_hit(self, hit: SearchHit) -> None:
        """Open the hit's document with the caret on the match."""
        if hit.doc_id is None:
            self.show_problem("That note's document is no longer in the library.")
            return
        self.library_panel.reveal_document(hit.doc_id)
        view = self.reading_view
        self.activateWindow()
        offset = hit.offset
        if offset is None and view.current is not None and hit.kind == "document":
            from reader.core.library.search import first_match_offset

            query = self.search_dialog.edit.text() if self.search_dialog else ""
            offset = first_match_offset(view.current.text, query)  # found when opened
        if view.current is None or offset is None:
            view.setFocus()
            return
        end = offset
        word = re.compile(r"\w+").match(view.current.text, offset)
        if word is not None:
            end = word.end()
        view.go_to_offset(offset, end)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_shortcut_sheet(self) -> None:
        if self.shortcut_sheet is None:
            from reader.ui.actions.shortcut_sheet import ShortcutSheet

            self.shortcut_sheet = ShortcutSheet(self.action_table, self)
        self.shortcut_sheet.show()
        self.shortcut_sheet.raise_()
        self.shortcut_sheet.activateWindow()
        self.shortcut_sheet.view.setFocus()

    def open_guide(self) -> None:
        from reader.ui.help.dialogs import guide_dialog

        self._help_dialog(guide_dialog(self))

    def open_about(self) -> None:
        from reader.ui.help.dialogs import about_dialog

        self._help_dialog(about_dialog(self.context.core.data_dir, self))

    def _help_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.activateWindow()

    def show_problem(self, message: str) -> None:
        """A plain-language message that does not block reading."""
        self.statusBar().showMessage(message, 15000)

    def withdraw_message(self, message: str) -> None:
        """Take `message` down once what it announced is over ("Looking for…", "Loading…"),
        unless another has replaced it meanwhile: that one is news and stays."""
        if self.statusBar().currentMessage() == message:
            self.statusBar().clearMessage()

    def show_warning_dialog(self, message: str) -> None:
        """Window-modal but not blocking: the library stays readable behind it."""
        from PySide6.QtWidgets import QMessageBox

        box = message_box(self, QMessageBox.Icon.Warning, "reader", message)
        box.setObjectName("warning_dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # QStatusBar only hides visible widgets under a message, so a message shown before
        # the window was (start-up problems) would be drawn over the status label.
        message = self.statusBar().currentMessage()
        if message:
            self.statusBar().clearMessage()  # the same text again would be ignored
            self.statusBar().showMessage(message, 15000)

    @Slot(str)
    def _make_room_for_message(self, message: str) -> None:
        """A status message gets the bar's width: the path and position labels step aside
        while it shows. Qt hides only normal widgets that are visible at that moment (so a
        message shown before the window was could be drawn over the path), and the position
        label's stretch would leave the message no room at all."""
        for label in (self.status_label, self.position_label):
            label.setVisible(not message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not all(may_close() for may_close in self._may_close):
            event.ignore()
            self.show_warning_dialog("A note could not be saved, so reader stays open. Its text "
                                     "is still in the note editor; free disk space or close "
                                     "other programs using the library, then try again.")
            return
        for step in self._on_close:
            step()
        self.collector.stop()
        settings = self.context.settings
        self.positions.save(self.reading_view)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.sync()
        self.classification.shutdown()
        if self.completed:
            self.compare.shutdown()
        super().closeEvent(event)
