"""Who is the primary reader of a data dir, decided before anything else is built.

A `QLockFile` in the data dir (the lock of a killed reader is stale because its pid is gone,
so a crash never blocks the next start) and the name of the primary's local server. Kept
apart from `single_instance` so deciding costs only QtCore at start-up; the server and the
hand-off (QtNetwork) load after the first paint or when a hand-off is needed.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_NAME = "instance.lock"


def server_name(data_dir: Path) -> str:
    """Per user and per data dir; short enough for the Unix socket path limit."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    user = hashlib.sha256(getpass.getuser().encode("utf-8")).hexdigest()[:8]
    return f"reader-{user}-{digest}"


def acquire_primary(data_dir: Path) -> QLockFile | None:
    """The primary's lock, or None when a live reader already holds it.

    Keep the returned lock for the session; it is released when the process ends.
    """
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)  # only a dead owner (a crash) makes it stale, never age
    return lock if lock.tryLock(0) else None
