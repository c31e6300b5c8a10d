"""How each kind of passage looks: tints, margin bars and labels that read in any theme.

Colours are translucent so the same values work on light, sepia and dark backgrounds, and
every kind also has a label and a bar pattern, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from reader.core.segment_index import Span


@dataclass(frozen=True)
class KindStyle:
    label: str
    short: str
    bar: QColor
    tint: QColor | None
    muted_text: bool
    bar_pattern: Qt.PenStyle
    description: str


STYLES: dict[str, KindStyle] = {
    "reporting": KindStyle(
        "Reporting", "", QColor(74, 123, 208, 110), None, False, Qt.PenStyle.SolidLine,
        "The original article's own text",
    ),
    "commentary": KindStyle(
        "Commentary", "COMMENT", QColor(222, 140, 30), QColor(235, 160, 50, 48), False,
        Qt.PenStyle.SolidLine, "Added by a republisher or annotator",
    ),
    "furniture": KindStyle(
        "Furniture", "PAGE", QColor(128, 136, 150), QColor(128, 136, 150, 30), True,
        Qt.PenStyle.DashLine, "Page chrome: captions, credits, ads, boilerplate",
    ),
}

MUTED_TEXT = QColor(128, 134, 146)
HIDDEN_TEXT = QColor(128, 134, 146, 70)


def kind_selections(
    document: QTextDocument, segments: Sequence[Span], dimmed_kinds: frozenset[str] = frozenset()
) -> list[QTextEdit.ExtraSelection]:
    """One extra selection per non-reporting segment (reporting stays plain text)."""
    selections: list[QTextEdit.ExtraSelection] = []
    length = document.characterCount() - 1
    for segment in segments:
        style = STYLES.get(segment.kind)
        dimmed = segment.kind in dimmed_kinds
        if style is None or (style.tint is None and not style.muted_text and not dimmed):
            continue
        text_format = QTextCharFormat()
        if style.tint is not None and not dimmed:
            text_format.setBackground(QBrush(style.tint))
        if dimmed:
            text_format.setForeground(QBrush(HIDDEN_TEXT))
        elif style.muted_text:
            text_format.setForeground(QBrush(MUTED_TEXT))
        cursor = QTextCursor(document)
        cursor.setPosition(min(segment.start, length))
        cursor.setPosition(min(segment.end, length), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[misc]
        selection.format = text_format  # type: ignore[misc]
        selections.append(selection)
    return selections
