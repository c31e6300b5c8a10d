"""A trap for rich-text injection: markup whose `<img>` names a FIFO, and a watcher that sees
whether anything opened that FIFO to read it (as Qt does when it renders the markup).

A FIFO is the worst case the attack used (it hung the GUI for good). The watcher is another
process (a thread here could not run while the GUI thread blocks in `open` holding the GIL):
it opens the other end as soon as a reader appears and leaves a mark, so a vulnerable widget
fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

FIFO_NAME = "c.f"
"""Short and relative: it fits in a process name (15 bytes) and in a file name (no `/`)."""

WATCHER = """
import errno, os, sys, time
fifo, mark = sys.argv[1], sys.argv[2]
print("watching", flush=True)
while True:
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno != errno.ENXIO:
            raise
        time.sleep(0.002)
        continue
    open(mark, "a").write("opened\\n")
    os.close(fd)  # the reader sees end of file and carries on
"""


class Canary:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.fifo = folder / FIFO_NAME
        self.mark = folder.parent / "canary-opened"
        os.mkfifo(self.fifo)
        self._watcher = subprocess.Popen(
            [sys.executable, "-c", WATCHER, str(self.fifo), str(self.mark)],
            stdout=subprocess.PIPE, text=True,
        )
        assert self._watcher.stdout is not None
        assert self._watcher.stdout.readline().strip() == "watching"

    @property
    def markup(self) -> str:
        """A title that loads the FIFO if rendered as rich text (quoted, relative to the
        working directory, which the tests set to the trap's folder)."""
        return f'<img src="{FIFO_NAME}"> <b>bold</b> [*] &amp; x'

    @property
    def short_markup(self) -> str:
        """The same attack unquoted, short enough for a process name."""
        return f"<img src={FIFO_NAME}>"

    def opened(self) -> bool:
        """Whether anything has opened the FIFO to read it."""
        return self.mark.exists()

    def close(self) -> None:
        self._watcher.kill()
        self._watcher.wait(timeout=5)


def shown(text: str) -> str:
    """What Qt shows for a string given to a widget that guesses its format (a tooltip)."""
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def label_shows(label: QLabel) -> str:
    """What a label shows: its text as typed only when it does not read it as markup."""
    from PySide6.QtCore import Qt

    fmt = label.textFormat()
    if fmt == Qt.TextFormat.PlainText:
        return label.text()
    if fmt == Qt.TextFormat.RichText or GuiQt.mightBeRichText(label.text()):
        document = QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText()
    return label.text()


def tooltip_shown() -> str:
    """The text of the tooltip on screen now ("" if none)."""
    QApplication.processEvents()
    return shown(QToolTip.text()) if QToolTip.isVisible() else ""
