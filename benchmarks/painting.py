"""In-process paint timing: how long from handing a widget its text to that text being painted.

The widget is shown (offscreen, or under Xvfb with `--xvfb`) and settled first; the clock runs
from the load call through a synchronous `viewport().repaint()`, which paints at once when the
widget is visible, and on through queued events if the first paint has not happened yet.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

VIEW_SIZE = (900, 700)
"""The reading pane's share of a 1280×800 window; floors and figures use the same."""

W = TypeVar("W", bound=QAbstractScrollArea)


def qapp() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(["benchmarks"])


def settle(seconds: float = 0.05) -> None:
    """Run the event loop for a while (not a processEvents() spin, which this PySide6 build
    punishes with a refcount leak on None that ends in a fatal error)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def time_to_paint(
    make: Callable[[], W],
    load: Callable[[W], object],
    painted: Callable[[W], bool],
    timeout: float = 30.0,
) -> float:
    """Seconds from `load(widget)` to `painted(widget)` becoming true, on a fresh widget."""
    app = qapp()
    widget = make()
    widget.resize(*VIEW_SIZE)
    widget.show()
    settle()
    started = time.perf_counter()
    load(widget)
    widget.viewport().repaint()
    while not painted(widget):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{type(widget).__name__} did not paint in {timeout:.0f} s")
    elapsed = time.perf_counter() - started
    widget.close()
    widget.deleteLater()
    settle(0.02)
    return elapsed
