"""Provenance: align a document with related ones, decide which is the original, and say
which passages of a copy the original contains.

Per token of the copy, `covered` says whether some K-shingle containing it occurs anywhere in
the original's shingle set (computed over the original's whole token stream, so paragraphs
split or merged by the republisher still match). Units then take their coverage share.
Everything is linear in the lengths of the two texts: sets of ints, no pairwise diffing.
"""

from __future__ import annotations

import re
import threading
import zlib
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Literal, NamedTuple

from reader.core.classify.dating import (
    Dating,
    date_vote,
    header_date,
    names_site,
    page_date,
)
from reader.core.classify.furniture import furniture_lines, inline_furniture
from reader.core.classify.markers import inline_markers, line_marker
from reader.core.classify.normalize import (
    TOKEN,
    ascii_spaced,
    has_curly_quotes,
    normalized,
    spaced_separators,
    split_words,
    starts_with_dateline,
    tokenize,
)
from reader.core.classify.repeated import is_repeated
from reader.core.classify.shingles import CorpusDoc, K, shingle_keys, token_ids
from reader.core.classify.stance import opinion_reason, own_voice, reads_as_reporting
from reader.core.classify.structure import Hint, apply_structure, is_chrome, without_chrome
from reader.core.classify.units import Line, is_dense, split_lines
from reader.core.classify.vocabulary import stance_for
from reader.core.compare.alignment import Alignment, align

