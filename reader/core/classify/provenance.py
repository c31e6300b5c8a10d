"""Provenance: align a document with related ones, decide which is the original, and say
which passages of a copy the original contains.

Per token of the copy, `covered` says whether some K-shingle containing it occurs anywhere in
the original's shingle set (computed over the original's whole token stream, so paragraphs
split or merged by the republisher still match). Units then take their coverage share.
Everything is linear in the lengths of the two texts: sets of ints, no pairwise diffing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import or_

from reader.core.classify.furniture import furniture_lines, inline_furniture
from reader.core.classify.markers import inline_markers, line_marker
from reader.core.classify.normalize import (
    TOKEN,
    has_curly_quotes,
    normalized,
    starts_with_dateline,
    tokenize,
)
from reader.core.classify.shingles import CorpusDoc, K, shingle_keys, token_ids
from reader.core.classify.structure import Hint, apply_structure
from reader.core.classify.units import Line, is_dense, split_lines


@dataclass
class Profile:
    """A text split into lines, with its layout evidence and its token stream."""

    text: str
    lines: list[Line]
    furniture: list[str | None]
    markers: list[str | None]
    inline: list[list[tuple[int, int, str, str]]]
    """Per line: (start, end, kind, reason) of inline remarks/links, offsets within the line."""
    match_texts: list[str]
    """Per line: its text with inline remarks blanked out, as matched against other texts."""
    line_tokens: list[tuple[int, int]]
    tokens: list[str]
    ids: list[int]
    """Stable per-token ids (for the sampled, stored hashes)."""
    dense: bool = False
    _hashes: list[int] | None = field(default=None, repr=False)
    _hash_set: set[int] | None = field(default=None, repr=False)
    _phrase: str | None = field(default=None, repr=False)
    _positions: dict[int, int] | None = field(default=None, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def hashes(self) -> list[int]:
        """Per-process shingle keys, one per token position; only made when aligning."""
        if self._hashes is None:
            self._hashes = shingle_keys(self.ids)
        return self._hashes

    @property
    def hash_set(self) -> set[int]:
        if self._hash_set is None:
            self._hash_set = set(self.hashes)
        return self._hash_set

    @property
    def phrase(self) -> str:
        if self._phrase is None:
            self._phrase = " " + " ".join(self.tokens) + " "
        return self._phrase

    def offset_of_hash(self, value: int) -> int | None:
        """Start offset of the line holding the first shingle with this key."""
        if self._positions is None:
            n = len(self.hashes)
            # Built back to front so the first occurrence wins; all in C.
            self._positions = dict(zip(reversed(self.hashes), range(n - 1, -1, -1), strict=True))
            self._line_starts = [a for a, _ in self.line_tokens]
        token = self._positions.get(value)
        if token is None:
            return None
        index = bisect_right(self._line_starts, token) - 1
        return self.lines[index].start if index >= 0 else None

    def marker_count(self) -> int:
        return sum(1 for m in self.markers if m) + sum(
            1 for spans in self.inline for span in spans if span[2] == "commentary"
        )

    def has_attribution(self) -> bool:
        return any(r == "furniture: republisher attribution" for r in self.furniture)

    def original_signs(self) -> int:
        """Curly quotes and a dateline are typical of an agency original, not of a paste."""
        first = next((line.text for line in self.lines if line.text and len(line.text) > 80), "")
        return int(has_curly_quotes(self.text)) + int(starts_with_dateline(first))


def build_profile(text: str, structure: Sequence[Hint] | None = None) -> Profile:
    lines = split_lines(text)
    furniture = furniture_lines(lines)
    if structure:
        apply_structure(lines, furniture, structure)
    markers: list[str | None] = []
    inline: list[list[tuple[int, int, str, str]]] = []
    match_texts: list[str] = []
    line_tokens: list[tuple[int, int]] = []
    tokens: list[str] = []
    whole = normalized(text)
    fast = len(whole) == len(text)
    for line, reason in zip(lines, furniture, strict=True):
        body = line.text
        markers.append(None if reason else line_marker(body))
        spans: list[tuple[int, int, str, str]] = []
        if "[" in body or "(" in body:
            spans += [
                (s, e, "commentary", f"marker: {label}") for s, e, label in inline_markers(body)
            ]
            spans += [(s, e, "furniture", r) for s, e, r in inline_furniture(body)]
        spans.sort()
        inline.append(spans)
        if spans:
            for s, e, _, _ in spans:
                body = body[:s] + " " * (e - s) + body[e:]
            found = tokenize(body)
        elif fast:
            found = TOKEN.findall(whole, line.start, line.end)
        else:
            found = tokenize(body)
        match_texts.append(body)
        line_tokens.append((len(tokens), len(tokens) + len(found)))
        tokens.extend(found)
    ids = token_ids(tokens)
    return Profile(
        text,
        lines,
        furniture,
        markers,
        inline,
        match_texts,
        line_tokens,
        tokens,
        ids,
        is_dense(lines),
    )


def coverage(profile: Profile, other: set[int]) -> list[bool]:
    """Per token of `profile`: does a shingle containing it occur in `other`?

    Token i is covered when a hit starts at any of i-K+1 … i: the OR of K shifted copies of
    the hit list, done with map() so no Python code runs per token.
    """
    n = len(profile.tokens)
    if not n:
        return []
    hits = list(map(other.__contains__, profile.hashes))
    padded = [False] * (K - 1) + hits + [False] * (K - 1)
    covered = padded[:n]
    for shift in range(1, K):
        covered = list(map(or_, covered, padded[shift : shift + n]))
    return covered


def unique_material(profile: Profile, covered: list[bool]) -> int:
    """Words outside furniture that the other text lacks, between passages both share.

    Only interior material counts: a republisher inserts remarks between the original's
    paragraphs, while a missing head or tail usually means the other text was trimmed.
    """
    rows = []
    for (a, b), reason in zip(profile.line_tokens, profile.furniture, strict=True):
        if reason is None and b > a:
            shared = sum(covered[a:b])
            rows.append((shared * 2 >= b - a, (b - a) - shared))
    shared_rows = [i for i, (is_shared, _) in enumerate(rows) if is_shared]
    if not shared_rows:
        return 0
    return sum(missing for _, missing in rows[shared_rows[0] : shared_rows[-1] + 1])


MIN_SHARED_TEXT = 0.3
"""Share of a copy's non-furniture words an original must hold to count as its original."""


