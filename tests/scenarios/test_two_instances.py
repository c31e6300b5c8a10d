"""Two readers on one data dir: a second launch hands its files to the first (single
instance); CLI commands and other writers share the store without losing updates."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.core.store.paths import store_path
from reader.core.store.window_lock import LOCK_NAME
from reader.ui.app.instance_lock import server_name
from tests.faults import reader_env, run_reader, stop, window_holding

SECOND_LAUNCH_LIMIT_S = 20
"""Generous on a shared 2-core box; the hand-off itself is milliseconds."""


class RunningReader:
    """The real app as a process, offscreen, reporting first paint and hand-offs on stdout."""

    def __init__(self, data_dir: Path, *paths: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *paths],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=reader_env(READER_PRINT_FIRST_PAINT="1"),
        )
        self.lines: list[str] = []
        self._new_line = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._new_line:
                self.lines.append(line.strip())
                self._new_line.notify_all()

    def wait_for(self, prefix: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        with self._new_line:
            while True:
                for line in self.lines:
                    if line.startswith(prefix):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    err = self.process.stderr.read() if self.process.poll() is not None else ""
                    raise AssertionError(f"no {prefix!r} from reader: {self.lines} {err}")
                self._new_line.wait(min(left, 0.5))

    def stop(self) -> str:
        """End it (our own process, by its handle); returns what it wrote on stderr."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        errors = self.process.stderr.read() if self.process.stderr else ""
        stop(self.process)
        return errors


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "handed.txt"
    path.write_text("Handed over headline\n\nA paragraph of reporting.\n", encoding="utf-8")
    return path


def stored_paths(data_dir: Path) -> set[str]:
    db = sqlite3.connect(f"file:{store_path(data_dir)}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT path FROM documents")}
    finally:
        db.close()


@pytest.mark.slow
def test_second_launch_hands_its_file_to_the_first_and_exits(
    data_dir: Path, article: Path
) -> None:
    first = RunningReader(data_dir)
    try:
        first.wait_for("first-paint")
        started = time.monotonic()
        second = run_reader("--data-dir", str(data_dir), str(article), timeout=60)
        took = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        assert "handed over" in second.stderr
        assert took < SECOND_LAUNCH_LIMIT_S
        first.wait_for("handed-off 1")
        assert str(article.resolve()) in stored_paths(data_dir)
        # the CLI runs beside the GUI on the same store
        listed = run_reader("list", "--json", "--data-dir", str(data_dir))
        assert listed.returncode == 0, listed.stderr
        assert article.name in {Path(e["path"]).name for e in json.loads(listed.stdout)}
        assert first.process.poll() is None  # the first is still running
    finally:
        first.stop()


def _unix_socket_path(name: str) -> Path:
    from PySide6.QtCore import QDir

    return Path(QDir.tempPath()) / name


def leave_stale_lock(data_dir: Path) -> None:
    """What a SIGKILLed reader leaves: its lock file, naming a pid that is gone."""
    with window_holding(data_dir):
        pass  # killed on the way out (SIGKILL: no cleanup runs)
    assert (data_dir / LOCK_NAME).exists()


@pytest.mark.slow
def test_a_crashed_readers_lock_and_socket_are_replaced(data_dir: Path, article: Path) -> None:
    data_dir.mkdir(parents=True)
    leave_stale_lock(data_dir)
    path = _unix_socket_path(server_name(data_dir))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # the file stays, nobody listens
    assert path.exists()
    first = RunningReader(data_dir)
    try:
        first.wait_for("first-paint")
        second = run_reader("--data-dir", str(data_dir), str(article), timeout=60)
        assert second.returncode == 0 and "handed over" in second.stderr, second.stderr
        first.wait_for("handed-off 1")
    finally:
        first.stop()


@pytest.mark.slow
def test_a_hung_first_reader_does_not_block_the_second(data_dir: Path, article: Path) -> None:
    from PySide6.QtCore import QLockFile

    data_dir.mkdir(parents=True)
    lock = QLockFile(str(data_dir / LOCK_NAME))  # held by this (live) test process
    assert lock.tryLock(0)
    path = _unix_socket_path(server_name(data_dir))
    path.unlink(missing_ok=True)
    hung = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    hung.bind(str(path))
    hung.listen(5)  # accepts connections into the backlog, never answers
    try:
        second = RunningReader(data_dir, str(article))
        errors = ""
        try:
            second.wait_for("first-paint", timeout=60)
            assert str(article.resolve()) in stored_paths(data_dir)
        finally:
            errors = second.stop()
        assert "does not answer; running beside it" in errors
        assert path.exists()  # the hung reader's socket was not taken from it
    finally:
        hung.close()
        path.unlink(missing_ok=True)
        lock.unlock()


WRITER = """
import sys
from reader.core.context import open_context
from reader.core.text.document import document_from_text
from reader.core.store.database import transaction
tag, count = sys.argv[1], int(sys.argv[2])
core = open_context()
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(count):
    text = f"Headline {tag} {i}\\n\\nBody of document {i} from writer {tag}.\\n"
    core.library.store_document(document_from_text(text, f"/nonexistent/{tag}/{i}.txt"))
    with transaction(core.db):  # read-modify-write: the classic lost update
        value = core.db.execute("SELECT word_count FROM documents WHERE id = 1").fetchone()[0]
        core.db.execute("UPDATE documents SET word_count = ? WHERE id = 1", (value + 1,))
core.close()
print("done", flush=True)
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_no_update(data_dir: Path) -> None:
    from reader.core.context import open_context

    core = open_context(data_dir)
    core.library.ensure_seeds()
    base = core.db.execute("SELECT word_count FROM documents WHERE id = 1").fetchone()[0]
    core.close()
    count = 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, tag, str(count)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=reader_env(READER_DATA_DIR=str(data_dir)),
        )
        for tag in ("a", "b")
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        for writer in writers:
            assert writer.wait(timeout=120) == 0, writer.stderr.read() if writer.stderr else ""
    finally:
        for writer in writers:
            stop(writer)
    db = sqlite3.connect(store_path(data_dir))
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM documents WHERE path LIKE '/nonexistent/%'"
                      ).fetchone()[0] == 2 * count
    assert db.execute("SELECT word_count FROM documents WHERE id = 1").fetchone()[0] == (
        base + 2 * count
    )
    db.close()