_CREDIT_ONLY = re.compile(r"^[\W_]{0,3}(?:source|quelle|fuente|via|vía|h/t)\b", re.IGNORECASE)


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
    site: str = ""
    """The site the text was published on, when its page said (metadata)."""
    published: str = ""
    """Its publication date as stored ('YYYY-MM-DD…'), when its page said."""
    _hashes: list[int] | None = field(default=None, repr=False)
    _hash_set: set[int] | None = field(default=None, repr=False)
    _phrase: str | None = field(default=None, repr=False)
    _positions: dict[int, int] | None = field(default=None, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _chrome_free: str | None = field(default=None, repr=False)
    _origin: Profile | None = field(default=None, repr=False)
    """The cached profile this one is a copy of (`build_profile`): what both share (tokens,
    and the keys made of them) is made once for all its copies."""

    @property
    def hashes(self) -> list[int]:
        """Per-process shingle keys, one per token position; only made when aligning."""
        if self._hashes is None:
            self._hashes = shingle_keys(self.ids)
            if self._origin is not None:
                self._origin._hashes = self._hashes
        return self._hashes

    @property
    def hash_set(self) -> set[int]:
        if self._hash_set is None:
            self._hash_set = set(self.hashes)
            if self._origin is not None:
                self._origin._hash_set = self._hash_set
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

    @property
    def chrome_free(self) -> str:
        """The text with a web page's structural chrome blanked (offsets hold): what is
        aligned with other texts, so pages of one site's template are not taken for copies."""
        if self._chrome_free is None:
            spans = [
                (line.start, line.end, "furniture", reason or "")
                for line, reason in zip(self.lines, self.furniture, strict=True)
                if is_chrome(reason) or is_repeated(reason)
            ]
            self._chrome_free = without_chrome(self.text, spans)
        return self._chrome_free

    def forget_chrome_free(self) -> None:
        """More lines became chrome (`repeated`): make `chrome_free` again when asked."""
        self._chrome_free = None

    def marker_count(self) -> int:
        return sum(1 for m in self.markers if m) + sum(
            1 for spans in self.inline for span in spans if span[2] == "commentary"
        )

    def has_attribution(self) -> bool:
        return any(r == "furniture: republisher attribution" for r in self.furniture)

    def has_repost_line(self) -> bool:
        """'Originally published at …', 'Reposted from …', 'Dieser Artikel erschien zuerst …':
        a republisher's line. A bare 'Source: dpa' credits a wire and may open either version."""
        return any(
            r == "furniture: republisher attribution" and not _CREDIT_ONLY.match(line.text)
            for line, r in zip(self.lines, self.furniture, strict=True)
        )

    def dating(self) -> Dating:
        """Where and when this text appeared: the page's metadata, else its header's date."""
        day = page_date(self.published) or header_date(self.lines, self.furniture)
        return Dating(self.site, day)

    def repost_lines(self) -> list[str]:
        return [
            line.text
            for line, r in zip(self.lines, self.furniture, strict=True)
            if r == "furniture: republisher attribution" and not _CREDIT_ONLY.match(line.text)
        ]

    def original_signs(self) -> int:
        """Curly quotes and a dateline are typical of an agency original, not of a paste."""
        first = next((line.text for line in self.lines if line.text and len(line.text) > 80), "")
        return int(has_curly_quotes(self.text)) + int(starts_with_dateline(first))


PROFILE_CACHE = 32
"""Profiles of plain texts kept per process (an import's workers keep more: see
`keep_profiles`). A library document is profiled as itself and again as a relative of every
text it is compared with (an original beside each of its copies, both sides of a wire
story); those are classified close together, so repeats are found here instead of built
again. A profile is about 30 times its text, so the cache is bounded in entries and size."""
PROFILE_CACHE_CHARS = 64_000
"""Longer texts are profiled afresh each time."""
_profiles: OrderedDict[str, Profile] = OrderedDict()
_profiles_lock = threading.Lock()
_profiles_kept = PROFILE_CACHE



def text_crc(text: str) -> int:
    """A checksum that is the same in every process (`hash` of a str is not): the read
    stage's furniture verdicts are matched to the classifier's text by it."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))

def keep_profiles(count: int) -> None:
    """Keep up to `count` recent profiles in this process (an import worker keeps hundreds:
    an original and its copies arrive within a few hundred documents of each other)."""
    global _profiles_kept
    with _profiles_lock:
        _profiles_kept = count
        while len(_profiles) > count:
            _profiles.popitem(last=False)


def build_profile(text: str, structure: Sequence[Hint] | None = None) -> Profile:
    """The text's lines, layout evidence and tokens: a profile of its own, which the caller
    may change (the classifier marks repeated lines as furniture and sets the site). A
    plain text's is copied from a small cache (`PROFILE_CACHE`) of pristine profiles."""
    if structure or len(text) > PROFILE_CACHE_CHARS:
        return _build_profile(text, structure)
    with _profiles_lock:
        found = _profiles.get(text)
        if found is not None:
            _profiles.move_to_end(text)
    if found is None:
        found = _build_profile(text, None)
        with _profiles_lock:
            _profiles[text] = found
            while len(_profiles) > _profiles_kept:
                _profiles.popitem(last=False)
    return _own_copy(found)


def _own_copy(profile: Profile) -> Profile:
    """A profile that shares the cached one's (never changed) lines and tokens, with lists
    and fields of its own for what its user may change."""
    return replace(
        profile, furniture=list(profile.furniture), markers=list(profile.markers),
        inline=[list(spans) for spans in profile.inline],
        match_texts=list(profile.match_texts), _origin=profile,
    )


_offered = threading.local()


@contextmanager
def offer_furniture(
    known: tuple[int, int, tuple[str | None, ...]] | None,
) -> Iterator[None]:
    """Within this block, a profile built for the text described by `known` (its length,
    CRC-32 and each line's `furniture_lines` reason, computed by the import's read stage
    from the same text) takes those reasons instead of running the layout rules again."""
    _offered.known = known
    try:
        yield
    finally:
        _offered.known = None


FURNITURE_KEPT = 1_000_000
"""Lines whose layout verdict a process remembers, by text (about 20 MB with the texts'
keys), apart from the profiles: an import's worker profiles a relative of the document it
classifies (an original, a sibling) that it has most often seen already, read it or
profiled it, and the layout rules were a tenth of the classifying CPU. Bounded in lines, not
texts, so a few huge texts cannot hold much."""
_furniture: OrderedDict[tuple[int, int], tuple[str | None, ...]] = OrderedDict()
_furniture_lines = 0


def _remember_furniture(text: str, reasons: tuple[str | None, ...]) -> None:
    global _furniture_lines  # one count for the process, changed under the lock
    if len(reasons) > FURNITURE_KEPT // 100:
        return  # a huge text: the layout rules run for it again if ever asked
    with _profiles_lock:
        _furniture_lines += len(reasons) - len(
            _furniture.pop((hash(text), len(text)), ())
        )
        _furniture[(hash(text), len(text))] = reasons
        while _furniture_lines > FURNITURE_KEPT:
            _furniture_lines -= len(_furniture.popitem(last=False)[1])


def read_furniture(
    text: str, reasons: tuple[str | None, ...]
) -> tuple[int, int, tuple[str | None, ...]]:
    """The read stage's layout verdict on every line of `text`, as `offer_furniture` takes it
    in another process (length, CRC-32, reasons); remembered in this one too, where the text
    may be profiled as another document's relative."""
    _remember_furniture(text, reasons)
    return (len(text), text_crc(text), reasons)


def _line_furniture(text: str, lines: list[Line]) -> list[str | None]:
    known = getattr(_offered, "known", None)
    if (
        known is not None
        and known[0] == len(text)
        and len(known[2]) == len(lines)
        and known[1] == text_crc(text)
    ):
        return list(known[2])
    seen = _furniture.get((hash(text), len(text)))  # the same text: its lines' verdict
    if seen is not None and len(seen) == len(lines):
        return list(seen)
    found = furniture_lines(lines)
    _remember_furniture(text, tuple(found))
    return found


def _build_profile(text: str, structure: Sequence[Hint] | None) -> Profile:
    lines = split_lines(text)
    furniture = _line_furniture(text, lines)
    if structure:
        apply_structure(lines, furniture, structure)
    markers: list[str | None] = []
    inline: list[list[tuple[int, int, str, str]]] = []
    match_texts: list[str] = []
    line_tokens: list[tuple[int, int]] = []
    tokens: list[str] = []
    whole = normalized(text)
    fast = len(whole) == len(text)
    # Most texts are ASCII once quotes and dashes are spaces: their lines' words are then
    # split in C from one spaced copy (`normalize.split_words`), not matched line by line.
    plain = spaced_separators(whole) if fast else ""
    spaced = ascii_spaced(plain) if fast and plain.isascii() else None
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
        if is_chrome(reason):
            found = []  # a template's chrome, shared by every page of a site: not evidence
        elif spans:
            for s, e, _, _ in spans:
                body = body[:s] + " " * (e - s) + body[e:]
            found = tokenize(body)
        elif spaced is not None:
            found = split_words(spaced, line.start, line.end)
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

    Token i is covered when a hit starts at any of i-K+1 … i: the hits one byte each in a
    big integer, OR-ed with K-1 copies of it shifted a byte further each (no carries: bytes of
    0 and 1), so no Python code runs per token.
    """
    n = len(profile.tokens)
    if not n:
        return []
    hashes = profile.hashes
    hits = int.from_bytes(bytes(map(other.__contains__, hashes)), "little")
    spread = hits
    for shift in range(1, K):
        spread |= hits << (8 * shift)
    return list(map(bool, spread.to_bytes(len(hashes) + K, "little")[:n]))


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
MIN_ALIGNED_TEXT = 0.4
"""The same share when the words were found by sentence alignment (a reworded copy)."""
_SHARED_VOICE = 0.25
"""Share of shared paragraphs in the first or second person above which the voice is the
author's (a column's), not a republisher's; a news story has one at most (a quote that runs
on over paragraphs)."""
_SAMPLE_LINES = 300
"""Paragraphs read for voice on each side at most: direction needs evidence, not a census."""
_EXTRA_WORDS = 6
"""A paragraph the other text lacks counts as material of its own from this many words."""

Role = Literal["original", "copy", "sibling", "alone"]


@dataclass
class Reference:
    """A related document this text is explained against: its original, or a sibling (the
    other outlet's version of one wire story)."""

    doc: CorpusDoc
    profile: Profile
    covered: list[bool]
    share: float
    sibling: bool = False
    alignment: Alignment | None = None
    """Sentence alignment of this text (A) with the reference (B), once it was needed."""
    why: str = ""
    """The evidence that decided the direction (`Decision.why`), for the reasons shown."""

    def aligned(self, mine: Profile) -> Alignment:
        if self.alignment is None:
            self.alignment = align(mine.text, self.profile.text)
        return self.alignment


@dataclass
class Relations:
    """What the related documents are to this text."""

    references: list[Reference]
    role: Role
    other: str | None


def _shared_words(profile: Profile, covered: list[bool]) -> tuple[int, int]:
    counted = shared = 0
    for (a, b), r in zip(profile.line_tokens, profile.furniture, strict=True):
        if r is None:
            counted += b - a
            shared += sum(covered[a:b])
    return shared, counted or 1


def line_flags(
    profile: Profile, covered: list[bool], linked: Sequence[tuple[int, int]] = ()
) -> list[bool | None]:
    """Per line: in the other text (by shingles, or by an aligned sentence), not in it, or
    None for furniture and empty lines. `linked` are [start, end) spans of aligned units."""
    starts = [s for s, _ in linked]
    flags: list[bool | None] = []
    for line, (a, b), r in zip(profile.lines, profile.line_tokens, profile.furniture, strict=True):
        if r is not None or b == a:
            flags.append(None)
            continue
        if sum(covered[a:b]) * 2 >= b - a:
            flags.append(True)
            continue
        k = bisect_right(starts, line.end) - 1
        inside = 0
        while k >= 0 and linked[k][1] > line.start:
            s, e = linked[k]
            inside += max(0, min(e, line.end) - max(s, line.start))
            k -= 1
        flags.append(inside * 2 >= len(line.text))
    return flags


class _Extras(NamedTuple):
    """A text's own paragraphs, those the other text lacks."""

    any: bool
    interior: bool
    opinion: bool
    voice: bool
    reporting: bool
    shared_voice: bool
    """The paragraphs both texts share speak in the first or second person too: the voice is
    the author's own (a column), so it says nothing about who added what."""


def _extras(profile: Profile, flags: list[bool | None]) -> _Extras:
    stance = stance_for(profile.text)
    shared = [i for i, f in enumerate(flags) if f]
    first, last = (shared[0], shared[-1]) if shared else (-1, -1)
    headline = next((i for i, f in enumerate(flags) if f is not None), -1)
    found = interior = opinion = voice = reporting = False
    shared_lines = [i for i, flag in enumerate(flags) if flag]
    sample = shared_lines[:: max(1, len(shared_lines) // _SAMPLE_LINES)]
    voiced = sum(1 for i in sample if own_voice(profile.lines[i].text, stance))
    shared_voice = voiced > _SHARED_VOICE * len(sample)
    examined = 0
    for i, flag in enumerate(flags):
        if examined >= _SAMPLE_LINES or (opinion and voice and reporting):
            break  # enough evidence, in bounded time on a long text
        if flag is not False or profile.markers[i] is not None:
            continue
        text = profile.lines[i].text
        if len(text.split()) < _EXTRA_WORDS:
            continue
        found = True
        examined += 1
        interior = interior or first < i < last
        if i == headline:
            continue
        if opinion_reason(text, stance) is not None:
            opinion = True
        if own_voice(text, stance):
            voice = True
        elif reads_as_reporting(text, stance):
            reporting = True
    return _Extras(found, interior, opinion, voice, reporting, shared_voice)


class Decision(NamedTuple):
    """A text's role towards another, and the evidence that decided it."""

    role: Role
    why: str
    """The deciding vote, as a reader reads it ('earlier: published 2026-03-01 on …')."""
    settled: bool = True
    """False for 'sibling' by default (nothing decided): a third text may still tell."""


UNDECIDED = Decision("sibling", "", settled=False)


def direction(
    mine: Profile, my_flags: list[bool | None], theirs: Profile, their_flags: list[bool | None]
) -> Role:
    """`decide`'s role."""
    return decide(mine, my_flags, theirs, their_flags).role


def decide(
    mine: Profile, my_flags: list[bool | None], theirs: Profile, their_flags: list[bool | None]
) -> Decision:
    """Is `mine` a copy of `theirs`, its original, or its sibling? Evidence, strongest first:
    commentary markers; a repost line ('Originally published at …') that names the other's
    site, or that only one text carries (a bare 'Source: dpa' credit decides nothing: either
    outlet may carry it); the publication dates (`dating.date_vote`: the earlier is the
    original, unless both texts have reporting of their own, which makes them siblings);
    paragraphs of its own that argue (opinion); paragraphs of its own on both sides that
    report (two outlets' versions of a wire story: siblings); which text contains the other.
    Undecided is 'sibling': then nothing is commentary merely because the other lacks it."""
    if mine.marker_count():
        return Decision("copy", "marker")  # of theirs, or a sibling copy: theirs explains it
    if theirs.marker_count():
        return Decision("original", "marker")
    my_dating, their_dating = mine.dating(), theirs.dating()
    my_reposts, their_reposts = mine.repost_lines(), theirs.repost_lines()
    if their_dating.site and names_site(my_reposts, their_dating.site):
        return Decision("copy", f"repost line names {their_dating.site}")
    if my_dating.site and names_site(their_reposts, my_dating.site):
        return Decision("original", f"repost line names {my_dating.site}")
    dated = date_vote(my_dating, their_dating)
    if bool(my_reposts) != bool(their_reposts):
        role: Role = "copy" if my_reposts else "original"
        if dated is not None and dated[0] != role:
            return UNDECIDED  # the repost line and the dates disagree: claim nothing
        return Decision(role, "repost line" if dated is None else dated[1])
    my_own, their_own = _extras(mine, my_flags), _extras(theirs, their_flags)
    if dated is not None and not (my_own.reporting and their_own.reporting):
        role, why = dated
        later, earlier = (my_own, their_own) if role == "copy" else (their_own, my_own)
        # A later version whose own paragraphs report, over an earlier one that adds
        # nothing, may be the fuller story: its paragraphs must not become commentary.
        if role == "sibling" or not (later.reporting and not earlier.any):
            return Decision(role, why)
    my_opinion = my_own.opinion and not my_own.shared_voice
    their_opinion = their_own.opinion and not their_own.shared_voice
    if my_opinion != their_opinion:
        return Decision("copy" if my_opinion else "original", "opinion")
    my_voice = my_own.voice and not my_own.shared_voice
    their_voice = their_own.voice and not their_own.shared_voice
    if my_voice != their_voice:
        return Decision("copy" if my_voice else "original", "voice")
    if my_own.reporting and their_own.reporting:
        return Decision("sibling", "both report")
    if their_own.any != my_own.any:
        # One text holds all of the other and more: the other was cut from it (a trimmed
        # copy), or the larger one is a copy with additions. Paragraphs that report say cut;
        # otherwise the words each adds inside the passages both share decide.
        larger = their_own if their_own.any else my_own
        if larger.reporting:
            return Decision("copy" if their_own.any else "original", "containment")
        mine_added = unique_material(mine, coverage(mine, theirs.hash_set))
        theirs_added = unique_material(theirs, coverage(theirs, mine.hash_set))
        if mine_added > theirs_added * 1.25 + 8:
            return Decision("copy", "containment")
        if theirs_added > mine_added * 1.25 + 8:
            return Decision("original", "containment")
    return UNDECIDED


def is_copy_of(mine: Profile, mine_cov: list[bool], theirs: Profile) -> bool:
    """True when `mine` looks like a republished copy of `theirs` (so `theirs` is the original)."""
    their_cov = coverage(theirs, mine.hash_set)
    return direction(mine, line_flags(mine, mine_cov), theirs, line_flags(theirs, their_cov)) == (
        "copy"
    )


def _linked_spans(alignment: Alignment, side: str) -> list[tuple[int, int]]:
    found = alignment.a_units if side == "a" else alignment.b_units
    look = alignment.link_of_a if side == "a" else alignment.link_of_b
    return [(u.start, u.end) for k, u in enumerate(found) if look(k) is not None]


class _Pair(NamedTuple):
    """A related text that shares this story, with both sides' per-line flags."""

    doc: CorpusDoc
    profile: Profile
    mine_cov: list[bool]
    share: float
    alignment: Alignment | None
    their_flags: list[bool | None]


def find_references(profile: Profile, related: list[CorpusDoc]) -> Relations:
    """The related documents this text is explained against (its originals, best first, or
    its siblings), and its role among them."""
    return relations_of(profile, pair_up(profile, related))


def pair_up(profile: Profile, related: list[CorpusDoc]) -> list[_Pair]:
    """The related documents that share this text's story (the costly part: their profiles
    and, for reworded text, the sentence alignment)."""
    pairs: list[_Pair] = []
    for doc in related:
        if doc.text == profile.text:
            continue
        theirs = build_profile(doc.text)
        if not theirs.tokens:
            continue
        theirs.site, theirs.published = doc.site, doc.published
        mine_cov = coverage(profile, theirs.hash_set)
        shared, counted = _shared_words(profile, mine_cov)
        share = shared / counted
        their_cov = coverage(theirs, profile.hash_set)
        alignment: Alignment | None = None
        if share < MIN_SHARED_TEXT or _mostly_unshared(profile, mine_cov, theirs, their_cov):
            alignment = align(profile.chrome_free, theirs.text)
            share = max(share, alignment.shared_a)
            if share < MIN_ALIGNED_TEXT and _excerpts(profile, mine_cov) < _MIN_EXCERPTS:
                continue  # only boilerplate or a quoted passage in common: not this story
        their_flags = line_flags(
            theirs, their_cov, _linked_spans(alignment, "b") if alignment else ()
        )
        pairs.append(_Pair(doc, theirs, mine_cov, share, alignment, their_flags))
    return pairs


def relations_of(profile: Profile, pairs: list[_Pair]) -> Relations:
    """Decide the direction towards each paired document (after the caller may have marked
    more of this text's lines as furniture) and the text's role among them."""
    originals: list[Reference] = []
    siblings: list[Reference] = []
    copies: list[str] = []
    flags = {id(pair): _my_flags(profile, pair) for pair in pairs}
    for pair in pairs:
        my_flags = flags[id(pair)]
        decision = decide(profile, my_flags, pair.profile, pair.their_flags)
        if not decision.settled:
            decision = _third_text(profile, pair, my_flags, pairs) or decision
        role = decision.role
        reference = Reference(
            pair.doc, pair.profile, pair.mine_cov, pair.share, role == "sibling",
            pair.alignment, decision.why,
        )
        if role == "copy":
            originals.append(reference)
        elif role == "sibling":
            siblings.append(reference)
        else:
            copies.append(pair.doc.key)
    if originals:
        originals.sort(key=lambda ref: -ref.share)
        return Relations(originals, "copy", originals[0].doc.key)
    if siblings:
        siblings.sort(key=lambda ref: -ref.share)
        return Relations(siblings, "sibling", siblings[0].doc.key)
    if copies:
        return Relations([], "original", copies[0])
    return Relations([], "alone", None)


def _my_flags(profile: Profile, pair: _Pair) -> list[bool | None]:
    linked = _linked_spans(pair.alignment, "a") if pair.alignment else ()
    return line_flags(profile, pair.mine_cov, linked)


_HELD = 0.5
"""Share of a paragraph's words a third text must hold verbatim to hold that paragraph."""


def _held(profile: Profile, flags: list[bool | None], third: Profile, shared: bool) -> int:
    """How many paragraphs of `profile` that the other version has (`shared`) or lacks
    `third` holds verbatim."""
    lines = [
        i
        for i, flag in enumerate(flags)
        if flag is shared
        and profile.markers[i] is None
        and len(profile.lines[i].text.split()) >= _EXTRA_WORDS
    ][:_SAMPLE_LINES]
    if not lines:
        return 0
    covered = coverage(profile, third.hash_set)
    held = 0
    for i in lines:
        a, b = profile.line_tokens[i]
        if b > a and sum(covered[a:b]) >= _HELD * (b - a):
            held += 1
    return held


def _third_text(
    profile: Profile, pair: _Pair, my_flags: list[bool | None], pairs: list[_Pair]
) -> Decision | None:
    """Two versions the evidence leaves undecided, told apart by a third text of the same
    story: the side whose own paragraphs the third text also has kept the original's text,
    and the other side's own paragraphs are its additions. Never makes a side a copy when
    its own paragraphs read as reporting (they would become commentary)."""
    theirs = pair.profile
    my_own = _extras(profile, my_flags)
    their_own = _extras(theirs, pair.their_flags)
    for other in pairs:
        if other is pair or other.doc.text == theirs.text:
            continue
        third = other.profile
        if not _held(profile, my_flags, third, shared=True):
            continue  # not a version of the passages both share: no witness of this story
        mine_held = _held(profile, my_flags, third, shared=False)
        their_held = _held(theirs, pair.their_flags, third, shared=False)
        title = other.doc.title
        if mine_held and not their_held and not their_own.reporting:
            why = f"third text: {title} also has this version's own paragraphs"
            return Decision("original", why)
        if their_held and not mine_held and not my_own.reporting:
            why = f"third text: {title} also has the original's own paragraphs"
            return Decision("copy", why)
    return None


_UNSHARED_LINES = 0.2
_MIN_EXCERPTS = 2
_EXCERPT_WORDS = 12


def _excerpts(profile: Profile, covered: list[bool]) -> int:
    """Paragraphs of this text held whole by the other: a blog post that quotes an article
    in excerpts and argues between them shares little of its own text, but these."""
    count = 0
    for (a, b), r in zip(profile.line_tokens, profile.furniture, strict=True):
        if r is None and b - a >= _EXCERPT_WORDS and sum(covered[a:b]) >= 0.8 * (b - a):
            count += 1
    return count



def _mostly_unshared(
    mine: Profile, mine_cov: list[bool], theirs: Profile, their_cov: list[bool]
) -> bool:
    """Enough paragraphs without a verbatim match on either side that rewording may explain
    them: then the alignment is worth its cost."""
    for profile, covered in ((mine, mine_cov), (theirs, their_cov)):
        flags = [
            f
            for f, marker in zip(line_flags(profile, covered), profile.markers, strict=True)
            if f is not None and marker is None  # a marked comment is explained already
        ]
        if flags and flags.count(False) > _UNSHARED_LINES * len(flags):
            return True
    return False


def combined_prefix(references: list[Reference], n: int) -> list[int]:
    """Prefix sums of 'covered by any reference', for O(1) coverage of any token range."""
    if len(references) == 1:
        flags = references[0].covered
    else:
        flags = [any(values) for values in zip(*(r.covered for r in references), strict=True)]
    return [0, *accumulate(flags)] if n else [0]
