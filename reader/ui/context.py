"""What the GUI's widgets are handed: the core services plus Qt-side settings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from reader.core.context import CoreContext
from reader.core.paths import private_file, settings_path


@dataclass
class AppContext:
    core: CoreContext
    settings: QSettings


def make_app_context(core: CoreContext) -> AppContext:
    path = settings_path(core.data_dir)
    if not core.read_only:
        private_file(path)  # owner-only from the start; QSettings keeps the mode it finds
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    return AppContext(core, settings)
