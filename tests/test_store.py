from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.paths import store_path
from reader.core.store import SCHEMA_VERSION, StoreError, open_store


def test_new_store_is_migrated_wal_and_owner_only(data_dir: Path) -> None:
    context = open_context(data_dir)
    db = context.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    mode = stat.S_IMODE(store_path(data_dir).stat().st_mode)
    assert mode & 0o077 == 0
    assert stat.S_IMODE(data_dir.stat().st_mode) & 0o077 == 0
    context.close()


def test_garbage_store_is_kept_aside_and_replaced(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    garbage = b"this is not a database" * 100
    store_path(data_dir).write_bytes(garbage)
    context = open_context(data_dir)
    assert context.opened.recovered_from is not None
    assert context.opened.recovered_from.read_bytes() == garbage
    assert any("damaged" in warning for warning in context.warnings)
    assert context.library.ensure_seeds() is not None
    context.close()


def test_newer_schema_is_refused_and_left_untouched(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = store_path(data_dir)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(path)
    assert path.read_bytes() == before
