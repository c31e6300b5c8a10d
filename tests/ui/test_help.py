"""Issue 19: Help → About (version, data folder, licence) and a short "How reader decides"
page, reachable from the Help menu and from the legend above the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QTextBrowser

from reader import __version__
from tests.keyboard_helpers import active_window


def _help_action(window, text: str):  # type: ignore[no-untyped-def]
    [help_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    return next(a for a in help_menu.actions() if a.text().replace("&", "") == text)


def test_about_names_version_data_folder_and_licence(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    _help_action(window, "About reader…").trigger()
    dialog = window.findChild(QDialog, "about_dialog")
    assert dialog is not None and dialog.isVisible()
    text = dialog.findChild(QLabel, "about_text")
    assert text.textFormat() == Qt.TextFormat.PlainText
    assert str(core.data_dir) in text.text() and "MIT" in text.text()
    assert __version__ in "".join(label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_how_reader_decides_from_the_menu_and_the_legend(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    _help_action(window, "How reader Decides…").trigger()
    guide = window.findChild(QDialog, "guide_dialog")
    text = guide.findChild(QTextBrowser, "guide_text").toPlainText()
    for words in ("Reporting", "Commentary", "Furniture", "Provenance", "Ctrl+Enter"):
        assert words in text
    guide.close()
    QApplication.processEvents()
    link = window.reading_pane.legend.guide_link
    assert link.isVisible()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(dialog.isVisible()
                                for dialog in window.findChildren(QDialog, "guide_dialog")))
