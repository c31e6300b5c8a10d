from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader.ui.library.model import ENTRY_ROLE
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
    from reader.ui.app.launch import create_window

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
    from reader.ui.app.launch import create_window

    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"caf\xe9")
    window = create_window(core, [str(bad)])
    qtbot.addWidget(window)
    assert "not valid UTF-8" in capsys.readouterr().err
    assert window.library_panel.proxy.rowCount() == 2
    assert "not valid UTF-8" in window.statusBar().currentMessage()


def test_a_staged_window_shows_the_document_first_and_builds_the_rest_after_its_paint(
    qtbot, core
) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    window = create_window(core, staged=True)
    qtbot.addWidget(window)
    # Before the first paint: the document, its passage kinds and the menu titles are there,
    # the features behind them are not built yet.
    assert window.reading_view.current is not None
    assert window.reading_view.layer("kinds"), "the kinds layer belongs to the first paint"
    assert [m.title() for m in window.menus.values()][0] == "&File"
    assert not window.completed and not hasattr(window, "notes")
    at_first_paint: list[list[int]] = []
    window.reading_view.first_painted.connect(
        lambda: at_first_paint.append(window.splitter.sizes()))
    with qtbot.waitSignal(window.startup_completed, timeout=10_000):
        window.show()
    assert window.completed
    notes_width = at_first_paint[0][2]
    assert notes_width > 100
    assert window.splitter.widget(2) is window.notes_panel
    assert abs(window.splitter.sizes()[2] - notes_width) <= 1, "the sidebar took its slot's width"
    assert window.action_table.actions["note.highlight"] in window.menus["Notes"].actions()
    window.complete_startup()  # idempotent: nothing is built twice
    assert len(window.findChildren(type(window.notes_panel))) == 1


def test_a_newcomer_waits_for_a_primary_that_is_not_listening_yet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The primary listens only after its first paint; a launch in between still hands off."""
    import subprocess
    import sys
    import textwrap

    from reader.ui.app.instance_lock import server_name
    from reader.ui.app.single_instance import hand_off

    name = server_name(tmp_path)
    primary = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from PySide6.QtCore import QCoreApplication, QTimer
            from reader.ui.app.single_instance import InstanceServer
            app = QCoreApplication([])
            time.sleep(0.6)  # building the window, not listening yet
            server = InstanceServer({name!r})
            server.paths_received.connect(lambda paths: (print("got", paths, flush=True),
                                                         app.quit()))
            assert server.listen()
            QTimer.singleShot(20_000, app.quit)
            app.exec()
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        article = tmp_path / "a.txt"
        assert hand_off(name, [str(article)], timeout_ms=15_000)
        out, _ = primary.communicate(timeout=30)
    finally:
        primary.kill()
    assert str(article.resolve()) in out


def test_opening_a_document_hands_its_layers_to_qt_once(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    """Kinds, highlights and find are set together on open: Qt works out the screen area of
    every old and new selection on each hand-over, so once, not once per layer."""
    view = main_window.reading_view
    main_window.library_panel.step(1)
    cursor = view.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(40, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    main_window.notes.highlight("yellow")
    main_window.library_panel.step(-1)
    handed: list[int] = []
    original = view.setExtraSelections
    view.setExtraSelections = lambda selections: (  # type: ignore[method-assign]
        handed.append(len(selections)), original(selections))
    main_window.library_panel.step(1)
    assert view.layer("kinds") and view.layer("highlights")
    assert len(handed) == 1 and handed[0] >= len(view.layer("kinds")) + 1
