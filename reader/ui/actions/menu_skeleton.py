"""The menu bar's top-level menus, built before the first paint.

Empty menus are cheap (no actions, no key sequences), and building them first gives the menu
bar its height from the start, so filling them after the first paint moves nothing on screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

from reader.keymap import COMMANDS, MENUS


def menu_skeleton(window: QMainWindow) -> dict[str, QMenu]:
    """Top-level menus, in `MENUS` order, of every menu some command lives in."""
    menus: dict[str, QMenu] = {}
    for title in MENUS:
        if any(e.menu.split("/")[0] == title for e in COMMANDS):
            menus[title] = window.menuBar().addMenu(f"&{title}")
    return menus
