"""How a library title is cut when its column is too narrow.

Installed with the share bars once the first document is on screen
(`LibraryPanel.complete`): a delegate class makes PySide build QStyledItemDelegate and the
style option types before the first paint, and that paint needs neither.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.library.model import ENTRY_ROLE


class TitleDelegate(QStyledItemDelegate):
    """A title told apart from others of the same title ('… — Gizmodo, page1.html') is cut
    in the middle when the column is narrow, so what tells it apart stays in sight. A row
    led by its relation ('copy · …', 'original — 1 copy · …') is told apart by that label
    already, so it is cut at the end and its title's start stays readable."""

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        entry = index.data(ENTRY_ROLE)
        if entry is not None and entry.told_apart and entry.told_apart in option.text:
            option.textElideMode = Qt.TextElideMode.ElideMiddle
