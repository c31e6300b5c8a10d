"""SIGKILL of `reader add` during a large import (issue 21 #10): its worker processes must
not live on under pid 1 holding the store open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.core.store.lock_holders import processes_holding
from reader.core.store.paths import store_path
from tests.faults import reader_env


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_import_leaves_no_workers_behind(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    paragraph = "The harbour wall was repaired again this week, the council said. " * 40
    for n in range(2000):
        (folder / f"{n:04}.txt").write_text(f"Story {n}\n\n{paragraph}\n\nEnd {n}.\n")
    adder = subprocess.Popen(
        [sys.executable, "-m", "reader", "add", str(folder)],
        env=reader_env(READER_DATA_DIR=str(data_dir)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and adder.poll() is None:
            workers = [c for c in children_of(adder.pid)
                       if b"multiprocessing" in Path(f"/proc/{c}/cmdline").read_bytes()]
            if len(workers) >= 2:
                break
            time.sleep(0.02)
        assert workers, "the import finished before its workers could be seen"
        os.kill(adder.pid, signal.SIGKILL)  # no cleanup runs in the parent
        adder.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(w) for w in workers):
            time.sleep(0.05)
        assert not [w for w in workers if alive(w)], "workers outlived the killed import"
        store = store_path(data_dir)
        side = [store.with_name(store.name + s) for s in ("-wal", "-shm")]
        assert processes_holding(store, *side) == []
    finally:
        for pid in workers:  # ours: started by the import this test ran
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
