"""Which of two related texts is the original, read off the comparison itself.

The classifier's evidence (`provenance.is_copy_of`), asked only of the passages one side has
and the other lacks, so it costs nothing on the text both share: commentary markers and a
republisher's attribution mark a copy; so does more material of its own between shared
passages (a missing head or tail is a trim, not an addition); curly quotes and a dateline mark
an agency original. When the evidence points both ways or nowhere, the two are siblings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.classify.furniture import line_reason
from reader.core.classify.markers import inline_markers, line_marker
from reader.core.classify.normalize import has_curly_quotes, starts_with_dateline

if TYPE_CHECKING:
    from reader.core.compare.ops import Op
    from reader.core.compare.passages import Compared

MIN_SHARED = 0.2
"""Share of the shorter text's words that must be matched for the two to be related at all."""
_ATTRIBUTION = "furniture: republisher attribution"


def shared_share(a: Compared, b: Compared, ops: list[Op]) -> float:
    """Matched words over the shorter text's words (0 when either has none)."""
    a_total = sum(len(p.tokens) for p in a.passages)
    b_total = sum(len(p.tokens) for p in b.passages)
    if not a_total or not b_total:
        return 0.0
    matched = sum(
        len(a.passages[i].tokens)
        for op in ops
        if op.op in ("same", "changed", "moved")
        for i in op.a_passages
    )
    return min(1.0, matched / min(a_total, b_total))


class _Evidence:
    """What one side has that the other lacks."""

    def __init__(self) -> None:
        self.markers = 0
        self.attribution = False
        self.unique = 0


def _evidence(texts: Compared, ops: list[Op], side: str) -> _Evidence:
    found = _Evidence()
    own = "added" if side == "b" else "left-out"
    matched = [n for n, op in enumerate(ops) if op.op in ("same", "changed", "moved")]
    first, last = (matched[0], matched[-1]) if matched else (0, -1)
    for n, op in enumerate(ops):
        if op.op == own:
            for i in op.b_passages if side == "b" else op.a_passages:
                passage = texts.passages[i]
                body = texts.text[passage.start : passage.end]
                reason = line_reason(body)
                found.attribution |= reason == _ATTRIBUTION
                if reason is None and line_marker(body):
                    found.markers += 1
                elif reason is None and first < n < last:
                    found.unique += len(passage.tokens)
        for w in op.words:
            span = w.b if side == "b" else w.a
            if span:
                body = texts.text[span[0] : span[1]]
                found.markers += bool(line_marker(body) or inline_markers(body))
                found.unique += len(body.split()) if w.op != "replace" else 0
    return found


def _original_signs(texts: Compared) -> int:
    first = next(
        (texts.text[p.start : p.end] for p in texts.passages if p.end - p.start > 80), ""
    )
    return int(has_curly_quotes(texts.text)) + int(starts_with_dateline(first))


def decide_relation(a: Compared, b: Compared, ops: list[Op]) -> str:
    if shared_share(a, b, ops) < MIN_SHARED:
        return "unrelated"
    in_a, in_b = _evidence(a, ops, "a"), _evidence(b, ops, "b")
    if bool(in_a.markers) != bool(in_b.markers):
        return "a-original" if in_b.markers else "b-original"
    if in_a.markers:
        return "siblings"  # both add remarks: two copies of an original not here
    if in_a.attribution != in_b.attribution:
        return "a-original" if in_b.attribution else "b-original"
    if in_b.unique > in_a.unique * 1.25 + 8:
        return "a-original"
    if in_a.unique > in_b.unique * 1.25 + 8:
        return "b-original"
    a_signs, b_signs = _original_signs(a), _original_signs(b)
    if a_signs != b_signs:
        return "a-original" if a_signs > b_signs else "b-original"
    return "siblings"
