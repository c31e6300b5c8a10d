"""Changes marked in the reading pane, without opening the comparison: words the copy changed
(dotted underline, tint) whose hover shows the original's wording, and a wavy mark on the
last word before each place the copy left something out, whose hover shows what.

Owns the reading view's "changes" layer only. The original is the one the classifier named
as the source of the document's reporting (or, when that is a sibling copy, the related
document that turns out to be the original); the comparison runs in the background for big
documents and is dropped if the reader has moved on.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat

from reader.core.compare.ops import Comparison, Op
from reader.core.compare.original import MAX_SOURCES, Original, find_original
from reader.core.compare.passages import RAW_TOKEN
from reader.core.compare.relations import named_sources
from reader.ui.context import AppContext
from reader.ui.reading.layers import LayerSpan
from reader.ui.reading.view import ReadingView
from reader.ui.tasks import run_in_background

QUOTE_CHARS = 240


def _format(style: Any, colour: QColor) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setUnderlineStyle(style)
    text_format.setUnderlineColor(colour)
    return text_format


def changed_format() -> QTextCharFormat:
    text_format = _format(QTextCharFormat.UnderlineStyle.DotLine, QColor(200, 120, 0))
    text_format.setBackground(QBrush(QColor(240, 180, 40, 60)))
    return text_format


def gap_format() -> QTextCharFormat:
    return _format(QTextCharFormat.UnderlineStyle.WaveUnderline, QColor(210, 60, 50))


class Mark(NamedTuple):
    start: int
    end: int
    hover: str
    """Plain text."""


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return "“" + (flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1] + "…") + "”"


def _word_before(text: str, offset: int) -> tuple[int, int] | None:
    """The last word ending at or before `offset` (where a gap mark goes)."""
    low = max(0, offset - 200)
    last = None
    for match in RAW_TOKEN.finditer(text, low, offset):
        last = match.span()
    return last


def marks_for(comparison: Comparison) -> list[Mark]:
    """The copy's (B's) marks: changed words and the places something was left out."""
    a_text, b_text = comparison.a.text, comparison.b.text
    marks: list[Mark] = []
    for op in comparison.ops:
        if op.op == "left-out":
            where = _word_before(b_text, op.b_at)
            if where is not None:
                words = comparison.word_count(op, "a")
                count = len(op.a_passages)
                marks.append(Mark(*where, (
                    f"Left out after this: {count} paragraph{'s' * (count != 1)}, "
                    f"{words} word{'s' * (words != 1)} of the original: "
                    f"{_quote(a_text[op.a_start or 0 : op.a_end or 0])}"
                )))
        for w in op.words:
            if w.b is not None:
                said = (
                    f"The original says {_quote(a_text[w.a[0] : w.a[1]])}"
                    if w.a else "Not in the original: the copy added these words."
                )
                marks.append(Mark(w.b[0], w.b[1], said))
            elif w.a is not None:
                where = _word_before(b_text, w.b_at)
                if where is not None:
                    marks.append(Mark(*where, (
                        f"Left out after this: the original goes on "
                        f"{_quote(a_text[w.a[0] : w.a[1]])}"
                    )))
    marks.sort()
    return marks


class ChangeMarks(QObject):
    marked = Signal(object)
    """The `Comparison` of the shown copy with its original, now marked."""
    cleared = Signal()
    """The shown document has no original to mark against."""

    def __init__(self, context: AppContext, view: ReadingView, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view
        self.comparison: Comparison | None = None
        self.copy_path = ""
        self.original_path = ""
        self.original_title = ""
        """Read with the original's text on the worker: the status bar names it."""
        self.marks: list[Mark] = []
        self.strip_marks: list[tuple[int, int, bool]] = []
        """(start, end, is an omission) for the overview strip."""
        self._starts: list[int] = []
        self._request = 0
        """Number of the latest search for an original; answers to earlier ones are dropped."""
        self._stopped = False
        view.hover_sources.append(self.hover_html)
        view.document_shown.connect(self.on_document_shown)

    def on_document_shown(self) -> None:
        """Showing a document clears every layer: put the marks back if it is the same copy."""
        current = self.view.current
        if current is None or current.path != self.copy_path or self.comparison is None:
            self.clear()
        else:
            self._apply(self.comparison, self.copy_path, self.original_path, self.original_title)

    def clear(self) -> None:
        self._request += 1
        self.comparison = None
        self.copy_path = self.original_path = self.original_title = ""
        self.marks, self._starts, self.strip_marks = [], [], []
        self.view.set_spans("changes", [])
        self.cleared.emit()

    def stop(self) -> None:
        """The window is closing: look for no more originals, and drop any answer due."""
        self._stopped = True
        self._request += 1

    def on_document_classified(self, doc_id: int, segments: Sequence[Any], _shares: object) -> None:
        """Compare the shown document with the original its reporting came from, in a worker:
        reading the candidates and asking the provenance index for the copy's relatives is
        store work (tens of ms at 100,000 documents) that the reading pane must not wait on.
        The latest request wins; an answer for a document no longer shown is dropped."""
        current = self.view.current
        if current is None or self._stopped:
            return
        if self.context.core.library.id_for_path(current.path) != doc_id:
            return
        named = named_sources(segments, MAX_SOURCES)
        if not named:
            self.clear()
            return
        if current.path == self.copy_path and self.original_path:
            return  # already marked
        self._request += 1
        request, copy_text, copy_path = self._request, current.text, current.path
        core = self.context.core

        def wanted() -> bool:
            """Read on the worker: a newer request (or closing) makes this one moot."""
            return request == self._request

        def work(_report: object) -> Original | None:
            if not wanted():
                return None  # another document was shown while this waited in the pool
            db = core.connect_worker(readonly=True)
            try:
                return find_original(db, copy_path, copy_text, named, wanted)
            finally:
                db.close()

        def current_request() -> bool:
            view_current = self.view.current
            return request == self._request and view_current is not None and (
                view_current.path == copy_path
            )

        def done(original: Original | None) -> None:
            if not current_request():
                return
            if original is None:
                self.clear()
            else:
                self._apply(original.comparison, copy_path, original.path, original.title)

        def failed(_error: Exception) -> None:
            """Marks are a convenience: a store busy or a document removed meanwhile leaves
            the text unmarked."""
            if current_request():
                self.clear()

        run_in_background(work, done, failed)

    def _apply(
        self, comparison: Comparison, copy_path: str, original_path: str, original_title: str
    ) -> None:
        self.comparison = comparison
        self.copy_path, self.original_path = copy_path, original_path
        self.original_title = original_title
        self.marks = marks_for(comparison)
        self._starts = [m.start for m in self.marks]
        changed, gap = changed_format(), gap_format()
        spans: list[LayerSpan] = [
            (m.start, m.end, gap if m.hover.startswith("Left out") else changed)
            for m in self.marks
        ]
        self.strip_marks = [(start, end, fmt is gap) for start, end, fmt in spans]
        self.view.set_spans("changes", spans)
        self.marked.emit(comparison)

    def marks_at(self, offset: int) -> list[Mark]:
        index = bisect.bisect_right(self._starts, offset)
        return [m for m in self.marks[max(0, index - 8) : index] if m.start <= offset < m.end]

    def hover_html(self, offset: int) -> str:
        return "<br>".join(html.escape(m.hover) for m in self.marks_at(offset))

    def explain(self, offset: int) -> str:
        """For "Why this kind?": a reworded or moved passage quotes the original's wording."""
        if self.comparison is None:
            return ""
        a_text = self.comparison.a.text
        for op in self.comparison.ops:
            if op.b_start is None or op.b_end is None or not op.b_start <= offset < op.b_end:
                continue
            if op.op not in ("changed", "moved") or op.a_start is None or op.a_end is None:
                return ""
            how = "Reworded from" if op.op == "changed" else "Moved from its place in"
            return f"{how} the original, which says: {_quote(a_text[op.a_start : op.a_end])}"
        return ""

    def original_place(self, offset: int) -> tuple[str, int, int] | None:
        """The original's path and the [start, end) of the passage matching the copy's
        passage at `offset`, reworded or not (None when it has none)."""
        if self.comparison is None:
            return None
        best: Op | None = None
        for op in self.comparison.ops:
            if op.a_start is None or op.b_start is None or op.b_end is None:
                continue
            if op.b_start <= offset <= op.b_end:
                best = op
                break
        if best is None or best.a_start is None or best.a_end is None:
            return None
        return self.original_path, best.a_start, best.a_end
