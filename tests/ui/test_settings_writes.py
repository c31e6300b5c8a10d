"""Settings are written only when something changed: QSettings rewrites and fsyncs its file
after any setValue, and a launch used to do that before its first paint."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from reader.ui.context import remember


def test_remember_leaves_the_file_alone_when_the_value_is_already_there(
    qapp, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    remember(settings, "session/last_document_path", "/a.txt")
    settings.sync()
    os.utime(path, ns=(0, 0))
    remember(settings, "session/last_document_path", "/a.txt")
    QCoreApplication.processEvents()
    settings.sync()
    assert path.stat().st_mtime_ns == 0
    remember(settings, "session/last_document_path", "/b.txt")
    settings.sync()
    assert path.stat().st_mtime_ns != 0
    assert QSettings(str(path), QSettings.Format.IniFormat).value(
        "session/last_document_path"
    ) == "/b.txt"
