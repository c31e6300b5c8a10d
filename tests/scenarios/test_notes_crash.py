"""A note typed into the real app survives SIGKILL right after the last keystroke."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.notes.storage import NoteStore

REPO = Path(__file__).resolve().parents[2]
NOTE = "Typed just before the crash **kept**"


@pytest.mark.slow
def test_note_survives_sigkill(data_dir: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", READER_DATA_DIR=str(data_dir))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.app_driver", "type-note", NOTE], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("typed ") or not line:
                break
        assert line.startswith("typed "), f"the driver did not report: {line!r}"
        os.kill(process.pid, signal.SIGKILL)  # no close event, no flush, no atexit
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    uuid = line.split()[1]

    context = open_context(data_dir)  # "the next start"
    note = NoteStore(context.db).get(uuid)
    context.close()
    assert note is not None
    assert note.body == NOTE
    assert note.exact  # the highlighted first paragraph
