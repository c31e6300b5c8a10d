"""The action table is the single source: every row is reachable, shown and rebindable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from reader.keymap import COMMANDS, SCOPED_PREFIXES, StandardKey
from reader.ui.actions.shortcut_sheet import NAME_ROLE
from tests.keyboard_helpers import active_window


def test_names_are_unique_and_standard_keys_exist_in_qt() -> None:
    names = [entry.name for entry in COMMANDS]
    assert len(names) == len(set(names))
    for entry in COMMANDS:
        for key in entry.keys:
            if isinstance(key, StandardKey):
                assert hasattr(QKeySequence.StandardKey, key.name), key
            else:
                assert not QKeySequence(key).isEmpty(), (entry.name, key)


def test_every_command_has_handler_keys_or_menu_and_is_in_the_sheet(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    assert main_window.action_table.handled() == {entry.name for entry in COMMANDS}
    menu_actions = set()
    for menu in main_window.menuBar().findChildren(type(main_window.menuBar().actions()[0].menu())):
        menu_actions |= {a.objectName() for a in menu.actions()}
    main_window.open_shortcut_sheet()
    sheet = main_window.shortcut_sheet
    qtbot.addWidget(sheet)
    in_sheet = {sheet.proxy.index(row, 0).data(NAME_ROLE) for row in range(sheet.proxy.rowCount())}
    for entry in COMMANDS:
        action = main_window.action_table.actions[entry.name]
        assert action.shortcuts() or entry.name in menu_actions, entry.name
        assert entry.name in menu_actions, f"{entry.name} has no menu entry"
        assert entry.name in in_sheet


def test_no_two_commands_share_a_key(main_window) -> None:  # type: ignore[no-untyped-def]
    """A key bound twice in overlapping scopes is an 'ambiguous shortcut' that does nothing."""
    owner: dict[str, str] = {}
    for name, action in main_window.action_table.actions.items():
        for sequence in action.shortcuts():
            text = sequence.toString()
            assert text not in owner, f"{text} bound to {owner.get(text)} and {name}"
            owner[text] = name


def test_single_letter_keys_are_scoped_to_the_reading_pane(main_window) -> None:  # type: ignore[no-untyped-def]
    for name, action in main_window.action_table.actions.items():
        for sequence in action.shortcuts():
            combo = sequence[0]
            plain = combo.keyboardModifiers() & ~Qt.KeyboardModifier.ShiftModifier
            letter = Qt.Key.Key_A.value <= combo.key().value <= Qt.Key.Key_Z.value
            if letter and plain == Qt.KeyboardModifier.NoModifier:
                assert name.startswith(SCOPED_PREFIXES), name
                assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut


def test_rebinding_in_the_sheet_persists_and_resets(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    window = active_window(qtbot, core)
    qtbot.keyClick(window.library_panel.view, Qt.Key.Key_F1)
    sheet = window.shortcut_sheet
    assert sheet is not None and sheet.isVisible()
    qtbot.waitUntil(sheet.isActiveWindow)
    sheet.filter_edit.setText("next paragraph")
    sheet.select("reading.paragraph_next")
    qtbot.keyClick(sheet.view, Qt.Key.Key_Return)
    assert sheet.key_edit.hasFocus()
    qtbot.keyClick(sheet.key_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "now" in sheet.message.text())
    assert [
        s.toString() for s in window.action_table.actions["reading.paragraph_next"].shortcuts()
    ] == ["Ctrl+L"]
    # a key already taken is refused with the owner's name
    sheet.select("reading.paragraph_previous")
    qtbot.keyClick(sheet.view, Qt.Key.Key_Return)
    qtbot.keyClick(sheet.key_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "already used" in sheet.message.text())
    assert "Next Paragraph" in sheet.message.text()
    window.close()

    second = create_window(core)
    qtbot.addWidget(second)
    action = second.action_table.actions["reading.paragraph_next"]
    assert [s.toString() for s in action.shortcuts()] == ["Ctrl+L"]
    second.action_table.reset("reading.paragraph_next")
    assert "J" in [s.toString() for s in action.shortcuts()]
    second.close()
    third = create_window(core)
    qtbot.addWidget(third)
    assert "J" in [
        s.toString() for s in third.action_table.actions["reading.paragraph_next"].shortcuts()
    ]


def test_escape_in_the_key_editor_cancels(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    main_window.open_shortcut_sheet()
    sheet = main_window.shortcut_sheet
    qtbot.waitUntil(sheet.isActiveWindow)
    before = main_window.action_table.actions["app.quit"].shortcuts()
    sheet.select("app.quit")
    qtbot.keyClick(sheet.view, Qt.Key.Key_Return)
    qtbot.keyClick(sheet.key_edit, Qt.Key.Key_Escape)
    assert main_window.action_table.actions["app.quit"].shortcuts() == before
    assert sheet.view.hasFocus()


def test_context_menu_reads_the_table(main_window) -> None:  # type: ignore[no-untyped-def]
    from reader.keymap import CONTEXT_MENUS

    menu = main_window.action_table.context_menu("reading", main_window.reading_view)
    assert [a.objectName() for a in menu.actions()] == list(CONTEXT_MENUS["reading"])
    assert menu.actions()[0] is main_window.action_table.actions["reading.highlight"]


def test_shortcut_model_passes_the_model_tester(qtmodeltester, main_window) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.actions.shortcut_sheet import ShortcutModel

    qtmodeltester.check(ShortcutModel(main_window.action_table))


def test_a_command_handled_twice_or_unknown_is_refused(main_window) -> None:  # type: ignore[no-untyped-def]
    import pytest

    table = main_window.action_table
    with pytest.raises(ValueError, match="two handlers"):
        table.register({"app.quit": lambda: None})
    with pytest.raises(KeyError, match="not a row"):
        table.register({"no.such_command": lambda: None})
