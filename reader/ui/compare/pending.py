"""The "Comparing…" page: both texts' first screenful side by side, unaligned, under their
titles, painted at once while the alignment runs in a worker.

It shows what fits the view and no more: a page that ran past the view's bottom had a
half-cut last line and a scroll range over text that was about to be replaced.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextTable,
)

from reader.ui.compare.table import (
    label_format,
    one_layout,
    plain_format,
    prepare,
    table_format,
)

COMPARING = "Comparing…"
MARGIN = 12
"""The document's margin (`prepare`)."""
CELL_EDGES = 2 * 6 + 2 * 2
"""A cell's padding and spacing, above and below (`table_format`)."""
WORDS_FILL = 0.9
"""Wrapped at words, a line holds about this share of the characters its width fits."""
CUT_MARK = " …"
SMALLEST_LABEL = 6.5
"""Point size below which the middle column's "Comparing…" gives way to a bare "…"."""


def column_width(view_width: int) -> float:
    """The text width of one side's column in a view `view_width` wide (46% of the table)."""
    return max(40.0, (view_width - 2 * MARGIN - 4 * 2) * 0.46 - 2 * 6)


def middle_width(view_width: int) -> float:
    """The text width of the middle column (8% of the table) in a view `view_width` wide."""
    return max(8.0, (view_width - 2 * MARGIN - 4 * 2) * 0.08 - 2 * 6)


def middle_label(view_width: int, font: QFont) -> tuple[str, QTextCharFormat]:
    """The middle column's label: "Comparing…" at the label's size, shrunk as far as
    `SMALLEST_LABEL` to fit the column, or a bare "…" in a column narrower still (it wrapped,
    its "…" alone on a second line; the block is also kept from breaking)."""
    text_format = label_format()
    room = middle_width(view_width) * 0.93  # the estimate's slack
    label_font = text_format.font().resolve(font)  # the document's family, the label's rest
    wide = QFontMetricsF(label_font).horizontalAdvance(COMPARING.upper())
    size = text_format.fontPointSize()
    if wide > room:
        size = size * room / wide
        if size < SMALLEST_LABEL:
            return "…", text_format
        text_format.setFontPointSize(size)
    return COMPARING, text_format


def line_count(text: str, width: float, metrics: QFontMetricsF) -> int:
    return max(1, math.ceil(metrics.horizontalAdvance(text) / width)) if text else 1


def fitted(text: str, width: float, lines: int, font: QFont) -> str:
    """As much of `text`, from its start, as fills about `lines` lines `width` wide, cut at a
    word with " …" when it does not all fit (an estimate: `trim_overflow` makes it exact)."""
    metrics = QFontMetricsF(font)
    sample = text[:400]
    advance = metrics.horizontalAdvance(sample) / len(sample) if sample.strip() else 0.0
    per_line = max(8, int(width / max(1.0, advance or metrics.averageCharWidth()) * WORDS_FILL))
    used = position = 0
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        needs = max(1, math.ceil((end - position) / per_line))
        if used + needs > lines:
            room = (lines - used) * per_line - len(CUT_MARK)
            shown = text[: position + max(0, room)]
            cut = shown.rfind(" ", position)
            return (shown[:cut] if cut > position else shown).rstrip() + CUT_MARK
        used += needs
        position = end + 1
    return text


def build_pending(
    a: tuple[str, str],
    b: tuple[str, str],
    font: QFont,
    size: QSize,
    document: QTextDocument | None = None,
) -> QTextDocument:
    """The page for a view of `size`: (title, text) each side, in `document` (emptied
    first) or a new one."""
    document = prepare(document or QTextDocument(), font)
    width = column_width(size.width())
    label_metrics = QFontMetricsF(label_format().font())
    title_lines = max(line_count(title.upper(), width, label_metrics) for title in (a[0], b[0]))
    header = title_lines * label_metrics.lineSpacing() + CELL_EDGES
    room = size.height() - 2 * MARGIN - header - CELL_EDGES
    lines = max(1, int(room / QFontMetricsF(font).lineSpacing()))
    with one_layout(document):
        cursor = QTextCursor(document)
        table = cursor.insertTable(2, 3, table_format(True))  # one table: one layout
        table.cellAt(0, 0).firstCursorPosition().insertText(a[0], label_format())
        middle = table.cellAt(0, 1).firstCursorPosition()
        one_line = middle.blockFormat()
        one_line.setNonBreakableLines(True)
        middle.setBlockFormat(one_line)
        middle.insertText(*middle_label(size.width(), font))
        table.cellAt(0, 2).firstCursorPosition().insertText(b[0], label_format())
        for column, text in ((0, a[1]), (2, b[1])):
            table.cellAt(1, column).firstCursorPosition().insertText(
                fitted(text, width, lines, font), plain_format()
            )
    if size.height() > 0 and document.size().height() > size.height():
        trim_overflow(document, table, size.height())
    return document


def trim_overflow(document: QTextDocument, table: QTextTable, height: int) -> None:
    """Cut each text cell at its last line that ends above the view's bottom (a second
    layout, only when the estimate was over)."""
    layout = document.documentLayout()
    limit = height - MARGIN - CELL_EDGES
    for column in (0, 2):
        cell = table.cellAt(1, column)
        block = cell.firstCursorPosition().block()
        last = cell.lastCursorPosition().position()
        previous_start = cut = -1
        while block.isValid() and block.position() <= last and cut < 0:
            top = layout.blockBoundingRect(block).top()
            lines = block.layout()
            for number in range(lines.lineCount()):
                line = lines.lineAt(number)
                if top + line.y() + line.height() > limit:
                    cut = max(previous_start, cell.firstCursorPosition().position())
                    break
                previous_start = block.position() + line.textStart()
            block = block.next()
        if cut < 0:
            continue
        cursor = QTextCursor(document)
        cursor.setPosition(cut)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(CUT_MARK.strip(), plain_format())
