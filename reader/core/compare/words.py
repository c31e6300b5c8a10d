"""Word-level differences inside matched passages: inserted, deleted and replaced words.

The work is bounded by the passages a link joins, never the whole text: a longest common
subsequence of words (rapidfuzz's bit-parallel Indel, in C: ~10 µs for a 60-word paragraph
where difflib takes ~130 µs) on a pair of paragraphs, and for very long runs a patience split
on words found once on each side first, so a huge merged passage never costs a quadratic diff.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from rapidfuzz.distance import Indel

LCS_LIMIT = 4_000_000
"""Largest len(a) * len(b) diffed whole; longer runs are split at unique shared words first."""


class WordOp(NamedTuple):
    """Words a[a_start:a_end] became b[b_start:b_end] (token indices; one side may be empty)."""

    op: str  # "insert" | "delete" | "replace"
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _unique_anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Words found exactly once on each side, in an order both sides agree on (patience)."""
    count_a: dict[str, int] = {}
    for word in a:
        count_a[word] = count_a.get(word, 0) + 1
    count_b: dict[str, int] = {}
    for word in b:
        count_b[word] = count_b.get(word, 0) + 1
    where_a = {w: i for i, w in enumerate(a) if count_a[w] == 1 and count_b.get(w) == 1}
    pairs = [(where_a[w], j) for j, w in enumerate(b) if w in where_a]
    # longest increasing subsequence of a-indices, in b order
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for n, (i, _) in enumerate(pairs):
        k = bisect_left(tails, i)
        if k == len(tails):
            tails.append(i)
            tail_at.append(n)
        else:
            tails[k] = i
            tail_at[k] = n
        back.append(tail_at[k - 1] if k else -1)
    out: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    out.reverse()
    return out


def _equal_blocks(a: list[str], b: list[str], a0: int, b0: int) -> list[tuple[int, int, int]]:
    """(i, j, size) runs of equal words, offset by (a0, b0).

    A long run with words found once on each side is anchored on them first (patience), so
    the LCS only sees the stretches between anchors; a long stretch with no anchor at all is
    one replacement.
    """
    if not a or not b:
        return []
    if len(a) * len(b) <= LCS_LIMIT:
        # The edit script's matching blocks, made in C: the same runs as the "equal" rows of
        # `Indel.opcodes` (a test holds them to it) without an opcode object per row.
        found = Indel.editops(a, b).as_matching_blocks()
        return [(m.a + a0, m.b + b0, m.size) for m in found if m.size]
    anchors = _unique_anchors(a, b)
    if not anchors:
        return []
    blocks: list[tuple[int, int, int]] = []
    pi, pj = 0, 0
    for i, j in anchors:
        if i > pi and j > pj:
            blocks += _equal_blocks(a[pi:i], b[pj:j], a0 + pi, b0 + pj)
        blocks.append((a0 + i, b0 + j, 1))
        pi, pj = i + 1, j + 1
    blocks += _equal_blocks(a[pi:], b[pj:], a0 + pi, b0 + pj)
    return blocks


def word_ops(a: list[str], b: list[str]) -> list[WordOp]:
    """The words that differ between two runs of normalised words (empty when equal)."""
    if a == b:
        return []
    ops: list[WordOp] = []
    i = j = 0
    new = tuple.__new__  # what WordOp._make calls, without a Python call per op
    for bi, bj, size in [*_equal_blocks(a, b, 0, 0), (len(a), len(b), 0)]:
        if bi > i and bj > j:
            ops.append(new(WordOp, ("replace", i, bi, j, bj)))
        elif bi > i:
            ops.append(new(WordOp, ("delete", i, bi, j, j)))
        elif bj > j:
            ops.append(new(WordOp, ("insert", i, i, j, bj)))
        i, j = bi + size, bj + size
    return ops
