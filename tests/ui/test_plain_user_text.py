"""Every place that shows a title, path, reason or process name shows it as typed.

Each test puts markup whose `<img>` names a FIFO into user text (a document's first line, a
file name, a process name) and reaches the place the way a user does (hover, open, Ctrl+I,
a failed import, a locked store). Rendered as rich text, Qt would open the FIFO (the attack
hung the GUI; `/dev/zero` aborted it); the canary sees any such read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip, QWidget

from tests.ui.plain_canary import Canary, label_shows, tooltip_shown

BODY = (
    "The council met on Tuesday evening to discuss the new harbour wall and its cost.\n\n"
    "Members heard that the old wall had been repaired four times in ten years and that the "
    "engineers now advise a full replacement before the winter storms.\n\n"
    "The vote on the tender is expected next month, after a public meeting in the town hall.\n"
)


@pytest.fixture
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Canary]:
    trap = Canary(tmp_path / "trap")
    monkeypatch.chdir(trap.folder)  # relative `<img src=c.f>` resolves to the trap
    yield trap
    trap.close()


def hover(widget: QWidget, pos: QPoint) -> str:
    """Send the event a resting mouse sends; returns the tooltip as shown."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    return tooltip_shown()


def hostile_document(canary: Canary, tmp_path: Path) -> Path:
    """A document whose first line (its title) and file name are markup."""
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / f"{canary.short_markup}.txt"
    path.write_text(f"{canary.markup}\n\n{BODY}", encoding="utf-8")
    return path


def test_library_row_tooltip_status_path_and_window_title_are_plain(  # type: ignore[no-untyped-def]
    qtbot, main_window, canary: Canary, tmp_path: Path
) -> None:
    path = hostile_document(canary, tmp_path)
    library = main_window.context.core.library
    assert not library.add_files([path]).failed
    doc_id = library.id_for_path(str(path))
    entry = library.entry(doc_id)
    assert canary.markup in entry.title
    model = main_window.library_model
    model.update_documents([doc_id])
    panel = main_window.library_panel
    proxy_index = panel.proxy.mapFromSource(model.index(model.row_of(doc_id), 0))
    panel.view.setCurrentIndex(proxy_index)  # opens it, as a click does
    qtbot.waitUntil(lambda: main_window.reading_view.current is not None
                    and main_window.reading_view.current.path == str(path), timeout=10000)
    main_window.repaint()
    # the library row's tooltip
    rect = panel.view.visualRect(proxy_index)
    shown = hover(panel.view.viewport(), rect.center())
    assert shown == f"{entry.title}\n{path}"
    # the status bar's path
    label = main_window.status_label
    label.repaint()
    assert label_shows(label).startswith(f"{path}  ·  ")
    # the window title, `[*]` included (Qt's modified-marker would eat it)
    assert main_window.windowHandle().title() == f"{entry.title} — reader"
    assert not canary.opened(), "rendering user text read a file"


