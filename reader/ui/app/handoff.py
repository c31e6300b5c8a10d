"""The primary reader's side of a hand-off: files sent by a later launch are added in the
background (a big file must not freeze the window), then shown, and the window is raised.
Files named on this launch's own command line that are costly to add go the same way."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from reader.core import background
from reader.core.library.documents import AddResult
from reader.core.notes.link_scheme import is_reader_link
from reader.ui.tasks import run_in_background

if TYPE_CHECKING:
    from reader.core.context import CoreContext
    from reader.ui.library.model import LibraryModel
    from reader.ui.library.panel import LibraryPanel

HANDOFF_REPORT_ENV = "READER_PRINT_FIRST_PAINT"
"""When set (benchmarks, tests), each finished hand-off prints one line on stdout."""


class HandoffReceiver(QObject):
    """Handed its collaborators: the window to raise, the core, the library list and panel,
    where to report a problem, and what opens a reader:// link."""

    files_added = Signal(object)
    """The `AddResult` of one hand-off, once the files are in the library."""

    def __init__(
        self,
        host: QWidget,
        core: CoreContext,
        model: LibraryModel,
        panel: LibraryPanel,
        show_problem: Callable[[str], None],
        open_link: Callable[[str], None],
    ) -> None:
        super().__init__(host)
        self.host = host
        self.core = core
        self.model = model
        self.panel = panel
        self.show_problem = show_problem
        self.open_link = open_link
        """Shows what a reader:// link from a later launch points at."""

    @Slot(list)
    def on_paths_received(self, paths: list[str]) -> None:
        host = self.host
        host.setWindowState(host.windowState() & ~Qt.WindowState.WindowMinimized)
        host.show()
        host.raise_()
        host.activateWindow()
        for link in [p for p in paths if is_reader_link(p)]:
            self.open_link(link)
        paths = [p for p in paths if not is_reader_link(p)]
        if not paths:
            return
        if self.core.read_only:
            self.show_problem("Files sent from another launch were not added: the library "
                              "is read-only.")
            return
        self.add_in_background(paths)

    def add_in_background(self, paths: list[str]) -> None:
        """Add files on a worker (an HTML page can take a second or two to convert), then
        show the first one named and report what failed."""
        core = self.core
        run_in_background(lambda _report: background.add_files(core, paths),
                          lambda result: self._added(result, paths), self._failed)

    def _added(self, result: AddResult, paths: list[str] | None = None) -> None:
        self.model.reload()
        opened = result.added + result.refreshed + result.unchanged
        named = (self.core.library.id_for_path(p) for p in paths or [])
        first = next((doc_id for doc_id in named if doc_id in opened), None)
        if first is None and opened:
            first = opened[0]
        if first is not None and self.panel.reveal_document(first):
            # The library's filter hid the file: it was added but not shown, silently.
            self.show_problem("The library filter was cleared to show the file you opened.")
        for error in result.failed:
            self.show_problem(f"{error.path}: {error.reason}")
        self.files_added.emit(result)
        if os.environ.get(HANDOFF_REPORT_ENV):
            print(f"handed-off {len(opened) + len(result.failed)}", flush=True)

    def _failed(self, error: Exception) -> None:
        self.show_problem(f"The files could not be added to the library ({error}).")
