"""Issue 19: the note cards announce themselves as a list of cards, each named by its quote
and note text in plain words, not as a tree with a header (checked through QAccessible,
as a screen reader reads them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAccessible

from reader.core.notes.storage import NoteStore

TEXT = ("Harbour vote\n\nThe council voted on the harbour budget on Tuesday.\n\n"
        "Officials said the bridge would reopen in May.\n")


@pytest.fixture
def window_with_notes(qtbot, core, tmp_path: Path):  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    path = tmp_path / "vote.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc_id = core.library.add_files([path]).added[0]
    store = NoteStore(core.db)
    budget = TEXT.index("harbour budget")
    bridge = TEXT.index("the bridge")
    store.highlight(doc_id, TEXT, budget, budget + 14, "green", "Check **the figures** <b>now</b>")
    store.highlight(doc_id, TEXT, bridge, bridge + 10, "pink", "")
    store.document_note(doc_id, "About the _whole_ piece")
    window = create_window(core, [str(path)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_cards_are_a_list_of_named_list_items(window_with_notes) -> None:  # type: ignore[no-untyped-def]
    panel = window_with_notes.notes_panel
    iface = QAccessible.queryAccessibleInterface(panel.view)
    assert iface.role() == QAccessible.Role.List  # a tree view said Tree
    assert iface.text(QAccessible.Text.Name) == "Notes on this document"
    assert iface.childCount() == 3  # the cards, no column header
    items = [iface.child(i) for i in range(3)]
    assert all(item.role() == QAccessible.Role.ListItem for item in items)
    assert [item.text(QAccessible.Text.Name) for item in items] == [
        "Document note: About the whole piece",
        "“harbour budget” Check the figures <b>now</b>",  # plain: the markup is read as typed
        "“the bridge”",
    ]
    assert items[1].text(QAccessible.Text.Description) == "Green highlight"
    assert items[1].parent().role() == QAccessible.Role.List
    assert iface.indexOfChild(items[2]) == 2
    rect = items[1].rect()
    assert rect.isValid() and iface.childAt(rect.center().x(), rect.center().y()) \
        .text(QAccessible.Text.Name) == items[1].text(QAccessible.Text.Name)


def test_focus_and_selection_name_the_card_itself(qtbot, window_with_notes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = window_with_notes.notes_panel
    view = panel.view
    sent: list[tuple[QAccessible.Event, int]] = []
    original = QAccessible.updateAccessibility
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(
        lambda event: sent.append((event.type(), event.child())) or original(event)))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.selectionModel().setCurrentIndex(panel.model.index(0, 0),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect)
    sent.clear()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (QAccessible.Event.Focus, 1) in sent  # the tree view said 2: its hidden header is 0
    assert (QAccessible.Event.SelectionAdd, 1) in sent
    iface = QAccessible.queryAccessibleInterface(view)
    focused = iface.focusChild()
    assert focused is not None and focused.text(QAccessible.Text.Name).startswith(
        "“harbour budget”")
    assert focused.state().focused and focused.state().selected
    assert not iface.child(0).state().selected


def test_items_follow_a_change_of_rows(window_with_notes) -> None:  # type: ignore[no-untyped-def]
    window = window_with_notes
    panel = window.notes_panel
    iface = QAccessible.queryAccessibleInterface(panel.view)
    assert iface.child(2).text(QAccessible.Text.Name) == "“the bridge”"
    panel.filter_edit.setText("figures")
    assert iface.childCount() == 1
    assert iface.child(0).text(QAccessible.Text.Name).startswith("“harbour budget”")
    assert iface.child(2) is None
