"""Passage alignment of two texts that tell the same story in different words.

`align(a, b)` splits both texts into sentences (*units*) and links each unit of A to the
unit or units of B that hold the same content, however it was republished: words swapped,
clauses cut, "said" turned into "told reporters", sentences merged or split, paragraphs
reordered or dropped. Units are compared as sets of word stems weighted by rarity (a name
or a figure says more than "the"), so a link's `similarity` is the share of A's words (by
weight) that the linked B units contain: 1.0 for a verbatim sentence, ~0.7 for a light
rewrite, ~0.5 for a heavy one.

Bounded in time, never quadratic: each unit of A looks up only its rarest words (those in
at most `_MAX_POSTING` units of B) in an inverted index of B, and scores the few candidates
those words vote for. Two 1 MB texts that share nothing verbatim align in well under a
second (`benchmarks/bench_align.py`).

The API the comparison view and the classifier share:

- `units(text)` — the sentences of a text, with offsets and paragraph numbers;
- `align(a, b)` — an `Alignment`: `a_units`, `b_units`, `links` (each a `Link` of A unit
  indices, B unit indices, similarity 0–1 and whether it is verbatim), and per-unit lookups
  `link_of_a(i)`, `link_of_b(j)`, `similarity_of_a(i)`, `a_units_overlapping(start, end)`
  (and `b_…`), character spans of a link's sides (`a_span`, `b_span`), the B side's own
  words (`b_wording`) and the shared share of each text (`shared_a`, `shared_b`).

Links are one-to-one, one-to-many (a sentence split in two) or many-to-one (two merged);
every unit belongs to at most one link. A is the text being explained (usually a copy),
B its reference (usually the original).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import chain
from math import fsum
from typing import NamedTuple

from reader.core.compare.sentences import StemmedUnits, Unit, stems, units

__all__ = ["MIN_SIMILARITY", "Alignment", "Link", "Unit", "align", "stems", "units"]
"""`Unit`, `units` and `stems` live in `sentences`; re-exported for callers that align."""

MIN_SIMILARITY = 0.5
"""Share of a unit's words (by weight) the other text must hold for the two to be linked."""
_TRIMMED_SIMILARITY = 0.35
"""A lower share, accepted when the other unit is itself mostly contained in this one (a copy
that trimmed clauses from the original's sentence)."""
_TRIMMED_CONTAINED = 0.75
_MIN_SHARED_WORDS = 4
"""Distinct shared stems below which a link is never made (unless verbatim)."""
_MIN_UNIT_WORDS = 5
"""A shorter sentence ('The money is there.') links only verbatim: its few words prove little."""
_MAX_POSTING = 64
"""Words found in more units of B than this do not vote for candidates (they still count
in the similarity): it bounds the work per unit whatever the texts' length."""
_VOTERS = 8
_CANDIDATES = 3


class Link(NamedTuple):
    """Units of A and units of B that carry the same content."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float
    """Share of the A units' words, weighted by rarity, that the B units contain (0–1)."""
    verbatim: bool
    """Same words in the same order (quotes, case and spacing aside)."""


class Alignment:
    """Which units of A match which units of B, and how closely (see the module docstring)."""

    def __init__(
        self,
        a_text: str,
        b_text: str,
        a_units: list[Unit],
        b_units: list[Unit],
        links: list[Link],
        a_similarity: list[float],
        shares: tuple[float, float],
    ) -> None:
        self.a_text = a_text
        self.b_text = b_text
        self.a_units = a_units
        self.b_units = b_units
        self.links = links
        self._a_similarity = a_similarity
        self._a_link: list[int | None] = [None] * len(a_units)
        self._b_link: list[int | None] = [None] * len(b_units)
        for index, link in enumerate(links):
            for i in link.a:
                self._a_link[i] = index
            for j in link.b:
                self._b_link[j] = index
        self.shared_a, self.shared_b = shares
        """Share of each text's words (by weight) that lie in linked units."""
        self._a_ends = [u.end for u in a_units]
        self._b_ends = [u.end for u in b_units]

    def a_units_overlapping(self, start: int, end: int) -> range:
        """Indices of A's units that share a character with [start, end) (binary search)."""
        return _overlapping(self.a_units, self._a_ends, start, end)

    def b_units_overlapping(self, start: int, end: int) -> range:
        return _overlapping(self.b_units, self._b_ends, start, end)

    def link_of_a(self, i: int) -> Link | None:
        index = self._a_link[i]
        return None if index is None else self.links[index]

    def link_of_b(self, j: int) -> Link | None:
        index = self._b_link[j]
        return None if index is None else self.links[index]

    def similarity_of_a(self, i: int) -> float:
        """How much of A's unit i the matching B units hold (0 when it has no match)."""
        return self._a_similarity[i]

    def a_span(self, link: Link) -> tuple[int, int]:
        """[start, end) in A from the first to the last of the link's A units."""
        return _span(self.a_units, link.a)

    def b_span(self, link: Link) -> tuple[int, int]:
        return _span(self.b_units, link.b)

    def b_wording(self, link: Link) -> str:
        """The B units' own words, joined: what a reworded passage of A restates."""
        return " ".join(self.b_text[self.b_units[j].start : self.b_units[j].end] for j in link.b)


