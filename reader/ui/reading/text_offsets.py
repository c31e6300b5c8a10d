"""Document offsets <-> Qt text positions, for the one map the reading view owns.

Offsets in reader index the decoded file text (code points, CRLF kept). Qt's documents
count UTF-16 units (a character outside the BMP is two) and turn each CRLF into one block
separator (a lone CR or LF is one separator, the same length). So a Qt position is the
offset, plus one for each astral character before it, minus one for each CRLF's LF before it.

Building the map is cheap on purpose, because it is on the path to a document's first paint:
- an all-BMP text without CR (nearly every article) is recognised in O(1) (CPython keeps a
  string at 1 or 2 bytes per character when nothing needs 4) plus one fast scan for CR, and
  its conversions are the identity;
- otherwise the text is cut into chunks and only each chunk's net shift is counted (with
  `str.count` and one UTF-16 encode of the chunk: C loops, no per-character Python); where
  inside a chunk the shifts fall is worked out the first time a conversion lands in it.
"""

from __future__ import annotations

import bisect
import re
import sys

CHUNK = 1 << 16
"""Code points per chunk of the lazy map."""

_EVENTS = re.compile("[\U00010000-\U0010ffff]|(?<=\r)\n")
"""An astral character (+1 Qt unit) or the LF of a CRLF (-1: Qt merges the pair)."""

_UCS4_HEADER = sys.getsizeof("\U00010000") - 2 * 4
"""Size of a compact 4-bytes-per-character str minus its data (CPython)."""


def may_have_astral(text: str) -> bool:
    """False only when `text` surely has no character outside the BMP; O(1) on CPython."""
    if text.isascii():
        return False
    if sys.implementation.name == "cpython" and type(text) is str:
        # A compact str is stored at 4 bytes per character only if one needs them.
        return sys.getsizeof(text) == _UCS4_HEADER + 4 * (len(text) + 1)
    return True


class _Chunk:
    """Where the shifts fall inside one chunk, in chunk-local offsets and Qt positions."""

    __slots__ = ("offsets", "positions", "shift_before", "astral")

    def __init__(self, piece: str, after_cr: bool) -> None:
        self.offsets: list[int] = []
        self.astral: list[bool] = []
        if after_cr and piece.startswith("\n"):
            self.offsets.append(0)
            self.astral.append(False)
        for match in _EVENTS.finditer(piece, 1 if self.offsets else 0):
            self.offsets.append(match.start())
            self.astral.append(match.group() != "\n")
        self.shift_before = [0]
        """shift_before[j]: Qt units gained before event j (and, at the end, in all)."""
        for is_astral in self.astral:
            self.shift_before.append(self.shift_before[-1] + (1 if is_astral else -1))
        self.positions = [o + s for o, s in zip(self.offsets, self.shift_before, strict=False)]


class OffsetMap:
    """Converts document offsets to Qt positions (`to_qt`) and back (`to_doc`)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._text = text
        has_cr = "\r" in text
        self.trivial = not has_cr and not may_have_astral(text)
        self._chunks: list[_Chunk | None] = []
        self._starts_qt: list[int] = [0]
        if self.trivial:
            return
        astral = may_have_astral(text)
        for start in range(0, self.length, CHUNK):
            end = min(start + CHUNK, self.length)
            shift = 0
            if astral:
                piece = text[start:end]
                if not piece.isascii():
                    shift += len(piece.encode("utf-16-le")) // 2 - len(piece)
            if has_cr:
                shift -= text.count("\r\n", start, end)  # no copy of the chunk
                if start and text[start] == "\n" and text[start - 1] == "\r":
                    shift -= 1
            self._starts_qt.append(self._starts_qt[-1] + end - start + shift)
            self._chunks.append(None)
        self.qt_length = self._starts_qt[-1]

    def _chunk(self, index: int) -> _Chunk:
        chunk = self._chunks[index]
        if chunk is None:
            start = index * CHUNK
            after_cr = start > 0 and self._text[start - 1] == "\r"
            chunk = _Chunk(self._text[start : start + CHUNK], after_cr)
            self._chunks[index] = chunk
        return chunk

    def to_qt(self, offset: int) -> int:
        """The Qt position of the character at this document offset (clamped to the text)."""
        offset = max(0, min(offset, self.length))
        if self.trivial:
            return offset
        index = min(offset // CHUNK, len(self._chunks) - 1)
        if index < 0:
            return 0
        local = offset - index * CHUNK
        chunk = self._chunk(index)
        events = bisect.bisect_left(chunk.offsets, local)
        return self._starts_qt[index] + local + chunk.shift_before[events]

    def to_doc(self, position: int) -> int:
        """The document offset of the character at this Qt position (clamped to the text).

        The second half of a surrogate pair belongs to its character; the position after
        a merged CRLF is the next line's start."""
        if self.trivial:
            return max(0, min(position, self.length))
        if position <= 0 or not self._chunks:
            return 0
        index = bisect.bisect_right(self._starts_qt, position) - 1
        if index >= len(self._chunks):
            return self.length
        chunk = self._chunk(index)
        local = position - self._starts_qt[index]
        events = bisect.bisect_right(chunk.positions, local)
        if events and chunk.astral[events - 1] and local - chunk.positions[events - 1] < 2:
            offset = chunk.offsets[events - 1]  # on the astral character (either half)
        else:
            offset = local - chunk.shift_before[events]
        return min(index * CHUNK + offset, self.length)