@dataclass
class Reference:
    """A related document judged to be an original of the text being classified."""

    doc: CorpusDoc
    profile: Profile
    covered: list[bool]
    share: float


def is_copy_of(mine: Profile, mine_cov: list[bool], theirs: Profile) -> bool:
    """True when `mine` looks like a republished copy of `theirs` (so `theirs` is the original).

    Added remarks mark the copy: commentary markers, a republisher's attribution, more material
    of its own. Curly quotes and a dateline suggest the agency original. Two copies that both
    carry comments are each other's reference (siblings of an original not in the corpus).
    """
    my_markers, their_markers = mine.marker_count(), theirs.marker_count()
    if my_markers:
        return True  # a copy of theirs, or a sibling copy: either way theirs is a reference
    if their_markers:
        return False
    if mine.has_attribution() != theirs.has_attribution():
        return mine.has_attribution()
    mine_unique = unique_material(mine, mine_cov)
    their_unique = unique_material(theirs, coverage(theirs, mine.hash_set))
    if mine_unique > their_unique * 1.25 + 8:
        return True
    if their_unique > mine_unique * 1.25 + 8:
        return False
    return mine.original_signs() < theirs.original_signs()


def find_references(profile: Profile, related: list[CorpusDoc]) -> list[Reference]:
    """The related documents that are originals of this one, best (most of it) first."""
    references = []
    counted = (
        sum(
            b - a
            for (a, b), r in zip(profile.line_tokens, profile.furniture, strict=True)
            if r is None
        )
        or 1
    )
    for doc in related:
        if doc.text == profile.text:
            continue
        theirs = build_profile(doc.text)
        if not theirs.tokens:
            continue
        mine_cov = coverage(profile, theirs.hash_set)
        shared = sum(
            sum(mine_cov[a:b])
            for (a, b), r in zip(profile.line_tokens, profile.furniture, strict=True)
            if r is None
        )
        if shared / counted < MIN_SHARED_TEXT:
            continue  # only boilerplate or a quoted passage in common: not this story
        if not is_copy_of(profile, mine_cov, theirs):
            continue
        references.append(Reference(doc, theirs, mine_cov, shared / counted))
    references.sort(key=lambda ref: -ref.share)
    return references


def combined_prefix(references: list[Reference], n: int) -> list[int]:
    """Prefix sums of 'covered by any reference', for O(1) coverage of any token range."""
    if len(references) == 1:
        flags = references[0].covered
    else:
        flags = [any(values) for values in zip(*(r.covered for r in references), strict=True)]
    return [0, *accumulate(flags)] if n else [0]
