"""The reading view's decoration layers: each feature's spans, handed to Qt near the screen.

Features describe their decorations in document offsets (a list of spans, or a function
that lists the spans in a range); the stack turns only those on or near the screen into
`QTextEdit.ExtraSelection`s, through the view's one offset map, and redoes that when the
reader scrolls past them. Why near the screen only: Qt lays out every block an extra
selection touches when it is set (~0.1 ms a paragraph), so 200 highlights spread through a
1 MB text cost 30 ms on open, and a million classified passages would cost seconds.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

if TYPE_CHECKING:
    from reader.ui.reading.view import ReadingView

LAYER_ORDER = ("kinds", "changes", "highlights", "find", "current")
"""Extra-selection layers, bottom to top: passage kinds under the words a copy changed under
personal highlights under find matches under the flash of the current target. Each feature
owns one layer."""

MIN_MARGIN_CHARS = 2_000
"""Decorations one screenful (at least this many characters) above and below the screen are
handed to Qt ahead of scrolling, so paging by a screen redecorates every other page. Not
more: Qt works out the screen area of every selection it is handed (laying out its
paragraph), so a 10,000-character margin made opening a document with 1,000 highlights
cost 1.6× the same document without them; one screenful, 1.3×."""


def decorated_window(first: int, last: int) -> tuple[int, int]:
    """The range of document offsets to decorate when [first, last) is on screen."""
    margin = max(MIN_MARGIN_CHARS, last - first)
    return max(0, first - margin), last + margin

LayerSpan = tuple[int, int, QTextCharFormat]
"""[start, end) in document offsets, and how it looks."""
_span_order = itemgetter(0, 1)
_start, _end = itemgetter(0), itemgetter(1)
Source = Callable[[int, int], Iterable[LayerSpan]]
"""Lists a layer's spans that overlap [low, high) (document offsets)."""


def spans_source(spans: Sequence[LayerSpan]) -> Source:
    """A source over a fixed list of spans: O(log n + found) per window. Spans already in
    order (highlights come sorted) are not sorted again."""
    ordered = list(spans)
    starts = list(map(_start, ordered))  # map/itemgetter passes: 1,000 notes' spans in C
    if any(map(operator.lt, starts[1:], starts)):
        ordered.sort(key=_span_order)
        starts = list(map(_start, ordered))
    longest = max(map(operator.sub, map(_end, ordered), starts), default=0)

    def source(low: int, high: int) -> list[LayerSpan]:
        first = bisect.bisect_left(starts, low - longest)
        last = bisect.bisect_left(starts, high)
        return [span for span in ordered[first:last] if span[1] > low or span[0] >= low]

    return source


class LayerStack:
    """Owns the view's extra selections (nothing else calls setExtraSelections)."""

    def __init__(self, view: ReadingView) -> None:
        self.view = view
        self._sources: dict[str, Source] = {}
        self._raw: dict[str, list[QTextEdit.ExtraSelection]] = {}
        """Layers given as ready-made selections (Qt positions), filtered to the window."""
        self._shown: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._window: tuple[int, int] | None = None
        self._batch_depth = 0
        self._dirty = False

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hand Qt the layers once, when the outermost batch ends. Opening a document sets
        several layers in a row (kinds, highlights, find); each hand-over makes Qt work out
        the screen area of every old and new selection, so one hand-over instead of four
        is most of the cost of showing 1,000 highlights."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._dirty:
                self._push()

    def clear(self) -> None:
        self._sources.clear()
        self._raw.clear()
        self._shown.clear()
        self._window = None
        self._push()

    def set_source(self, name: str, source: Source | None) -> None:
        _check(name)
        self._raw.pop(name, None)
        if source is None:
            self._sources.pop(name, None)
            if self._shown.pop(name, None):
                self._push()
            return
        self._sources[name] = source
        self._ensure_window()
        self._build(name)
        self._push()

    def set_raw(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        _check(name)
        self._sources.pop(name, None)
        self._raw[name] = list(selections)
        self._ensure_window()
        self._filter_raw(name)
        self._push()

    def shown(self, name: str) -> list[QTextEdit.ExtraSelection]:
        """The selections of this layer that Qt has now (those near the screen)."""
        return list(self._shown.get(name, []))

    def refresh(self, force: bool = False) -> None:
        """Rebuild every layer if the screen moved out of the decorated window."""
        if not self._sources and not self._raw:
            self._window = None  # the next layer set measures the screen afresh
            return
        first, last = self.view.visible_range()
        if not force and self._window is not None:
            low, high = self._window
            if low <= first and last <= high:
                return
        self._window = decorated_window(first, last)
        for name in self._sources:
            self._build(name)
        for name in self._raw:
            self._filter_raw(name)
        self._push()

    def _ensure_window(self) -> None:
        if self._window is None:
            first, last = self.view.visible_range()
            self._window = decorated_window(first, last)

    def _build(self, name: str) -> None:
        assert self._window is not None
        low, high = self._window
        view = self.view
        document = view.document()
        loaded = document.characterCount() - 1
        selections: list[QTextEdit.ExtraSelection] = []
        # Inside an (empty) edit block QTextCursor.setPosition does not lay out the block to
        # find the caret's x, so building the cursors costs no layout at all.
        guard = QTextCursor(document)
        guard.beginEditBlock()
        try:
            for start, end, text_format in self._sources[name](low, high):
                cursor = QTextCursor(document)
                cursor.setPosition(min(view.to_qt(start), loaded))
                cursor.setPosition(min(view.to_qt(end), loaded), QTextCursor.MoveMode.KeepAnchor)
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = text_format
                selections.append(selection)
        finally:
            guard.endEditBlock()
        self._shown[name] = selections

    def _filter_raw(self, name: str) -> None:
        assert self._window is not None
        low, high = (self.view.to_qt(offset) for offset in self._window)
        self._shown[name] = [
            s for s in self._raw[name]
            if s.cursor.selectionEnd() >= low and s.cursor.selectionStart() <= high
        ]

    def _push(self) -> None:
        if self._batch_depth:
            self._dirty = True
            return
        self._dirty = False
        self.view.setExtraSelections(
            [s for name in LAYER_ORDER for s in self._shown.get(name, [])]
        )


def _check(name: str) -> None:
    if name not in LAYER_ORDER:
        raise ValueError(f"unknown layer {name!r}")
