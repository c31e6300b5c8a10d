"""`classify`: label every non-whitespace character as reporting, commentary or furniture.

Evidence, strongest first, and the reason kept for each span:
1. furniture patterns and layout ("caption pattern: photo credit", "furniture: advertisement");
2. commentary markers and their continuations ("marker: Comment:", "continues the comment
   above"); where the comment ends is decided by layout and, when there is an original, by
   whether the next paragraph is in it;
3. provenance against an original found in the corpus ("in the original: <title>",
   "reworded from the original (72% of its words): “…”", "not in the original: <title>"),
   down to sentences when a paragraph is mixed; against a sibling (the other outlet's
   version of one wire story: "siblings: both versions of one wire story", "only in this
   version");
4. the text's own voice where nothing above decided: "opinion: addresses the reader, …";
5. otherwise reporting ("layout: no marker, reporting by default").

`analyse` also says what the text is to its relatives (`Relation`: original, copy, sibling or
alone) and gives each segment a confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.core.classify.furniture import is_keyword_line
from reader.core.classify.markers import introduces_more, is_attributed_quote, looks_quoted
from reader.core.classify.normalize import TOKEN, normalized, phrase, tokenize
from reader.core.classify.provenance import (
    Profile,
    Reference,
    Relations,
    Role,
    build_profile,
    combined_prefix,
    pair_up,
    relations_of,
)
from reader.core.classify.repeated import LineCounts, confirm_repeated, mark_repeated
from reader.core.classify.segments import Kind, Segment
from reader.core.classify.shingles import (
    NAME_CHARS,
    Corpus,
    CorpusDoc,
    K,
    names_and_figures,
    sampled_hashes,
)
from reader.core.classify.stance import fisk_lines, opinion_lines, opinion_reason
from reader.core.classify.structure import Hint
from reader.core.classify.units import split_sentences
from reader.core.compare.sentences import stems

Label = tuple[Kind, str, str | None, str | None, int | None, float]
"""kind, reason, source key, source title, offset in the source, confidence."""
Piece = tuple[int, int, Label]
DEFAULT: Label = ("reporting", "layout: no marker, reporting by default", None, None, None, 0.7)
CONTINUES: Label = ("commentary", "continues the comment above", None, None, None, 0.75)
_QUOTE_CHARS = 160
"""How much of the original's wording a reworded passage's reason quotes."""
_IN_ORIGINAL = 0.5
_SENTENCE_IN_ORIGINAL = 0.4
_INTRODUCED_MAX_WORDS = 120
_NAMED_WORDS = 8
_NAMED_MIN = 3
_NAMED_SHARE = 1.0
"""A sentence whose names and figures (at least _NAMED_MIN) one paragraph of the original
holds, this share of them: all (an aside that names most of a quote's people adds one)."""
_SPLIT_WORDS = 15
_SPLIT_CONTEXT = 600
"""Characters of the original read after the neighbour's source for a split sentence's words."""
_SPLIT_SHARED = 2
_STEM_LONG = 5
"""A stem this long comes from a word of five letters or more: no "with" or "that"."""
_RUN = 2 * K
"""Uncovered words in a row that mark an insertion rather than a republisher's small edit."""


class Relation(NamedTuple):
    """What a text is to its relatives in the corpus, and the main one."""

    role: Role
    other: str | None


class Analysis(NamedTuple):
    segments: list[Segment]
    relation: Relation


def classify(
    text: str,
    corpus: Corpus | None = None,
    *,
    key: str | None = None,
    structure: Sequence[Hint] | None = None,
    site: str = "",
    published: str = "",
) -> list[Segment]:
    """Segments covering every non-whitespace character of `text`, in order, disjoint.

    `corpus` supplies related documents (an original of this copy, copies of this original);
    `key` is this document's own key in it, so it is not compared with itself; `structure`
    is a web page's per-paragraph evidence from its markup (see `classify.structure`);
    `site` and `published` are what its page said about where and when it appeared.
    """
    return analyse(
        text, corpus, key=key, structure=structure, site=site, published=published
    ).segments


def analyse(
    text: str,
    corpus: Corpus | None = None,
    *,
    key: str | None = None,
    structure: Sequence[Hint] | None = None,
    site: str = "",
    published: str = "",
) -> Analysis:
    """`classify`'s segments, and the text's relation to its relatives."""
    profile = build_profile(text, structure)
    profile.site, profile.published = site, published
    relations = Relations([], "alone", None)
    if corpus is not None and profile.tokens:
        related = _related(corpus, profile, key)
        marked: dict[int, int] = {}
        if isinstance(corpus, LineCounts):
            # Chrome repeated on the site's other pages, kept out of the alignment so that
            # two pages of one template are not taken for versions of one story ...
            mine = [key] if key else []
            texts = [line.text for line in profile.lines]
            marked = mark_repeated(texts, profile.furniture, profile.markers, corpus, site, mine)
            profile.forget_chrome_free()
        pairs = pair_up(profile, related)
        if marked and pairs and isinstance(corpus, LineCounts):
            # ... but a line the relatives hold is the story's (its copies repeat it): those
            # are not counted.
            keys = [*([key] if key else []), *(pair.doc.key for pair in pairs)]
            confirm_repeated(marked, profile.furniture, corpus, site, keys)
        relations = relations_of(profile, pairs)
    decider = _Decider(profile, relations, web=bool(structure))
    segments = _assemble(profile, decider.pieces())
    return Analysis(segments, Relation(relations.role, relations.other))


def _related(corpus: Corpus, profile: Profile, key: str | None) -> list[CorpusDoc]:
    by_sample: Callable[[set[int], str | None], list[CorpusDoc]] | None = getattr(
        corpus, "related_by_sample", None
    )
    if by_sample is not None:
        found = by_sample(sampled_hashes(profile.ids), key)
    else:
        found = corpus.related(profile.chrome_free, exclude_key=key)
    by_words: Callable[[str, str | None], list[CorpusDoc]] | None = getattr(
        corpus, "related_by_words", None
    )
    if by_words is not None:
        known = {doc.key for doc in found}
        found += [doc for doc in by_words(profile.chrome_free, key) if doc.key not in known]
    return found


class _Decider:
    """Walks the lines once, carrying whether a comment is open."""

    def __init__(self, profile: Profile, relations: Relations, *, web: bool = False) -> None:
        self.profile = profile
        self.references: list[Reference] = relations.references
        self.siblings = bool(self.references) and all(r.sibling for r in self.references)
        references = self.references
        self.prefix = combined_prefix(references, len(profile.tokens)) if references else None
        self.opinion: list[str | None] = [None] * len(profile.lines)
        self._names: dict[str, list[set[str]]] = {}
        if relations.role in ("alone", "sibling"):
            # The text's own voice, where no original can say who wrote what. Never for an
            # original: its own words are reporting whatever their tone.
            candidates = [
                line.text if profile.furniture[i] is None and profile.markers[i] is None else None
                for i, line in enumerate(profile.lines)
            ]
            fisk = fisk_lines(candidates, profile.text) if relations.role == "alone" else None
            first = next((i for i, t in enumerate(candidates) if t is not None), None)
            if first is not None:
                candidates[first] = None  # the headline
            if not web:
                # A web page's markup says which paragraphs are the article (its headline and
                # standfirst hinted, its body with no hint) and which are not (hinted
                # furniture): a first-person paragraph there is the author's own voice, not
                # a republisher's aside.
                self.opinion = opinion_lines(candidates, profile.text)
            if fisk is not None:
                self.opinion = [f or o for f, o in zip(fisk, self.opinion, strict=True)]

    def pieces(self) -> list[list[Piece]]:
        profile = self.profile
        out: list[list[Piece]] = []
        in_comment = False
        for i, line in enumerate(profile.lines):
            size = len(line.text)
            reason = profile.furniture[i]
            if reason is not None:
                out.append([(0, size, ("furniture", reason, None, None, None, 0.9))])
                in_comment = False
                continue
            marker = profile.markers[i]
            if marker is not None:
                out.append(
                    self._inline(
                        i, [(0, size, ("commentary", f"marker: {marker}", None, None, None, 0.95))]
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
            opinion = self.opinion[i]
            if opinion is not None and (self.prefix is None or self._in_original(i) is not True):
                out.append(
                    self._inline(i, [(0, size, ("commentary", opinion, None, None, None, 0.7))])
                )
            elif self.prefix is None:
                out.append(self._inline(i, [(0, size, DEFAULT)]))
            else:
                out.append(self._inline(i, self._provenance(i)))
        return out

    def _inline(self, i: int, pieces: list[Piece]) -> list[Piece]:
        for start, end, kind, reason in self.profile.inline[i]:
            label = (kind, reason, None, None, None, 0.9)
            pieces = _paint(pieces, start, end, label)  # type: ignore[arg-type]
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
                return self._mend_splits(i, decided)
        if self._in_original(i):
            return self._carve(profile.match_texts[i], 0, len(line.text), a, b)
        if self._is_headline(i):
            return [(*whole, self._headline(i))]
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
                        0.8,
                    ),
                )
            ]
        return [(*whole, self._unique(i, 0, len(line.text)))]

    def _is_headline(self, i: int) -> bool:
        """The copy's own first line, set like a headline: reporting even if the original's
        file starts with the body."""
        profile = self.profile
        first = next((j for j, r in enumerate(profile.furniture) if r is None), None)
        text = profile.lines[i].text
        words = len(text.split())
        return i == first and 3 <= words <= 25 and text[-1] not in '.!?:"”'

    def _headline(self, i: int) -> Label:
        """A copy's headline is reporting when it reuses or rewords the original's; a blog
        post's own headline over excerpts of the article is the blogger's."""
        reworded = self._reworded(i, 0, len(self.profile.lines[i].text))
        if reworded is not None:
            return reworded
        ref = self.references[0]
        if ref.sibling or _shares_headline(self.profile.lines[i].text, ref.profile):
            return ("reporting", "layout: the headline", None, None, None, 0.7)
        title = ref.doc.title
        reason = f"not in the original: the copy's own headline ({title})"
        return ("commentary", reason, ref.doc.key, title, None, 0.7)

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
                pieces.append((s, e, self._unique(i, s, e)))
            else:
                pieces.extend(self._carve(text, s, e, x, y))
        return pieces

    def _mend_splits(self, i: int, pieces: list[Piece]) -> list[Piece]:
        """A short sentence between two of the original's, in a paragraph the copy rewrote,
        that repeats words of its neighbours' original wording: the tail of a sentence the
        copy split ('… beside sprayed fields. It also put colonies beside unsprayed
        fields.'), which the alignment linked to one half only. Reporting, not an aside."""
        text = self.profile.lines[i].text
        out = list(pieces)
        for k in range(1, len(out) - 1):
            s, e, label = out[k]
            before, after = out[k - 1][2], out[k + 1][2]
            if (
                label[0] != "commentary"
                or before[0] != "reporting"
                or after[0] != "reporting"
                or before[3] is None
                or len(text[s:e].split()) > _SPLIT_WORDS
                or self.opinion[i] is not None
                or opinion_reason(text[s:e]) is not None
            ):
                continue
            source = before[2]
            ref = next((r for r in self.references if r.doc.key == source), None)
            if ref is None or before[4] is None:
                continue
            original = ref.profile.text
            nearby = original[before[4] : before[4] + _SPLIT_CONTEXT]
            mine = {w for w in stems(text[s:e]) if len(w) >= _STEM_LONG}
            if len(mine & set(stems(nearby))) >= _SPLIT_SHARED:
                reason = f"reworded from the original: split from a sentence of {ref.doc.title}"
                out[k] = (s, e, ("reporting", reason, ref.doc.key, ref.doc.title, before[4], 0.6))
        return out

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
                    out.append((first, last, self._unique(None, first, last, text)))
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
            return self._shared_label(ref, start)
        return self._shared_label(self.references[0], None)

    def _shared_label(self, ref: Reference, start: int | None) -> Label:
        title = ref.doc.title
        if ref.sibling:
            what = ref.why if _shown(ref.why) else "both versions of one wire story"
            reason = f"siblings: {what} ({title})"
            return ("reporting", reason, ref.doc.key, title, start, 0.9)
        reason = f"in the original: {title}{_because(ref)}"
        return ("reporting", reason, ref.doc.key, title, start, 0.97)

    def _reworded(self, i: int, s: int, e: int) -> Label | None:
        """Reporting restated in other words: the aligned sentences of the original (or the
        sibling) that hold most of this piece, quoted in the reason."""
        line = self.profile.lines[i]
        start, end = line.start + s, line.start + e
        for ref in self.references:
            alignment = ref.aligned(self.profile)
            linked = 0
            best: tuple[int, int] | None = None
            for k in alignment.a_units_overlapping(start, end):
                unit = alignment.a_units[k]
                link = alignment.link_of_a(k)
                if link is None:
                    continue
                overlap = min(unit.end, end) - max(unit.start, start)
                linked += overlap
                if best is None or overlap > best[1]:
                    best = (k, overlap)
            if best is None or linked * 2 < end - start:
                continue
            link = alignment.link_of_a(best[0])
            assert link is not None
            share = round(100 * alignment.similarity_of_a(best[0]))
            wording = " ".join(alignment.b_wording(link).split())
            if len(wording) > _QUOTE_CHARS:
                wording = wording[: _QUOTE_CHARS - 1] + "…"
            title = ref.doc.title
            where = "the other version" if ref.sibling else "the original"
            reason = f"reworded from {where} ({share}% of its words): “{wording}”"
            confidence = round(0.5 + 0.45 * alignment.similarity_of_a(best[0]), 2)
            source_start = alignment.b_span(link)[0]
            return ("reporting", reason, ref.doc.key, title, source_start, confidence)
        return None

    def _same_names(self, piece: str) -> Label | None:
        """A sentence the alignment did not link but whose names and figures one paragraph
        of the original holds ('… Per Holmvik, who leads the Greens, warned that road
        repairs across Tessaly …' from the paragraph on the Greens and Holmvik): reporting
        restated beyond the alignment's reach (merged sentences, a heavy rewrite). An aside
        gathers names from all over the story, or adds its own."""
        if len(piece.split()) < _NAMED_WORDS:
            return None
        mine = names_and_figures(piece)
        if len(mine) < _NAMED_MIN:
            return None
        for ref in self.references:
            paragraphs = self._names.get(ref.doc.key)
            if paragraphs is None:
                paragraphs = self._names[ref.doc.key] = _paragraph_names(ref.profile)
            for names in paragraphs:
                held = mine & names
                if len(held) >= _NAMED_SHARE * len(mine):
                    where = "the other version" if ref.sibling else "the original"
                    shown = ", ".join(sorted(held)[:4])
                    reason = f"reworded from {where}: the names of one of its paragraphs ({shown})"
                    return ("reporting", reason, ref.doc.key, ref.doc.title, None, 0.55)
        return None

    def _unique(self, i: int | None, s: int, e: int, text: str | None = None) -> Label:
        """A piece of line i (offsets within the line) that no reference holds verbatim."""
        if i is not None:
            reworded = self._reworded(i, s, e)
            if reworded is not None:
                return reworded
            text = self.profile.lines[i].text
        assert text is not None
        piece = text[s:e]
        named = self._same_names(piece)
        if named is not None:
            return named
        ref = self.references[0]
        words = piece.split()
        if len(words) <= 6 and piece.rstrip()[-1:] not in '.!?"”)':
            return (
                "furniture",
                "furniture: short label not in the original",
                None,
                None,
                None,
                0.6,
            )
        title = ref.doc.title
        if self.siblings:
            opinion = self.opinion[i] if i is not None else None
            if opinion is not None:
                return ("commentary", opinion, None, None, None, 0.7)
            what = ref.why if _shown(ref.why) else "both versions of one wire story"
            reason = f"only in this version (siblings: {what}, {title})"
            return ("reporting", reason, None, None, None, 0.6)
        reason = f"not in the original: {title}{_because(ref)}"
        return ("commentary", reason, ref.doc.key, title, None, 0.8)


