"""The main window: builds the three panes and wires them together, nothing more."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from reader.core.document import DocumentError
from reader.ui.actions import ActionTable
from reader.ui.context import AppContext
from reader.ui.library_feature import LibraryFeature
from reader.ui.library_model import LibraryModel
from reader.ui.library_panel import LibraryPanel
from reader.ui.notes_panel import NotesPanel
from reader.ui.reading_view import ReadingView


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("reader")
        self.resize(1280, 800)

        self.library_model = LibraryModel(context.core.library)
        self.library_panel = LibraryPanel(self.library_model)
        self.reading_view = ReadingView()
        self.notes_panel = NotesPanel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.library_panel, self.reading_view, self.notes_panel):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([340, 660, 280])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        self.library_feature = LibraryFeature(
            self, context, self.library_model, self.library_panel, self.on_document_selected
        )
        self.action_table = ActionTable(self, self.command_handlers(), context.settings)
        self.action_table.populate_menus(self)

        self.library_panel.document_selected.connect(self.on_document_selected)
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
            **self.library_feature.handlers(),
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
        self.setWindowTitle(f"{document.title} — reader")
        self.status_label.setText(f"{document.path}  ·  {document.word_count:,} words")
        self.context.settings.setValue("session/last_document_path", document.path)

    def show_problem(self, message: str) -> None:
        """A plain-language message that does not block reading."""
        self.statusBar().showMessage(message, 15000)

    def show_warning_dialog(self, message: str) -> None:
        QMessageBox.warning(self, "reader", message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.library_feature.shutdown()
        settings = self.context.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.sync()
        super().closeEvent(event)
