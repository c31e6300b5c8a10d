"""Which of two related texts is the original: the classifier's evidence, asked both ways.

Markers, a republisher's attribution, more material of its own between shared passages mark
a copy; curly quotes and a dateline an agency original (`provenance.is_copy_of`). When both
or neither look like the copy, they are siblings (two outlets' versions of one story).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.classify.provenance import build_profile, coverage, is_copy_of

if TYPE_CHECKING:
    from reader.core.compare.ops import Op
    from reader.core.compare.passages import Compared

MIN_SHARED = 0.2
"""Share of the shorter text's words that must be matched for the two to be related at all."""


def shared_share(a: Compared, b: Compared, ops: list[Op]) -> float:
    """Matched words over the shorter text's words (0 when either has none)."""
    a_total = sum(len(p.tokens) for p in a.passages)
    b_total = sum(len(p.tokens) for p in b.passages)
    if not a_total or not b_total:
        return 0.0
    matched = sum(
        len(a.passages[i].tokens) for op in ops if op.op in ("same", "changed", "moved")
        for i in op.a_passages
    )
    return min(1.0, matched / min(a_total, b_total))


def decide_relation(a: Compared, b: Compared, ops: list[Op]) -> str:
    if shared_share(a, b, ops) < MIN_SHARED:
        return "unrelated"
    a_profile, b_profile = build_profile(a.text), build_profile(b.text)
    b_copy = is_copy_of(b_profile, coverage(b_profile, a_profile.hash_set), a_profile)
    a_copy = is_copy_of(a_profile, coverage(a_profile, b_profile.hash_set), b_profile)
    if b_copy and not a_copy:
        return "a-original"
    if a_copy and not b_copy:
        return "b-original"
    return "siblings"
