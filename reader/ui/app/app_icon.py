"""The application icon, built from the PNG sizes shipped under resources/icons."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon

from reader.core.store.paths import app_icon_files, resource_path

WINDOW_ICON_MAX = 128
"""The window icon's largest size. On X11 every size of the window icon is decoded and sent
at start-up (_NET_WM_ICON): the 256 and 512 renderings cost ~15 ms before the first paint and
serve nobody, as docks and launchers take the big ones from the installed icon theme."""


def app_icon() -> QIcon:
    """The bundled sizes up to `WINDOW_ICON_MAX` in one QIcon (PNG, so no SVG plugin is
    needed); a missing icon is a packaging bug worth a line on stderr, never a reason not to
    start."""
    icon = QIcon()
    for size, path in app_icon_files():
        if size <= WINDOW_ICON_MAX:
            icon.addFile(str(path))
    if icon.isNull():
        print(f"reader: no app icon under {resource_path('icons')}", file=sys.stderr)
    return icon
