"""How each kind of passage looks: tints, margin bars and labels that read in any theme.

Colours are translucent so the same values work on light, sepia and dark backgrounds, and
every kind also has a label and a bar pattern, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat

from reader.core.classify.segment_index import Span


class KindStyle(NamedTuple):
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
        "Furniture", "FURNITURE", QColor(128, 136, 150), QColor(128, 136, 150, 30), True,
        Qt.PenStyle.DashLine, "Page chrome: captions, credits, ads, boilerplate",
    ),
}

MUTED_TEXT = QColor(89, 95, 105)
"""Furniture's text: set per theme (`set_furniture_ink`) so it stays 4.5:1 on the paper."""
HIDDEN_TEXT = QColor(128, 134, 146, 70)


def set_furniture_ink(color: QColor) -> None:
    """The theme's ink for furniture (a grey that reads on its paper at 4.5:1 or more)."""
    global MUTED_TEXT
    if color != MUTED_TEXT:
        MUTED_TEXT = QColor(color)
        kind_format.cache_clear()


@cache
def kind_format(kind: str, dimmed: bool = False) -> QTextCharFormat | None:
    """How a passage of this kind is drawn over the text (None: plain, as reporting is).

    One shared format per (kind, dimmed): Qt skips re-measuring an extra selection whose
    cursor and format are unchanged, so equal formats keep scrolling cheap. Colours are
    passed as they are (Qt makes the solid brush): `QBrush(colour)` in Python makes PySide
    build QGradient and its 182 presets to choose the constructor, ~2 ms before the first
    paint."""
    style = STYLES.get(kind)
    text_format: QTextCharFormat | None = None
    if style is not None and (style.tint is not None or style.muted_text or dimmed):
        text_format = QTextCharFormat()
        if style.tint is not None and not dimmed:
            text_format.setBackground(style.tint)
        if dimmed:
            text_format.setForeground(HIDDEN_TEXT)
        elif style.muted_text:
            text_format.setForeground(MUTED_TEXT)
    return text_format


def kind_spans(
    segments: Iterable[Span], dimmed_kinds: frozenset[str] = frozenset()
) -> list[tuple[int, int, QTextCharFormat]]:
    """The kinds layer's spans (document offsets): one per non-reporting segment."""
    spans = []
    for segment in segments:
        text_format = kind_format(segment.kind, segment.kind in dimmed_kinds)
        if text_format is not None:
            spans.append((segment.start, segment.end, text_format))
    return spans