def _overlapping(found: Sequence[Unit], ends: list[int], start: int, end: int) -> range:
    first = bisect_right(ends, start)
    last = first
    while last < len(found) and found[last].start < end:
        last += 1
    return range(first, last)


def _span(found: Sequence[Unit], indices: tuple[int, ...]) -> tuple[int, int]:
    return min(found[i].start for i in indices), max(found[i].end for i in indices)


def align(
    a: str,
    b: str,
    *,
    min_similarity: float = MIN_SIMILARITY,
    a_lines: Mapping[int, tuple[int, list[str]]] | None = None,
    b_lines: Mapping[int, tuple[int, list[str]]] | None = None,
    a_spaced: str | None = None,
    b_spaced: str | None = None,
) -> Alignment:
    """Link the sentences of `a` to those of `b` that say the same (see the module docstring).

    `a_lines`, `b_lines`: the words of whole lines, already split; `a_spaced`, `b_spaced`:
    each text with its non-word characters blanked, already made (see `StemmedUnits`)."""
    side_a, side_b = StemmedUnits(a, a_lines, a_spaced), StemmedUnits(b, b_lines, b_spaced)
    weight = _weights(side_a.sets, side_b.sets)
    get = weight.__getitem__
    a_totals = [fsum(map(get, s)) for s in side_a.sets]
    b_totals = [fsum(map(get, s)) for s in side_b.sets]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for j, stem_set in enumerate(side_b.sets):
        for stem in stem_set:
            postings[stem].append(j)
    rare = {stem: len(found) for stem, found in postings.items() if len(found) <= _MAX_POSTING}
    exact: dict[str, int] = {}
    for j, key in enumerate(side_b.keys):
        exact.setdefault(key, j)
    scorer = _Scorer(side_b.sets, b_totals, postings, rare, weight, min_similarity)

    edges: list[tuple[int, tuple[int, ...], float, bool]] = []
    a_similarity = [0.0] * len(side_a.units)
    for i, stem_set in enumerate(side_a.sets):
        if not stem_set:
            continue
        same = exact.get(side_a.keys[i])
        if same is not None:
            edges.append((i, (same,), 1.0, True))
            a_similarity[i] = 1.0
            continue
        if len(stem_set) < _MIN_UNIT_WORDS:
            continue
        found = scorer.best(stem_set, a_totals[i])
        if found is not None:
            targets, similarity = found
            edges.append((i, targets, similarity, False))
            a_similarity[i] = similarity
    edges += _between_neighbours(edges, side_a, side_b, weight, a_totals, a_similarity)
    links = _components(edges, side_a.sets, side_b.sets, weight)
    linked_a = {i for link in links for i in link.a}
    linked_b = {j for link in links for j in link.b}
    shares = (_share(a_totals, linked_a), _share(b_totals, linked_b))
    return Alignment(a, b, side_a.units, side_b.units, links, a_similarity, shares)


def _weights(a_sets: list[frozenset[str]], b_sets: list[frozenset[str]]) -> dict[str, float]:
    """Inverse unit frequency over both texts: rare words weigh most."""
    counts = Counter(chain.from_iterable(chain(a_sets, b_sets)))
    n = len(a_sets) + len(b_sets) + 1
    return {stem: math.log(n / (df + 0.5)) + 0.05 for stem, df in counts.items()}


class _Scorer:
    """B's units as the candidates an A unit is scored against, with each unit's total weight
    kept so it is summed once, not once per candidate."""

    def __init__(
        self,
        b_sets: list[frozenset[str]],
        b_totals: list[float],
        postings: dict[str, list[int]],
        rare: dict[str, int],
        weight: dict[str, float],
        min_similarity: float,
    ) -> None:
        self.b_sets = b_sets
        self.b_totals = b_totals
        self.postings = postings
        self.rare = rare
        self.get = weight.__getitem__
        self.min_similarity = min_similarity

    def best(self, stem_set: frozenset[str], total: float) -> tuple[tuple[int, ...], float] | None:
        """The B unit (or unit and neighbour) that best holds this A unit, if good enough."""
        rare = self.rare
        # Rarest first, ties by the stem itself: set order follows the hash seed.
        voters = sorted(sorted(stem_set & rare.keys()), key=rare.__getitem__)[:_VOTERS]
        if not voters:
            return None
        votes = Counter(chain.from_iterable(map(self.postings.__getitem__, voters)))
        if len(votes) > _CANDIDATES:  # a C sort of a small dict beats most_common's heap
            candidates = sorted(votes, key=votes.__getitem__, reverse=True)[:_CANDIDATES]
        else:
            candidates = list(votes)
        best: tuple[tuple[int, ...], float] | None = None
        best_score = 0.0
        get, b_sets, b_totals = self.get, self.b_sets, self.b_totals
        n_b = len(b_sets)
        for j in candidates:
            b_set = b_sets[j]
            shared = stem_set & b_set
            if len(shared) < _MIN_SHARED_WORDS:
                continue
            overlap = fsum(map(get, shared))
            similarity = overlap / total
            targets: tuple[int, ...] = (j,)
            for k in (j - 1, j + 1):  # a sentence the other text split in two
                if 0 <= k < n_b:
                    in_k = stem_set & b_sets[k]
                    extra = in_k - b_set
                    if not extra:
                        continue
                    wider = (overlap + fsum(map(get, extra))) / total
                    if wider >= similarity + 0.15 and (
                        fsum(map(get, in_k)) >= MIN_SIMILARITY * b_totals[k]  # a piece of it
                    ):
                        similarity, targets = wider, tuple(sorted((j, k)))
            contained = overlap / (b_totals[j] or 1.0)
            good = similarity >= self.min_similarity or (
                similarity >= _TRIMMED_SIMILARITY and contained >= _TRIMMED_CONTAINED
            )
            if good and similarity > best_score:
                best, best_score = (targets, min(similarity, 1.0)), similarity
        return best


