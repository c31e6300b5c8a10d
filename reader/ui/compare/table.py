"""The comparison as one QTextDocument table: original | mark | copy, a row per op.

Rows line up by construction, so the two columns scroll together. All user text goes in
through `insertText` (plain text, never markup). Each kind of row has a word in the middle
column and a pattern of its own (struck-out deleted words, underlined inserted ones), so
nothing depends on colour; the tints are translucent so they read on every theme's paper.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
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


def _plain() -> QTextCharFormat:
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


def _label_format() -> QTextCharFormat:
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
            cursor.insertText(text[position:mark_start], _plain())
        cursor.insertText(text[mark_start:mark_end], word_format(kind))
        position = mark_end
    if end > position:
        cursor.insertText(text[position:end], _plain())


def fill_a(cursor: QTextCursor, comparison: Comparison, op: Op, expanded: bool) -> None:
    """The original's column of one row."""
    text = comparison.a.text
    if op.a_start is None or op.a_end is None:
        return
    if op.op == "moved":
        cursor.insertText(summary(comparison, op) + "\n", _label_format())
    if op.op == "left-out" and not expanded:
        cursor.insertText(summary(comparison, op) + "\n", _label_format())
        preview = " ".join(text[op.a_start : op.a_end].split())
        if len(preview) > PREVIEW_CHARS:
            preview = preview[: PREVIEW_CHARS - 1] + "… (E shows all)"
        cursor.insertText(preview, _plain())
        return
    marks = [(w.a[0], w.a[1], "delete") for w in op.words if w.a]
    _insert_marked(cursor, text, op.a_start, op.a_end, marks)


def fill_b(cursor: QTextCursor, comparison: Comparison, op: Op) -> None:
    """The copy's column of one row (a left-out row shows the gap's size here)."""
    text = comparison.b.text
    if op.op == "left-out":
        cursor.insertText(summary(comparison, op), _label_format())
        return
    if op.b_start is None or op.b_end is None:
        return
    if op.op in ("added", "changed"):
        cursor.insertText(summary(comparison, op) + "\n", _label_format())
    marks = [(w.b[0], w.b[1], "insert") for w in op.words if w.b]
    _insert_marked(cursor, text, op.b_start, op.b_end, marks)


def _cell_format(op: Op) -> QTextTableCellFormat:
    cell = QTextTableCellFormat()
    tint = TINTS[op.op]
    if tint.alpha():
        cell.setBackground(QBrush(tint))
    return cell


def build_document(
    comparison: Comparison, a_title: str, b_title: str, font: QFont
) -> tuple[QTextDocument, QTextTable, list[Row]]:
    """The whole comparison; row 0 holds the two titles, row n+1 the n-th op."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(12)
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    table_format = QTextTableFormat()
    table_format.setBorder(0)
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
    table_format.setCellPadding(6)
    table_format.setCellSpacing(2)
    table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table_format.setColumnWidthConstraints(
        [
            QTextLength(QTextLength.Type.PercentageLength, 46),
            QTextLength(QTextLength.Type.PercentageLength, 8),
            QTextLength(QTextLength.Type.PercentageLength, 46),
        ]
    )
    table_format.setHeaderRowCount(1)
    ops = comparison.ops
    table = cursor.insertTable(len(ops) + 1, 3, table_format)
    head = _label_format()
    table.cellAt(0, 0).firstCursorPosition().insertText(a_title, head)
    table.cellAt(0, 2).firstCursorPosition().insertText(b_title, head)
    rows: list[Row] = []
    mark_format = _label_format()
    for number, op in enumerate(ops):
        row = number + 1
        for column in (0, 1, 2):
            cell = table.cellAt(row, column)
            cell.setFormat(_cell_format(op))
        fill_a(table.cellAt(row, 0).firstCursorPosition(), comparison, op, expanded=False)
        if MARKS[op.op]:
            table.cellAt(row, 1).firstCursorPosition().insertText(MARKS[op.op], mark_format)
        fill_b(table.cellAt(row, 2).firstCursorPosition(), comparison, op)
        rows.append(Row(op, number))
    return document, table, rows
