"""Another local user squatting the single-instance socket (issue 21 #5).

The squatter is a real process of another user (`nobody`) that listens where reader's socket
used to be (a predictable name in the shared temporary folder) and acknowledges whatever it
is sent. Needs root to become that user; skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scenarios.test_two_instances import RunningReader, stored_paths

NOBODY = 65534

needs_root = pytest.mark.skipif(os.getuid() != 0, reason="needs root to run as another user")

SQUATTER = """
import os, socket, sys
paths = sys.argv[2:]
heard = open(sys.argv[1], "a")
servers = []
for path in paths:
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
        os.chmod(folder, 0o777)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    os.chmod(path, 0o777)
    s.listen(5)
    servers.append(s)
print("listening", flush=True)
import select
while True:
    ready, _, _ = select.select(servers, [], [])
    for s in ready:
        conn, _ = s.accept()
        data = conn.recv(65536)
        heard.write(data.decode(errors="replace"))
        heard.flush()
        conn.sendall(b"ok\\n")
        conn.close()
"""


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder like /tmp that another user can reach (pytest's own are private)."""
    folder = Path(tempfile.mkdtemp(prefix="reader-squat-", dir="/tmp"))
    os.chmod(folder, 0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_nobody() -> None:
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def squat(shared: Path, heard: Path, *socket_paths: Path) -> subprocess.Popen[str]:
    heard.touch()
    os.chmod(heard, 0o666)
    squatter = subprocess.Popen(
        ["python3", "-I", "-c", SQUATTER, str(heard), *map(str, socket_paths)],
        stdout=subprocess.PIPE, text=True, preexec_fn=as_nobody, cwd=shared,  # noqa: PLW1509
    )
    assert squatter.stdout is not None and squatter.stdout.readline().strip() == "listening"
    return squatter


@needs_root
def test_a_squatted_socket_never_receives_a_path(
    data_dir: Path, tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: a squatter owns the socket names before reader starts. The second launch
    must add its file (here or through the first), never hand it to the squatter."""
    import hashlib

    from PySide6.QtCore import QLockFile

    from reader.core.store.window_lock import LOCK_NAME

    monkeypatch.setenv("TMPDIR", str(shared))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    article = tmp_path / "private-article.txt"
    article.write_text("Private article\n\nNobody else may read this.\n", encoding="utf-8")
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:20]
    user = hashlib.sha256(b"root").hexdigest()[:8]
    old_name = shared / f"reader-{user}-{digest}"  # where the socket used to be
    new_name = shared / f"reader-{os.getuid()}" / f"{digest}.sock"  # its folder, taken first
    heard = shared / "heard"
    squatter = squat(shared, heard, old_name, new_name)
    data_dir.mkdir(parents=True)
    lock = QLockFile(str(data_dir / LOCK_NAME))  # a first reader holds the library
    assert lock.tryLock(0)
    try:
        second = RunningReader(data_dir, str(article))
        try:
            second.wait_for("first-paint", timeout=60)
            assert str(article.resolve()) in stored_paths(data_dir)
        finally:
            errors = second.stop()
        assert "belongs to another user or is open to others" in errors
        assert heard.read_text() == ""
    finally:
        squatter.kill()
        squatter.wait(timeout=10)
        lock.unlock()


@needs_root
def test_a_hand_off_to_another_users_process_is_refused(tmp_path: Path, shared: Path) -> None:
    from reader.ui.app.single_instance import hand_off

    heard = shared / "heard"
    path = shared / "open" / "socket"
    squatter = squat(shared, heard, path)
    try:
        assert not hand_off(str(path), [str(tmp_path / "secret.txt")], timeout_ms=2000)
        assert heard.read_text() == ""
    finally:
        squatter.kill()
        squatter.wait(timeout=10)


def test_the_socket_lives_in_a_folder_only_its_user_can_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.app.instance_lock import server_name

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = Path(server_name(tmp_path / "data"))
    assert name.parent == runtime / "reader"
    info = name.parent.lstat()
    assert info.st_uid == os.getuid() and info.st_mode & 0o777 == 0o700
