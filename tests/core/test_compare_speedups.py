"""The comparison's fast paths give what the plain ones give, on any text.

Each fast path (words of a lowered line, stems from a text with non-word characters blanked,
changed wordings tested for markers together) rests on a property of Unicode or of the
vocabulary; these tests hold them to it, so a new vocabulary pattern or a character with odd
casing fails here rather than silently changing a comparison.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from reader.core.classify.markers import inline_markers, line_marker
from reader.core.classify.normalize import DATELINE
from reader.core.classify.units import split_lines
from reader.core.classify.vocabulary import vocabulary
from reader.core.compare.ops import compare_texts
from reader.core.compare.passages import RAW_TOKEN, normal_tokens, split_text
from reader.core.compare.relation import _PLAIN_WORDS, _Evidence
from reader.core.compare.sentences import (
    _ABBREVIATION,
    _SENTENCE_END,
    StemmedUnits,
    Unit,
    _add,
    stems,
    units,
)
from reader.core.compare.words import _equal_blocks

_RAW = re.compile(r"\w+(?:['’‘ʼ`´]\w+)*")


def _plain_normal_tokens(text: str) -> list[str]:
    """The straightforward definition: each word as written, apostrophes straight, lowered."""
    found = _RAW.findall(text)
    if not found:
        return []
    joined = "\x00".join(found)
    for mark in "’‘ʼ`´":
        joined = joined.replace(mark, "'")
    return joined.lower().split("\x00")


TRICKY = st.text(
    alphabet=st.sampled_from(
        list("aZé ÉİΣσςΟΔ’‘ʼ`´'.,—\n\t\u00a0ßẞǄǅﬁ1٣_ ") + ["ǈ", "I", "K", "Ω", "\u0307"]
    ),
    max_size=24,
)


@settings(max_examples=400, deadline=None)
@given(TRICKY)
@example("ΟΔΟΣ.Α ΟΔΟΣ")  # a final sigma lowered alone is ς, before ".Α" it is σ
@example("İstanbul’da")  # İ lowers to two characters
def test_normal_tokens_match_their_definition(text: str) -> None:
    assert normal_tokens(text) == _plain_normal_tokens(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(TRICKY, min_size=1, max_size=6))
def test_sentence_stems_match_stems_of_each_sentence(sentences: list[str]) -> None:
    text = ". ".join(s.strip() or "x" for s in sentences)
    side = StemmedUnits(text)
    assert side.sets == [frozenset(stems(text[u.start : u.end])) for u in units(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(TRICKY, min_size=1, max_size=6), st.sampled_from([". ", "\n", "\n\n", "! "]))
@example(["it’s a dog", "ΟΔΟΣ"], "\n")
def test_sentence_stems_from_split_lines_match_stems_of_each_sentence(
    pieces: list[str], joint: str
) -> None:
    """A sentence that is a whole line takes the words `split_text` found for the line."""
    text = joint.join(pieces)
    plain, shared = StemmedUnits(text), StemmedUnits(text, split_text(text).plain_lines())
    assert shared.units == plain.units
    assert shared.keys == plain.keys
    assert shared.sets == plain.sets


def test_sentence_stems_on_ascii_and_accented_text() -> None:
    for text in (
        "The minister told reporters: 'It's done.' Then — after a pause — she left.",
        "Le ministre a déclaré «c’est fait». Puis, après une pause, elle est partie.",
        "İstanbul’da toplantı yapıldı. Ölçüm sonuçları açıklandı.",
    ):
        side = StemmedUnits(text)
        assert side.sets == [frozenset(stems(text[u.start : u.end])) for u in side.units]


def _plain_units(text: str) -> list[Unit]:
    """`units` by its definition: every line scanned for sentence ends."""
    found: list[Unit] = []
    for paragraph, match in enumerate(re.finditer(r"[^\n]+", text)):
        line = match.group()
        if not line.strip():
            continue
        base, start = match.start(), 0
        for end_match in _SENTENCE_END.finditer(line):
            if _ABBREVIATION.search(line, max(0, end_match.start(1) - 8), end_match.start(1)):
                continue
            _add(found, text, base + start, base + end_match.start(1), paragraph)
            start = end_match.end(1)
        _add(found, text, base + start, base + len(line), paragraph)
    return found


SENTENCES = st.text(alphabet=st.sampled_from(list("aB .!?…\t\n'”(1Mr")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(SENTENCES)
@example("A. B")  # the shortest line a sentence ends inside
@example("x.\tY")
def test_units_match_their_definition(text: str) -> None:
    assert units(text) == _plain_units(text)


def _check_passages(text: str) -> None:
    """Each passage's words are `normal_tokens` of its line, and its word starts are where
    `RAW_TOKEN` finds the words (the blanked-text fast paths against their definitions)."""
    compared = split_text(text)
    lines = [line for line in split_lines(text) if normal_tokens(line.text)]
    assert [(p.start, p.end) for p in compared.passages] == [(ln.start, ln.end) for ln in lines]
    for passage, line in zip(compared.passages, lines, strict=True):
        assert passage.tokens == normal_tokens(line.text)
        spans = [m.span() for m in RAW_TOKEN.finditer(text, passage.start, passage.end)]
        starts, words = compared.word_starts(passage)
        assert [(s, s + len(w)) for s, w in zip(starts, words, strict=True)] == spans
        dateline = DATELINE.match(line.text)
        words_in_dateline = len(RAW_TOKEN.findall(line.text, 0, dateline.end())) if dateline else 0
        assert compared.dateline_words(passage) == words_in_dateline


@settings(max_examples=300, deadline=None)
@given(st.lists(TRICKY, min_size=1, max_size=6), st.booleans())
@example(["it’s a \u00a0dog's", "ΟΔΟΣ.Α"], False)
def test_passage_words_and_starts_match_their_definition(lines: list[str], ascii: bool) -> None:
    text = "\n".join(lines)
    if ascii:  # the translate-table path, with and without apostrophes in the text
        text = text.encode("ascii", "replace").decode()
    _check_passages(text)


def test_passage_words_and_starts_on_ascii_accented_and_turkish_text() -> None:
    for text in (
        "The minister told reporters.\n\n  It's done , she said -- twice.\tThen left.\n",
        "Le ministre a déclaré «c’est fait».\nPuis — après une pause — elle est partie.",
        "İstanbul’da toplantı yapıldı.\nÖlçüm sonuçları açıklandı.",
        "Plain words only\nand a second_line with 2 numbers 3,5",
        "BRUSSELS — NATO said so.\nJAMSA, Finland — It’s cold.\nSANTIAGO (Reuters) - Rain fell.",
    ):
        _check_passages(text)


def _phrases() -> list[str]:
    """Every marker word of every vocabulary table, bare (no colon, bracket or dash), alone
    and inside sentences shaped like the intro patterns."""
    words = vocabulary()
    found: set[str] = set()
    for pattern in (words.line_marker, words.inline_marker, words.signoff, words.emphasis):
        found.update(re.findall(r"[^\W\d_][\w' ]+", pattern.pattern))
    bare = {re.sub(r"[^\w\s'’]", " ", p).strip() for p in found}
    out = [p for p in bare if p]
    for name in ("Marie", "Anna", "Ana", "John"):
        out += [f"{name} here now", f"Ici {name} bonjour", f"Hier ist {name} heute"]
        out += [f"Aquí {name} hoy", f"Soy {name} hoy", f"Comment {name}", f"Ed {name}"]
    return out


def test_plain_wordings_carry_no_marker() -> None:
    """What lets `relation` skip the marker tests for an op whose changes are plain words."""
    phrases = _phrases()
    assert len(phrases) > 30
    for phrase in phrases:
        assert _PLAIN_WORDS.fullmatch(phrase)
        assert line_marker(phrase) is None, phrase
        assert not inline_markers(phrase), phrase


def test_marked_wordings_are_not_plain() -> None:
    for marked in ("Comment: not so", "[Ed.: sic]", "(Editor's note: no)", "It was so. — Ed."):
        assert not _PLAIN_WORDS.fullmatch(marked)
        assert line_marker(marked) or inline_markers(marked)


def _plain_markers(evidence: _Evidence) -> int:
    """`_Evidence.markers` as it was: every op's wordings cut out, tested when not plain."""
    found = sum(
        1
        for _, op in evidence.own
        for i in evidence._passages(op)
        if line_marker(evidence._body(i)) and evidence._reason(i) is None
    )
    text = evidence.texts.text
    for op in evidence.ops:
        spans = [w.a if evidence.side == "a" else w.b for w in op.words]
        bodies = [text[span[0] : span[1]] for span in spans if span]
        if not _PLAIN_WORDS.fullmatch("\n".join(bodies)):
            found += sum(bool(line_marker(b) or inline_markers(b)) for b in bodies)
    return found


