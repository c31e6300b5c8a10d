"""Anchoring a highlight to text that may change: W3C quote + position selectors.

The model is the one the Hypothesis client uses: a `TextQuoteSelector` (the exact passage
with ~32 characters of context either side) plus a `TextPositionSelector` (character
offsets). When the text changes, `anchor` tries, in order: the old position if the quote
is still there; the exact quote (best context wins); an approximate match with a bounded
number of errors, scored on quote, prefix, suffix and distance from the old position.

The fuzzy stage never scans the whole text with a quadratic algorithm: candidate windows
come from exact hits of short quote shingles and of the prefix/suffix, and only those
windows are searched with Myers' bit-parallel edit-distance algorithm.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32
SHINGLE = 8
MAX_SHINGLE_HITS = 64
"""A shingle found more often than this is not telling us where the quote is; skip it."""
MAX_CANDIDATES = 12
MAX_EXACT_HITS = 2000
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Selectors:
    quote: TextQuoteSelector
    position: TextPositionSelector | None = None


def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selectors:
    """The selectors for text[start:end], clamped to the text."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    quote = TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
    return Selectors(quote, TextPositionSelector(start, end))


def max_errors_for(exact: str) -> int:
    """Bound on edits for a fuzzy match: a quarter of the quote, at most 256."""
    return max(1, min(256, len(exact) // 4))


def anchor(text: str, selectors: Selectors) -> tuple[int, int] | None:
    """Where the selectors' passage is in `text` now, or None if it cannot be placed."""
    quote = selectors.quote
    exact = quote.exact
    if not exact:
        return None
    position = selectors.position
    if position is not None and text[position.start : position.end] == exact:
        return position.start, position.end
    hint = position.start if position is not None else None
    found = _exact(text, quote, hint)
    if found is not None:
        return found
    return _fuzzy(text, quote, hint)


# -- exact ---------------------------------------------------------------------------------


def _exact(text: str, quote: TextQuoteSelector, hint: int | None) -> tuple[int, int] | None:
    hits: list[int] = []
    at = text.find(quote.exact)
    while at >= 0 and len(hits) < MAX_EXACT_HITS:
        hits.append(at)
        at = text.find(quote.exact, at + 1)
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0], hits[0] + len(quote.exact)
    best = max(hits, key=lambda s: _score(text, quote, s, s + len(quote.exact), 0, hint))
    return best, best + len(quote.exact)


# -- scoring -------------------------------------------------------------------------------


def _score(
    text: str, quote: TextQuoteSelector, start: int, end: int, errors: int, hint: int | None
) -> float:
    """Hypothesis' weighting: quote matters most, then context, then closeness to the hint."""
    quote_score = 1.0 - errors / max(1, len(quote.exact))
    prefix_score = _context_score(quote.prefix, text[max(0, start - len(quote.prefix)) : start])
    suffix_score = _context_score(quote.suffix, text[end : end + len(quote.suffix)])
    position_score = 1.0
    if hint is not None:
        position_score = 1.0 - abs(start - hint) / max(1, len(text))
    total = (
        QUOTE_WEIGHT * quote_score
        + PREFIX_WEIGHT * prefix_score
        + SUFFIX_WEIGHT * suffix_score
        + POSITION_WEIGHT * position_score
    )
    return total / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)


def _context_score(expected: str, actual: str) -> float:
    if not expected:
        return 1.0
    return max(0.0, 1.0 - levenshtein(expected, actual) / len(expected))


