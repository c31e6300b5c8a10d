"""The page's structure as evidence: hints from the HTML converter applied to lines.

A web page's markup says what the words alone cannot: this paragraph sits in the
navigation, that one in a caption or outside the article; this heading is the headline.
`reader.core.web` turns the markup into per-paragraph hints (start, end, kind, reason);
here they settle the lines they cover before markers and provenance are asked. A furniture
hint makes the line furniture; a reporting hint (headline, standfirst) clears what the
text-only layout rules guessed, so a short headline is never taken for a section label.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence

from reader.core.classify.units import Line

Hint = tuple[int, int, str, str]


def apply_structure(
    lines: Sequence[Line], furniture: list[str | None], hints: Sequence[Hint]
) -> None:
    """Set `furniture[i]` in place from the hint covering line i (if any)."""
    ordered = sorted(hints)
    starts = [h[0] for h in ordered]
    for i, line in enumerate(lines):
        j = bisect_right(starts, line.start) - 1
        if j < 0:
            continue
        start, end, kind, reason = ordered[j]
        if not start <= line.start < end:
            continue
        if kind == "furniture":
            furniture[i] = reason
        elif kind == "reporting":
            furniture[i] = None


def hints_from_json(data: str | None) -> tuple[Hint, ...]:
    """Hints stored by `web_columns`; () for none or anything malformed."""
    if not data:
        return ()
    try:
        raw = json.loads(data)
    except ValueError:
        return ()
    hints: list[Hint] = []
    if isinstance(raw, list):
        for item in raw:
            if (
                isinstance(item, list)
                and len(item) == 4
                and isinstance(item[0], int)
                and isinstance(item[1], int)
                and item[2] in ("reporting", "furniture", "commentary")
            ):
                hints.append((item[0], item[1], item[2], str(item[3])))
    return tuple(hints)
