"""Issue 18 leftovers, reached as a user reaches them: noted highlights look different,
notes imported from a terminal reach the open window, Export Notes… writes a PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from reader.ui.notes.highlights import NOTED_UNDERLINE
from tests.keyboard_helpers import active_window
from tests.ui.test_notes_ui import ARTICLE, CTRL_SHIFT, select, store_of


@pytest.fixture
def article_window(qtbot, core, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return active_window(qtbot, core, [str(path)])


def _underlines(window) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Each painted highlight's text -> whether it carries the noted (dashed) underline;
    every highlight has a solid underline of its own, so the dash is what tells them apart."""
    found = {}
    for selection in window.reading_view.layer("highlights"):
        found[selection.cursor.selectedText()] = (
            selection.format.underlineStyle() == NOTED_UNDERLINE)
    return found


def test_highlights_with_a_note_are_underlined_bare_ones_are_not(qtbot, article_window) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    select(window, "the bridge would reopen")
    qtbot.keyClick(window.reading_view, Qt.Key.Key_N, CTRL_SHIFT)  # highlight + note
    qtbot.keyClicks(window.notes_panel.editor.source, "Which week?")
    select(window, "the council should have acted sooner")
    bare = window.notes.highlight("yellow")
    assert bare is not None
    assert _underlines(window) == {"the bridge would reopen": True,
                                   "the council should have acted sooner": False}
    # both yellow: the note is told apart by shape, not colour alone
    colours = {s.format.background().color().name()
               for s in window.reading_view.layer("highlights")}
    assert len(colours) == 1

    window.notes.controller.set_body(bare.uuid, "Opinion")  # gains a note: repainted
    assert _underlines(window)["the council should have acted sooner"] is True
    window.notes.controller.set_body(bare.uuid, "  ")  # an empty note is a bare highlight
    assert _underlines(window)["the council should have acted sooner"] is False


def test_notes_imported_in_a_terminal_reach_the_open_window(  # type: ignore[no-untyped-def]
        qtbot, article_window, tmp_path: Path) -> None:
    from reader.cli.main import main

    window = article_window
    select(window, "the bridge would reopen")
    qtbot.keyClick(window.reading_view, Qt.Key.Key_N, CTRL_SHIFT)  # a note being typed
    editor = window.notes_panel.editor
    qtbot.keyClicks(editor.source, "Before. ")
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:6a1f3c2e-2b1d-4c55-9d8e-1f2a3b4c5d6e",
        "type": "Annotation",
        "created": "2026-01-02T03:04:05Z",
        "body": [{"type": "TextualBody", "value": "Check the date", "format": "text/markdown"},
                 {"type": "TextualBody", "value": "bridges", "purpose": "tagging"}],
        "target": {"source": (tmp_path / "bridge.txt").resolve().as_uri(),
                   "selector": {"type": "TextQuoteSelector",
                                "exact": "Residents said the closure"}},
    }
    incoming = tmp_path / "incoming.json"
    incoming.write_text(json.dumps(annotation), encoding="utf-8")
    data_dir = str(window.context.core.data_dir)
    assert main(["--data-dir", data_dir, "notes", "import", str(incoming)]) == 0

    # the library's periodic check (every 2 s) notices; nothing is called by hand
    qtbot.waitUntil(lambda: window.notes_panel.model.rowCount() == 2, timeout=6000)
    tags = [window.notes_panel.tag_filter.itemText(i)
            for i in range(window.notes_panel.tag_filter.count())]
    assert "bridges" in tags
    assert _underlines(window) == {"the bridge would reopen": True,
                                   "Residents said the closure": True}
    # the note being typed stayed open under the user's fingers
    qtbot.keyClicks(editor.source, "After.")
    assert window.notes_panel.flush()
    assert store_of(window).get(editor.uuid).body == "Before. After."


def test_export_notes_as_pdf_from_the_menu(qtbot, article_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = article_window
    select(window, "the council should")
    note = window.notes.highlight("purple")
    assert note is not None
    window.notes.controller.set_body(note.uuid, "Opinion, not news")
    target = tmp_path / "annotated.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action_table.actions["notes.export"].trigger()
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page" in data and len(data) > 2000
    assert "1 notes exported" in window.statusBar().currentMessage()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "the bridge would reopen" in text and "Opinion, not news" in text

    blocked = tmp_path / "missing-dir" / "x.pdf"  # an unwritable place: a message, no file
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocked), ""))
    warned: list[str] = []
    monkeypatch.setattr("reader.ui.notes.feature.warn",
                        lambda _parent, _title, text: warned.append(text))
    window.action_table.actions["notes.export"].trigger()
    assert warned and "Could not write" in warned[0] and not blocked.exists()

