"""A terminal removes the document whose note is being typed (issue 21 #3): every keystroke
typed before and after the removal is stored, and the user is told what happened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.core.notes.storage import NoteStore
from tests.keyboard_helpers import active_window
from tests.ui.test_notes_ui import ARTICLE, CTRL_SHIFT, select


def test_typing_a_note_survives_a_terminal_removing_its_document(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path: Path, data_dir: Path
) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    window = active_window(qtbot, core, [str(path)])
    qtbot.waitUntil(lambda: window.completed, timeout=10000)
    qtbot.waitUntil(window.isActiveWindow)
    doc_id = window.notes.controller.doc_id
    select(window, "the bridge would reopen")
    qtbot.keyClick(window.reading_view, Qt.Key.Key_N, CTRL_SHIFT)  # highlight + note
    editor = window.notes_panel.editor
    uuid = editor.uuid
    assert uuid is not None, (window.isActiveWindow(), QApplication.focusWidget(), doc_id)
    qtbot.keyClicks(editor.source, "Before the removal. ")

    removed = subprocess.run(
        [sys.executable, "-m", "reader", "remove", str(doc_id)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert removed.returncode == 0, removed.stderr
    assert NoteStore(core.db).get(uuid) is not None, "gone at once"
    window.library_feature.check_external_changes()  # what its 2-second poll does
    assert NoteStore(core.db).get(uuid) is not None, "gone after check"
    QApplication.processEvents()

    typed_after = "And after it, every key."
    qtbot.keyClicks(QApplication.focusWidget(), typed_after)  # wherever the keys now go
    assert window.notes_panel.flush()
    note = NoteStore(core.db).get(uuid)
    assert note is not None and note.body == "Before the removal. " + typed_after
    assert editor.uuid == uuid and editor.source.toPlainText() == note.body
    assert "removed" in editor.status.text()
    # the document stays on screen, and the window says why
    assert window.reading_view.current is not None
    assert window.reading_view.current.path == str(path.resolve())
    assert "removed from the library by another program" in window.statusBar().currentMessage()
