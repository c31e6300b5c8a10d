from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader.ui.library_model import ENTRY_ROLE
from tests.conftest import ORIGINAL, REPUBLISHED


def test_three_panes_list_both_seeds_with_titles(main_window) -> None:  # type: ignore[no-untyped-def]
    panel = main_window.library_panel
    assert main_window.splitter.count() == 3
    assert panel.proxy.rowCount() == 2
    entries = [panel.proxy.index(row, 0).data(ENTRY_ROLE) for row in range(2)]
    assert {e.source_name for e in entries} == {ORIGINAL.name, REPUBLISHED.name}
    for entry in entries:
        assert entry.title.startswith("NATO Secretary General")
        assert entry.title != entry.source_name
        assert entry.word_count > 500
    # the first document is selected and shown on start
    assert main_window.reading_view.current is not None
    assert main_window.reading_view.current.path == entries[0].path


def test_keyboard_selects_second_document(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    view = main_window.library_panel.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    shown = main_window.reading_view.toPlainText()
    assert "Comment: Crimea voted to rejoin Russia" in shown
    assert Path(main_window.reading_view.current.path).name == REPUBLISHED.name


def test_window_state_and_last_document_are_restored(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from reader.app import create_window

    first = create_window(core)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)
    expected = first.size()
    first.library_panel.step(1)
    first.close()

    second = create_window(core)
    qtbot.addWidget(second)
    assert Path(second.reading_view.current.path).name == REPUBLISHED.name
    assert second.size().height() == expected.height()  # width: offscreen screen clamps it


def test_bad_file_on_command_line_is_reported_and_app_keeps_running(
    qtbot, core, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from reader.app import create_window

    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"caf\xe9")
    window = create_window(core, [str(bad)])
    qtbot.addWidget(window)
    assert "not valid UTF-8" in capsys.readouterr().err
    assert window.library_panel.proxy.rowCount() == 2
    assert "not valid UTF-8" in window.statusBar().currentMessage()
