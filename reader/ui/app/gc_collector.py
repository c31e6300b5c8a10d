"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate; when a garbage cycle holds a Qt
object, its C++ side is then destroyed from a worker thread and Qt aborts (seen during
background imports). The usual remedy for Qt apps: switch automatic collection off while
windows exist and collect from a GUI-thread timer, as often as the thresholds would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_active = 0
_was_enabled = True


class MainThreadCollector(QObject):
    INTERVAL_MS = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        global _active, _was_enabled
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
        self._running = True
        self._froze = False
        self._timer = QTimer(self)
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
        global _active
        if not self._running:
            return
        self._running = False
        self._timer.stop()
        _active -= 1
        if _active == 0:
            gc.unfreeze()  # the windows are gone: what they kept alive may be collected
            if _was_enabled:
                gc.enable()
