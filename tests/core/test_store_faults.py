"""A damaged, locked, read-only or newer store: reader starts (or exits cleanly), says what
happened in plain words, and never overwrites the file; damaged ones are kept as backups."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from reader.core.context import open_context
from reader.core.store.database import CLEAN_SUFFIX, SCHEMA_VERSION, StoreError, open_store
from reader.core.store.paths import store_path
from tests.faults import count_integrity_checks, hold_lock, release, run_reader, unprivileged_prefix

ARTIFACTS = Path("/tmp/reader-artifacts")


def real_store(data_dir: Path) -> Path:
    """A store as a session leaves it: seeds added, closed cleanly."""
    context = open_context(data_dir)
    context.library.ensure_seeds()
    context.close()
    return store_path(data_dir)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups(data_dir: Path) -> list[Path]:
    folder = data_dir / "backups"
    return sorted(p for p in folder.iterdir() if p.name.endswith(".bad")) if folder.exists() else []


def listed(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [Path(entry["path"]).name for entry in json.loads(result.stdout)]


def gui_window(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    core = open_context(data_dir)
    window = create_window(core)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, core


def dialog_text(window) -> str:  # type: ignore[no-untyped-def]
    box = window.findChild(QMessageBox, "warning_dialog")
    assert box is not None and box.isVisible()
    return box.text()


def snapshot(window, name: str) -> None:  # type: ignore[no-untyped-def]
    """The window and its dialog, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"{name}.png"))
    box = window.findChild(QMessageBox, "warning_dialog")
    if box is not None:
        box.grab().save(str(ARTIFACTS / f"{name}-dialog.png"))


# --- damaged stores ------------------------------------------------------------------


