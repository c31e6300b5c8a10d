"""Themes, font, zoom, line width and reading position: applied and remembered."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from reader.ui.themes import COLORS, THEME_NAMES, stylesheet, system_theme
from tests.keyboard_helpers import active_window


def test_every_theme_fills_every_token() -> None:
    for theme in COLORS:
        assert "@" not in stylesheet(theme).split("*/", 1)[1], theme


def test_theme_switch_applies_and_persists(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    assert window.appearance.theme == "system"
    assert window.action_table.actions["view.theme_system"].isChecked()
    window.action_table.actions["view.theme_dark"].trigger()
    app = QApplication.instance()
    base = app.palette().color(QPalette.ColorRole.Base).name()
    assert base == COLORS["dark"]["base"]
    assert COLORS["dark"]["paper"] in app.styleSheet()
    assert window.action_table.actions["view.theme_dark"].isChecked()
    window.close()

    second = active_window(qtbot, core)
    assert second.appearance.theme == "dark"
    assert second.action_table.actions["view.theme_dark"].isChecked()
    cycle = []
    for _ in THEME_NAMES:  # Ctrl+Shift+T: dark → sepia → system → dark (or light) → ...
        second.action_table.actions["view.theme_next"].trigger()
        cycle.append(second.appearance.theme)
    # a theme that would look the same as the one on screen is skipped (the system one
    # shows light or dark), so every press changes what is seen
    looks = second.appearance.effective
    assert cycle[:2] == ["sepia", "system"]
    assert cycle[2] == ("dark" if system_theme() == "light" else "light")
    assert looks in ("light", "dark", "sepia")
    second.appearance.set_theme("system")
    assert second.appearance.effective in ("light", "dark")


def test_zoom_and_measure_persist(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window = active_window(qtbot, core)
    view = window.reading_view
    size = view.font().pointSizeF()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() > size * 1.15
    qtbot.keyClick(view, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    measure = view.measure_chars
    zoomed = view.font().pointSizeF()
    for theme in ("dark", "sepia", "light"):  # a new style sheet keeps the zoomed font
        window.appearance.set_theme(theme)
        assert view.font().pointSizeF() == zoomed
    window.close()
    second = active_window(qtbot, core)
    assert second.reading_view.font().pointSizeF() == zoomed
    assert second.reading_view.measure_chars == measure
    second.reading_view.setFocus()
    qtbot.keyClick(second.reading_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert abs(second.reading_view.font().pointSizeF() - size) < 0.11


def test_reading_font_persists(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont

    window = active_window(qtbot, core)
    window.appearance.set_font(QFont("DejaVu Sans", 15))
    window.close()
    second = active_window(qtbot, core)
    assert second.reading_view.font().family() == "DejaVu Sans"
    assert second.reading_view.base_point_size == 15


def test_reading_position_is_remembered_per_document(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window = active_window(qtbot, core)
    view = window.reading_view
    view.setFocus()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    first_doc = view.current.path
    place = view.first_visible_offset()
    assert place > 0
    window.library_panel.step(1)  # switching documents saves the place
    assert view.current.path != first_doc
    assert view.first_visible_offset() == 0
    window.library_panel.step(-1)
    assert abs(view.first_visible_offset() - place) < 200
    window.close()

    second = active_window(qtbot, core)
    assert second.reading_view.current.path == first_doc
    assert abs(second.reading_view.first_visible_offset() - place) < 200


def test_font_dialog_from_the_view_menu(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFontDialog

    window = active_window(qtbot, core)

    def choose() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFontDialog)]
        if not dialogs:
            QTimer.singleShot(20, choose)
            return
        font = dialogs[0].currentFont()
        font.setPointSizeF(17)
        dialogs[0].setCurrentFont(font)
        dialogs[0].accept()

    QTimer.singleShot(20, choose)
    window.action_table.actions["view.font"].trigger()
    assert window.reading_view.base_point_size == 17
    assert float(window.context.settings.value("view/font_size")) == 17
