"""Offscreen pictures of the keyboard features (tests/artifacts/), with checks on what they
show: the themes really change the paper, the find marks really reach the screen."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.keyboard_helpers import active_window

ARTIFACTS = Path(os.environ.get("READER_TEST_ARTIFACTS", Path(__file__).parents[1] / "artifacts"))


def _save(widget, name: str) -> QImage:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = widget.grab().toImage()
    image.save(str(ARTIFACTS / name))
    return image


def _brightness(image: QImage, x: int, y: int) -> int:
    return image.pixelColor(x, y).lightness()


def test_themes_change_the_reading_paper(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    window.resize(1280, 800)
    view = window.reading_view
    point = view.mapTo(window, view.rect().center())
    seen = {}
    for theme in ("light", "dark", "sepia"):
        window.appearance.set_theme(theme)
        image = _save(window, f"keyboard_theme_{theme}.png")
        # a blank spot between lines: the paper colour
        seen[theme] = image.pixelColor(point.x() - view.width() // 2 + 8, point.y())
    assert seen["dark"].lightness() < 60 < seen["light"].lightness()
    assert seen["sepia"].red() > seen["sepia"].blue() + 15  # warm paper
    window.appearance.set_theme("system")


def test_find_marks_are_painted(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    window.resize(1280, 800)
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.find_bar.matches_changed):
        qtbot.keyClicks(window.find_bar.edit, "nato")
    image = _save(window, "keyboard_find.png")
    marks = 0
    view = window.reading_view.viewport()
    origin = view.mapTo(window, view.rect().topLeft())
    for y in range(origin.y(), origin.y() + view.height(), 3):
        for x in range(origin.x(), origin.x() + view.width(), 3):
            color = image.pixelColor(x, y)
            if color.red() > 240 and 190 < color.green() < 225 and color.blue() < 120:
                marks += 1
    assert marks > 100  # the yellow of many marked matches


def test_dialogs_render(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    window.open_search()
    dialog = window.search_dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.results_changed):
        dialog.edit.setText("crimea")
    _save(dialog, "keyboard_search.png")
    dialog.reject()
    window.open_shortcut_sheet()
    qtbot.addWidget(window.shortcut_sheet)
    image = _save(window.shortcut_sheet, "keyboard_shortcut_sheet.png")
    assert image.width() > 600
