"""SIGTERM, SIGHUP and SIGINT end the GUI the way closing its window does.

By default a signal killed the process mid-event-loop: the instance socket and lock were
left behind and no clean-close record was written (so the next start ran the integrity
check). Python runs signal handlers only when it gets control, which an idle Qt event loop
never gives it; `signal.set_wakeup_fd` writes the signal to a socket pair that a
`QSocketNotifier` watches, so the window closes (notes flushed) and `app.exec()` returns
into the normal shutdown.

The handlers are set at once, but the socket pair and its notifier are made by `arm`, once
the window is complete (launch rule 3: `socket` and its enums are ~4 ms before the first
paint). Until then Python is running the start-up and sees a signal anyway; `arm` acts on
one that came early.
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    import socket

    from PySide6.QtCore import QSocketNotifier

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class Termination(QObject):
    """Installed once for the GUI's lifetime; `received` is the last signal seen."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(app)
        self.app = app
        self.window = window
        self.received: int | None = None
        self._pair: tuple[socket.socket, socket.socket] | None = None
        self._notifier: QSocketNotifier | None = None
        for number in SIGNALS:
            signal.signal(number, self._on_signal)

    def arm(self) -> None:
        """Wake the event loop on a signal (until now only running Python noticed one)."""
        import socket

        from PySide6.QtCore import QSocketNotifier

        if self._pair is not None:
            return
        reader, writer = self._pair = socket.socketpair()
        for end in (reader, writer):
            end.setblocking(False)
        signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_wakeup)
        if self.received is not None:  # came before the socket pair: act on it now
            self._finish()

    def _on_signal(self, number: int, _frame: object) -> None:
        self.received = number  # the work happens in `on_wakeup`, on the event loop

    @Slot()
    def on_wakeup(self) -> None:
        assert self._pair is not None
        try:
            data = self._pair[0].recv(64)
        except BlockingIOError:
            return
        if data and self.received is None:
            self.received = data[-1]
        self._finish()

    def _finish(self) -> None:
        self.window.close()  # flushes notes; a refusal (unsaved note) does not stop the quit
        self.app.quit()

    def uninstall(self) -> None:
        for number in SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        if self._pair is None:
            return
        signal.set_wakeup_fd(-1)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        for end in self._pair:
            end.close()
