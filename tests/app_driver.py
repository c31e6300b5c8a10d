"""Drives the real app for the crash tests: `python -m tests.app_driver type-note TEXT` or
`stream-notes N`, with the data dir from READER_DATA_DIR as usual.

The steps live here, not in shipping code: the app only offers `run_gui(when_started=...)`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli.main import gui_parser
from reader.ui.app.launch import run_gui

if TYPE_CHECKING:
    from reader.ui.app.main_window import MainWindow


def type_note(text: str) -> Callable[[MainWindow], None]:
    """Highlight the first paragraph, type `text` into its note, report, keep running."""

    def step(window: MainWindow) -> None:
        from PySide6.QtTest import QTest

        document, panel = window.reading_view.current, window.notes_panel
        if document is None or not document.paragraphs or panel.editor is None:
            print("driver: nothing to highlight", flush=True)
            return
        first = document.paragraphs[0]
        note = window.notes.controller.highlight(first.start, first.end)
        if note is None:
            print("driver: highlight failed", flush=True)
            return
        panel.edit_note(note.uuid)
        QTest.keyClicks(panel.editor.source, text)
        print(f"typed {note.uuid}", flush=True)

    return step


def stream_notes(count: int) -> Callable[[MainWindow], None]:
    """Save `count` notes one per event-loop turn, printing each once its save returned,
    so a crash test knows what must survive."""

    def step(window: MainWindow) -> None:
        from PySide6.QtCore import QTimer

        left = count

        def save_one() -> None:
            nonlocal left
            document = window.reading_view.current
            if document is None or not document.paragraphs or left <= 0:
                return
            left -= 1
            paragraph = document.paragraphs[left % len(document.paragraphs)]
            controller = window.notes.controller
            note = controller.highlight(paragraph.start, paragraph.end)
            body = f"Stream note {left} — *kept* after any crash"
            if note is not None and controller.set_body(note.uuid, body):
                print(f"saved {note.uuid}", flush=True)
            QTimer.singleShot(0, save_one)

        save_one()

    return step


def main(argv: list[str]) -> int:
    what, value = argv
    step = type_note(value) if what == "type-note" else stream_notes(int(value))
    return run_gui(gui_parser().parse_args([]), when_started=step)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
