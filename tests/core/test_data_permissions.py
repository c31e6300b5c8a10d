"""Everything reader writes in the data dir is its owner's alone (0600 files, 0700 dirs),
whatever the umask: notes and reading history are private."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from reader.core.store.paths import store_path
from tests.faults import reader_env


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_a_session_leaves_only_owner_only_files(data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir(parents=True, mode=0o700)  # (reader makes it so; see the test below)
    store_path(data_dir).write_bytes(b"damaged " * 100)  # so a backup is written too
    article = tmp_path / "article.txt"
    article.write_text("A headline\n\nSome reporting.\n", encoding="utf-8")
    session = subprocess.run(
        [sys.executable, "-m", "reader", "--smoke", "--data-dir", str(data_dir), str(article)],
        capture_output=True,
        text=True,
        timeout=120,
        env=reader_env(),
        preexec_fn=lambda: os.umask(0o022),  # a typical permissive umask
    )
    assert session.returncode == 0, session.stderr
    found = modes(data_dir)
    assert "settings.ini" in found and "library.sqlite3" in found
    assert any(name.startswith("backups/") for name in found)
    loose = {name: oct(mode) for name, mode in found.items() if mode & 0o077}
    assert loose == {}


def test_wal_files_made_while_the_app_runs_are_owner_only(data_dir: Path) -> None:
    from reader.core.context import open_context

    old = os.umask(0o022)
    try:
        context = open_context(data_dir)
        context.library.ensure_seeds()  # writes: -wal and -shm exist now
        found = modes(data_dir)
        context.close()
    finally:
        os.umask(old)
    assert "library.sqlite3-wal" in found
    assert found["."] == 0o700  # the data dir reader created
    assert {name: oct(mode) for name, mode in found.items() if mode & 0o077} == {}
