"""The library in the GUI: background import, cancel, failures, watcher, drops, sort, remove."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.core.library.documents import Library
from reader.ui.library.import_progress import ImportFailuresDialog
from reader.ui.library.model import ENTRY_ROLE, LibraryModel

TIMEOUT = 20000


def make_folder(root: Path, count: int, bad: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (root / f"doc{n:03}.txt").write_text(
            f"Story number {n} about the harbour\n\nA paragraph of reporting {n}.\n",
            encoding="utf-8",
        )
    if bad:
        (root / "broken.txt").write_bytes(b"\x00\x01binary")
        (root / "empty.md").write_bytes(b"")
    return root


def titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.library_panel.proxy
    return [proxy.index(r, 0).data(ENTRY_ROLE).title for r in range(proxy.rowCount())]


def import_and_wait(qtbot, window, paths: list[str]):  # type: ignore[no-untyped-def]
    controller = window.library_feature.controller
    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT) as blocker:
        window.library_feature.import_paths(paths)
    return blocker.args[0]


def test_model_passes_qtmodeltester(qtmodeltester, core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    core.library.ensure_seeds()
    core.library.add_files([make_folder(tmp_path / "m", 5)])
    model = LibraryModel(core.library)
    qtmodeltester.check(model)
    model.sort(LibraryModel.WORDS, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert model.rowCount() == 7
    # incremental changes keep the model consistent (the tester watches every signal)
    added = core.library.add_files([make_folder(tmp_path / "more", 3)]).added
    model.update_documents(added + [model.entry_at(0).id])
    assert model.rowCount() == 10
    words = [model.entry_at(r).word_count for r in range(10)]
    assert words == sorted(words, reverse=True)  # new rows land in the chosen order
    core.library.remove(added[:2])
    model.remove_documents(added[:2])
    assert model.rowCount() == 8 and model.row_of(added[0]) == -1
    assert model.row_of(added[2]) >= 0
    qtmodeltester.check(model)


def test_background_import_reports_progress_and_failures(
    qtbot, main_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = make_folder(tmp_path / "news", 40, bad=True)
    feature = main_window.library_feature
    progress: list[tuple[int, int, str]] = []
    feature.controller.progressed.connect(lambda d, t, c: progress.append((d, t, c)))
    summary = import_and_wait(qtbot, main_window, [str(folder)])
    assert (summary.added, len(summary.failures)) == (40, 2)
    assert progress and progress[-1][:2] == (42, 42)
    assert not feature.progress.isVisible()
    assert len(titles(main_window)) == 42  # 2 seeds + 40
    dialog = feature.failures_dialog
    assert isinstance(dialog, ImportFailuresDialog) and dialog.isVisible()
    reasons = {
        dialog.model.item(r, 0).text(): dialog.model.item(r, 1).text()
        for r in range(dialog.model.rowCount())
    }
    assert "binary" in reasons["broken.txt"] and "empty" in reasons["empty.md"]
    assert "40 added" in main_window.statusBar().currentMessage()
    dialog.close()


def test_progress_bar_shows_while_importing_and_cancel_stops(
    qtbot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = make_folder(tmp_path / "big", 600)
    feature = main_window.library_feature
    seen_visible: list[bool] = []
    # Workers read far ahead of the writer: 600 small files could all be stored before the
    # click reached the import. The writer waits for the click, so the cancel lands mid-import;
    # the click comes from the event loop as soon as the bar offers it (progress reports are
    # throttled, so none may arrive while the writer waits).
    clicked = threading.Event()
    store_texts = Library.store_texts

    def store_after_the_click(self: Library, *args: Any, **kwargs: Any) -> Any:
        clicked.wait(TIMEOUT / 1000)
        return store_texts(self, *args, **kwargs)

    monkeypatch.setattr(Library, "store_texts", store_after_the_click)

    def click_cancel_once_offered() -> None:
        button = feature.progress.cancel_button
        if not clicked.is_set() and button.isVisible() and button.isEnabled():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            clicked.set()

    def on_progress(done: int, total: int, current: str) -> None:
        seen_visible.append(feature.progress.isVisible())

    feature.controller.progressed.connect(on_progress)
    clicker = QTimer()
    clicker.timeout.connect(click_cancel_once_offered)
    clicker.start(10)
    try:
        summary = import_and_wait(qtbot, main_window, [str(folder)])
    finally:
        clicker.stop()
        clicked.set()
    assert clicked.is_set()
    assert summary.cancelled and summary.added < 600
    assert seen_visible and all(seen_visible)
    assert "cancelled" in main_window.statusBar().currentMessage()
    # what was committed before the cancel is listed, nothing more
    assert len(titles(main_window)) == 2 + summary.added
    assert main_window.library_feature.library.count() == 2 + summary.added


def test_add_files_command_and_drop_and_folder_on_command_line(
    qtbot, core, main_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a = make_folder(tmp_path / "a", 1) / "doc000.txt"
    feature = main_window.library_feature
    feature.choose_files = lambda: [str(a)]  # type: ignore[method-assign]
    controller = feature.controller
    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT):
        qtbot.keyClick(
            main_window.library_panel.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
        )
    assert len(titles(main_window)) == 3

    dropped = make_folder(tmp_path / "dropped", 3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    with warnings.catch_warnings():  # Qt 6 only has the QPoint overload, which PySide flags
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPoint(50, 50),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(main_window, enter)
    assert enter.isAccepted()  # the window takes file drops
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt only routes a Drop during a real drag session, so hand it to the window's filter.
    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT):
        assert feature.eventFilter(main_window, drop)
    assert len(titles(main_window)) == 6

    from reader.ui.app.launch import create_window

    other = create_window(core, [str(make_folder(tmp_path / "cli", 2))])
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.library_feature.controller.finished, timeout=TIMEOUT):
        pass
    assert len(titles(other)) == 8


def test_remove_with_delete_key_keeps_file(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_and_wait(qtbot, main_window, [str(make_folder(tmp_path / "r", 2))])
    panel = main_window.library_panel
    assert panel.select_document(panel.model.entry_at(2).id)
    path = Path(main_window.reading_view.current.path)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert len(titles(main_window)) == 3
    assert path.exists()
    assert main_window.library_feature.library.id_for_path(path) is None
    assert "stay on disk" in main_window.statusBar().currentMessage()
    assert main_window.reading_view.current.path != str(path)


def test_sort_menu_header_and_collection_filter(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "b.txt").write_text("Banana prices rise sharply again\n\n" + "w " * 900)
    (folder / "a.txt").write_text("Apple growers count their losses\n\nshort\n")
    import_and_wait(qtbot, main_window, [str(folder)])
    panel = main_window.library_panel
    panel.sort_by(LibraryModel.TITLE)
    assert titles(main_window)[0] == "Apple growers count their losses"
    panel.descending_action.trigger()
    assert titles(main_window)[-1] == "Apple growers count their losses"
    panel.view.horizontalHeader().setSortIndicator(LibraryModel.WORDS, Qt.SortOrder.DescendingOrder)
    assert titles(main_window)[0] == "Banana prices rise sharply again"
    assert panel._sort_actions[LibraryModel.WORDS].isChecked()
    panel.collection_combo.setCurrentIndex(2)  # Seeds
    assert len(titles(main_window)) == 2
    panel.collection_combo.setCurrentIndex(1)  # Library
    assert sorted(titles(main_window)) == [
        "Apple growers count their losses",
        "Banana prices rise sharply again",
    ]
    panel.filter_edit.setText("banana")
    assert titles(main_window) == ["Banana prices rise sharply again"]


def test_watched_folder_follows_disk(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = make_folder(tmp_path / "watched", 1)
    feature = main_window.library_feature
    feature.choose_folder = lambda title: str(folder)  # type: ignore[method-assign]
    controller = feature.controller
    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT):
        main_window.action_table.actions["library.watch_folder"].trigger()
    assert feature.library.watched_folders() == [str(folder.resolve())]
    assert len(titles(main_window)) == 3

    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT):
        (folder / "new.md").write_text("A new arrival in the folder\n\nText.\n")
    assert "A new arrival in the folder" in titles(main_window)

    doc = folder / "doc000.txt"
    assert main_window.library_panel.select_document(feature.library.id_for_path(doc))
    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT):
        doc.write_text("An edited story with new words\n\nChanged body text here.\n")
    assert "An edited story with new words" in titles(main_window)
    assert "Changed body text" in main_window.reading_view.toPlainText()

    with qtbot.waitSignal(controller.finished, timeout=TIMEOUT):
        (folder / "new.md").unlink()
    assert "A new arrival in the folder" not in titles(main_window)


def test_external_cli_changes_are_noticed(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.cli.main import main

    folder = make_folder(tmp_path / "ext", 2)
    assert main(["add", str(folder), "--data-dir", str(main_window.context.core.data_dir)]) == 0
    main_window.library_feature.check_external_changes()
    assert len(titles(main_window)) == 4


def test_an_outside_change_keeps_the_open_document_that_a_filter_hides(
    qtbot, main_window, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """A terminal adds documents while the filter hides the open one: the reading pane keeps
    it (it used to switch to the first listed row), and it is current once shown again."""
    from reader.cli.main import main

    import_and_wait(qtbot, main_window, [str(make_folder(tmp_path / "own", 3))])
    panel = main_window.library_panel
    library = main_window.library_feature.library
    first, second = (library.id_for_path(str(tmp_path / "own" / f"doc00{n}.txt")) for n in (0, 1))
    assert first is not None and second is not None
    assert panel.select_document(first)
    qtbot.waitUntil(lambda: main_window.current_doc_id == first, timeout=TIMEOUT)
    panel.filter_edit.setText(library.entry(second).title)  # shows the other one only
    assert panel.current_id() is None
    folder = make_folder(tmp_path / "ext", 2)
    assert main(["add", str(folder), "--data-dir", str(main_window.context.core.data_dir)]) == 0
    main_window.library_feature.check_external_changes()
    qtbot.wait(50)
    assert main_window.current_doc_id == first
    panel.filter_edit.setText("")
    assert panel.current_id() == first


@pytest.fixture(autouse=True)
def _close_dialogs(qtbot):  # type: ignore[no-untyped-def]
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ImportFailuresDialog):
            widget.close()


def test_event_loop_keeps_running_during_an_import(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The import runs off the GUI thread: timers fire between its progress reports."""
    folder = make_folder(tmp_path / "resp", 800)
    controller = main_window.library_feature.controller
    events: list[str] = []
    controller.progressed.connect(lambda *_: events.append("progress"))
    controller.documents_stored.connect(lambda *_: events.append("batch"))
    timer = QTimer()
    timer.timeout.connect(lambda: events.append("tick"))
    timer.start(1)
    summary = import_and_wait(qtbot, main_window, [str(folder)])
    timer.stop()
    assert summary.added == 800
    first, last = events.index("progress"), len(events) - 1 - events[::-1].index("progress")
    assert "tick" in events[first:last]  # the GUI thread ran timers while the worker worked


