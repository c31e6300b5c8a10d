"""The line above a web page's text: its site, author, dates, address and any charset note.

Plain text always (a page's metadata is as untrusted as its text). Hidden for documents that
are not web pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from reader.core.web.page_meta import PageMeta


def describe(meta: PageMeta | None) -> str:
    """'The Gazette · By Jane Doe · Published 2024-05-01 08:00 · https://…' ('' for none)."""
    if meta is None:
        return ""
    parts = []
    if meta.site:
        parts.append(meta.site)
    if meta.author:
        parts.append(f"By {meta.author}")
    if meta.published:
        parts.append("Published " + meta.published.replace("T", " "))
    if meta.modified and meta.modified != meta.published:
        parts.append("updated " + meta.modified.replace("T", " "))
    if meta.url:
        parts.append(meta.url)
    line = " · ".join(parts)
    if meta.encoding_note:
        line += f"\nCharacter set: {meta.encoding_note}"
    if meta.note:
        line += f"\nNote: {meta.note}"
    return line


class PageInfoBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_info")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setContentsMargins(12, 4, 12, 4)
        self.hide()

    def show_meta(self, meta: PageMeta | None) -> None:
        text = describe(meta)
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
