"""Which passages of one text match which of the other (provisional, until the classifier's
rewording-robust alignment lands in `alignment.py`; one alignment in the product, not two).

Candidates come from shared word trigrams (and, for heavily reworded passages, shared rare
words) through an inverted index, so the work is linear in the texts' lengths. The in-order
matches are the heaviest chain of candidate edges that never cross (a weighted longest
increasing subsequence, O(E log E)); an edge may share a passage with its neighbour, which is
how split and merged paragraphs stay matched. A good match left outside the chain between two
otherwise unmatched passages is a moved passage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import repeat
from typing import NamedTuple

from reader.core.compare.passages import Compared

MIN_SCORE = 0.3
"""Share of the shorter passage's trigrams (or rare words) another must hold to be its match."""
MIN_MOVED = 0.5
"""A stricter share for a match out of order: a moved passage must be clearly the same."""
MIN_JOIN = 0.6
"""Two matches sharing a passage (a split or merged paragraph) must both be this good."""


class Link(NamedTuple):
    """Consecutive passages of A matched with consecutive passages of B."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    moved: bool
    similarity: float


def _grams(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < 3:
        return {tuple(tokens)}
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def _candidates(a: Compared, b: Compared) -> list[tuple[int, int, float]]:
    """(b index, a index, score) for every pair sharing enough trigrams or rare words.

    No Python code runs per word: a passage found verbatim in A is matched through a dict of
    whole passages; otherwise its trigrams meet A's in one set intersection, a dict says which
    A passage holds each shared trigram (one holder is enough to find a candidate), and each
    candidate is scored on all its trigrams with another intersection.
    """
    whole: dict[tuple[str, ...], int] = {}
    a_grams = [_grams(p.tokens) for p in a.passages]
    all_grams: list[tuple[str, ...]] = []
    holders: list[int] = []
    for i, (passage, grams) in enumerate(zip(a.passages, a_grams, strict=True)):
        whole.setdefault(tuple(passage.tokens), i)
        all_grams.extend(grams)
        holders.extend(repeat(i, len(grams)))
    holder = dict(zip(all_grams, holders, strict=True))
    word_index: dict[str, list[int]] | None = None
    a_words: list[set[str]] = []
    edges: list[tuple[int, int, float]] = []
    for j, passage in enumerate(b.passages):
        same = whole.get(tuple(passage.tokens))
        if same is not None:
            edges.append((j, same, 1.0))
            continue
        grams = _grams(passage.tokens)
        found: set[int | None] = set(map(holder.get, grams))
        found.discard(None)
        matched = False
        for held in found:
            assert held is not None
            theirs = a_grams[held]
            score = len(grams & theirs) / min(len(grams), len(theirs))
            if score >= MIN_SCORE:
                edges.append((j, held, score))
                matched = True
        if matched:
            continue
        if word_index is None:  # built only when some passage is reworded past its trigrams
            word_index, a_words = _rare_word_index(a)
        rare = {w for w in passage.tokens if w in word_index}
        if len(rare) < 3:
            continue
        word_counts: Counter[int] = Counter()
        for word in rare:
            word_counts.update(word_index[word])
        for i, shared in word_counts.items():
            mine = sum(1 for w in a_words[i] if w in word_index)
            score = shared / max(1, min(len(rare), mine))
            if shared >= 3 and score >= MIN_SCORE:
                edges.append((j, i, score * 0.8))
    return edges


def _rare_word_index(a: Compared) -> tuple[dict[str, list[int]], list[set[str]]]:
    """Words of four letters or more found in at most three passages of A: where they are."""
    a_words = [set(p.tokens) for p in a.passages]
    word_df: Counter[str] = Counter()
    for words in a_words:
        word_df.update(words)
    word_index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(a_words):
        for word in words:
            if len(word) > 3 and word_df[word] <= 3:
                word_index[word].append(i)
    return word_index, a_words


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
