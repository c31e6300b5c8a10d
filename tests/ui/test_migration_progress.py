"""Migrating the store at start-up (launch.py, rule 8): on a worker, under a progress dialog
that the GUI thread keeps alive however long the migration takes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from reader.core.store import database
from reader.core.store.database import open_store, pending_migrations
from reader.ui.app.migration import migrate_with_progress
from tests.stores import store_before


def test_a_slow_migration_runs_on_a_worker_while_its_dialog_is_shown(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "library.sqlite3"
    opened = open_store(path)
    database.close_store(opened)
    # A migration that cannot finish until the GUI thread, showing the dialog, lets it: a
    # frozen GUI thread would leave it waiting, and the step would record 0.
    released = threading.Event()
    connect = database._connect

    def connect_with_gate(where: Path, readonly: bool = False) -> sqlite3.Connection:
        db = connect(where, readonly)
        db.create_function("wait_for_gui", 0, lambda: int(released.wait(30)))
        return db

    slow = "CREATE TABLE slow_step AS SELECT wait_for_gui() AS released;"
    monkeypatch.setattr(database, "_connect", connect_with_gate)
    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS, slow])
    monkeypatch.setattr(database, "SCHEMA_VERSION", database.SCHEMA_VERSION + 1)
    assert pending_migrations(path) == 1

    seen: list[str] = []

    def watch() -> None:
        shown = [
            w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.objectName() == "migration_dialog"
            and w.isVisible()
        ]
        if shown and not released.is_set():
            seen.append(shown[0].labelText())
            released.set()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(20)
    migrate_with_progress(path, show_after_ms=50)
    timer.stop()

    assert seen and "updating your library" in seen[0]
    assert not any(
        w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)
    )
    db = sqlite3.connect(path)
    assert db.execute("SELECT released FROM slow_step").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
    db.close()
    assert pending_migrations(path) == 0


def test_a_quick_migration_shows_no_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "library.sqlite3"
    old = store_before(path, database._COMPACT_SEARCH_INDEX)
    old.close()
    shown: list[bool] = []
    timer = QTimer()
    timer.timeout.connect(lambda: shown.extend(
        w.isVisible() for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog)))
    timer.start(10)
    migrate_with_progress(path, show_after_ms=5000)
    timer.stop()
    assert True not in shown
    assert pending_migrations(path) == 0
