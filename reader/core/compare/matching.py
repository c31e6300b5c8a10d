"""Which passages of one text match which of the other, read off the sentence alignment
(`alignment.align`, the one the classifier uses: robust to rewording, merges and splits).

Sentence links become candidate pairs of passages (paragraphs). The in-order matches are the
heaviest chain of pairs that never cross (a weighted longest increasing subsequence,
O(E log E)); a pair may share a passage with its neighbour, which is how split and merged
paragraphs stay matched. A good match left outside the chain between two otherwise unmatched
passages is a moved passage.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from typing import NamedTuple

from reader.core.compare.alignment import align as align_sentences
from reader.core.compare.passages import Compared

MIN_SCORE = 0.3
"""Share of the smaller passage that must lie in sentences linked to the other."""
MIN_MOVED = 0.5
"""A stricter share for a match out of order: a moved passage must be clearly the same."""
MIN_JOIN = 0.5
"""Two matches sharing a passage (a split or merged paragraph) must both be this good."""


class Link(NamedTuple):
    """Consecutive passages of A matched with consecutive passages of B."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    moved: bool
    similarity: float


def _candidates(a: Compared, b: Compared) -> list[tuple[int, int, float]]:
    """(b passage, a passage, score) for every pair of passages the sentence alignment links.

    The alignment explains the copy (b) by its reference (a). A pair's score is how much of
    the smaller passage lies in sentences linked to the other: 1.0 for a verbatim paragraph,
    about half for each piece of a paragraph split in two, little for a comment that quotes
    a phrase of the paragraph before it.
    """
    found = align_sentences(
        b.text, a.text, a_lines=b.plain_lines(), b_lines=a.plain_lines(),
        a_spaced=b.blanked, b_spaced=a.blanked,
    )
    a_starts = [p.start for p in a.passages]
    b_starts = [p.start for p in b.passages]
    shared: dict[tuple[int, int], float] = defaultdict(float)
    for link in found.links:
        b_units = [found.a_units[i] for i in link.a]
        a_of = {_owner(a, a_starts, found.b_units[j].start) for j in link.b}
        a_of.discard(None)
        for unit in b_units:
            j = _owner(b, b_starts, unit.start)
            if j is None:
                continue
            for i in a_of:
                assert i is not None
                shared[(j, i)] += link.similarity * (unit.end - unit.start) / len(a_of)
    edges: list[tuple[int, int, float]] = []
    for (j, i), chars in shared.items():
        b_size = b.passages[j].end - b.passages[j].start
        a_size = a.passages[i].end - a.passages[i].start
        score = min(1.0, math.sqrt(min(1.0, chars / b_size) * min(1.0, chars / a_size)))
        if score >= MIN_SCORE:
            edges.append((j, i, score))
    return edges


def _owner(texts: Compared, starts: list[int], offset: int) -> int | None:
    """The passage holding this offset (None for a line with no words)."""
    index = bisect_right(starts, offset) - 1
    if index < 0 or offset >= texts.passages[index].end:
        return None
    return index


def _chain(edges: list[tuple[int, int, float]], size: int) -> list[tuple[int, int, float]]:
    """The heaviest subset of edges non-decreasing in both b and a (a Fenwick tree of maxima)."""
    edges.sort()
    tree = [(0.0, -1)] * (size + 1)
    best: list[tuple[float, int]] = []
    for number, (_, i, score) in enumerate(edges):
        k, found = i + 1, (0.0, -1)
        while k > 0:
            if tree[k] > found:
                found = tree[k]
            k -= k & -k
        total = (found[0] + score, found[1])
        best.append(total)
        k = i + 1
        while k <= size:
            if (total[0], number) > tree[k]:
                tree[k] = (total[0], number)
            k += k & -k
    if not best:
        return []
    number = max(range(len(best)), key=lambda n: best[n][0])
    chain: list[tuple[int, int, float]] = []
    while number >= 0:
        chain.append(edges[number])
        number = best[number][1]
    chain.reverse()
    return chain


def _groups(edges: list[tuple[int, int, float]]) -> list[tuple[list[int], list[int], float]]:
    """Runs of chained edges that share a passage become one link (splits and merges).

    Only strong edges join: a comment that quotes a few words of the paragraph before it
    shares that paragraph weakly, and the weaker of two such edges is dropped instead.
    """
    groups: list[tuple[list[int], list[int], float]] = []
    last = 0.0
    for j, i, score in edges:
        if groups and (groups[-1][0][-1] == i or groups[-1][1][-1] == j):
            a_side, b_side, low = groups[-1]
            if min(score, last) < MIN_JOIN:
                if score > last and len(a_side) == 1 and len(b_side) == 1:
                    groups[-1] = ([i], [j], score)
                    last = score
                continue
            if a_side[-1] != i:
                a_side.append(i)
            if b_side[-1] != j:
                b_side.append(j)
            groups[-1] = (a_side, b_side, min(low, score))
        else:
            groups.append(([i], [j], score))
        last = score
    return groups


def align(a: Compared, b: Compared) -> list[Link]:
    """In-order links (in reading order of both texts) and moved ones (flagged), together."""
    edges = _candidates(a, b)
    chain = _chain(list(edges), len(a.passages))
    links = [
        Link(tuple(range(x[0], x[-1] + 1)), tuple(range(y[0], y[-1] + 1)), False, s)
        for x, y, s in _groups(chain)
    ]
    used_a = {i for link in links for i in link.a}
    used_b = {j for link in links for j in link.b}
    best: dict[int, tuple[float, int]] = {}
    for j, i, score in edges:
        if j in used_b or i in used_a or score < MIN_MOVED:
            continue
        if score > best.get(j, (0.0, -1))[0]:
            best[j] = (score, i)
    taken: set[int] = set()
    for j in sorted(best):
        score, i = best[j]
        if i not in taken:
            taken.add(i)
            links.append(Link((i,), (j,), True, score))
    return links
