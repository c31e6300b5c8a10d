"""Timing a whole process from outside: start, first paint (as the process reports it), exit."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessTiming:
    first_paint_s: float  # from just before Popen to the epoch the child printed on first paint
    exit_s: float  # from just before Popen to the child's exit
    rss_mb: float  # the child's own peak resident memory (its `peak-rss` line, else ru_maxrss)
    cpu_s: float = 0.0  # the child's user + system CPU time: far less sensitive to load


class ProcessFailed(RuntimeError):
    pass


def time_process(
    command: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 60.0,
) -> ProcessTiming:
    """Run `command`, which must print `first-paint <epoch> ...` on its first paint and exit.

    The clock starts just before `Popen`, so interpreter start-up and imports count, as they
    do for a user. stderr goes to a file so a chatty child can never block on a full pipe.
    """
    with tempfile.TemporaryFile("w+") as errors:
        started = time.time()
        process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=errors, text=True, env=env, cwd=cwd
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            painted = None
            reported_peak = None
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("first-paint ") and painted is None:
                    painted = float(line.split()[1])
                elif line.startswith("peak-rss "):
                    reported_peak = float(line.split()[1])
            _, status, usage = os.wait4(process.pid, 0)
            ended = time.time()
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            killer.cancel()
            if process.returncode is None:
                process.kill()
                process.wait()
        if painted is None or process.returncode != 0:
            errors.seek(0)
            tail = [line for line in errors.read().splitlines() if line.strip()][-3:]
            raise ProcessFailed(
                f"{' '.join(command[-3:])}: exit {process.returncode}, "
                f"{'no first-paint line' if painted is None else 'painted'}; "
                + (" | ".join(tail) or "no stderr")
            )
    # wait4's ru_maxrss includes the parent's high-water mark (Linux keeps it across the
    # vfork + exec that starts the child), so a child that reports its own VmHWM is believed.
    peak = reported_peak if reported_peak else usage.ru_maxrss / 1024
    return ProcessTiming(painted - started, ended - started, peak, usage.ru_utime + usage.ru_stime)


def time_runs(
    command: Sequence[str],
    runs: int,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    warmup: int = 1,
    timeout: float = 60.0,
) -> list[ProcessTiming]:
    """`warmup` untimed runs (file cache, .pyc files, a first-run library) then `runs` timed."""
    for _ in range(warmup):
        time_process(command, env, cwd, timeout)
    return [time_process(command, env, cwd, timeout) for _ in range(runs)]