def test_header_menu_shows_hidden_columns(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    panel = main_window.library_panel
    assert panel.view.isColumnHidden(LibraryModel.ADDED)
    menu = panel.header_menu()  # what a right click on the header pops up
    assert [a.text() for a in menu.actions()] == [
        "Words", "Comment.", "Added", "Folder", "Site", "Date"
    ]
    added = next(a for a in menu.actions() if a.text() == "Added")
    assert not added.isChecked()
    added.trigger()
    assert not panel.view.isColumnHidden(LibraryModel.ADDED)


def test_an_import_classifies_what_it_added_and_the_list_shows_the_share(
    qtbot, main_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import REPUBLISHED

    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "copy.txt").write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    feature = main_window.library_feature
    stages: list[tuple[str, str]] = []
    classified: list[int] = []
    feature.controller.stage_changed.connect(
        lambda stage: stages.append((stage, feature.progress.stage.text()))
    )
    feature.controller.documents_classified.connect(classified.extend)
    summary = import_and_wait(qtbot, main_window, [str(folder)])
    assert summary.added == 1
    assert stages == [("classifying", "Classifying")]  # the bar says what it counts now
    doc_id = feature.library.id_for_path(folder / "copy.txt")
    assert doc_id in classified
    entry = feature.model.entry_at(feature.model.row_of(doc_id))
    assert entry.commentary_share is not None and entry.commentary_share > 0


def test_what_exists_after_start_is_left_out_of_later_collections(main_window) -> None:  # type: ignore[no-untyped-def]
    """A full collection during a 10,000-document import stalled the event loop for 44 ms
    scanning objects that live as long as the app: the collector freezes them once."""
    import gc

    entry = main_window.library_panel.proxy.sourceModel().entry_at(0)
    gc.unfreeze()
    assert any(o is entry for o in gc.get_objects())  # scanned by every full collection
    main_window.collector._froze = False
    try:
        main_window.collector.collect()  # its first tick after the window is up
        assert gc.get_freeze_count() > 0
        assert not any(o is entry for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_handed_over_file_hidden_by_the_filter_is_shown(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 item 7: `reader FILE` sent to a running window whose library filter hid the
    file added it but neither showed it nor said anything."""
    from reader.ui.app.handoff import HandoffReceiver

    panel = main_window.library_panel
    panel.filter_edit.setText("no such title")
    panel.collection_combo.setCurrentIndex(2)  # Seeds
    path = tmp_path / "walrus.txt"
    path.write_text("Walrus census\n\nCounters found more walruses.\n", encoding="utf-8")
    receiver = HandoffReceiver(main_window, main_window.context.core, main_window.library_model,
                               panel, main_window.show_problem, main_window.notes.open_link)
    with qtbot.waitSignal(receiver.files_added, timeout=TIMEOUT):
        receiver.on_paths_received([str(path)])  # what the instance socket delivers
    assert main_window.reading_view.current.path == str(path.resolve())
    assert panel.current_id() == main_window.context.core.library.id_for_path(path)
    assert panel.filter_edit.text() == ""
    assert "filter was cleared" in main_window.statusBar().currentMessage()


def test_open_watched_file_deleted_says_so_keeps_notes(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 item 8: the document vanished silently while the reading pane kept showing
    it, and its notes had no title in All Notes."""
    from reader.ui.notes.model import NOTE_ROLE, TITLE_ROLE

    folder = make_folder(tmp_path / "watched", 2)
    feature = main_window.library_feature
    feature.choose_folder = lambda title: str(folder)  # type: ignore[method-assign]
    with qtbot.waitSignal(feature.controller.finished, timeout=TIMEOUT):
        main_window.action_table.actions["library.watch_folder"].trigger()
    doc = folder / "doc001.txt"
    assert main_window.library_panel.select_document(feature.library.id_for_path(doc))
    view = main_window.reading_view
    view.select_offsets(0, 5)
    note = main_window.notes.highlight("green")
    with qtbot.waitSignal(feature.controller.finished, timeout=TIMEOUT):
        doc.unlink()
    assert view.current.path != str(doc.resolve())
    assert "doc001.txt was deleted from disk" in main_window.statusBar().currentMessage()
    assert main_window.library_panel.current_id() == feature.library.id_for_path(
        view.current.path)
    main_window.notes_panel.all_button.click()
    proxy = main_window.notes_panel.model
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(NOTE_ROLE).uuid == note.uuid)
    assert proxy.index(row, 0).data(TITLE_ROLE) == "doc001.txt (no longer in the library)"


def test_typing_in_the_filter_keeps_the_open_document(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 item 10: each letter typed in the library filter opened whichever row Qt
    made current once the open one was filtered out."""
    import_and_wait(qtbot, main_window, [str(make_folder(tmp_path / "f", 3))])
    panel = main_window.library_panel
    view = main_window.reading_view
    assert panel.select_document(panel.model.entry_at(0).id)
    opened = view.current.path
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_S)  # type-to-filter: the letter moves to the box
    assert panel.filter_edit.hasFocus()
    qtbot.keyClicks(panel.filter_edit, "tory number 2")
    assert panel.proxy.rowCount() == 1
    assert view.current.path == opened
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)
    assert view.current.path == opened
    assert panel.current_id() == main_window.context.core.library.id_for_path(opened)
    qtbot.keyClicks(panel.filter_edit, "number 1")
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)  # into the list: now it opens
    assert "doc001" in view.current.path


def test_a_file_name_that_is_not_utf8_fails_alone(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 #7: one name of bytes that are not UTF-8 among 60 files used to stop the
    whole import with a traceback (0 added); now it is listed with its reason."""
    import os

    folder = make_folder(tmp_path / "mixed", 60)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 \xff.txt"), "wb") as handle:
        handle.write(b"Latin-1 named\n\nA paragraph.\n")
    summary = import_and_wait(qtbot, main_window, [str(folder)])
    assert (summary.added, len(summary.failures)) == (60, 1)
    dialog = main_window.library_feature.failures_dialog
    assert dialog is not None and dialog.model.rowCount() == 1
    assert "not valid UTF-8" in dialog.model.item(0, 1).text()
    dialog.close()
