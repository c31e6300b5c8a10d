"""The library feature's wiring: import commands, background imports, watched folders, drops.

Kept out of the main window so that window only builds panes and connects features.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMainWindow, QMessageBox

from reader.core import background
from reader.core.library.pages import is_url as looks_like_url
from reader.core.library.removal import RemovedDocuments, remove_documents, restore_documents
from reader.core.text.formats import SUPPORTED_SUFFIXES
from reader.ui.context import AppContext
from reader.ui.library.folder_watcher import FolderWatcher
from reader.ui.library.import_controller import ImportController, ImportSummary
from reader.ui.library.import_progress import ImportFailuresDialog, ImportProgress
from reader.ui.library.model import LibraryModel
from reader.ui.library.panel import LibraryPanel
from reader.ui.tasks import run_in_background

FILE_FILTER = (
    "Articles (" + " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES)) + ");;All files (*)"
)
EXTERNAL_CHECK_MS = 2000
"""How often the GUI notices changes made in a terminal (`reader add/remove`, notes)."""


class LibraryFeature(QObject):
    url_added = Signal(int, str)
    """A page fetched by its address was stored: its id and 'added'/'refreshed'/'unchanged'."""
    url_failed = Signal(str, str)
    """A page could not be fetched or read: its address and why, in words."""
    open_document_removed = Signal(int)
    """Another program removed the document on screen (it stays there; its notes are kept)."""
    store_changed_elsewhere = Signal()
    """Another program (`reader notes import`, `reader add`) committed to the store: the
    periodic check below is the one place that notices; other features listen here."""

    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        model: LibraryModel,
        panel: LibraryPanel,
        reopen: Callable[[int], None],
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(window)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        """Shared with the notes: Ctrl+Z undoes the last change, whichever it was."""
        self.confirm_box: QMessageBox | None = None
        self.window = window
        self.context = context
        self.library = context.core.library
        self.model = model
        self.panel = panel
        self.reopen = reopen
        self.failures_dialog: ImportFailuresDialog | None = None
        self.fetching: set[str] = set()
        self.versions_dialog: QDialog | None = None

        self.controller = ImportController(context.core, self)
        self.progress = ImportProgress(window)
        window.statusBar().addPermanentWidget(self.progress)
        self.progress.cancel_requested.connect(self.progress.on_cancel_clicked)
        self.progress.cancel_requested.connect(self.controller.cancel)
        self.controller.started.connect(self.on_import_started)
        self.controller.progressed.connect(self.on_import_progressed)
        self.controller.stage_changed.connect(self.progress.on_stage_changed)
        self.controller.documents_stored.connect(self.on_documents_stored)
        self.controller.documents_classified.connect(self.model.update_documents)
        self.controller.finished.connect(self.on_import_finished)
        self._quiet = False
        self._gone_message = ""

        self.watcher = FolderWatcher(self)
        self.watcher.changes_detected.connect(self.on_changes_detected)
        self.watcher.set_folders(self.library.watched_folders())

        panel.remove_requested.connect(self.remove)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

        self._seen_version = self.library.change_counter()
        self._external_timer = QTimer(self)
        self._external_timer.setInterval(EXTERNAL_CHECK_MS)
        self._external_timer.timeout.connect(self.check_external_changes)
        self._external_timer.start()

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "library.add_files": self.add_files,
            "library.add_folder": self.add_folder,
            "library.add_url": self.add_url,
            "library.paste_url": self.paste_url,
            "library.rename": self.rename,
            "library.versions": self.show_versions,
            "library.watch_folder": self.watch_folder,
            "library.remove": lambda: self.remove(self.panel.selected_ids()),
            "document.next": lambda: self.panel.step(1),
            "document.previous": lambda: self.panel.step(-1),
        }

    # --- commands --------------------------------------------------------------------------
    def choose_files(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Add Files", "", FILE_FILTER)
        return list(files)

    def choose_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self.window, title)

    def add_files(self) -> None:
        files = self.choose_files()
        if files:
            self.import_paths(files)

    def add_folder(self) -> None:
        folder = self.choose_folder("Add Folder")
        if folder:
            self.import_paths([folder])

    def watch_folder(self) -> None:
        folder = self.choose_folder("Watch Folder")
        if folder:
            self.library.watch(folder)
            self.watcher.add_folder(folder)
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        self.controller.start(paths)

    def ask_title(self, current: str) -> str | None:
        """The user's title (None when cancelled; empty gives back the page's own)."""
        title, accepted = QInputDialog.getText(
            self.window, "Edit Title", "Title (empty: the document's own):", text=current
        )
        return title if accepted else None

    def rename(self) -> None:
        doc_id = self.panel.current_id()
        entry = self.library.entry(doc_id) if doc_id is not None else None
        if entry is None:
            return
        title = self.ask_title(entry.title)
        if title is None or title == entry.title:
            return
        self.library.rename(entry.id, title)
        self._seen_version = self.library.change_counter()
        self.model.update_documents([entry.id])

    def show_versions(self) -> None:
        """The selected document's earlier texts, with its notes where they sat in each."""
        doc_id = self.panel.current_id()
        entry = self.library.entry(doc_id) if doc_id is not None else None
        if entry is None:
            self.window.statusBar().showMessage("Select a document to see its versions.", 8000)
            return
        if entry.versions < 2:
            self.window.statusBar().showMessage(
                f"“{entry.title}” has no earlier versions: its text has not changed.", 8000
            )
            return
        from reader.ui.library.versions_dialog import VersionsDialog

        self.versions_dialog = VersionsDialog(self.context.core, entry.id, entry.title, self.window)
        self.versions_dialog.open()

    def ask_url(self) -> str:
        """The address to fetch; the clipboard's, offered when it holds one."""
        clip = QGuiApplication.clipboard().text().strip()
        offer = clip if looks_like_url(clip) else "https://"
        url, accepted = QInputDialog.getText(
            self.window, "Add from URL", "Web page address (http or https):", text=offer
        )
        return url.strip() if accepted else ""

    def add_url(self) -> None:
        url = self.ask_url()
        if url and url != "https://":
            self.fetch_url(url)

    def paste_url(self) -> None:
        """Ctrl+V in the library list: the clipboard's web address becomes a document."""
        text = QGuiApplication.clipboard().text().strip()
        if looks_like_url(text):
            self.fetch_url(text)
        else:
            self.window.statusBar().showMessage(
                "The clipboard holds no web address (http:// or https://) to add.", 8000
            )

    def fetch_url(self, url: str) -> None:
        """Fetch and store in a worker; the window keeps running while the server answers."""
        self.fetching.add(url)
        self.window.statusBar().showMessage(f"Fetching {url} …")
        core = self.context.core
        run_in_background(
            lambda _report: background.add_url(core, url),
            lambda result: self.on_url_added(url, result),
            lambda error: self.on_url_failed(url, error),
        )

    def on_url_added(self, url: str, result: tuple[int, str]) -> None:
        self.fetching.discard(url)
        doc_id, outcome = result
        self._seen_version = self.library.change_counter()
        self.model.update_documents([doc_id])
        if outcome == "refreshed" and self.panel.current_id() == doc_id:
            self.reopen(doc_id)
        self.panel.select_document(doc_id)
        said = {
            "added": "Added",
            "refreshed": "Fetched a changed page (the earlier text is kept as a version):",
            "unchanged": "Unchanged since the last fetch:",
        }[outcome]
        self.window.statusBar().showMessage(f"{said} {url}", 10000)
        self.url_added.emit(doc_id, outcome)

    def on_url_failed(self, url: str, error: Exception) -> None:
        self.fetching.discard(url)
        reason = getattr(error, "reason", None) or f"unexpected error: {error}"
        self.window.statusBar().showMessage(f"Could not add {url}: {reason}", 15000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Add from URL", "The page could not be added.",
            QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("url_failed")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(f"{url}\n\n{reason}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.url_failed.emit(url, reason)

    @Slot(list)
    def remove(self, doc_ids: list[int]) -> None:
        """Forget documents (files stay on disk); more than one asks first. Undoable."""
        if not doc_ids:
            return
        if len(doc_ids) == 1:
            self.remove_now(doc_ids)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, "Remove from Library",
            f"Remove {len(doc_ids)} documents from the library?",
            QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("remove_confirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("The files stay on disk, and Ctrl+Z brings the documents back "
                               "with their notes.")
        remove = box.addButton("&Remove", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _r: self.remove_now(doc_ids) if box.clickedButton() is remove else None)
        box.destroyed.connect(lambda: setattr(self, "confirm_box", None))
        self.confirm_box = box
        box.open()

    def remove_now(self, doc_ids: list[int]) -> None:
        row = self.panel.view.currentIndex().row()
        open_id = self.panel.current_id()
        removed = remove_documents(self.library, doc_ids)
        if not removed:
            return
        self.undo_stack.push(_RemoveStep(self, removed, open_id))
        self._forget(removed.ids, row)
        count = len(removed)
        noun = "document" if count == 1 else "documents"
        self.window.statusBar().showMessage(
            f"Removed {count} {noun} from the library (the files stay on disk) \u2014 "
            "Ctrl+Z to undo.", 10000)

    def _forget(self, doc_ids: list[int], row: int) -> None:
        self.model.remove_documents(doc_ids)
        self._seen_version = self.library.change_counter()
        if self.panel.proxy.rowCount():
            self.panel.select_row(min(max(row, 0), self.panel.proxy.rowCount() - 1))

    def restore(self, removed: RemovedDocuments, open_id: int | None) -> dict[int, int]:
        """Undo of a removal: the documents, their notes and (by content) their place;
        the document that was open is opened again. Returns old id -> id now."""
        ids = restore_documents(self.library, removed)
        self.model.update_documents(list(ids.values()))
        self._seen_version = self.library.change_counter()
        if open_id in ids:
            self.panel.select_document(ids[open_id])
        noun = "document" if len(ids) == 1 else "documents"
        self.window.statusBar().showMessage(f"Restored {len(ids)} {noun}.", 8000)
        return ids

    def _open_document_gone(self, doc_id: int) -> None:
        """The open document's file was deleted (a watched folder): say so and move to a
        neighbour, rather than keep showing a document that is no longer in the library."""
        row = self.panel.view.currentIndex().row()
        entry = self.model.entry_at(self.model.row_of(doc_id))
        self.model.remove_documents([doc_id])
        if self.panel.proxy.rowCount():
            self.panel.select_row(min(max(row, 0), self.panel.proxy.rowCount() - 1))
        self._gone_message = (f"{entry.source_name} was deleted from disk, so it left the "
                              "library; its notes are kept (All Notes lists them).")
        self.window.statusBar().showMessage(self._gone_message, 15000)

    # --- import progress -------------------------------------------------------------------
    @Slot(bool)
    def on_import_started(self, quiet: bool) -> None:
        self._quiet = quiet
        if not quiet:
            self.progress.begin()

    @Slot(int, int, str)
    def on_import_progressed(self, done: int, total: int, current: str) -> None:
        if not self._quiet:
            self.progress.on_progressed(done, total, current)

    @Slot(list, list)
    def on_documents_stored(self, changed: list[int], removed: list[int]) -> None:
        current = self.panel.current_id()
        if removed and current in removed:
            self._open_document_gone(current)
            current = self.panel.current_id()
        if removed:
            self.model.remove_documents(removed)
        if changed:
            self.model.update_documents(changed)
        if current is not None and current in changed:
            self.reopen(current)  # re-read and re-classified text
        elif self.panel.current_id() is None:
            self.panel.select_first()

    @Slot(object)
    def on_import_finished(self, summary: ImportSummary) -> None:
        self.progress.hide()
        self._seen_version = self.library.change_counter()
        self.watcher.rewatch()
        if self._gone_message:  # says more than "1 removed"
            self.window.statusBar().showMessage(self._gone_message, 15000)
            self._gone_message = ""
            return
        if summary.quiet and not summary.failures and not summary.removed:
            if summary.added or summary.refreshed:
                self.window.statusBar().showMessage(summary.text(), 8000)
            return
        self.window.statusBar().showMessage(summary.text(), 15000)
        if summary.failures and not summary.quiet:
            self.failures_dialog = ImportFailuresDialog(
                summary.failures, summary.text(), self.window
            )
            self.failures_dialog.open()

    # --- watched folders and other programs --------------------------------------------------
    @Slot(list, list)
    def on_changes_detected(self, paths: list[str], prune: list[str]) -> None:
        self.controller.start(paths, prune=prune, quiet=True)

    @Slot()
    def check_external_changes(self) -> None:
        """`reader add/remove` from a terminal: reload the list when the store changed."""
        if self.controller.busy:
            return
        version = self.library.change_counter()
        if version == self._seen_version:
            return
        self._seen_version = version
        try:
            self._reload_after_external_change()
        finally:  # after the list, so a removed open document is already known as removed
            self.store_changed_elsewhere.emit()

    def _reload_after_external_change(self) -> None:
        current = self.panel.current_id()
        self.model.reload()
        if current is None and self.panel.open_id is not None:
            # The open document's row is hidden (a filter) or still on its way (a big
            # library's list is answered on a worker): it stays open, and no other one is
            # (the panel makes its row current again when the new rows show it).
            return
        if current is not None and self.panel.select_document(current):
            return
        if current is not None and self.library.entry(current) is None:
            # Switching away would close the note being typed under the user's fingers:
            # the document stays on screen (its notes are kept, unattached) until the
            # user opens another.
            self.window.statusBar().showMessage(REMOVED_ELSEWHERE)
            self.open_document_removed.emit(current)
            return
        self.panel.select_first()

    def shutdown(self) -> None:
        self._external_timer.stop()
        self.controller.cancel()
        self.controller.wait(10000)

    # --- drag and drop onto the window ---------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if event.mimeData().hasUrls():
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            urls = event.mimeData().urls()
            paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
            pages = [u.toString() for u in urls if u.scheme() in ("http", "https")]
            if paths or pages:
                event.acceptProposedAction()
                if paths:
                    self.import_paths(paths)
                for page in pages:  # a link dragged from a browser
                    self.fetch_url(page)
                return True
        return super().eventFilter(watched, event)


REMOVED_ELSEWHERE = (
    "The open document was removed from the library by another program. It stays open "
    "here and its notes are kept (All notes lists them; adding the file again re-attaches "
    "them)."
)


class _RemoveStep(QUndoCommand):
    """Remove documents / put them back (the first removal is done before the push)."""

    def __init__(self, feature: LibraryFeature, removed: RemovedDocuments,
                 open_id: int | None) -> None:
        count = len(removed)
        super().__init__(f"Remove {count} Document{'s' if count != 1 else ''}")
        self.feature = feature
        self.removed = removed
        self.open_id = open_id
        self.ids = removed.ids
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        row = self.feature.panel.view.currentIndex().row()
        self.removed = remove_documents(self.feature.library, self.ids)
        self.feature._forget(self.removed.ids, row)

    def undo(self) -> None:
        ids = self.feature.restore(self.removed, self.open_id)
        if self.open_id is not None:
            self.open_id = ids.get(self.open_id)
        self.ids = list(ids.values())  # a redo removes what came back, under its ids now
