"""Migrating the store at start-up on a worker, under a progress dialog.

A new version of reader may change the store's schema; on a 100,000-document library a
migration rebuilds indexes for half a minute. Run on the GUI thread, that was half a minute
of a window that never painted. Here a worker migrates (on a connection of its own) while
the GUI thread runs an event loop that shows how far it is; the main window is built only
once the store is current (launch.py, rule 8).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from reader.core.store.database import migrate_store
from reader.ui.tasks import run_in_background

SHOW_AFTER_MS = 300
"""A migration quicker than this (a small library) never shows the dialog."""
TITLE = "Updating your library"


class MigrationDialog(QProgressDialog):
    """What the user sees while the store is migrated: the step, a moving bar (SQLite
    cannot say how far into one step it is) and the time so far. It cannot be cancelled: a
    half-run step is rolled back, so stopping would only lose the time spent."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("migration_dialog")
        self.setWindowTitle(TITLE)
        self.setCancelButton(None)
        self.setRange(0, 0)  # busy: moves while the worker runs
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        self._started = time.monotonic()
        self._step = (0, 1)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_text)
        self._ticker.start()
        self._show_text()

    def on_progress(self, done: int, total: int) -> None:
        self._step = (done, max(1, total))
        self._show_text()

    def _show_text(self) -> None:
        done, total = self._step
        seconds = int(time.monotonic() - self._started)
        step = f" (step {min(done + 1, total)} of {total})" if total > 1 else ""
        self.setLabelText(
            "reader is updating your library for this version"
            f"{step}.\nLarge libraries take a minute; your documents and notes are kept. "
            f"{seconds} s so far."
        )


def migrate_with_progress(path: Path, show_after_ms: int = SHOW_AFTER_MS) -> None:
    """Migrate the store at `path` on a worker; the GUI thread shows a progress dialog after
    `show_after_ms` and keeps painting. Returns when the worker is done; whatever it could
    not do (a damaged or locked store) is left for the real opening to report."""
    loop = QEventLoop()
    dialog = MigrationDialog()
    finished: list[bool] = []

    def done(*_result: object) -> None:
        finished.append(True)
        loop.quit()

    shown = QTimer()
    shown.setSingleShot(True)
    shown.timeout.connect(lambda: None if finished else dialog.show())
    shown.start(show_after_ms)
    run_in_background(
        lambda report: migrate_store(path, lambda d, t: report((d, t))),
        done,
        done,
        on_report=lambda step: dialog.on_progress(*step),
    )
    if not finished:
        loop.exec()
    shown.stop()
    dialog.close()
    dialog.deleteLater()
