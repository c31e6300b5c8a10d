"""Run in a real X window (DISPLAY set, QT_QPA_PLATFORM=xcb) by test_xvfb_compare: the
comparison of two documents picked in the library, opened with Ctrl+Shift+M in the light,
dark and sepia themes, photographed while it says "Comparing…" (the thread pool held busy
so the alignment waits, as a long one would) and once its rows are in and D has stepped to
the third difference. Prints one JSON line per theme with what the view measured.

Usage: python -m tests.scenarios.compare_window_shots DATA_DIR REWORDED_COPY OUT_DIR
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtCore import Qt as QtNamespace
from PySide6.QtTest import QTest

from tests.conftest import ORIGINAL

THEMES = ("light", "dark", "sepia")
CTRL_SHIFT = (
    QtNamespace.KeyboardModifier.ControlModifier | QtNamespace.KeyboardModifier.ShiftModifier
)


def _settle(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _shoot(target: Path) -> None:
    subprocess.run(["import", "-window", "root", str(target)], check=True, timeout=30)


def _hold_pool() -> threading.Event:
    from reader.ui.tasks import run_in_background

    release = threading.Event()
    for _ in range(QThreadPool.globalInstance().maxThreadCount()):
        run_in_background(lambda _r: release.wait(30), lambda _r: None, lambda _e: None)
    return release


def main(data: Path, reworded: Path, out: Path) -> None:
    from reader.core.context import open_context
    from reader.ui.app.application import make_application
    from reader.ui.app.launch import create_window

    app = make_application()
    core = open_context(data)
    core.library.ensure_seeds()
    copies = []
    for theme in THEMES:  # a pair per theme, so that none was compared before it is opened
        copy = data.parent / f"reworded_{theme}.txt"
        shutil.copy(reworded, copy)
        copies.append(copy)
    core.library.add_files([str(copy) for copy in copies])
    original = core.library.id_for_path(ORIGINAL)
    window = create_window(core)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    _settle(1.0)
    compare = window.compare.window
    for theme, copy in zip(THEMES, copies, strict=True):
        window.appearance.set_theme(theme)
        panel = window.library_panel
        selection = panel.view.selectionModel()
        flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
        for doc_id in (original, core.library.id_for_path(copy)):
            assert doc_id is not None, "the seed original or a copy is not in the library"
            row = window.library_model.row_of(doc_id)
            selection.select(panel.proxy.mapFromSource(window.library_model.index(row, 0)), flags)
            flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        window.activateWindow()
        panel.view.setFocus()
        _settle(0.3)
        release = _hold_pool()
        QTest.keyClick(panel.view, QtNamespace.Key.Key_M, CTRL_SHIFT)
        _settle(0.6)
        view = compare.view
        seen = {
            "theme": theme,
            "pending": compare.pending,
            "document_height": view.document().size().height(),
            "viewport_height": view.viewport().height(),
            "scroll_range": view.verticalScrollBar().maximum(),
        }
        _shoot(out / f"compare_pending_xvfb_{theme}.png")
        release.set()
        deadline = time.monotonic() + 20
        while compare.comparison is None and time.monotonic() < deadline:
            _settle(0.1)
        for _ in range(3):
            QTest.keyClick(view, QtNamespace.Key.Key_D)
        _settle(0.5)
        seen["filled"] = compare.comparison is not None
        seen["status"] = compare.status.text()
        _shoot(out / f"compare_filled_xvfb_{theme}.png")
        print(json.dumps(seen), flush=True)
        QTest.keyClick(view, QtNamespace.Key.Key_Escape)
        _settle(0.5)
    window.close()
    _settle(0.3)
    core.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
