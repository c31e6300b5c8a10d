"""Worker processes end when the process that started them is gone.

A SIGKILLed `reader add` or GUI runs no cleanup, and its spawned workers (the import pool,
the child that classifies a huge document) were left running under pid 1 for many minutes,
holding the store and its `-wal`/`-shm` open. Each worker watches its parent instead.
"""

from __future__ import annotations

import os
import threading
import time

POLL_S = 0.2


def exit_with_parent(parent: int) -> None:
    """Call first thing in a worker process, with the pid of the process that started it
    (passed in: it may already be gone by the time the worker runs this)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_S)
        os._exit(1)  # re-parented: the starter is gone

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
