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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the library reads hints at start-up; `units` compiles the line rules
    from reader.core.classify.units import Line

Hint = tuple[int, int, str, str]


STRUCTURE_PREFIX = "page structure: "
"""The start of every structural reason (`reader.core.web` writes them)."""


def is_chrome(reason: str | None) -> bool:
    """Furniture the page's markup decided: a template's menus and boxes, which two pages
    of one site share word for word. It is no evidence that they share an article."""
    return reason is not None and reason.startswith(STRUCTURE_PREFIX)


def without_chrome(text: str, hints: Sequence[Hint]) -> str:
    """`text` with the structural furniture blanked out (same length, offsets hold): what
    provenance indexes and compares, so same-template pages are not taken for copies."""
    spans = [(s, e) for s, e, kind, _ in hints if kind == "furniture" and 0 <= s < e]
    if not spans:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        pieces.append(" " * (end - start))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


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
