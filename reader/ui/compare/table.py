"""The comparison as one QTextDocument table: original | mark | copy, a row per op.

Rows line up by construction, so the two columns scroll together. All user text goes in
through `insertText` (plain text, never markup). Each kind of row has a word in the middle
column and a pattern of its own (struck-out deleted words, underlined inserted ones), so
nothing depends on colour; the tints are translucent so they read on every theme's paper.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableCell,
    QTextTableCellFormat,
    QTextTableFormat,
)

from reader.core.compare.ops import Comparison, Op

TINTS = {
    "added": QColor(60, 170, 90, 46),
    "left-out": QColor(210, 70, 60, 40),
    "moved": QColor(70, 130, 210, 40),
    "changed": QColor(0, 0, 0, 0),
    "same": QColor(0, 0, 0, 0),
}
WORD_TINTS = {"delete": QColor(215, 60, 50, 80), "insert": QColor(40, 160, 80, 85)}
MARKS = {
    "same": "",
    "changed": "≠\nchanged",
    "added": "+\nadded",
    "left-out": "−\nleft out",
    "moved": "↕\nmoved",
}
PREVIEW_CHARS = 160
"""A collapsed left-out passage shows this much of its text."""


class Row(NamedTuple):
    op: Op
    number: int
    """Index of the op in the comparison."""


def plain_format() -> QTextCharFormat:
    return QTextCharFormat()


def word_format(kind: str) -> QTextCharFormat:
    """Deleted words struck out, inserted words underlined, each with a tint."""
    text_format = QTextCharFormat()
    text_format.setBackground(QBrush(WORD_TINTS[kind]))
    if kind == "delete":
        text_format.setFontStrikeOut(True)
    else:
        text_format.setFontUnderline(True)
    return text_format


def label_format() -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setFontWeight(QFont.Weight.Bold)
    text_format.setFontPointSize(8.5)
    text_format.setFontCapitalization(QFont.Capitalization.AllUppercase)
    text_format.setFontLetterSpacing(104)
    return text_format


def summary(comparison: Comparison, op: Op) -> str:
    """"left out: 2 paragraphs, 114 words", and the like for each op."""
    side = "a" if op.op == "left-out" else "b"
    paragraphs = len(op.a_passages if side == "a" else op.b_passages)
    words = comparison.word_count(op, side)
    counted = f"{paragraphs} paragraph{'s' * (paragraphs != 1)}, {words} word{'s' * (words != 1)}"
    if op.op == "left-out":
        return f"left out: {counted}"
    if op.op == "added":
        return f"added: {counted}"
    changed = sum(1 for _ in op.words)
    if op.op == "moved":
        number = op.a_passages[0] + 1
        return f"moved: paragraph {number} of the original" + (
            f", {changed} change{'s' * (changed != 1)}" if changed else ""
        )
    if op.op == "changed":
        return f"changed: {changed} difference{'s' * (changed != 1)} in the words"
    return "same text"


def _insert_marked(
    cursor: QTextCursor, text: str, start: int, end: int, marks: list[tuple[int, int, str]]
) -> None:
    """text[start:end] with the marked word ranges formatted."""
    position = start
    for mark_start, mark_end, kind in sorted(marks):
        if mark_start > position:
            cursor.insertText(text[position:mark_start], plain_format())
        cursor.insertText(text[mark_start:mark_end], word_format(kind))
        position = mark_end
    if end > position:
        cursor.insertText(text[position:end], plain_format())


def fill_a(cursor: QTextCursor, comparison: Comparison, op: Op, expanded: bool) -> None:
    """The original's column of one row."""
    text = comparison.a.text
    if op.a_start is None or op.a_end is None:
        return
    if op.op == "moved":
        cursor.insertText(summary(comparison, op) + "\n", label_format())
    if op.op == "left-out" and not expanded:
        cursor.insertText(summary(comparison, op) + "\n", label_format())
        preview = " ".join(text[op.a_start : op.a_end].split())
        if len(preview) > PREVIEW_CHARS:
            preview = preview[: PREVIEW_CHARS - 1] + "… (E shows all)"
        cursor.insertText(preview, plain_format())
        return
    marks = [(w.a[0], w.a[1], "delete") for w in op.words if w.a]
    _insert_marked(cursor, text, op.a_start, op.a_end, marks)


def fill_b(cursor: QTextCursor, comparison: Comparison, op: Op) -> None:
    """The copy's column of one row (a left-out row shows the gap's size here)."""
    text = comparison.b.text
    if op.op == "left-out":
        cursor.insertText(summary(comparison, op), label_format())
        return
    if op.b_start is None or op.b_end is None:
        return
    if op.op in ("added", "changed"):
        cursor.insertText(summary(comparison, op) + "\n", label_format())
    marks = [(w.b[0], w.b[1], "insert") for w in op.words if w.b]
    _insert_marked(cursor, text, op.b_start, op.b_end, marks)


def _cell_format(op: Op) -> QTextTableCellFormat:
    cell = QTextTableCellFormat()
    tint = TINTS[op.op]
    if tint.alpha():
        cell.setBackground(QBrush(tint))
    return cell


FIRST_ROWS = 12
"""At most this many rows in the first table."""
SCREEN_CHARS = 2000
"""About what one column of a screen holds (a 900×700 pane at the reading font): the first
table stops when its rows' longer sides add up to this, so the first paint lays out a
screenful, not twelve long paragraphs (layout is most of the open's cost)."""
FILL_ROWS = 6
"""Rows added per pass of the event loop after the first paint: a few milliseconds of
layout, so keys and scrolling are never held up by the rest filling in."""
CHUNK_ROWS = 40
"""Rows per later table. The rows are a column of small tables with the same column widths, so
adding one lays out only that one: the first screenful paints at once and the rest follows
in the background (`CompareTable.fill_more`)."""


