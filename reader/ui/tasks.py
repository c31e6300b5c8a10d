"""Slow core work on a `QThreadPool`: workers report by signal and never touch a widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class CoreTask(QRunnable):
    """Run `work()` in the pool; `signals.succeeded(result)` or `signals.failed(error)`."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.setAutoDelete(False)  # the caller keeps it until it reports

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported to the UI thread, which shows it in words
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


def start(
    task: CoreTask,
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None],
) -> None:
    # Queued to the receivers' (UI) thread because the signals object lives there.
    task.signals.succeeded.connect(on_success)
    task.signals.failed.connect(on_failure)
    QThreadPool.globalInstance().start(task)
