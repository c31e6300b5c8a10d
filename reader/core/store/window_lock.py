"""Whether a reader window has a data dir open: its lock file, read without Qt.

The window takes `LOCK_NAME` in the data dir with a `QLockFile` (`ui/app/instance_lock.py`),
which writes the owner's pid on its first line. Work started from a terminal beside that
window (`reader add` of a folder: two worker processes and a writer, every core busy) asks
here, so that it can give way to the window instead of stretching its event loop's turns
(issue 20: a 2,000-document `reader add` made the window 50-90 ms late; niced, 6-35 ms).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

LOCK_NAME = "instance.lock"
BESIDE_WINDOW_NICENESS = 10
"""How far a terminal's import steps back while a window is open: its CPU share beside the
window's busy event loop falls to about a tenth, and it keeps every idle core."""


def window_open(data_dir: Path) -> bool:
    """True when a live process on this machine holds the data dir's window lock."""
    try:
        lines = (data_dir / LOCK_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return False
    import socket  # not at import: the window's start-up reads LOCK_NAME from here

    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return False  # taken on another machine (a shared folder): its pid means nothing here
    if pid <= 0 or pid == os.getpid() or os.name != "posix":
        return False  # on Windows `os.kill(pid, 0)` sends Ctrl+C to a console group, not a probe
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False  # a crashed window's stale lock
    except PermissionError:
        return True  # alive, another user's
    except OSError:
        return False
    return True


def give_way_to_window(data_dir: Path) -> bool:
    """Lower this process's priority (and so its worker processes', which inherit it) when a
    window has the data dir open; True if it did."""
    if not window_open(data_dir):
        return False
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no os.nice (Windows)
        os.nice(BESIDE_WINDOW_NICENESS)
        return True
    return False
