"""What the GUI's widgets are handed: the core services plus Qt-side settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from reader.core.context import CoreContext
from reader.core.store.paths import private_file, settings_path


class AppContext:
    __slots__ = ("core", "settings")

    def __init__(self, core: CoreContext, settings: QSettings) -> None:
        self.core = core
        self.settings = settings


def remember(settings: QSettings, key: str, value: str) -> None:
    """Store `value` under `key` unless it is there already. QSettings rewrites and fsyncs
    its whole file after any setValue, even of the same value: at every launch that was two
    fdatasync calls before the first paint, just to record the document it reopened."""
    if settings.value(key) != value:
        settings.setValue(key, value)


def make_app_context(core: CoreContext) -> AppContext:
    path = settings_path(core.data_dir)
    if not core.read_only:
        private_file(path)  # owner-only from the start; QSettings keeps the mode it finds
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    return AppContext(core, settings)
