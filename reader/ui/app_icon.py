"""The application icon, built from the PNG sizes shipped under resources/icons."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon

from reader.core.paths import app_icon_files, resource_path


def app_icon() -> QIcon:
    """Every bundled size in one QIcon (PNG, so no SVG plugin is needed); a missing icon is a
    packaging bug worth a line on stderr, never a reason not to start."""
    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    if icon.isNull():
        print(f"reader: no app icon under {resource_path('icons')}", file=sys.stderr)
    return icon