def table_format(header: bool) -> QTextTableFormat:
    table_format = QTextTableFormat()
    table_format.setBorder(0)
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
    table_format.setCellPadding(6)
    table_format.setCellSpacing(2)
    table_format.setTopMargin(0)
    table_format.setBottomMargin(0)
    table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table_format.setColumnWidthConstraints(
        [
            QTextLength(QTextLength.Type.PercentageLength, 46),
            QTextLength(QTextLength.Type.PercentageLength, 8),
            QTextLength(QTextLength.Type.PercentageLength, 46),
        ]
    )
    if header:
        table_format.setHeaderRowCount(1)
    return table_format


class CompareTable:
    """The comparison's document: a header table, then the ops' rows in tables of
    `CHUNK_ROWS`, filled in order as `fill_more` is called."""

    def __init__(
        self,
        comparison: Comparison,
        a_title: str,
        b_title: str,
        font: QFont,
        document: QTextDocument | None = None,
    ) -> None:
        self.comparison = comparison
        self.document = prepare(document or QTextDocument(), font)
        self.rows = [Row(op, number) for number, op in enumerate(comparison.ops)]
        self.tables: list[QTextTable] = []
        self.table_starts: list[int] = []
        """The first row of each table."""
        self.filled = 0
        """Rows in the document so far."""
        cursor = QTextCursor(self.document)
        head = cursor.insertTable(1, 3, table_format(True))
        head.cellAt(0, 0).firstCursorPosition().insertText(a_title, label_format())
        head.cellAt(0, 2).firstCursorPosition().insertText(b_title, label_format())
        self.header = head

    @property
    def complete(self) -> bool:
        return self.filled >= len(self.rows)

    def fill_more(self, count: int = CHUNK_ROWS) -> None:
        """Add the next rows (a table of at most `count` rows at a time), laid out once
        (inserted one by one into the view's document, each insert was laid out)."""
        with one_layout(self.document):
            self._fill(count)

    def _fill(self, count: int) -> None:
        while count > 0 and not self.complete:
            size = min(count, CHUNK_ROWS, len(self.rows) - self.filled)
            cursor = QTextCursor(self.document)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            table = cursor.insertTable(size, 3, table_format(False))
            mark_format = label_format()
            for local in range(size):
                op = self.rows[self.filled + local].op
                for column in (0, 1, 2):
                    table.cellAt(local, column).setFormat(_cell_format(op))
                fill_a(table.cellAt(local, 0).firstCursorPosition(), self.comparison, op, False)
                if MARKS[op.op]:
                    table.cellAt(local, 1).firstCursorPosition().insertText(
                        MARKS[op.op], mark_format
                    )
                fill_b(table.cellAt(local, 2).firstCursorPosition(), self.comparison, op)
            self.tables.append(table)
            self.table_starts.append(self.filled)
            self.filled += size
            count -= size

    def fill_to(self, row: int) -> None:
        """Make sure row `row` is in the document (a key went past what is filled)."""
        while self.filled <= row and not self.complete:
            self.fill_more()

    def cell(self, row: int, column: int) -> QTextTableCell:
        self.fill_to(row)
        index = bisect.bisect_right(self.table_starts, row) - 1
        return self.tables[index].cellAt(row - self.table_starts[index], column)


def screen_chars(width: int, height: int, font: QFont) -> int:
    """About how many characters one column of a `width`×`height` view shows at `font`."""
    metrics = QFontMetricsF(font)
    per_line = width * 0.46 / max(1.0, metrics.averageCharWidth())
    lines = height / max(1.0, metrics.lineSpacing())
    # Measured on the seed pair and on news paragraphs: wrapping, cell padding and the
    # rows' labels leave about 0.6 of the lines × characters a line holds.
    return max(400, int(per_line * lines * 0.6))


def first_rows(comparison: Comparison, screen_chars: int = SCREEN_CHARS) -> int:
    """How many rows fill about a screen: their longer sides' characters add up to
    `screen_chars` (a collapsed left-out row shows only its preview)."""
    total = 0
    for count, op in enumerate(comparison.ops[:FIRST_ROWS], 1):
        a_chars = (op.a_end or 0) - (op.a_start or 0)
        if op.op == "left-out":
            a_chars = min(a_chars, PREVIEW_CHARS)
        total += max(a_chars, (op.b_end or 0) - (op.b_start or 0), 80)
        if total >= screen_chars:
            return count
    return min(len(comparison.ops), FIRST_ROWS)


def prepare(document: QTextDocument, font: QFont) -> QTextDocument:
    """`document` emptied and set up for a comparison (font, margin, no undo)."""
    document.clear()
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(font)  # cheap on an empty document: nothing to lay out again
    document.setDocumentMargin(12)
    return document


@contextmanager
def one_layout(document: QTextDocument) -> Iterator[None]:
    """Everything inserted inside is laid out once, at the end, instead of after each
    insert (a view's own document is laid out as it changes)."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        yield
    finally:
        cursor.endEditBlock()


def build_document(
    comparison: Comparison,
    a_title: str,
    b_title: str,
    font: QFont,
    screen: int = SCREEN_CHARS,
    document: QTextDocument | None = None,
) -> CompareTable:
    """The comparison's table with its first screenful (`screen` characters a column), in
    `document` (emptied first) or a new one."""
    target = document or QTextDocument()
    with one_layout(target):
        table = CompareTable(comparison, a_title, b_title, font, target)
        table.fill_more(first_rows(comparison, screen))
    return table
