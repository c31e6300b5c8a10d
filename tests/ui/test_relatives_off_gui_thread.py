"""Opening a document reads its stored relatives (the provenance panel) and its original's
title (the status bar's "Copy of …") on workers, never on the GUI thread's connection; an
answer for a document left meanwhile is dropped, and until the new document's answer
arrives the panel's old rows are not taken for its relatives."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from reader.core import background
from reader.core.library.documents import Library
from tests.conftest import ORIGINAL, REPUBLISHED
from tests.keyboard_helpers import active_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _library(core, tmp_path: Path) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """The seed pair (classified and related by the import) and a document with no kin."""
    paths = []
    for seed, name in ((ORIGINAL, "original.txt"), (REPUBLISHED, "copy.txt")):
        shutil.copy(seed, tmp_path / name)
        paths.append(tmp_path / name)
    lone = tmp_path / "garden.txt"
    lone.write_text("Tomatoes want sun, water and patience in equal measure.\n", "utf-8")
    core.library.add_files([str(p) for p in [*paths, lone]])
    ids = [core.library.id_for_path(p) for p in [*paths, lone]]
    assert None not in ids
    return ids[0], ids[1], ids[2]


def test_a_copys_relatives_and_original_are_read_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, copy, _ = _library(core, tmp_path)
    window = active_window(qtbot, core)
    feature = window.compare
    on_gui: list[str] = []  # statements run on the GUI's connection
    entries: list[int] = []  # entries read on the GUI thread
    entry = Library.entry

    def recording(self: Library, doc_id: int):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            entries.append(doc_id)
        return entry(self, doc_id)

    monkeypatch.setattr(Library, "entry", recording)
    core.db.set_trace_callback(on_gui.append)
    try:
        assert window.library_panel.select_document(copy)
        qtbot.waitUntil(lambda: feature.panel.isVisible() and feature.panel.list.item(0).text()
                        .startswith("Original: NATO Secretary General"), timeout=20000)
        qtbot.waitUntil(lambda: feature.provenance.text().startswith(
            "Copy of NATO Secretary General"), timeout=20000)
    finally:
        core.db.set_trace_callback(None)
    # the panel's reading (`stored_relatives`), not the list's labels of the rows it paints
    assert [sql for sql in on_gui if "FROM relations r JOIN documents d" in sql] == []
    assert original not in entries
    assert str(tmp_path / "original.txt") in feature.provenance.toolTip()


def test_the_panel_answer_for_a_document_left_meanwhile_is_dropped(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, copy, lone = _library(core, tmp_path)
    window = active_window(qtbot, core)
    feature = window.compare
    assert window.library_panel.select_document(original)
    qtbot.waitUntil(lambda: feature._panel_for is not None and feature._panel_for[1] == original)
    assert feature.panel.isVisible()
    gate, asked = threading.Event(), threading.Event()
    read = background.stored_relatives_of

    def held(core_: object, path: str):  # type: ignore[no-untyped-def]
        if path == str(tmp_path / "garden.txt"):
            asked.set()
            gate.wait(10)
        return read(core_, path)  # type: ignore[arg-type]

    monkeypatch.setattr(background, "stored_relatives_of", held)
    try:
        assert window.library_panel.select_document(lone)
        qtbot.waitUntil(asked.is_set)
        # the original's rows are still up, but Ctrl+Shift+C does not take them for the
        # garden note's: it looks for the note's own relatives (there are none)
        window.reading_view.setFocus()
        qtbot.keyClick(window.reading_view, Qt.Key.Key_C, CTRL_SHIFT)
        qtbot.waitUntil(lambda: "No original, copy or other version" in
                        window.statusBar().currentMessage(), timeout=20000)
        assert not feature.window.isVisible()
        # the copy opened and its rows came while the note's answer was still held: the
        # note's answer, arriving last, is dropped (it would replace the copy's rows)
        assert window.library_panel.select_document(copy)
        qtbot.waitUntil(
            lambda: feature._panel_for is not None and feature._panel_for[1] == copy,
            timeout=20000,
        )
        gate.set()
        assert QThreadPool.globalInstance().waitForDone(20000)
    finally:
        gate.set()
    qtbot.wait(50)
    assert feature._panel_for[1] == copy
    assert feature.panel.list.item(0).text().startswith("Original: NATO Secretary General")
