"""The one background-task helper: slow core work on a `QThreadPool` thread, reported by
signal on the GUI thread. Workers never touch a widget; each core call opens its own store
connection (`reader.core.background`). Import, classification, opening a big document and
the hand-off of files from a later launch all run through `run_in_background`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Report = Callable[[object], None]
"""Handed to the work: sends one progress report to `on_report` on the GUI thread."""


class _Signals(QObject):
    reported = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class BackgroundTask(QRunnable):
    """Runs `work(report)` in a pool; its signals live on the thread that made it (the GUI's),
    so every report and the result arrive there, in the order they were sent. The pool owns
    and deletes the runnable once `run` returns (never the GUI thread while it may still be
    running); only its signals are kept until they have reported."""

    def __init__(self, work: Callable[[Report], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.signals.reported.emit)
        except Exception as error:  # reported to the UI thread, which shows it in words
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


_reporting: set[_Signals] = set()
"""Signals of tasks in flight: PySide would delete a QObject nobody references."""


def run_in_background(
    work: Callable[[Report], Any],
    on_success: Callable[[Any], object],
    on_failure: Callable[[Exception], object],
    *,
    on_report: Callable[[Any], object] | None = None,
    pool: QThreadPool | None = None,
    priority: int = 0,
) -> None:
    """Start `work` on `pool` (the global one by default); exactly one of `on_success(result)`
    and `on_failure(error)` follows on the GUI thread, unless the pool drops it unstarted."""
    task = BackgroundTask(work)
    signals = task.signals
    if on_report is not None:
        signals.reported.connect(on_report)
    signals.succeeded.connect(on_success)
    signals.failed.connect(on_failure)
    # Connected last, so it runs after the caller's slot.
    signals.succeeded.connect(lambda _result: _reporting.discard(signals))
    signals.failed.connect(lambda _error: _reporting.discard(signals))
    _reporting.add(signals)
    (pool or QThreadPool.globalInstance()).start(task, priority)
