"""A termination signal that arrives before the window is complete still closes it.

The socket pair that wakes the event loop is made after the first paint (`Termination.arm`);
until then the Python handler only records the signal, and `arm` acts on it. The signal
after arming is covered end to end by tests/scenarios/test_sigterm.py."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from reader.ui.app.termination import SIGNALS, Termination


@pytest.fixture
def kept_handlers() -> Iterator[None]:
    saved = {number: signal.getsignal(number) for number in SIGNALS}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.usefixtures("kept_handlers")
def test_a_signal_before_arming_closes_the_window_once_armed(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    termination = Termination(app, window)
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # handled by Python: recorded, nothing closed
        assert termination.received == signal.SIGTERM
        assert window.isVisible()
        termination.arm()
        assert not window.isVisible()
    finally:
        termination.uninstall()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.usefixtures("kept_handlers")
def test_arming_without_a_signal_leaves_the_window_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    termination = Termination(app, window)
    try:
        termination.arm()
        assert termination.received is None
        assert window.isVisible()
    finally:
        termination.uninstall()
