"""Who is the primary reader of a data dir, decided before anything else is built.

A `QLockFile` in the data dir (`LOCK_NAME`; a terminal's import reads it to give way to the
window: `core.store.window_lock`) (the lock of a killed reader is stale because its pid is gone,
so a crash never blocks the next start) and the name of the primary's local server. Kept
apart from `single_instance` so deciding costs only QtCore at start-up; the server and the
hand-off (QtNetwork) load after the first paint or when a hand-off is needed.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import stat
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile

from reader.core.store.window_lock import LOCK_NAME


class UnsafeSocketDir(OSError):
    """No folder only this user can enter exists for the instance socket."""


def _private(path: Path) -> bool:
    """A real folder (not a link), ours, that nobody else may enter."""
    info = os.lstat(path)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def socket_dir() -> Path:
    """Where the instance socket lives: `$XDG_RUNTIME_DIR/reader`, else `<tmp>/reader-<uid>`;
    either must be a folder of ours that nobody else may enter.

    A socket in the shared /tmp under a predictable name could be taken first by another
    local user, who would then receive the files later launches hand over."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    try:
        usable = bool(runtime) and _private(Path(runtime))
    except OSError:
        usable = False
    base = Path(runtime) / "reader" if usable else Path(QDir.tempPath()) / f"reader-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        private = _private(base)
    except OSError as error:
        raise UnsafeSocketDir(f"cannot make {base} for the instance socket ({error})") from error
    if not private:
        raise UnsafeSocketDir(f"{base} belongs to another user or is open to others")
    return base


def server_name(data_dir: Path) -> str:
    """Per user and per data dir: a socket path in a private folder (Unix), short enough
    for the socket path limit; raises `UnsafeSocketDir` when no private folder can be had."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    if os.name != "posix":  # a named pipe: Windows checks its owner itself
        user = hashlib.sha256(getpass.getuser().encode("utf-8")).hexdigest()[:8]
        return f"reader-{user}-{digest}"
    return str(socket_dir() / f"{digest}.sock")


class CannotLock(OSError):
    """The lock file cannot be written (disk full, read-only folder): nobody holds it."""


def acquire_primary(data_dir: Path) -> QLockFile | None:
    """The primary's lock, or None when a live reader already holds it; raises `CannotLock`
    when the lock file cannot be written at all (a full disk is not another reader).

    Keep the returned lock for the session; it is released when the process ends.
    """
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)  # only a dead owner (a crash) makes it stale, never age
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    raise CannotLock(f"cannot write {data_dir / LOCK_NAME} ({_lock_problem(data_dir)})")


def _lock_problem(data_dir: Path) -> str:
    from reader.core.store.failures import disk_is_full

    if disk_is_full(data_dir):
        return "the disk is full"
    return "the folder is read-only or cannot be written"
