"""Document offsets <-> Qt text positions.

Offsets in reader index the decoded file text (code points, CRLF kept). Qt's documents
count UTF-16 units (a character outside the BMP is two) and `setPlainText` turns each
CRLF into one block separator. This map converts both ways in O(log n).
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Cheap checks first: most texts have neither, and a scan costs ~1 ms per 400 KB.
        astral = not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if astral else []
        self._crlf = [m.start() for m in re.finditer("\r\n", text)] if "\r\n" in text else []
        self.trivial = not self._astral and not self._crlf

    def to_qt(self, offset: int) -> int:
        if self.trivial:
            return offset
        offset = max(0, min(offset, self.length))
        grow = bisect.bisect_left(self._astral, offset)
        shrink = bisect.bisect_left(self._crlf, offset - 1)
        return offset + grow - shrink

    def from_qt(self, position: int) -> int:
        if self.trivial:
            return max(0, min(position, self.length))
        # The last offset at or before the position (a CRLF's LF maps onto the next char).
        lo, hi = 0, self.length + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_qt(mid) <= position:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)
