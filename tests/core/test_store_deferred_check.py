"""After a crash the window opens first and the store is checked in the background (2 s on a
100,000-document store); damage found there is told, and the next start sets the file aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.store.database import CLEAN_SUFFIX, FAILED_CHECK_SUFFIX, check_store
from reader.core.store.paths import store_path
from tests.faults import count_integrity_checks


def _crashed_store(data_dir: Path) -> Path:
    """Seeds added, then a write and no clean close (the session was killed)."""
    context = open_context(data_dir)
    context.library.ensure_seeds()
    context.close()
    crashed = open_context(data_dir)
    crashed.library.remove([crashed.library.entries()[0].id])
    crashed.opened.db.close()  # closed without the clean-close record
    return store_path(data_dir)


def _damage(path: Path, table: str = "documents") -> bytes:
    """Garble the pages of a table (the schema still reads)."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.execute("PRAGMA page_size").fetchone()[0]
    pages = [r[0] for r in db.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    db.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        offset = (page - 1) * size
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture(autouse=True)
def _any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """These stores are small; the deferral is for big ones (`DEFER_CHECK_BYTES`)."""
    from reader.core.store import database as store

    monkeypatch.setattr(store, "DEFER_CHECK_BYTES", 0)


def test_a_deferred_open_after_a_crash_skips_the_check_and_the_background_one_passes(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _crashed_store(data_dir)
    checks = count_integrity_checks(monkeypatch)
    context = open_context(data_dir, defer_check=True)
    assert checks == [] and context.opened.unchecked
    assert check_store(path) is None and checks == ["quick_check"]
    context.close()
    assert path.with_name(path.name + CLEAN_SUFFIX).exists()
    assert not path.with_name(path.name + FAILED_CHECK_SUFFIX).exists()


def test_a_small_store_is_still_checked_before_use(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.store import database as store

    monkeypatch.setattr(store, "DEFER_CHECK_BYTES", 64 * 1024 * 1024)
    _crashed_store(data_dir)
    checks = count_integrity_checks(monkeypatch)
    context = open_context(data_dir, defer_check=True)
    assert checks == ["quick_check"] and not context.opened.unchecked
    context.close()


def test_damage_found_in_the_background_is_set_aside_at_the_next_start(
    data_dir: Path,
) -> None:
    path = _crashed_store(data_dir)
    data = _damage(path)
    context = open_context(data_dir, defer_check=True)  # the schema page still reads
    assert context.opened.unchecked and context.opened.recovered_from is None
    problem = check_store(path)
    assert problem
    context.close()  # a clean close does not vouch for a store found damaged
    assert not path.with_name(path.name + CLEAN_SUFFIX).exists()
    again = open_context(data_dir, defer_check=True)  # checked before use this time
    assert not again.opened.unchecked
    assert again.opened.recovered_from is not None
    assert again.opened.recovered_from.read_bytes() == data
    assert not path.with_name(path.name + FAILED_CHECK_SUFFIX).exists()
    again.close()


def test_the_window_runs_the_check_and_tells_the_reader(
    qtbot, data_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.app.launch import create_window

    path = _crashed_store(data_dir)
    _damage(path, "documents_fts_data")  # the list and the reading pane still work
    core = open_context(data_dir, defer_check=True)
    window = create_window(core)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_checked, timeout=10000) as checked:
        window.show()
        window.complete_startup()
    assert checked.args[0]
    box = window.findChild(QMessageBox, "warning_dialog")
    assert box is not None and "looks damaged" in box.text() and "backup" in box.text()
    box.close()
    window.close()
    core.close()
