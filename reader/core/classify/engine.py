"""`classify`: label every non-whitespace character as reporting, commentary or furniture.

Evidence, strongest first, and the reason kept for each span:
1. furniture patterns and layout ("caption pattern: photo credit", "furniture: advertisement");
2. commentary markers and their continuations ("marker: Comment:", "continues the comment
   above"); where the comment ends is decided by layout and, when there is an original, by
   whether the next paragraph is in it;
3. provenance against an original found in the corpus ("in the original: <title>",
   "not in the original: <title>"), down to sentences when a paragraph is mixed;
4. otherwise reporting ("layout: no marker, reporting by default").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.core.classify.furniture import is_keyword_line
from reader.core.classify.markers import introduces_more, is_attributed_quote, looks_quoted
from reader.core.classify.normalize import TOKEN, normalized, phrase, tokenize
from reader.core.classify.provenance import (
    Profile,
    Reference,
    build_profile,
    combined_prefix,
    find_references,
)
from reader.core.classify.segments import Kind, Segment
from reader.core.classify.shingles import Corpus, CorpusDoc, K, sampled_hashes
from reader.core.classify.structure import Hint
from reader.core.classify.units import split_sentences

Label = tuple[Kind, str, str | None, str | None, int | None]
Piece = tuple[int, int, Label]
DEFAULT: Label = ("reporting", "layout: no marker, reporting by default", None, None, None)
CONTINUES: Label = ("commentary", "continues the comment above", None, None, None)
_IN_ORIGINAL = 0.5
_SENTENCE_IN_ORIGINAL = 0.4
_INTRODUCED_MAX_WORDS = 120
_RUN = 2 * K
"""Uncovered words in a row that mark an insertion rather than a republisher's small edit."""


def classify(
    text: str,
    corpus: Corpus | None = None,
    *,
    key: str | None = None,
    structure: Sequence[Hint] | None = None,
) -> list[Segment]:
    """Segments covering every non-whitespace character of `text`, in order, disjoint.

    `corpus` supplies related documents (an original of this copy, copies of this original);
    `key` is this document's own key in it, so it is not compared with itself; `structure`
    is a web page's per-paragraph evidence from its markup (see `classify.structure`).
    """
    profile = build_profile(text, structure)
    references: list[Reference] = []
    if corpus is not None and profile.tokens:
        references = find_references(profile, _related(corpus, profile, key))
    return _assemble(profile, _Decider(profile, references).pieces())


def _related(corpus: Corpus, profile: Profile, key: str | None) -> list[CorpusDoc]:
    by_sample: Callable[[set[int], str | None], list[CorpusDoc]] | None = getattr(
        corpus, "related_by_sample", None
    )
    if by_sample is not None:
        return by_sample(sampled_hashes(profile.ids), key)
    return corpus.related(profile.text, exclude_key=key)