def classified_copy(qtbot, window, canary: Canary, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    """An original titled with markup and a copy that adds a comment: the copy's reasons
    name the original by its title."""
    folder = tmp_path / "pair"
    folder.mkdir()
    original = folder / "original.txt"
    original.write_text(f"{canary.markup}\n\n{BODY}", encoding="utf-8")
    copy = folder / "copy.txt"
    copy.write_text(f"Harbour wall news\n\n{BODY}\nComment: this is a scandal, readers.\n",
                    encoding="utf-8")
    library = window.context.core.library
    assert not library.add_files([original, copy]).failed
    ids = [library.id_for_path(str(p)) for p in (original, copy)]
    window.library_model.update_documents(ids)
    panel = window.library_panel
    model = window.library_model
    index = panel.proxy.mapFromSource(model.index(model.row_of(ids[1]), 0))
    with qtbot.waitSignal(window.classification.document_classified, timeout=20000):
        panel.view.setCurrentIndex(index)
    qtbot.waitUntil(lambda: bool(window.reading_view.segments), timeout=20000)
    return int(ids[1])


def test_reasons_naming_an_original_are_plain(  # type: ignore[no-untyped-def]
    qtbot, main_window, canary: Canary, tmp_path: Path
) -> None:
    classified_copy(qtbot, main_window, canary, tmp_path)
    view = main_window.reading_view
    offset = view.toPlainText().index("Members heard")
    pane = main_window.reading_pane
    assert canary.markup in pane.explanation(offset)
    # Ctrl+I: the explanation beside the text
    QToolTip.hideText()
    pane.explain_at(offset)
    assert tooltip_shown() == pane.explanation(offset)
    # hovering the passage
    view.viewport().repaint()
    qtbot.waitUntil(lambda: view._hover is not None)
    QApplication.processEvents()  # the hover filter is installed just after the first paint
    pos = view.cursorRect(view.cursor_for(offset)).center()
    shown = hover(view.viewport(), pos)
    assert view.tooltip_text(offset) in shown
    assert not canary.opened(), "rendering user text read a file"


def test_import_progress_and_failures_show_names_as_typed(  # type: ignore[no-untyped-def]
    qtbot, main_window, canary: Canary, tmp_path: Path
) -> None:
    folder = tmp_path / "import"
    folder.mkdir()
    bad = folder / f"{canary.short_markup}.txt"
    bad.write_bytes(b"\x00\x01binary" * 10)
    feature = main_window.library_feature
    # the progress line names the file being read
    feature.progress.begin()
    feature.progress.on_progressed(1, 2, str(bad))
    assert label_shows(feature.progress.label) == bad.name
    assert hover(feature.progress.label, QPoint(2, 2)) == str(bad)
    feature.progress.hide()
    # the list of files that could not be imported, after a real import
    with qtbot.waitSignal(feature.controller.finished, timeout=20000):
        feature.import_paths([str(folder)])
    dialog = feature.failures_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.view
    name_rect = view.visualRect(dialog.model.index(0, 0))
    assert hover(view.viewport(), name_rect.center()) == str(bad)
    summary = dialog.findChild(QLabel, "import_summary")
    assert label_shows(summary) == summary.text() and summary.text()
    dialog.close()
    assert not canary.opened(), "rendering user text read a file"


def test_search_result_tooltip_is_plain(qtbot, main_window, canary: Canary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = hostile_document(canary, tmp_path)
    assert not main_window.context.core.library.add_files([path]).failed
    main_window.open_search()
    dialog = main_window.search_dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.results_changed, timeout=10000):
        dialog.edit.setText("harbour")
    qtbot.waitExposed(dialog)
    results = dialog.results
    row = next(r for r in range(dialog.model.rowCount())
               if canary.markup in dialog.model.hits[r].title)
    rect = results.visualRect(dialog.model.index(row, 0))
    shown = hover(results.viewport(), rect.center())
    assert shown.startswith(f"Document {dialog.model.hits[row].title}: ")
    dialog.reject()
    assert not canary.opened(), "rendering user text read a file"


LOCK_SETUP = "open('/proc/self/comm', 'w').write({name!r})"


def test_read_only_badge_and_warning_name_a_markup_process_as_typed(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, canary: Canary
) -> None:
    from tests.core.test_store_faults import gui_window, real_store
    from tests.faults import hold_lock, release

    path = real_store(data_dir)
    holder = hold_lock(path, setup=LOCK_SETUP.format(name=canary.short_markup))
    try:
        window, core = gui_window(qtbot, data_dir)
        try:
            assert core.read_only is not None and canary.short_markup in core.read_only
            box = window.findChild(QMessageBox, "warning_dialog")
            assert box is not None and box.isVisible()
            box.repaint()
            assert box.textFormat() == Qt.TextFormat.PlainText
            assert canary.short_markup in box.text()
            box.done(0)  # tooltips show in the active window only
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
            badge = window.findChild(QLabel, "read_only_badge")
            assert hover(badge, QPoint(2, 2)) == core.read_only
        finally:
            window.close()
            core.close()
    finally:
        release(holder)
    assert not canary.opened(), "rendering user text read a file"


def test_store_refused_at_start_is_named_in_a_plain_message_box(  # type: ignore[no-untyped-def]
    data_dir: Path, canary: Canary, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from reader.cli.main import gui_parser
    from reader.ui.app.launch import run_gui
    from tests.core.test_store_faults import real_store
    from tests.faults import hold_lock, release

    path = real_store(data_dir)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    boxes: list[tuple[Qt.TextFormat | int, str]] = []  # -1: the static box (no format)

    def shown_instead_of_blocking(box: QMessageBox) -> int:
        boxes.append((box.textFormat(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", shown_instead_of_blocking)
    monkeypatch.setattr(QMessageBox, "critical",  # the static box guesses the format
                        lambda _parent, _title, text, *_a: boxes.append((-1, text)))
    monkeypatch.setenv("READER_SINGLE_INSTANCE", "0")
    holder = hold_lock(path, setup=LOCK_SETUP.format(name=canary.short_markup))
    try:
        assert run_gui(gui_parser().parse_args(["--data-dir", str(data_dir)])) == 1
    finally:
        release(holder)
    assert len(boxes) == 1
    assert boxes[0][0] == Qt.TextFormat.PlainText and canary.short_markup in boxes[0][1]


def test_notes_import_and_export_failures_name_the_file_as_typed(  # type: ignore[no-untyped-def]
    qtbot, main_window, canary: Canary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    bad = tmp_path / f"{canary.short_markup}.json"
    bad.write_text("{ not json", encoding="utf-8")
    seen: list[tuple[Qt.TextFormat, str]] = []

    def close_the_box() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        label = box.findChild(QLabel, "qt_msgbox_label")
        assert label is not None
        seen.append((box.textFormat(), label_shows(label)))
        box.done(0)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))
    QTimer.singleShot(0, close_the_box)
    main_window.notes.import_dialog()
    unwritable = tmp_path / f"{canary.short_markup}" / "notes.md"  # its folder does not exist
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(unwritable), ""))
    QTimer.singleShot(0, close_the_box)
    main_window.notes.export_dialog()
    assert [fmt for fmt, _text in seen] == [Qt.TextFormat.PlainText] * 2
    assert seen[0][1].startswith(f"Could not import {bad}")
    assert seen[1][1].startswith(f"Could not write {unwritable}")
    assert not canary.opened(), "rendering user text read a file"


def test_helpers_keep_text_exactly() -> None:
    from reader.ui.plain_text import tooltip, window_title
    from tests.ui.plain_canary import shown

    for text in ["<b>x</b>", "a &amp; b", "two\nlines", "  spaced  ", "[*] and [*][*]"]:
        assert shown(tooltip(text)) == text
    widget = QWidget()
    for text in ["a [*] b", "[*][*]", "plain"]:
        widget.setWindowTitle(window_title(text))
        widget.show()
        assert widget.windowHandle().title() == text
    widget.close()