def _paragraph_names(profile: Profile) -> list[set[str]]:
    """The names and figures of each paragraph of a text, up to `NAME_CHARS` (bounded)."""
    found = []
    for line, reason in zip(profile.lines, profile.furniture, strict=True):
        if line.start > NAME_CHARS:
            break
        if reason is None:
            names = names_and_figures(line.text)
            if len(names) >= _NAMED_MIN:
                found.append(names)
    return found


def _shown(why: str) -> bool:
    """A deciding vote worth a reader's eye: dates, sites, a third text (not 'marker',
    whose own segment already says so)."""
    return why.startswith(("earlier:", "two versions", "third text:", "repost line names"))


def _because(ref: Reference) -> str:
    return f" ({ref.why})" if _shown(ref.why) else ""


_HEADLINE_SHARED = 0.4
_HEAD_SCAN = 12


def _shares_headline(text: str, original: Profile) -> bool:
    """Most of this headline's words are in the original's first lines (its headline and
    standfirst), or all its names are in the original's first paragraphs (a headline
    rewritten from the lede: 'Brennmoor trams will reach Oskarfeld hospital'): a reworded
    headline, not the blogger's own."""
    mine = set(stems(text))
    first = [j for j, r in enumerate(original.furniture[:_HEAD_SCAN]) if r is None]
    if not first or not mine:
        return True
    head = first[0]
    theirs = set(stems(" ".join(line.text for line in original.lines[head : head + 2])))
    if len(mine & theirs) >= _HEADLINE_SHARED * len(mine):
        return True
    names = names_and_figures(text)
    lede = names_and_figures(" ".join(original.lines[j].text for j in first[:3]))
    return len(names) >= 2 and names <= lede


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
                segments[-1] = previous._replace(
                    end=end, confidence=min(previous.confidence, label[5])
                )
                continue
            kind, reason, source, title, source_start, confidence = label
            segments.append(
                Segment(start, end, kind, reason, source, title, source_start, confidence)
            )
            last = label
    return segments
