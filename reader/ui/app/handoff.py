"""The primary reader's side of a hand-off: files sent by a later launch are added in the
background (a big file must not freeze the window), then shown, and the window is raised."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

from reader.core import background
from reader.core.library.documents import AddResult
from reader.ui.tasks import run_in_background

if TYPE_CHECKING:
    from reader.ui.app.main_window import MainWindow

HANDOFF_REPORT_ENV = "READER_PRINT_FIRST_PAINT"
"""When set (benchmarks, tests), each finished hand-off prints one line on stdout."""


class HandoffReceiver(QObject):
    files_added = Signal(object)
    """The `AddResult` of one hand-off, once the files are in the library."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    @Slot(list)
    def on_paths_received(self, paths: list[str]) -> None:
        window = self.window
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        if not paths:
            return
        core = window.context.core
        if core.read_only:
            window.show_problem("Files sent from another launch were not added: the library "
                                "is read-only.")
            return
        run_in_background(lambda _report: background.add_files(core, paths), self._added,
                          self._failed)

    def _added(self, result: AddResult) -> None:
        self.window.library_model.reload()
        opened = result.added + result.refreshed + result.unchanged
        if opened:
            self.window.library_panel.select_document(opened[0])
        for error in result.failed:
            self.window.show_problem(f"{error.path}: {error.reason}")
        self.files_added.emit(result)
        if os.environ.get(HANDOFF_REPORT_ENV):
            print(f"handed-off {len(opened) + len(result.failed)}", flush=True)

    def _failed(self, error: Exception) -> None:
        self.window.show_problem(f"The files could not be added to the library ({error}).")