_NEIGHBOUR_SIMILARITY = 0.3
"""A heavily reworded sentence is still linked when its neighbours are linked to the B units
around the one it resembles: sequence vouches for it."""


def _between_neighbours(
    edges: list[tuple[int, tuple[int, ...], float, bool]],
    side_a: StemmedUnits,
    side_b: StemmedUnits,
    weight: dict[str, float],
    a_totals: list[float],
    a_similarity: list[float],
) -> list[tuple[int, tuple[int, ...], float, bool]]:
    """Links for unlinked A units from the B units next to their neighbours' matches."""
    target = {i: targets for i, targets, _, _ in edges}
    get = weight.__getitem__
    added: list[tuple[int, tuple[int, ...], float, bool]] = []
    for i, stem_set in enumerate(side_a.sets):
        if i in target or len(stem_set) < _MIN_UNIT_WORDS:
            continue
        near: set[int] = set()
        for k in (i - 1, i + 1):
            for j in target.get(k, ()):
                near.update((j - 1, j, j + 1))
        best: tuple[int, float] | None = None
        total = a_totals[i]
        for j in sorted(near):
            if 0 <= j < len(side_b.sets):
                shared = stem_set & side_b.sets[j]
                if len(shared) < _MIN_SHARED_WORDS:
                    continue
                similarity = fsum(map(get, shared)) / total
                if similarity >= _NEIGHBOUR_SIMILARITY and (best is None or similarity > best[1]):
                    best = (j, similarity)
        if best is not None:
            added.append((i, (best[0],), best[1], False))
            a_similarity[i] = best[1]
    return added


def _components(
    edges: list[tuple[int, tuple[int, ...], float, bool]],
    a_sets: list[frozenset[str]],
    b_sets: list[frozenset[str]],
    weight: dict[str, float],
) -> list[Link]:
    """Edges joined where they share a unit of B: merges and splits become one link.

    A neighbour taken in as the second half of a split sentence is let go when another
    unit of A matches it on its own: that unit, not a split, explains it.
    """
    sole = {targets[0] for _, targets, _, _ in edges if len(targets) == 1}
    edges = [
        (i, kept or targets, similarity, verbatim)
        for i, targets, similarity, verbatim in edges
        for kept in [tuple(j for j in targets if len(targets) == 1 or j not in sole)]
    ]
    by_b: dict[int, int] = {}
    parent = list(range(len(edges)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for index, (_, targets, _, _) in enumerate(edges):
        for j in targets:
            other = by_b.setdefault(j, index)
            if other != index:
                parent[root(index)] = root(other)
    groups: dict[int, list[int]] = {}
    for index in range(len(edges)):
        groups.setdefault(root(index), []).append(index)
    links = []
    get = weight.__getitem__
    for members in groups.values():
        a_ids = tuple(sorted({edges[m][0] for m in members}))
        b_ids = tuple(sorted({j for m in members for j in edges[m][1]}))
        if len(members) == 1:
            _, _, similarity, verbatim = edges[members[0]]
        else:
            a_words = frozenset().union(*(a_sets[i] for i in a_ids))
            b_words = frozenset().union(*(b_sets[j] for j in b_ids))
            total = fsum(map(get, a_words)) or 1.0
            similarity = min(1.0, fsum(map(get, a_words & b_words)) / total)
            verbatim = False
        links.append(Link(a_ids, b_ids, similarity, verbatim))
    links.sort(key=lambda link: link.a[0])
    return links


def _share(totals: list[float], linked: set[int]) -> float:
    """Share of a text's weight in linked units."""
    total = fsum(totals)
    if not total:
        return 0.0
    return fsum(totals[i] for i in linked) / total
