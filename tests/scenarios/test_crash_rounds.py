"""50 rounds of SIGKILL at random moments while the real app saves notes: every note whose
save had returned is there, intact, and the store passes PRAGMA integrity_check."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.core.store.paths import store_path

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 50
BODY_PREFIX = "Stream note "


def run_and_kill(data_dir: Path, rng: random.Random) -> list[str]:
    """Start the app saving notes nonstop; SIGKILL it at a random moment; return the notes
    it reported saved before the kill."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", READER_DATA_DIR=str(data_dir),
               READER_SINGLE_INSTANCE="0")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.app_driver", "stream-notes", "100000"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
    )
    saved: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("saved "):
                saved.append(line.split()[1])
                first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert first.wait(60), "the app never saved a note"
        time.sleep(rng.uniform(0.0, 0.25))  # a random point in the stream of saves
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    reader.join(timeout=10)
    return saved


@pytest.mark.slow
def test_notes_survive_fifty_random_sigkills(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    rng = random.Random(20261124)
    confirmed: list[str] = []
    for _ in range(ROUNDS):
        confirmed += run_and_kill(data_dir, rng)
    db = sqlite3.connect(store_path(data_dir))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(db.execute("SELECT uuid, body FROM notes").fetchall())
    finally:
        db.close()
    missing = [uuid for uuid in confirmed if uuid not in rows]
    assert not missing, f"{len(missing)} of {len(confirmed)} saved notes lost"
    assert all(rows[uuid].startswith(BODY_PREFIX) for uuid in confirmed)
    assert len(confirmed) >= ROUNDS  # every round saved at least one note before its kill
