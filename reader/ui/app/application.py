"""The QApplication reader runs in, and what is decided when it is made."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from reader import APP_ID, APP_NAME, __version__

STYLE = "Fusion"
"""Follows the palette (and so the dark and sepia themes) on every platform."""


def application_args(program: str) -> list[str]:
    """Qt's own command line for reader. The style is chosen here, not with setStyle():
    any Python call that returns a QStyle makes PySide build that class and its 11 enums,
    about 7 ms before the first paint."""
    return [program, "-style", STYLE]


def make_application() -> QApplication:
    """The running QApplication (tests and embedders own theirs), else a new one."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(application_args(sys.argv[0] if sys.argv else APP_NAME))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    return app


def set_window_icon() -> None:
    """Every window's icon, and the task bar's or dock's. Set once the first document is on
    screen: on X11 each size is decoded and sent with the window, and nobody sees it sooner."""
    from reader.ui.app.app_icon import app_icon

    QApplication.setWindowIcon(app_icon())
