"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate; when a garbage cycle holds a Qt
object, its C++ side is then destroyed from a worker thread and Qt aborts (seen during
background imports). The usual remedy for Qt apps: switch automatic collection off while
windows exist and collect from a GUI-thread timer, as often as the thresholds would.

The one owner of gc in the GUI: start-up holds collection off (`hold_for_startup`), the
window's collector takes that hold over, and stopping the last collector gives gc back as
it was before start-up.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

_holds = 0
"""Who keeps automatic collection off: the start-up (`hold_for_startup`) and each live
`MainThreadCollector`. This module is the only code in the GUI that switches gc."""
_was_enabled = True
_startup_hold = False


def _hold() -> None:
    global _holds, _was_enabled
    if _holds == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _holds += 1


def _release() -> None:
    global _holds
    _holds -= 1
    if _holds == 0:
        gc.unfreeze()  # the windows are gone: what they kept alive may be collected
        if _was_enabled:
            gc.enable()


def hold_for_startup() -> None:
    """No collections from the first line of start-up (a full one costs milliseconds before
    the first paint); the window's collector takes the hold over."""
    global _startup_hold
    if not _startup_hold:
        _startup_hold = True
        _hold()


class MainThreadCollector:
    """Collects on a GUI-thread timer owned by `parent` (the main window). Not a QObject, so
    this module loads before PySide: the start-up hold comes first."""

    INTERVAL_MS = 200

    def __init__(self, parent: QObject | None = None) -> None:
        from PySide6.QtCore import QTimer

        global _startup_hold
        _hold()
        if _startup_hold:  # taken over: stop() then gives gc back as it was before start-up
            _startup_hold = False
            _release()
        self._running = True
        self._froze = False
        self._timer = QTimer(parent)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        """The generation the automatic collector would have chosen, if any."""
        if not self._froze:
            # What exists once the window is up (modules, Qt wrappers, a 10,000-row library
            # list) lives as long as the app: frozen, it is left out of every later full
            # collection, which took 44 ms (an event-loop stall) during a big import.
            self._froze = True
            gc.freeze()
        first, second, third = gc.get_threshold()
        count0, count1, count2 = gc.get_count()
        if count0 < first:
            return
        generation = 2 if count2 >= third else 1 if count1 >= second else 0
        gc.collect(generation)

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._timer.stop()
        _release()