class _Decider:
    """Walks the lines once, carrying whether a comment is open."""

    def __init__(self, profile: Profile, references: list[Reference]) -> None:
        self.profile = profile
        self.references = references
        self.prefix = combined_prefix(references, len(profile.tokens)) if references else None

    def pieces(self) -> list[list[Piece]]:
        profile = self.profile
        out: list[list[Piece]] = []
        in_comment = False
        for i, line in enumerate(profile.lines):
            size = len(line.text)
            reason = profile.furniture[i]
            if reason is not None:
                out.append([(0, size, ("furniture", reason, None, None, None))])
                in_comment = False
                continue
            marker = profile.markers[i]
            if marker is not None:
                out.append(
                    self._inline(
                        i, [(0, size, ("commentary", f"marker: {marker}", None, None, None))]
                    )
                )
                in_comment = True
                continue
            if in_comment:
                previous = profile.lines[i - 1].text
                adjacent = not line.blank_before and not profile.dense
                introduced = (
                    introduces_more(previous)
                    and (looks_quoted(line.text) or len(line.text.split()) <= _INTRODUCED_MAX_WORDS)
                ) or (
                    looks_quoted(previous)
                    and looks_quoted(line.text)
                    and not (line.blank_before and is_attributed_quote(line.text))
                )
                if (adjacent or introduced) and self._in_original(i) is not True:
                    out.append(self._inline(i, [(0, size, CONTINUES)]))
                    continue
                in_comment = False
            if self.prefix is None:
                out.append(self._inline(i, [(0, size, DEFAULT)]))
            else:
                out.append(self._inline(i, self._provenance(i)))
        return out

    def _inline(self, i: int, pieces: list[Piece]) -> list[Piece]:
        for start, end, kind, reason in self.profile.inline[i]:
            pieces = _paint(pieces, start, end, (kind, reason, None, None, None))  # type: ignore[arg-type]
        return pieces

    # -- provenance ---------------------------------------------------------------------

    def _covered(self, a: int, b: int) -> float:
        assert self.prefix is not None
        return (self.prefix[b] - self.prefix[a]) / (b - a) if b > a else 1.0

    def _phrase_found(self, text: str) -> bool:
        needle = phrase(text)
        return needle.strip() != "" and any(needle in ref.profile.phrase for ref in self.references)

    def _in_original(self, i: int) -> bool | None:
        """Is line i in the original? None when there is no original to ask."""
        if self.prefix is None:
            return None
        a, b = self.profile.line_tokens[i]
        if b - a == 0:
            return True
        if self._covered(a, b) >= _IN_ORIGINAL:
            return True
        return b - a < K and self._phrase_found(self.profile.match_texts[i])

    def _provenance(self, i: int) -> list[Piece]:
        profile = self.profile
        line = profile.lines[i]
        a, b = profile.line_tokens[i]
        n = b - a
        whole = (0, len(line.text))
        if n == 0:
            return [(*whole, DEFAULT)]
        if self._covered(a, b) == 1.0:
            return [(*whole, self._reporting(a, b))]
        sentences = split_sentences(line.text)
        if len(sentences) > 1 and n >= K:
            decided = self._sentences(i, sentences)
            if decided is not None:
                return decided
        if self._in_original(i):
            return self._carve(profile.match_texts[i], 0, len(line.text), a, b)
        if self._is_headline(i):
            return [(*whole, ("reporting", "layout: the headline", None, None, None))]
        if self._beside_caption(i):
            return [
                (
                    *whole,
                    (
                        "furniture",
                        "caption pattern: beside a photo credit, not in the original",
                        None,
                        None,
                        None,
                    ),
                )
            ]
        return [(*whole, self._unique(line.text))]

    def _is_headline(self, i: int) -> bool:
        """The copy's own first line, set like a headline: reporting even if the original's
        file starts with the body."""
        profile = self.profile
        first = next((j for j, r in enumerate(profile.furniture) if r is None), None)
        text = profile.lines[i].text
        words = len(text.split())
        return i == first and 3 <= words <= 25 and text[-1] not in '.!?:"”'

    def _beside_caption(self, i: int) -> bool:
        """A republisher's own caption: directly above or below its credit, in one block."""
        profile = self.profile
        lines = profile.lines
        if len(lines[i].text.split()) > 60:
            return False
        for j in (i - 1, i + 1):
            if (
                0 <= j < len(lines)
                and lines[j].block == lines[i].block
                and (profile.furniture[j] or "").startswith("caption pattern")
            ):
                return True
            if j == 0 and lines[0].block == lines[i].block and is_keyword_line(lines[0].text):
                return True  # keywords, then this caption, at the top of a copy
        return False

    def _sentences(self, i: int, sentences: list[tuple[int, int]]) -> list[Piece] | None:
        profile = self.profile
        a, b = profile.line_tokens[i]
        text = profile.match_texts[i]
        verdicts: list[bool | None] = []
        ranges = []
        cursor = a
        for s, e in sentences:
            count = len(tokenize(text[s:e]))
            ranges.append((cursor, cursor + count))
            if count == 0:
                verdicts.append(None)
            elif self._covered(cursor, cursor + count) >= _SENTENCE_IN_ORIGINAL:
                verdicts.append(True)
            elif count < K:
                # Too short for shingles: a substring test decides, but one or two words
                # ("Yes.", "No. 10") prove nothing and follow a neighbour instead.
                found = self._phrase_found(text[s:e])
                verdicts.append(True if found else (None if count <= 2 else False))
            else:
                verdicts.append(False)
            cursor += count
        if cursor != b:
            return None  # tokens did not add up (odd punctuation): decide the line as a whole
        for j, verdict in enumerate(verdicts):  # short, unmatched sentences follow a neighbour
            if verdict is None:
                before = next((v for v in reversed(verdicts[:j]) if v is not None), None)
                after = next((v for v in verdicts[j + 1 :] if v is not None), None)
                verdicts[j] = before if before is not None else after
        pieces: list[Piece] = []
        for (s, e), (x, y), verdict in zip(sentences, ranges, verdicts, strict=True):
            if verdict is False:
                pieces.append((s, e, self._unique(text[s:e])))
            else:
                pieces.extend(self._carve(text, s, e, x, y))
        return pieces

    def _carve(self, text: str, s: int, e: int, x: int, y: int) -> list[Piece]:
        """A passage found in the original, less any long run of words inserted into it
        ('Putin, a man who never keeps his word, wants …'): those runs are not in it."""
        assert self.prefix is not None
        prefix = self.prefix
        label = self._reporting(x, y)
        if y - x < _RUN or prefix[y] - prefix[x] > (y - x) - _RUN:
            return [(s, e, label)]
        piece = normalized(text[s:e])
        if len(piece) != e - s:
            return [(s, e, label)]
        spans = [m.span() for m in TOKEN.finditer(piece)]
        if len(spans) != y - x:
            return [(s, e, label)]
        out: list[Piece] = []
        cursor = s
        run_start: int | None = None
        for t in range(x, y + 1):
            uncovered = t < y and prefix[t + 1] == prefix[t]
            if uncovered and run_start is None:
                run_start = t
            elif not uncovered and run_start is not None:
                if t - run_start >= _RUN:
                    first, last = s + spans[run_start - x][0], s + spans[t - 1 - x][1]
                    if first > cursor:
                        out.append((cursor, first, label))
                    out.append((first, last, self._unique(text[first:last])))
                    cursor = last
                run_start = None
        if cursor < e:
            out.append((cursor, e, label))
        return out

    def _reporting(self, a: int, b: int) -> Label:
        hashes = self.profile.hashes
        for ref in self.references:
            if b > a and sum(ref.covered[a:b]) * 2 < (b - a):
                continue
            start = None
            for j in range(a, min(b, len(hashes))):
                if hashes[j] in ref.profile.hash_set:
                    start = ref.profile.offset_of_hash(hashes[j])
                    break
            title = ref.doc.title
            return ("reporting", f"in the original: {title}", ref.doc.key, title, start)
        ref = self.references[0]
        title = ref.doc.title
        return ("reporting", f"in the original: {title}", ref.doc.key, title, None)

    def _unique(self, text: str) -> Label:
        ref = self.references[0]
        words = text.split()
        if len(words) <= 6 and text.rstrip()[-1:] not in '.!?"”)':
            return ("furniture", "furniture: short label not in the original", None, None, None)
        title = ref.doc.title
        return ("commentary", f"not in the original: {title}", ref.doc.key, title, None)


def _paint(pieces: list[Piece], start: int, end: int, label: Label) -> list[Piece]:
    out: list[Piece] = []
    for s, e, old in pieces:
        if e <= start or s >= end:
            out.append((s, e, old))
            continue
        if s < start:
            out.append((s, start, old))
        out.append((max(s, start), min(e, end), label))
        if end < e:
            out.append((end, e, old))
    return out


def _assemble(profile: Profile, per_line: list[list[Piece]]) -> list[Segment]:
    text = profile.text
    segments: list[Segment] = []
    last: Label | None = None
    for line, pieces in zip(profile.lines, per_line, strict=True):
        for s, e, label in pieces:
            start, end = line.start + s, line.start + e
            piece = text[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            start += len(piece) - len(piece.lstrip())
            end = start + len(stripped)
            if last is not None and label[:3] == last[:3]:
                previous = segments[-1]
                segments[-1] = Segment(
                    previous.start,
                    end,
                    previous.kind,
                    previous.reason,
                    previous.source,
                    previous.source_title,
                    previous.source_start,
                )
                continue
            kind, reason, source, title, source_start = label
            segments.append(Segment(start, end, kind, reason, source, title, source_start))
            last = label
    return segments