_MARKED_WORDS = st.sampled_from(
    ["the", "minister", "said", "Comment:", "[Ed.:", "sic]", "(Editor's", "note:", "—", "Ed.",
     "so.", "it’s", "trams", "2029,", "UPDATE:", "\n"]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_MARKED_WORDS, min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 39), _MARKED_WORDS), max_size=8),
)
def test_marker_count_matches_its_definition(
    words: list[str], edits: list[tuple[int, str]]
) -> None:
    """The skip of an op whose changed stretch is letters, digits and spaces loses no marker."""
    copy = list(words)
    for where, word in edits:
        copy[where % len(copy)] = word
    c = compare_texts(" ".join(words), " ".join(copy))
    for side, texts in (("a", c.a), ("b", c.b)):
        evidence = _Evidence(texts, c.ops, side)
        assert evidence.markers == _plain_markers(evidence)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcdef"), max_size=40),
    st.lists(st.sampled_from("abcdef"), max_size=40),
)
def test_equal_blocks_are_the_opcodes_equal_rows(a: list[str], b: list[str]) -> None:
    """The word diff reads rapidfuzz's matching blocks: the runs its opcodes call equal."""
    rows = Indel.opcodes(a, b)
    equal = [(r.src_start, r.dest_start, r.src_end - r.src_start) for r in rows if r.tag == "equal"]
    assert _equal_blocks(a, b, 0, 0) == equal
