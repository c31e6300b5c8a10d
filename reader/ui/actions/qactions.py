"""The table's commands as QActions: platform keys resolved, user rebindings applied.

The rows live in the Qt-free `reader.keymap` (so `reader shortcuts` can print them); this
module turns them into one window's actions, menus and context menus, and persists the
user's rebindings in settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from reader.keymap import (
    COMMANDS,
    CONTEXT_MENUS,
    MENUS,
    SCOPED_PREFIXES,
    SK,
    Command,
    Key,
    StandardKey,
    command,
)
from reader.ui.actions.menu_skeleton import menu_skeleton

__all__ = [
    "COMMANDS", "SK", "ActionTable", "Command", "Handler", "Handlers", "command", "key_sequences",
]


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    """Standard keys expand to the platform's bindings; duplicates are dropped."""
    found: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, StandardKey):
            standard = getattr(QKeySequence.StandardKey, key.name)
            options = QKeySequence.keyBindings(standard) or [QKeySequence(key.default)]
        else:
            options = [QKeySequence(key)]
        for sequence in options:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


FIRST_SPECIAL_KEY = 0x01000058
"""Qt.Key.Key_Help: from here on Qt's key codes are media and vendor keys ("Find", "Zoom
In") that most keyboards lack; they stay bound but are left out of what we show."""


def first_key(sequence: QKeySequence) -> int:
    """The key code of a sequence's first chord (modifiers stripped)."""
    return int(sequence[0].key().value)  # type: ignore[index]


def sequences_text(sequences: list[QKeySequence]) -> str:
    shown = [s for s in sequences if s.count() and first_key(s) < FIRST_SPECIAL_KEY]
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shown or sequences)


Handler = Callable[[], object]
Handlers = Mapping[str, Handler]
"""A feature's handlers by command name, registered with `ActionTable.register`."""


class ActionTable(QObject):
    """The QActions of one window, built from `COMMANDS` with the user's rebindings applied."""

    bindings_changed = Signal(str)
    """The keys of this command were changed or reset."""

    def __init__(
        self,
        window: QMainWindow,
        settings: QSettings,
        scopes: Mapping[str, QWidget] | None = None,
    ) -> None:
        super().__init__(window)
        self.settings = settings
        self.actions: dict[str, QAction] = {}
        self._handled: set[str] = set()
        for entry in COMMANDS:
            action = QAction(entry.text, window)
            action.setObjectName(entry.name)
            action.setStatusTip(entry.help)
            action.setToolTip(entry.help)
            action.setShortcuts(self.bindings(entry))
            scope = next(
                (w for prefix, w in (scopes or {}).items() if entry.name.startswith(prefix)), None
            )
            if scope is not None and entry.name.startswith(SCOPED_PREFIXES):
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                scope.addAction(action)
            else:
                window.addAction(action)
            self.actions[entry.name] = action

    def register(self, handlers: Handlers) -> None:
        """Connect one feature's handlers (kept beside its code) to the table's rows. A name
        the table lacks, or one handled twice, is a programming error."""
        for name, handler in handlers.items():
            if name not in self.actions:
                raise KeyError(f"{name} is not a row of reader.keymap.COMMANDS")
            if name in self._handled:
                raise ValueError(f"{name} has two handlers")
            self._handled.add(name)
            self.actions[name].triggered.connect(lambda _checked=False, h=handler: h())

    def handled(self) -> set[str]:
        return set(self._handled)

    def require_all_handled(self) -> None:
        """Every row of the table does something (checked once every feature registered)."""
        missing = [name for name in self.actions if name not in self._handled]
        if missing:
            raise KeyError(f"no handler for {', '.join(missing)}")

    def bindings(self, entry: Command) -> list[QKeySequence]:
        stored = self.settings.value(f"shortcuts/{entry.name}")
        if isinstance(stored, str):
            return [QKeySequence(part) for part in stored.split(";;") if part]
        if isinstance(stored, list):  # QSettings may split a value on commas
            return self.bindings_from_text(",".join(str(part) for part in stored))
        return key_sequences(entry.keys)

    @staticmethod
    def bindings_from_text(text: str) -> list[QKeySequence]:
        return [QKeySequence(part) for part in text.split(";;") if part]

    def defaults(self, name: str) -> list[QKeySequence]:
        return key_sequences(command(name).keys)

    def is_custom(self, name: str) -> bool:
        return self.settings.contains(f"shortcuts/{name}")

    def owner_of(self, sequence: QKeySequence, exclude: str | None = None) -> str | None:
        """The command already bound to this sequence, if any (for conflict warnings)."""
        for name, action in self.actions.items():
            if name != exclude and sequence in action.shortcuts():
                return name
        return None

    def rebind(self, name: str, sequences: list[QKeySequence]) -> None:
        self.settings.setValue(
            f"shortcuts/{name}", ";;".join(s.toString() for s in sequences)
        )
        self.settings.sync()
        self.actions[name].setShortcuts(sequences)
        self.bindings_changed.emit(name)

    def reset(self, name: str) -> None:
        self.settings.remove(f"shortcuts/{name}")
        self.settings.sync()
        self.actions[name].setShortcuts(self.defaults(name))
        self.bindings_changed.emit(name)

    def reset_all(self) -> None:
        for name in self.actions:
            if self.is_custom(name):
                self.reset(name)

    def populate_menus(
        self, window: QMainWindow, menus: dict[str, QMenu] | None = None
    ) -> dict[str, QMenu]:
        """Menus in `MENUS` order (reusing a skeleton's top-level menus); a row's menu
        "View/Theme" goes into a submenu."""
        menus = dict(menus) if menus is not None else menu_skeleton(window)
        for title in MENUS:
            members = [e for e in COMMANDS if e.menu.split("/")[0] == title]
            for entry in members:
                target = menus[title]
                if "/" in entry.menu:
                    if entry.menu not in menus:
                        menus[entry.menu] = target.addMenu(entry.menu.split("/", 1)[1])
                    target = menus[entry.menu]
                target.addAction(self.actions[entry.name])
        return menus

    def context_menu(self, pane: str, parent: QWidget) -> QMenu:
        """A pane's context menu, from `CONTEXT_MENUS`, sharing the window's actions."""
        menu = QMenu(parent)
        for name in CONTEXT_MENUS.get(pane, ()):
            menu.addAction(self.actions[name])
        return menu
