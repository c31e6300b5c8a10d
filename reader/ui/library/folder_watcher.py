"""Watched folders: changes on disk reach the library without a restart.

`QFileSystemWatcher` is not recursive, so every sub-folder is watched (a folder change means
a file was added, removed or renamed) and so are the files themselves (edited in place),
up to a cap that keeps inotify watches for other programs. Bursts of events (an editor's
save, a copy of 500 files) are debounced into one re-scan.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from reader.core.library.import_scan import within
from reader.core.text.formats import SUPPORTED_SUFFIXES

DEBOUNCE_MS = 400
MAX_WATCHED_FILES = 4000


class FolderWatcher(QObject):
    changes_detected = Signal(list, list)
    """(paths to re-import, watched folders to prune of vanished files), after a quiet spell."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self.on_directory_changed)
        self._watcher.fileChanged.connect(self.on_file_changed)
        self._roots: list[str] = []
        self._dirty_dirs: set[str] = set()
        self._dirty_files: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._flush)

    @property
    def roots(self) -> list[str]:
        return list(self._roots)

    def set_folders(self, folders: Iterable[str]) -> None:
        self._roots = [os.path.realpath(f) for f in folders if os.path.isdir(f)]
        self.rewatch()

    def add_folder(self, folder: str) -> None:
        if os.path.realpath(folder) not in self._roots:
            self.set_folders([*self._roots, folder])

    def rewatch(self) -> None:
        """Watch every folder and file now under the roots (call after a re-scan)."""
        dirs, files = self._walk()
        stale = [p for p in self._watcher.directories() if p not in dirs]
        stale += [p for p in self._watcher.files() if p not in files]
        if stale:
            self._watcher.removePaths(stale)
        new = [p for p in (*dirs, *files) if p not in self._watched()]
        if new:
            self._watcher.addPaths(new)

    def _watched(self) -> set[str]:
        return set(self._watcher.directories()) | set(self._watcher.files())

    def _walk(self) -> tuple[set[str], set[str]]:
        dirs: set[str] = set()
        files: set[str] = set()
        visited: set[str] = set()
        for root in self._roots:
            root_real = os.path.realpath(root)
            for folder, subfolders, names in os.walk(root, followlinks=True):
                real = os.path.realpath(folder)
                if real in visited or not within(real, root_real):  # never out of the root
                    subfolders[:] = []  # a link back to somewhere already watched
                    continue
                visited.add(real)
                dirs.add(folder)
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                for name in names:
                    if len(files) >= MAX_WATCHED_FILES:
                        break
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in (
                        SUPPORTED_SUFFIXES
                    ):
                        files.add(os.path.join(folder, name))
        return dirs, files

    @Slot(str)
    def on_directory_changed(self, path: str) -> None:
        self._dirty_dirs.add(path)
        self._timer.start()

    @Slot(str)
    def on_file_changed(self, path: str) -> None:
        self._dirty_files.add(path)
        self._timer.start()

    def _root_of(self, path: str) -> str | None:
        for root in self._roots:
            if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
                return root
        return None

    @Slot()
    def _flush(self) -> None:
        dirs, files = self._dirty_dirs, self._dirty_files
        self._dirty_dirs, self._dirty_files = set(), set()
        # A changed folder is re-scanned whole (unchanged files cost a stat each); a changed
        # file outside any changed folder is refreshed on its own; gone files are pruned.
        paths = sorted(d for d in dirs if os.path.isdir(d))
        paths += sorted(
            f
            for f in files
            if os.path.exists(f) and not any(f.startswith(d.rstrip(os.sep) + os.sep) for d in paths)
        )
        prune = sorted({r for r in (self._root_of(p) for p in dirs | files) if r})
        if paths or prune:
            self.changes_detected.emit(paths, prune)
