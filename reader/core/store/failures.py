"""Why a write to the store failed, in plain words the user can act on.

SQLite reports a full disk as "database or disk is full" or, when the WAL cannot grow, as a
bare "disk I/O error"; a busy store as "locked". `reader add` used to blame "another
program" for all of them. One function tells them apart for the CLI and the GUI.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

LOW_SPACE_BYTES = 1 << 20
"""Below this much free space, an I/O error on the store is taken to be the full disk."""


def disk_is_full(folder: Path, error: BaseException | None = None) -> bool:
    """Whether `error` (or the folder's free space) says the disk holding `folder` is full."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if error is not None and "disk is full" in str(error):
        return True
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def describe_write_failure(error: BaseException, folder: Path) -> str:
    """A sentence (no trailing period) saying why the store or a file in `folder` could not
    be written."""
    text = str(error).lower()
    if disk_is_full(folder, error):
        return f"the disk holding {folder} is full; free some space and try again"
    if "locked" in text or "busy" in text:
        return "another program is holding the library; try again when it has finished"
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return f"{folder} cannot be written (read-only or no permission)"
    return f"the library could not be written ({error})"
