"""What an import shows: a progress bar in the status bar, then the files that failed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.text.document import DocumentError
from reader.ui.plain_text import StatusLabel, plain_label, tooltip


class ImportProgress(QWidget):
    """Count, current file and a Cancel button; lives in the status bar while importing."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_progress")
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Import progress")
        self.bar.setMinimumWidth(110)  # "1,234 of 5,000" still fits
        self.bar.setMaximumWidth(220)
        self.bar.setFormat("%v of %m")
        self.bar.setTextVisible(True)
        # The file's name gives way to its neighbours (elided in the middle, whole in its
        # tooltip): a fixed-width name pushed the status bar, and the window, wider.
        self.label = StatusLabel("File being imported", self,
                                 elide=Qt.TextElideMode.ElideMiddle)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(80)
        self.label.setMaximumWidth(360)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the import")
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stage = QLabel("Importing", self)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        layout.addWidget(self.cancel_button)
        self.hide()

    @Slot()
    def begin(self) -> None:
        self.stage.setText("Importing")
        self.bar.setRange(0, 0)  # busy until the folder scan knows the total
        self.label.setText("Looking for files…")
        self.cancel_button.setEnabled(True)
        self.show()

    @Slot(int, int, str)
    def on_progressed(self, done: int, total: int, current: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(Path(current).name if current else "")
        self.label.setToolTip(tooltip(current))

    @Slot(str)
    def on_stage_changed(self, stage: str) -> None:
        """After the files are read, the new documents are classified: counted anew."""
        self.stage.setText("Classifying" if stage == "classifying" else "Importing")
        self.bar.setRange(0, 0)
        self.label.setText("")

    @Slot()
    def on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")


class ImportFailuresDialog(QDialog):
    """Files that could not be imported, each with its reason; the rest were imported."""

    def __init__(self, failures: list[DocumentError], summary: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_failures")
        self.setWindowTitle("Some files were not imported")
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["File", "Reason"])
        for error in failures:
            name = QStandardItem(Path(error.path).name or error.path)
            name.setToolTip(tooltip(error.path))
            reason = QStandardItem(error.reason)
            reason.setToolTip(tooltip(error.reason))
            for item in (name, reason):
                item.setEditable(False)
            self.model.appendRow([name, reason])
        self.view = QTreeView(self)
        self.view.setAccessibleName("Files not imported")
        self.view.setRootIsDecorated(False)
        self.view.setModel(self.model)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        summary_label = plain_label(summary, self)
        summary_label.setObjectName("import_summary")
        layout.addWidget(summary_label)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(720, 360)
