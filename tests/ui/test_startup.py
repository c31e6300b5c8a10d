"""The start-up's rules (stated once in reader/ui/app/launch.py), checked on the real thing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from shiboken6 import Shiboken

from tests.stores import store_before

REPO = Path(__file__).resolve().parents[2]

RECORD_IMPORTS = r"""
import json, sys

order = []


class Recorder:
    def find_spec(self, name, path=None, target=None):
        order.append(name)
        return None


sys.meta_path.insert(0, Recorder())
from reader.cli.main import gui_parser
from reader.ui.app import launch

at_paint = []
types_at_paint = []
original = launch.create_window


def record_paint():
    at_paint.extend(order)
    for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"):
        # PySide makes a module's types on first use: these are the ones made so far
        types_at_paint.extend(k for k, v in vars(sys.modules[name]).items() if isinstance(v, type))


def create_window(*args, **kwargs):
    window = original(*args, **kwargs)
    window.reading_view.first_painted.connect(record_paint)
    return window


launch.create_window = create_window
status = launch.run_gui(gui_parser().parse_args(["--smoke", "--data-dir", sys.argv[1]]))
print("imports " + json.dumps({"order": order, "at_paint": at_paint, "types": types_at_paint}),
      flush=True)
sys.exit(status)
"""

AFTER_FIRST_PAINT = (
    "reader.ui.actions.qactions",
    "reader.ui.actions.shortcut_sheet",
    "reader.ui.notes.feature",
    "reader.ui.notes.panel",
    "reader.ui.library.feature",
    "reader.ui.library.search_dialog",
    "reader.ui.library.share_bar",
    "reader.ui.library.title_delegate",
    "reader.ui.reading.find_bar",
    "reader.ui.reading.navigation",
    "reader.ui.app.app_icon",
    "reader.ui.app.handoff",
    "PySide6.QtNetwork",
    "platformdirs",  # only asked where the data lives when no --data-dir names it
)
"""Rule 3: built after the first paint, so not even imported before it."""

TYPES_AFTER_FIRST_PAINT = ("QStyle", "QStyledItemDelegate", "QStyleOptionViewItem",
                           "QGradient", "QImage")
"""Rule 3: Qt classes the first paint does not need and PySide is slow to build with their
enums (QStyle ~6 ms; QGradient's 182 presets ~2 ms, built to choose among the overloads of
`QBrush(colour)` or `fillRect`): no Python call before the paint makes one."""

RARE_EVENTS = ("QTabletEvent", "QNativeGestureEvent", "QIconDragEvent", "QWhatsThisClickedEvent")
"""Events reader never handles: PySide makes their types only when Python first handles a
generic QEvent (an `event()` or `eventFilter()` override), along with every other event type."""


def test_a_real_launch_imports_in_the_order_the_rules_say(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", READER_SINGLE_INSTANCE="0")
    run = subprocess.run(
        [sys.executable, "-c", RECORD_IMPORTS, str(tmp_path / "data")],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    line = next(x for x in run.stdout.splitlines() if x.startswith("imports "))
    recorded = json.loads(line.removeprefix("imports "))
    order, at_paint = recorded["order"], recorded["at_paint"]
    assert at_paint, "the window never painted"
    first_qt = min(i for i, name in enumerate(order) if name.startswith("PySide6"))
    assert order.index("reader.core.context") < first_qt  # rule 2: the Qt-free core first
    assert order.index("reader.ui.app.feature_scan") < first_qt  # rule 2: before PySide
    assert order.index("reader.ui.app.gc_collector") < order.index("reader.ui.app.feature_scan")
    early = [name for name in AFTER_FIRST_PAINT if name in at_paint]
    assert early == [], f"imported before the first paint: {early}"
    built = [name for name in TYPES_AFTER_FIRST_PAINT if name in recorded["types"]]
    assert built == [], f"rule 3: built before the first paint: {built}"
    made = [name for name in RARE_EVENTS if name in recorded["types"]]
    assert made == [], f"rule 7: a generic event was handled in Python before the paint: {made}"
    assert "QPaintEvent" in recorded["types"]  # the record sees types made before the paint
    later = set(order)
    assert {"reader.ui.notes.feature", "reader.ui.actions.qactions"} <= later  # it completed
    assert "reader.ui.app.migration" not in later  # rule 8: a current store migrates nothing


def test_a_launch_on_an_older_store_migrates_it_first_then_paints(tmp_path: Path) -> None:
    """Rule 7 on the real thing: the store an older reader wrote is migrated (on a worker,
    under the progress dialog) before the window is built, and the window then paints."""
    import sqlite3

    from reader.core.store.database import _COMPACT_SEARCH_INDEX, SCHEMA_VERSION

    data = tmp_path / "data"
    data.mkdir()
    old = store_before(data / "library.sqlite3", _COMPACT_SEARCH_INDEX)
    old.execute("PRAGMA journal_mode = WAL")
    old.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", READER_SINGLE_INSTANCE="0")
    run = subprocess.run(
        [sys.executable, "-c", RECORD_IMPORTS, str(data)],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    line = next(x for x in run.stdout.splitlines() if x.startswith("imports "))
    order = json.loads(line.removeprefix("imports "))["order"]
    assert order.index("reader.ui.app.migration") < order.index("reader.ui.app.main_window")
    db = sqlite3.connect(data / "library.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_no_scroll_area_viewport_is_wrapped_before_the_first_paint(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    """Rule 4: asking for a viewport() makes PySide build Python types for every QWidget
    subclass (~15 ms); the first paint must not need one."""
    from PySide6.QtWidgets import QWidget

    from reader.ui.app.launch import create_window

    window = create_window(core, staged=True)
    qtbot.addWidget(window)
    wrapped_at_paint: list[list[str]] = []

    def viewports() -> list[str]:
        return [
            widget.parentWidget().objectName() or type(widget.parentWidget()).__name__
            for widget in Shiboken.getAllValidWrappers()
            if isinstance(widget, QWidget)
            and widget.objectName() == "qt_scrollarea_viewport"
            and widget.window() is window
        ]

    window.reading_view.first_painted.connect(lambda: wrapped_at_paint.append(viewports()))
    with qtbot.waitSignal(window.startup_completed, timeout=10_000):
        window.show()
    assert wrapped_at_paint == [[]]
    assert viewports(), "the check sees a viewport once one is wrapped (after completion)"
