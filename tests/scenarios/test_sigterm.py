"""SIGTERM ends reader like closing it (issue 21 #12): no socket or lock left behind, and
the clean-close record written, so the next start skips the integrity check."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.store.database import CLEAN_SUFFIX
from reader.core.store.paths import store_path
from reader.core.store.window_lock import LOCK_NAME
from reader.ui.app.instance_lock import server_name
from tests.faults import reader_env
from tests.scenarios.test_two_instances import RunningReader


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_the_gui_closes_cleanly_on_a_termination_signal(data_dir: Path, number: int) -> None:
    reader = RunningReader(data_dir)
    socket_path = Path(server_name(data_dir))
    try:
        reader.wait_for("first-paint", timeout=60)
        deadline = time.monotonic() + 30
        while not socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # it listens just after the first paint
        assert socket_path.exists()
        reader.process.send_signal(number)
        assert reader.process.wait(timeout=30) == 0
    finally:
        reader.stop()
    assert not socket_path.exists()
    assert not (data_dir / LOCK_NAME).exists()
    store = store_path(data_dir)
    assert store.with_name(store.name + CLEAN_SUFFIX).exists()


def test_reader_add_closes_the_store_cleanly_on_sigterm(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3000):
        (folder / f"{n:04}.txt").write_text(f"Story {n}\n\nBody of story {n}. " * 20)
    adder = subprocess.Popen(
        [sys.executable, "-m", "reader", "add", str(folder)],
        env=reader_env(READER_DATA_DIR=str(data_dir)), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    store = store_path(data_dir)
    deadline = time.monotonic() + 60
    while not store.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)  # well into the import
    adder.send_signal(signal.SIGTERM)
    _out, err = adder.communicate(timeout=60)
    assert adder.returncode == 130, err
    assert "interrupted; finished batches were kept" in err
    assert store.with_name(store.name + CLEAN_SUFFIX).exists()
