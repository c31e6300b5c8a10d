"""Helpers for tests that attack the store and the app from outside (other processes)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.core.store.window_lock import LOCK_NAME

REPO = Path(__file__).resolve().parent.parent


def unprivileged_prefix() -> list[str]:
    """A command prefix under which file permissions apply (root ignores them otherwise)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: read-only files cannot be simulated")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def reader_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    env.update(extra)
    return env


def run_reader(
    *args: str, prefix: list[str] | None = None, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=reader_env(**env),
        cwd=REPO,
    )


def start_python(code: str, **env: str) -> subprocess.Popen[str]:
    """Another process running `code`; it should print one line when it is ready."""
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=reader_env(**env),
        cwd=REPO,
    )


def stop(process: subprocess.Popen[str]) -> None:
    """End a process this test started (by its own handle, never by name)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


LOCK_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] if len(sys.argv) > 1 else {path!r}, isolation_level=None)
{setup}
db.execute("BEGIN EXCLUSIVE")
db.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""
"""Holds an exclusive lock (with an uncommitted write) until told to stop on stdin."""


def hold_lock(path: Path, setup: str = "") -> subprocess.Popen[str]:
    holder = start_python(LOCK_HOLDER.format(path=str(path), setup=setup))
    assert holder.stdout is not None
    line = holder.stdout.readline()
    assert line.strip() == "locked", holder.stderr.read() if holder.stderr else line
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(timeout=10)
    stop(holder)


def count_integrity_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that gains "quick_check" each time the store runs its integrity check (which
    still runs): to tell when opening a store checked it and when it skipped the check."""
    from reader.core.store import database as store

    checks: list[str] = []
    real = store._check_integrity

    def counting(db: sqlite3.Connection) -> None:
        checks.append("quick_check")
        real(db)

    monkeypatch.setattr(store, "_check_integrity", counting)
    return checks


def outputs_under_hash_seeds(*args: str) -> set[str]:
    """What `python ARGS...` prints under three string-hash seeds: one output when the work
    does not depend on set order."""
    outputs = set()
    for seed in ("0", "1", "2"):
        done = subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    return outputs


HOLD_LOCK = (
    "import sys, time\n"
    "from PySide6.QtCore import QLockFile\n"
    "lock = QLockFile(sys.argv[1])\n"
    "assert lock.tryLock(0)\n"
    "print('locked', flush=True)\n"
    "time.sleep(60)\n"
)


@contextmanager
def window_holding(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the data dir's lock exactly as a window does (QLockFile)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir / LOCK_NAME)],
        stdout=subprocess.PIPE, text=True, env=reader_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
