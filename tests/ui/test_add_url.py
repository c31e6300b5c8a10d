"""File → Add from URL… and Ctrl+V in the library list, against a server on 127.0.0.1."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox

from reader.ui.library.model import LibraryModel
from tests.core.test_web_library import FIRST, SECOND, page
from tests.web_server import Route, page_server


def _row_of(window, doc_id: int) -> int:  # type: ignore[no-untyped-def]
    return window.library_model.row_of(doc_id)


def test_paste_a_web_address_into_the_library(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    feature = main_window.library_feature
    with page_server() as server:
        server.routes["/story"] = Route(body=page("Bridge to be repaired", FIRST))
        url = server.url("/story")
        QGuiApplication.clipboard().setText(url)
        main_window.library_panel.view.setFocus()
        with qtbot.waitSignal(feature.url_added, timeout=10000) as added:
            qtbot.keyClick(
                main_window.library_panel.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
            )
        doc_id, outcome = added.args
        assert outcome == "added"
        model = main_window.library_model
        row = _row_of(main_window, doc_id)
        site = model.index(row, LibraryModel.SITE).data()
        date = model.index(row, LibraryModel.PUBLISHED).data()
        assert (site, date) == ("Gazette", "2024-05-01")
        qtbot.waitUntil(lambda: main_window.current_doc_id == doc_id, timeout=5000)
        info = main_window.reading_pane.page_info
        assert info.isVisible() and info.textFormat() == Qt.TextFormat.PlainText
        assert info.text().startswith("Gazette · Published 2024-05-01 08:00 · http://127.0.0.1")
        assert main_window.reading_view.current.text.startswith("Home World\n\nBridge")
        # It opens at the headline; the menu above it is still there, as furniture.
        headline = main_window.reading_view.current.headline_start()
        assert headline == len("Home World\n\n")
        assert main_window.reading_view.caret_offset() == headline

        # A changed page, fetched again from File → Add from URL…: a second version.
        server.routes["/story"] = Route(body=page("Bridge to be replaced", SECOND))
        main_window.library_feature.ask_url = lambda: url  # the dialog, answered
        with qtbot.waitSignal(feature.url_added, timeout=10000) as again:
            main_window.action_table.actions["library.add_url"].trigger()
        assert again.args == [doc_id, "refreshed"]
        title = model.index(_row_of(main_window, doc_id), LibraryModel.TITLE).data()
        assert title == "Bridge to be replaced  · v2"


def test_a_failed_fetch_is_said_in_words_and_the_app_goes_on(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    feature = main_window.library_feature
    with page_server() as server:
        url = server.url("/missing")
        with qtbot.waitSignal(feature.url_failed, timeout=10000) as failed:
            feature.fetch_url(url)
        assert failed.args[0] == url and failed.args[1].startswith("not found")
    box = main_window.findChild(QMessageBox, "url_failed")
    assert box is not None and box.textFormat() == Qt.TextFormat.PlainText
    assert "not found" in box.informativeText()
    box.close()
    QGuiApplication.clipboard().setText("just some words")
    feature.paste_url()
    assert "no web address" in main_window.statusBar().currentMessage()


def test_the_address_dialog_offers_the_clipboard(qtbot, main_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer(_parent, _title, _label, text=""):  # type: ignore[no-untyped-def]
        asked.append(text)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    QGuiApplication.clipboard().setText("https://news.example/a")
    main_window.library_feature.add_url()
    QGuiApplication.clipboard().setText("not an address")
    main_window.library_feature.add_url()
    assert asked == ["https://news.example/a", "https://"]


def test_f2_edits_a_title(qtbot, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = main_window.context.core.library
    path = tmp_path / "one.txt"
    path.write_text("Storm hits the coast\n\nWaves rose over the wall at dawn.\n")
    doc_id = library.add_files([path]).added[0]
    model = main_window.library_model
    model.reload()
    panel = main_window.library_panel
    qtbot.waitUntil(lambda: panel.select_document(doc_id), timeout=5000)
    panel.view.setFocus()
    main_window.library_feature.ask_title = lambda current: "Storm, my own title"
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    assert library.entry(doc_id).title == "Storm, my own title"
    qtbot.waitUntil(
        lambda: model.index(model.row_of(doc_id), LibraryModel.TITLE).data()
        == "Storm, my own title",
        timeout=5000,
    )


def test_ctrl_shift_v_shows_an_earlier_version_with_its_notes_in_place(
    qtbot, main_window, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    from reader.core.notes.storage import NoteStore
    from reader.ui.library.versions_dialog import VersionsDialog

    core = main_window.context.core
    path = tmp_path / "story.txt"
    path.write_text("Bridge vote\n\nThey voted, after a long debate, to repair it.\n")
    doc_id = core.library.add_files([path]).added[0]
    first = core.library.document(doc_id).text
    start = first.index("a long debate")
    NoteStore(core.db).highlight(doc_id, first, start, start + 13, "green", "why so long?")
    path.write_text("Bridge vote\n\nNews: a vote.\n\nThey voted, after a long debate, to fix.\n")
    assert core.library.add_files([path]).refreshed == [doc_id]
    model, panel = main_window.library_model, main_window.library_panel
    model.reload()
    qtbot.waitUntil(lambda: panel.select_document(doc_id), timeout=5000)
    panel.view.setFocus()
    qtbot.keyClick(
        panel.view,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = main_window.findChild(VersionsDialog, "versions_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == 2 and "(current)" in dialog.list.item(0).text()
    dialog.choose(1)
    assert dialog.shown is not None and dialog.shown.text == first
    [mark] = dialog.text.extraSelections()
    assert mark.cursor.selectedText() == "a long debate"
    assert (mark.cursor.selectionStart(), mark.cursor.selectionEnd()) == (start, start + 13)
    assert dialog.notes.item(0).text() == "“a long debate” — why so long?"
    dialog.close()
    # A document whose text never changed says so instead.
    other = tmp_path / "other.txt"
    other.write_text("Storm hits\n\nWaves rose over the wall.\n")
    other_id = core.library.add_files([other]).added[0]
    model.reload()
    qtbot.waitUntil(lambda: panel.select_document(other_id), timeout=5000)
    main_window.action_table.actions["library.versions"].trigger()
    assert "no earlier versions" in main_window.statusBar().currentMessage()