def test_truncated_store_is_kept_byte_identical_and_cli_starts_fresh(data_dir: Path) -> None:
    path = real_store(data_dir)
    cut = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(cut)

    result = run_reader("list", "--json", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "looks damaged" in result.stderr and "kept unchanged" in result.stderr
    [backup] = backups(data_dir)
    assert backup.read_bytes() == cut
    assert str(backup) in result.stderr
    assert len(listed(result)) == 2  # a new library, with the bundled documents
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_corruptions_in_a_row_make_two_distinct_backups(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = store_path(data_dir)
    first, second = b"garbage one " * 500, b"\x00\xffsecond garbage" * 700
    for garbage in (first, second):
        path.write_bytes(garbage)
        open_context(data_dir).close()
    kept = backups(data_dir)
    assert len(kept) == 2
    assert {p.read_bytes() for p in kept} == {first, second}


def test_wal_and_shm_side_files_go_with_the_damaged_store(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = store_path(data_dir)
    path.write_bytes(b"not a database" * 50)
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    wal.write_bytes(b"wal bytes")
    shm.write_bytes(b"shm bytes")
    context = open_context(data_dir)
    backup = context.opened.recovered_from
    context.close()
    assert backup is not None
    assert Path(f"{backup}-wal").read_bytes() == b"wal bytes"
    assert Path(f"{backup}-shm").read_bytes() == b"shm bytes"


def test_a_database_that_fails_its_integrity_check_is_set_aside(data_dir: Path) -> None:
    path = real_store(data_dir)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over b-tree pages
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    context = open_context(data_dir)
    assert context.opened.recovered_from is not None
    assert context.opened.recovered_from.read_bytes() == bytes(data)
    context.close()


def test_gui_says_the_store_was_damaged_and_where_the_backup_is(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True)
    store_path(data_dir).write_bytes(b"this is not a database" * 100)
    window, core = gui_window(qtbot, data_dir)
    [backup] = backups(data_dir)
    text = dialog_text(window)
    assert "looks damaged" in text and str(backup) in text
    assert window.library_panel.proxy.rowCount() == 2  # a fresh library, still readable
    assert "looks damaged" in window.statusBar().currentMessage()
    assert not window.status_label.isVisible()  # the message is not drawn over the label
    snapshot(window, "store-damaged")
    window.close()
    core.close()


def test_damaged_store_in_a_read_only_folder_is_left_alone(data_dir: Path) -> None:
    prefix = unprivileged_prefix()
    data_dir.mkdir(parents=True)
    path = store_path(data_dir)
    path.write_bytes(b"garbage" * 300)
    data_dir.chmod(0o500)
    try:
        result = run_reader("list", "--data-dir", str(data_dir), prefix=prefix)
    finally:
        data_dir.chmod(0o700)
    assert result.returncode == 1
    assert "damaged" in result.stderr and "left untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == b"garbage" * 300


# --- locked by another process ----------------------------------------------------------


def test_store_locked_by_a_writer_opens_read_only_naming_the_process(data_dir: Path) -> None:
    path = real_store(data_dir)
    holder = hold_lock(path)
    try:
        result = run_reader("list", "--json", "--data-dir", str(data_dir))
    finally:
        release(holder)
    assert result.returncode == 0, result.stderr
    assert f"process {holder.pid} (python" in result.stderr
    assert "read-only" in result.stderr
    assert len(listed(result)) == 2
    assert backups(data_dir) == []


def test_store_locked_against_reading_exits_cleanly_with_what_to_do(data_dir: Path) -> None:
    path = real_store(data_dir)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")  # a rollback journal blocks readers too
    db.close()
    before = digest(path)
    holder = hold_lock(path)
    try:
        result = run_reader("list", "--data-dir", str(data_dir))
    finally:
        release(holder)
    assert result.returncode == 1
    assert f"locked by process {holder.pid}" in result.stderr
    assert "Close that program" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(path) == before
    assert backups(data_dir) == []


def test_gui_exits_with_a_dialog_when_the_store_is_locked_against_reading(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.cli.main import gui_parser
    from reader.ui.app.launch import run_gui

    path = real_store(data_dir)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    monkeypatch.setenv("READER_SINGLE_INSTANCE", "0")
    holder = hold_lock(path)
    try:
        status = run_gui(gui_parser().parse_args(["--data-dir", str(data_dir)]))
    finally:
        release(holder)
    assert status == 1
    assert len(shown) == 1 and f"process {holder.pid}" in shown[0]


def test_gui_on_a_write_locked_store_reads_and_shows_read_only(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = real_store(data_dir)
    holder = hold_lock(path)
    try:
        window, core = gui_window(qtbot, data_dir)
        assert core.read_only is not None
        assert f"process {holder.pid}" in dialog_text(window)
        badge = window.findChild(QLabel, "read_only_badge")
        assert badge is not None and badge.isVisible()
        assert window.reading_view.current is not None  # still reading
        snapshot(window, "store-locked")
        window.close()
        core.close()
    finally:
        release(holder)


# --- read-only ----------------------------------------------------------------------


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_store_is_opened_for_reading(data_dir: Path, what: str) -> None:
    prefix = unprivileged_prefix()
    path = real_store(data_dir)
    before = digest(path)
    target = path if what == "file" else data_dir
    target.chmod(0o400 if what == "file" else 0o500)
    try:
        result = run_reader("list", "--json", "--data-dir", str(data_dir), prefix=prefix)
        gui = run_reader("--smoke", "--data-dir", str(data_dir), prefix=prefix)
    finally:
        target.chmod(0o600 if what == "file" else 0o700)
    assert result.returncode == 0, result.stderr
    assert f"Your library {what}" in result.stderr and "read-only" in result.stderr
    assert len(listed(result)) == 2
    assert gui.returncode == 0, gui.stderr
    assert "smoke ok" in gui.stdout and "read-only" in gui.stderr
    assert digest(path) == before
    assert backups(data_dir) == []


def test_read_only_folder_without_a_store_is_a_clean_refusal(data_dir: Path) -> None:
    prefix = unprivileged_prefix()
    data_dir.mkdir(parents=True, mode=0o500)
    try:
        result = run_reader("list", "--data-dir", str(data_dir), prefix=prefix)
    finally:
        data_dir.chmod(0o700)
    assert result.returncode == 1
    assert "folder is read-only" in result.stderr and "--data-dir" in result.stderr
    assert "Traceback" not in result.stderr


# --- newer schema -------------------------------------------------------------------


def test_newer_schema_is_read_only_untouched(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = real_store(data_dir)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    db.close()
    before, mtime = digest(path), path.stat().st_mtime_ns

    result = run_reader("list", "--json", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "newer version of reader" in result.stderr and "update reader" in result.stderr
    assert len(listed(result)) == 2

    window, core = gui_window(qtbot, data_dir)
    assert "newer version" in dialog_text(window)
    assert window.findChild(QLabel, "read_only_badge") is not None
    snapshot(window, "store-newer")
    window.close()
    core.close()
    assert digest(path) == before and path.stat().st_mtime_ns == mtime
    assert backups(data_dir) == []


def test_newer_schema_that_cannot_be_read_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = store_path(data_dir)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE documents_v9 (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer version"):
        open_store(path)
    result = run_reader("list", "--data-dir", str(data_dir))
    assert result.returncode == 1 and "newer version" in result.stderr
    assert digest(path) == before


def test_read_only_session_cannot_add_files_and_says_so(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, tmp_path: Path
) -> None:
    from reader.ui.app.launch import create_window

    path = real_store(data_dir)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    extra = tmp_path / "extra.txt"
    extra.write_text("A headline\n\nSome text.\n", encoding="utf-8")
    core = open_context(data_dir)
    window = create_window(core, [str(extra)])
    qtbot.addWidget(window)
    assert "read-only" in window.statusBar().currentMessage()
    assert window.library_panel.proxy.rowCount() == 2
    window.close()
    core.close()


# --- the integrity check runs unless the last session closed the store cleanly ---------


def test_a_cleanly_closed_untouched_store_opens_without_the_integrity_check(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real_store(data_dir)
    checks = count_integrity_checks(monkeypatch)
    context = open_context(data_dir)
    assert checks == [] and context.library.count() > 0
    # while open, a crash would leave no record of a clean close: the next start checks
    assert not path.with_name(path.name + CLEAN_SUFFIX).exists()
    context.close()
    assert path.with_name(path.name + CLEAN_SUFFIX).exists()
    open_context(data_dir).close()
    assert checks == []


def test_after_a_crash_the_store_is_checked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store(data_dir)
    crashed = open_context(data_dir)
    crashed.library.remove([crashed.library.entries()[0].id])  # a write, then no clean close
    checks = count_integrity_checks(monkeypatch)
    context = open_context(data_dir)
    assert checks == ["quick_check"] and context.opened.recovered_from is None
    context.close()
    crashed.opened.db.close()


def test_a_store_changed_after_a_clean_close_is_checked_and_set_aside(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real_store(data_dir)
    assert path.with_name(path.name + CLEAN_SUFFIX).exists()  # closed cleanly...
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(data) - 4096, 4096):  # ...then damaged on disk
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    checks = count_integrity_checks(monkeypatch)
    context = open_context(data_dir)
    assert checks  # the bytes changed since the clean close, so the check ran and caught it
    assert context.opened.recovered_from is not None
    assert context.opened.recovered_from.read_bytes() == bytes(data)
    context.close()


def test_a_garbled_clean_close_record_means_checking(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real_store(data_dir)
    path.with_name(path.name + CLEAN_SUFFIX).write_text("{not json", encoding="utf-8")
    checks = count_integrity_checks(monkeypatch)
    open_context(data_dir).close()
    assert checks == ["quick_check"]
