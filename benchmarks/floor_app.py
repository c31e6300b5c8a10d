"""The launch floor: the least a PySide6 reader can do before its text is on screen.

A bare QMainWindow with a QSplitter of a QListView and a QTextBrowser holding the given text;
prints `first-paint <epoch> <seconds since start>` on the text browser's first paint and exits
(then `peak-rss <MB>`, its own peak memory).
Run as a whole process (`python benchmarks/floor_app.py TEXT_FILE`); it imports nothing from
`reader` or `benchmarks` so it measures only Python + Qt.
"""

import sys
import time

STARTED = time.perf_counter()

from PySide6.QtCore import QCoreApplication, QStringListModel, QTimer  # noqa: E402
from PySide6.QtGui import QPaintEvent  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QListView,
    QMainWindow,
    QSplitter,
    QTextBrowser,
)


class FloorBrowser(QTextBrowser):
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not getattr(self, "_painted", False):
            self._painted = True
            print(f"first-paint {time.time():.6f} {time.perf_counter() - STARTED:.6f}", flush=True)
            QTimer.singleShot(0, QCoreApplication.quit)


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        text = handle.read()
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    splitter = QSplitter(window)
    names = QListView()
    names.setModel(QStringListModel([text.splitlines()[0] if text else ""], names))
    browser = FloorBrowser()
    browser.setPlainText(text)
    splitter.addWidget(names)
    splitter.addWidget(browser)
    splitter.setSizes([340, 940])
    window.setCentralWidget(splitter)
    window.show()
    status = app.exec()
    print(f"peak-rss {own_peak_mb():.1f}", flush=True)
    return status


def own_peak_mb() -> float:
    """VmHWM: this process's own peak (wait4's ru_maxrss would include the parent's)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    sys.exit(main())