def levenshtein(a: str, b: str) -> int:
    """Plain edit distance for short strings (context is at most ~32 characters)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# -- fuzzy ---------------------------------------------------------------------------------


def myers_scores(pattern: str, text: str, *, anchored: bool = False) -> list[int]:
    """Edit distance of `pattern` to the best substring of `text` ending at each index.

    With `anchored`, the substring must start at text[0] (the plain edit distance of
    pattern and text[:i + 1]). Myers (1999) / Hyyrö bit-vectors: O(len(text)) big-int ops.
    """
    m = len(pattern)
    if m == 0:
        return [0] * len(text)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    carry = 1 if anchored else 0
    scores: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def _candidates(text: str, quote: TextQuoteSelector, hint: int | None, slack: int) -> list[int]:
    """Likely start positions of the quote, from shingle and context hits, best first."""
    exact = quote.exact
    m = len(exact)
    votes: dict[int, int] = {}

    def vote(start: int, weight: int = 1) -> None:
        votes[start] = votes.get(start, 0) + weight

    size = min(SHINGLE, m)
    step = max(1, (m - size) // 16)
    for offset in range(0, m - size + 1, step):
        hits = _find_all(text, exact[offset : offset + size], MAX_SHINGLE_HITS + 1)
        if len(hits) <= MAX_SHINGLE_HITS:
            for hit in hits:
                vote(hit - offset)
    prefix = quote.prefix[-16:]
    if len(prefix) >= 4:
        hits = _find_all(text, prefix, MAX_SHINGLE_HITS + 1)
        if len(hits) <= MAX_SHINGLE_HITS:
            for hit in hits:
                vote(hit + len(prefix), 2)
    suffix = quote.suffix[:16]
    if len(suffix) >= 4:
        hits = _find_all(text, suffix, MAX_SHINGLE_HITS + 1)
        if len(hits) <= MAX_SHINGLE_HITS:
            for hit in hits:
                vote(hit - m, 2)
    if hint is not None:
        vote(min(max(0, hint), len(text)))
    # Merge starts that fall in the same window.
    clusters: list[tuple[int, int]] = []  # (votes, start)
    for start in sorted(votes):
        if clusters and start - clusters[-1][1] <= slack:
            count, first = clusters[-1]
            clusters[-1] = (count + votes[start], first)
        else:
            clusters.append((votes[start], start))
    clusters.sort(key=lambda c: -c[0])
    return [start for _count, start in clusters[:MAX_CANDIDATES]]


def _find_all(text: str, needle: str, limit: int) -> list[int]:
    hits: list[int] = []
    at = text.find(needle)
    while at >= 0 and len(hits) < limit:
        hits.append(at)
        at = text.find(needle, at + 1)
    return hits


def _fuzzy(text: str, quote: TextQuoteSelector, hint: int | None) -> tuple[int, int] | None:
    exact = quote.exact
    m = len(exact)
    k = max_errors_for(exact)
    best: tuple[float, int, int] | None = None
    for candidate in _candidates(text, quote, hint, slack=k + SHINGLE):
        lo = max(0, candidate - 2 * k - SHINGLE)
        hi = min(len(text), candidate + m + 2 * k + SHINGLE)
        window = text[lo:hi]
        scores = myers_scores(exact, window)
        if not scores:
            continue
        errors = min(scores)
        if errors > k:
            continue
        ends = [i for i, v in enumerate(scores) if v == errors and (i == 0 or scores[i - 1] != v)]
        for end_index in ends[:4]:  # the first end of each run of best scores
            end = lo + end_index + 1
            start = _match_start(text, exact, lo, end, errors)
            score = _score(text, quote, start, end, errors, hint)
            if best is None or score > best[0]:
                best = (score, start, end)
    if best is None:
        return None
    return best[1], best[2]


def _match_start(text: str, exact: str, lo: int, end: int, errors: int) -> int:
    """The start of the closest substring ending at `end` (anchored search, reversed)."""
    back = text[max(lo, end - len(exact) - errors) : end][::-1]
    scores = myers_scores(exact[::-1], back, anchored=True)
    best_length = len(back)
    best_value = None
    for index, value in enumerate(scores):
        # Prefer the length closest to the quote's among equally good ones.
        if (
            best_value is None
            or value < best_value
            or (value == best_value and abs(index + 1 - len(exact)) < abs(best_length - len(exact)))
        ):
            best_value, best_length = value, index + 1
    return end - best_length
