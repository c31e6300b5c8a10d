"""SIGTERM, SIGHUP and SIGINT end the GUI the way closing its window does.

By default a signal killed the process mid-event-loop: the instance socket and lock were
left behind and no clean-close record was written (so the next start ran the integrity
check). Python runs signal handlers only when it gets control, which an idle Qt event loop
never gives it; `signal.set_wakeup_fd` writes the signal to a socket pair that a
`QSocketNotifier` watches, so the window closes (notes flushed) and `app.exec()` returns
into the normal shutdown.
"""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier, Slot
from PySide6.QtWidgets import QApplication, QWidget

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class Termination(QObject):
    """Installed once for the GUI's lifetime; `received` is the last signal seen."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(app)
        self.app = app
        self.window = window
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for number in SIGNALS:
            signal.signal(number, self._on_signal)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_wakeup)

    def _on_signal(self, number: int, _frame: object) -> None:
        self.received = number  # the work happens in `on_wakeup`, on the event loop

    @Slot()
    def on_wakeup(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        if data and self.received is None:
            self.received = data[-1]
        self.window.close()  # flushes notes; a refusal (unsaved note) does not stop the quit
        self.app.quit()

    def uninstall(self) -> None:
        signal.set_wakeup_fd(-1)
        for number in SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
