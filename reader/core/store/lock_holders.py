"""Which other processes have a file open, so a "locked" message can name them.

Best effort and Linux-only (it reads /proc); elsewhere it finds nobody and the message
falls back to "another program".
"""

from __future__ import annotations

import os
from pathlib import Path


def _command_name(pid: int) -> str:
    try:
        name = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace")
        return name.strip() or "?"
    except OSError:
        return "?"


def processes_holding(*paths: Path) -> list[tuple[int, str]]:
    """(pid, command name) of other processes with any of these files open, by pid."""
    wanted = {str(p.resolve()) for p in paths}
    found: dict[int, str] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            fds = list((entry / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target in wanted:
                found[int(entry.name)] = _command_name(int(entry.name))
                break
    return sorted(found.items())


def describe_holders(*paths: Path) -> str:
    """'process 1234 (python3)' / 'processes 1 (a), 2 (b)' / 'another program'."""
    holders = processes_holding(*paths)
    if not holders:
        return "another program"
    listed = ", ".join(f"{pid} ({name})" for pid, name in holders[:3])
    return f"process {listed}" if len(holders) == 1 else f"processes {listed}"
