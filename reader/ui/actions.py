"""Every user action in one table: menus, shortcut sheet, rebinding and tests all read it.

Add a feature's actions here as `Command` rows and its handler in the window's
`command_handlers()`; never create a shortcut anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = str | QKeySequence.StandardKey
SK = QKeySequence.StandardKey

MENUS = ("File", "Edit", "View", "Go", "Notes", "Help")


@dataclass(frozen=True)
class Command:
    name: str
    """Stable id used for settings and tests, e.g. 'document.next'."""
    text: str
    """Menu text, with an & mnemonic."""
    keys: tuple[Key, ...]
    menu: str
    help: str


COMMANDS: tuple[Command, ...] = (
    # File
    Command("library.add_files", "&Add Files…", (SK.Open,), "File",
            "Add text, Markdown or HTML files to the library"),
    Command("library.add_folder", "Add &Folder…", ("Ctrl+Shift+O",), "File",
            "Add every article in a folder and its sub-folders"),
    Command("library.watch_folder", "&Watch Folder…", (), "File",
            "Add a folder and keep the library in step with it as files change"),
    Command("app.quit", "&Quit", (SK.Quit, "Ctrl+Q"), "File", "Close reader"),
    # Edit
    Command("library.remove", "&Remove from Library", (SK.Delete,), "Edit",
            "Remove the selected documents from the library (the files stay on disk)"),
    # Go
    Command("focus.library", "Go to &Library", ("Alt+1",), "Go", "Move focus to the library"),
    Command("focus.reading", "Go to &Reading Pane", ("Alt+2",), "Go",
            "Move focus to the reading pane"),
    Command("focus.notes", "Go to &Notes", ("Alt+3",), "Go", "Move focus to the notes sidebar"),
    Command("document.next", "&Next Document", ("Ctrl+PgDown", "Alt+Down"), "Go",
            "Open the next document in the library"),
    Command("document.previous", "&Previous Document", ("Ctrl+PgUp", "Alt+Up"), "Go",
            "Open the previous document in the library"),
)


def command(name: str) -> Command:
    for entry in COMMANDS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    """Standard keys expand to the platform's bindings; duplicates are dropped."""
    found: list[QKeySequence] = []
    for key in keys:
        options = QKeySequence.keyBindings(key) if isinstance(key, SK) else [QKeySequence(key)]
        for sequence in options:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


class ActionTable:
    """The QActions of one window, built from `COMMANDS` with the user's rebindings applied."""

    def __init__(
        self,
        window: QMainWindow,
        handlers: Mapping[str, Callable[[], object]],
        settings: QSettings,
    ) -> None:
        self.settings = settings
        self.actions: dict[str, QAction] = {}
        for entry in COMMANDS:
            handler = handlers[entry.name]
            action = QAction(entry.text, window)
            action.setObjectName(entry.name)
            action.setStatusTip(entry.help)
            action.setToolTip(entry.help)
            action.setShortcuts(self.bindings(entry))
            action.triggered.connect(lambda _checked=False, h=handler: h())
            window.addAction(action)
            self.actions[entry.name] = action

    def bindings(self, entry: Command) -> list[QKeySequence]:
        stored = self.settings.value(f"shortcuts/{entry.name}")
        if isinstance(stored, str):
            return [QKeySequence(part) for part in stored.split(";;") if part]
        return key_sequences(entry.keys)

    def rebind(self, name: str, sequences: list[QKeySequence]) -> None:
        self.settings.setValue(
            f"shortcuts/{name}", ";;".join(s.toString() for s in sequences)
        )
        self.actions[name].setShortcuts(sequences)

    def populate_menus(self, window: QMainWindow) -> dict[str, QMenu]:
        menus: dict[str, QMenu] = {}
        for title in MENUS:
            members = [e for e in COMMANDS if e.menu == title]
            if not members:
                continue
            menu = window.menuBar().addMenu(f"&{title}")
            menus[title] = menu
            for entry in members:
                menu.addAction(self.actions[entry.name])
        return menus
