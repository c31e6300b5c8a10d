"""Fast lookups over a document's classified segments (sorted, non-overlapping spans)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol

_COMMON_SPACES = " \n\r\t\xa0\u2009\u202f\u3000\f\v"
_RARE_SPACES = (
    "\x1c\x1d\x1e\x1f\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u200a\u2028\u2029\u205f"
)
"""With `_COMMON_SPACES`, exactly the characters `str.isspace()` accepts. Counted with
str.count (a fast C scan that creates no objects); the rare ones only when the text has any."""


class Span(Protocol):
    """A classified passage: read-only, so frozen `Segment`s qualify."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...


class SegmentIndex:
    """Binary search over segment starts: O(log n) per lookup, for painting and hovering."""

    def __init__(self, segments: Sequence[Span]) -> None:
        self.segments = list(segments)
        self._starts = [segment.start for segment in self.segments]

    def __len__(self) -> int:
        return len(self.segments)

    def at(self, offset: int) -> Span | None:
        """The segment containing `offset`, if any."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.segments[index].end:
            return self.segments[index]
        return None

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Segments that share at least one character with [start, end)."""
        index = max(0, bisect_right(self._starts, start) - 1)
        found = []
        while index < len(self.segments) and self.segments[index].start < end:
            if self.segments[index].end > start:
                found.append(self.segments[index])
            index += 1
        return found

    def last_starting_before(self, offset: int) -> Span | None:
        index = bisect_right(self._starts, offset - 1) - 1
        return self.segments[index] if index >= 0 else None

    def passages(self, kind: str) -> list[tuple[int, int]]:
        """Runs of consecutive segments of `kind` merged into one passage each."""
        runs: list[tuple[int, int]] = []
        previous_kind = None
        for segment in self.segments:
            if segment.kind == kind and previous_kind == kind and runs:
                runs[-1] = (runs[-1][0], segment.end)
            elif segment.kind == kind:
                runs.append((segment.start, segment.end))
            previous_kind = segment.kind
        return runs

    def next_passage(self, offset: int, kind: str, forward: bool = True) -> tuple[int, int] | None:
        """The next passage of `kind` starting after `offset`, or the previous one ending
        before it (from inside a passage, 'previous' is the one before it)."""
        runs = self.passages(kind)
        if forward:
            return next((run for run in runs if run[0] > offset), None)
        return next((run for run in reversed(runs) if run[1] <= offset), None)


def kind_shares(text: str, segments: Sequence[Span]) -> dict[str, float]:
    """Each kind's share of the text's non-whitespace characters: the one figure the legend,
    the library's commentary column and the stored verdict all show."""
    spaces = _COMMON_SPACES
    if any(map(text.__contains__, _RARE_SPACES)):
        spaces += _RARE_SPACES
    spaces = "".join(filter(text.__contains__, spaces))  # per segment, only those it has
    total = len(text) - sum(map(text.count, spaces))
    if total <= 0:
        return {}
    counts: dict[str, int] = {}
    for segment in segments:
        start, end = segment.start, segment.end
        solid = (min(end, len(text)) - start) - sum(text.count(s, start, end) for s in spaces)
        counts[segment.kind] = counts.get(segment.kind, 0) + max(solid, 0)
    return {kind: count / total for kind, count in counts.items()}
