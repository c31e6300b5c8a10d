"""The main window: builds the three panes and wires them together, nothing more."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from reader.core.document import DocumentError
from reader.ui.actions import ActionTable
from reader.ui.context import AppContext
from reader.ui.library_model import LibraryModel
from reader.ui.library_panel import LibraryPanel
from reader.ui.notes_panel import NotesPanel
from reader.ui.classification_controller import ClassificationController
from reader.ui.reading_pane import ReadingPane


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("reader")
        self.resize(1280, 800)

        self.library_model = LibraryModel(context.core.library)
        self.library_panel = LibraryPanel(self.library_model)
        self.reading_pane = ReadingPane()
        self.reading_view = self.reading_pane.view
        self.classification = ClassificationController(
            context.core.db, context.core.opened.path, self
        )
        self.notes_panel = NotesPanel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.library_panel, self.reading_pane, self.notes_panel):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([340, 660, 280])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        self.action_table = ActionTable(self, self.command_handlers(), context.settings)
        self.action_table.populate_menus(self)

        self.library_panel.document_selected.connect(self.on_document_selected)
        self.classification.document_classified.connect(self.on_document_classified)
        self.classification.classification_failed.connect(self.on_classification_failed)
        self.reading_view.original_requested.connect(self.open_original)
        self._restore_state()

    def command_handlers(self) -> dict[str, Callable[[], object]]:
        """Handler of every command in `reader.ui.actions.COMMANDS`, by name."""
        return {
            "app.quit": self.close,
            "focus.library": self.library_panel.view.setFocus,
            "focus.reading": self.reading_view.setFocus,
            "focus.notes": self.notes_panel.setFocus,
            "document.next": lambda: self.library_panel.step(1),
            "document.previous": lambda: self.library_panel.step(-1),
            "passage.explain": self.reading_pane.explain_current,
            "passage.open_original": self.open_original_of_current_passage,
            "view.show_all": lambda: self.reading_pane.legend.set_filter("all"),
            "view.hide_furniture": lambda: self.reading_pane.legend.set_filter("no-furniture"),
            "view.reporting_only": lambda: self.reading_pane.legend.set_filter("reporting"),
            "view.commentary_only": lambda: self.reading_pane.legend.set_filter("commentary"),
        }

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
        try:
            document = self.context.core.library.document(doc_id)
        except (KeyError, DocumentError) as error:
            self.show_problem(f"This document cannot be shown: {error}")
            return
        self.reading_view.show_document(document)
        self.reading_pane.clear_segments()
        self.classification.request(doc_id)
        self.setWindowTitle(f"{document.title} — reader")
        self.status_label.setText(f"{document.path}  ·  {document.word_count:,} words")
        self.context.settings.setValue("session/last_document_path", document.path)

    @Slot(int, object, object)
    def on_document_classified(self, doc_id: int, segments: list, share: float | None) -> None:
        if share is not None:
            self.library_model.set_commentary_share(doc_id, share)
        current = self.reading_view.current
        if current is not None and self.context.core.library.id_for_path(current.path) == doc_id:
            self.reading_pane.set_segments(segments)

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
        self.reading_view.scroll_to_offset(offset)
        self.reading_view.setFocus()

    def open_original_of_current_passage(self) -> None:
        segment = self.reading_view.segment_at(self.reading_view.textCursor().position())
        source = getattr(segment, "source", None)
        if segment is None or not source:
            self.show_problem("This passage was not matched to an original.")
            return
        self.open_original(source, getattr(segment, "source_start", 0) or 0)

    def show_problem(self, message: str) -> None:
        """A plain-language message that does not block reading."""
        self.statusBar().showMessage(message, 15000)

    def show_warning_dialog(self, message: str) -> None:
        QMessageBox.warning(self, "reader", message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        settings = self.context.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.sync()
        self.classification.shutdown()
        super().closeEvent(event)
