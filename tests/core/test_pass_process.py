"""The classification pass's own child process (`pass_process`): jobs answered in turn in
another process, errors handed back, ended at once mid-job by `stop`, idle exit by
`finish`, and a child killed from outside fails its jobs instead of leaving them waiting."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import CancelledError
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.pass_process import PassProcess, ProcessGone


def _process(data_dir: Path) -> PassProcess:
    return PassProcess(open_context(data_dir))


def _gone() -> bool:
    deadline = time.monotonic() + 20
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not multiprocessing.active_children()


def test_jobs_run_in_turn_in_a_child_and_errors_come_back(data_dir: Path) -> None:
    process = _process(data_dir)
    pid, quotient, failing, after = (
        process.run(os.getpid), process.run(divmod, 7, 2), process.run(int, "seven"),
        process.run(os.getpid),
    )
    assert pid.result(20) != os.getpid()
    assert quotient.result(20) == (3, 1)
    with pytest.raises(ValueError, match="seven"):
        failing.result(20)
    assert after.result(20) == pid.result()  # the same child goes on after an error
    process.finish()
    assert _gone()


def test_stop_ends_the_child_mid_job(data_dir: Path) -> None:
    process = _process(data_dir)
    assert process.run(os.getpid).result(20) > 0  # started
    sleeping, waiting = process.run(time.sleep, 60), process.run(os.getpid)
    process.stop()
    assert not multiprocessing.active_children()
    for future in (sleeping, waiting):
        with pytest.raises(CancelledError):
            future.result(1)
    process.stop()  # twice is harmless
    assert process.run(divmod, 9, 4).result(20) == (2, 1)  # a new child on the next job
    process.stop()


def test_a_child_killed_from_outside_fails_its_jobs_and_the_next_job_starts_another(
    data_dir: Path,
) -> None:
    process = _process(data_dir)
    pid = process.run(os.getpid).result(20)
    sleeping = process.run(time.sleep, 60)
    os.kill(pid, signal.SIGKILL)
    assert isinstance(sleeping.exception(20), ProcessGone)
    again = process.run(os.getpid).result(20)  # the pass goes on in a new child
    assert again != pid
    process.stop()
    assert _gone()
