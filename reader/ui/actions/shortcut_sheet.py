"""The shortcut sheet (? or F1): every command of the action table with its keys, where the
reader can also change a binding or put the default back. Built from the table, never by hand."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.keymap import COMMANDS, Command, command
from reader.ui.actions.qactions import ActionTable, sequences_text

Index = QModelIndex | QPersistentModelIndex
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def label(entry: Command) -> str:
    """Menu text without mnemonics, prefixed by its submenu ("Theme: Dark")."""
    text = entry.text.replace("&", "")
    return f"{entry.menu.split('/', 1)[1]}: {text}" if "/" in entry.menu else text


class ShortcutModel(QAbstractTableModel):
    COLUMNS = ("Action", "Keys", "Menu", "What it does")

    def __init__(self, table: ActionTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        table.bindings_changed.connect(self.on_bindings_changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COMMANDS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(COMMANDS):
            return None
        entry = COMMANDS[index.row()]
        keys = sequences_text(self.table.actions[entry.name].shortcuts())
        custom = self.table.is_custom(entry.name)
        if role == NAME_ROLE:
            return entry.name
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                label(entry),
                (keys or "—") + ("  (changed)" if custom else ""),
                entry.menu.replace("/", " › "),
                entry.help,
            )[index.column()]
        if role == Qt.ItemDataRole.FontRole and index.column() == 1 and custom:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.text.replace('&', '')}: {keys or 'no keys'}. {entry.help}"
        return None

    @Slot(str)
    def on_bindings_changed(self, name: str) -> None:
        row = next(i for i, e in enumerate(COMMANDS) if e.name == name)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))


class ShortcutSheet(QDialog):
    def __init__(self, table: ActionTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcut_sheet")
        self.setWindowTitle("Keyboard Shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.resize(980, 620)
        self.table = table
        self.model = ShortcutModel(table, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter actions or keys")
        self.filter_edit.setAccessibleName("Filter shortcuts")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = QTableView(self)
        self.view.setObjectName("shortcut_table")
        self.view.setAccessibleName("Actions and their keys")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        # "What it does" wraps onto a second line rather than being cut at the dialog's edge.
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
            )
        ):
            header.setSectionResizeMode(column, mode)
        self.view.activated.connect(self.start_editing)
        self.view.selectionModel().currentRowChanged.connect(self.on_current_changed)

        self.editing_label = QLabel(self)
        self.key_edit = QKeySequenceEdit(self)
        self.key_edit.setObjectName("key_edit")
        self.key_edit.setAccessibleName("New keys for the selected action")
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setFinishingKeyCombinations(
            [QKeySequence(Qt.Key.Key_Escape)[0], QKeySequence(Qt.Key.Key_Tab)[0]]  # type: ignore[index]
        )
        self.key_edit.editingFinished.connect(self.on_keys_entered)
        self.clear_button = QPushButton("Remove Keys", self)
        self.clear_button.clicked.connect(self.remove_keys)
        self.reset_button = QPushButton("Reset to Default", self)
        self.reset_button.clicked.connect(self.reset_current)
        self.reset_all_button = QPushButton("Reset All", self)
        self.reset_all_button.clicked.connect(table.reset_all)
        self.message = QLabel(self)
        self.message.setObjectName("shortcut_message")
        self.message.setAccessibleName("Shortcut message")
        self.message.setWordWrap(True)
        hint = QLabel(
            "Select an action and press Enter, then press the new keys. "
            "Escape cancels. Changes are saved at once.",
            self,
        )
        hint.setEnabled(False)
        close_button = QPushButton("Close", self)
        close_button.clicked.connect(self.accept)

        for button in (self.clear_button, self.reset_button, self.reset_all_button, close_button):
            button.setAutoDefault(False)  # Enter in the table edits a row, never clicks these
        editor = QHBoxLayout()
        editor.addWidget(self.editing_label)
        editor.addWidget(self.key_edit, 1)
        editor.addWidget(self.clear_button)
        editor.addWidget(self.reset_button)
        editor.addWidget(self.reset_all_button)
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addLayout(editor)
        layout.addWidget(self.message)
        layout.addLayout(footer)
        self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.setFocus()
        self.view.installEventFilter(self)
        self.filter_edit.installEventFilter(self)
        self.key_edit.installEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Each opening starts clean: a conflict message from last time no longer applies."""
        self.message.clear()
        self.key_edit.clear()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, text = event.key(), event.text()
        if watched is self.key_edit and key == Qt.Key.Key_Escape:
            # Escape cancels the capture; it used to reach the dialog and close it.
            self.key_edit.clear()
            self.view.setFocus()
            self.message.setText("Unchanged.")
            return True
        if watched is self.view and text and text.isprintable() and not text.isspace() and not (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                     | Qt.KeyboardModifier.AltModifier)):
            # Typing filters (the table's own type-ahead jumped between rows instead).
            self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.filter_edit.insert(text)
            return True
        if watched is self.filter_edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Return,
                                                   Qt.Key.Key_Enter):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.view.currentIndex().isValid() and self.proxy.rowCount():
                self.view.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return False

    def current_name(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(NAME_ROLE) if index.isValid() else None

    def select(self, name: str) -> None:
        """Make this command the current row (clearing a filter that hides it)."""
        for _attempt in range(2):
            for row in range(self.proxy.rowCount()):
                if self.proxy.index(row, 0).data(NAME_ROLE) == name:
                    self.view.setCurrentIndex(self.proxy.index(row, 0))
                    return
            self.filter_edit.clear()

    @Slot(QModelIndex, QModelIndex)
    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        name = current.data(NAME_ROLE) if current.isValid() else None
        label_text = label(command(name)) if name else "—"
        self.editing_label.setText(f"Keys for <b>{html.escape(label_text)}</b>:")
        self.key_edit.clear()
        self.message.clear()

    @Slot()
    def start_editing(self) -> None:
        self.key_edit.clear()
        self.key_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.message.setText("Press the new keys (Escape cancels).")

    @Slot()
    def on_keys_entered(self) -> None:
        name = self.current_name()
        sequence = self.key_edit.keySequence()
        self.view.setFocus()
        if name is None or sequence.isEmpty():
            self.message.setText("Unchanged.")
            return
        owner = self.table.owner_of(sequence, exclude=name)
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if owner is not None:
            self.message.setText(
                f"{text} is already used by “{command(owner).text.replace('&', '')}”. "
                "Change that one first, or choose other keys."
            )
            return
        self.table.rebind(name, [sequence])
        self.message.setText(f"{command(name).text.replace('&', '')} is now {text}.")

    @Slot()
    def remove_keys(self) -> None:
        name = self.current_name()
        if name is not None:
            self.table.rebind(name, [])
            self.message.setText("Keys removed; the action stays in its menu.")

    @Slot()
    def reset_current(self) -> None:
        name = self.current_name()
        if name is not None:
            self.table.reset(name)
            self.message.setText("Default keys restored.")
