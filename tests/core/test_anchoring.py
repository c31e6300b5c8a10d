from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.notes.anchoring import anchor, describe, levenshtein, myers_scores

TEXT = (
    "The minister said on Friday that the talks would continue. Critics said the talks "
    "were a sham. The minister said nothing more. Later the minister said the talks had "
    "collapsed after the envoy left the room without a statement."
)


def test_position_match_is_used_when_the_quote_is_still_there() -> None:
    start = TEXT.index("the talks would")
    sel = describe(TEXT, start, start + 15)
    assert sel.quote.exact == "the talks would"
    assert len(sel.quote.prefix) <= 32 and TEXT[:start].endswith(sel.quote.prefix)
    assert anchor(TEXT, sel) == (start, start + 15)


def test_exact_quote_found_after_text_inserted_before() -> None:
    start = TEXT.index("were a sham")
    sel = describe(TEXT, start, start + 11)
    changed = "BREAKING: an update. " + TEXT
    assert anchor(changed, sel) == (start + 21, start + 32)


def test_repeated_quote_is_disambiguated_by_context() -> None:
    start = TEXT.index("the minister said the talks had")
    sel = describe(TEXT, start, start + len("the minister said"))
    changed = "Intro. " + TEXT.replace("Critics said", "Critics, loudly, said")
    found = anchor(changed, sel)
    assert found is not None
    assert changed[found[0] :].startswith("the minister said the talks had")


def test_fuzzy_match_after_a_word_in_the_quote_is_edited() -> None:
    start = TEXT.index("the talks had collapsed after the envoy")
    end = start + len("the talks had collapsed after the envoy")
    sel = describe(TEXT, start, end)
    changed = "New first line.\n" + TEXT.replace("had collapsed", "have collapsed")
    found = anchor(changed, sel)
    assert found is not None
    assert changed[found[0] : found[1]] == "the talks have collapsed after the envoy"


def test_deleted_passage_cannot_be_placed() -> None:
    start = TEXT.index("Critics said")
    sel = describe(TEXT, start, start + len("Critics said the talks were a sham."))
    changed = TEXT.replace("Critics said the talks were a sham. ", "")
    assert anchor(changed, sel) is None


def test_fuzzy_search_stays_bounded_on_a_large_text() -> None:
    rng = random.Random(4)
    words = ["alpha", "beta", "gamma", "delta", "news", "report", "said", "talks"]
    big = " ".join(rng.choice(words) for _ in range(200_000))  # ~1.2 MB of repetitive text
    start = len(big) // 2
    sel = describe(big, start, start + 60)
    edited = big[: start + 20] + "XYZ" + big[start + 23 :]
    found = anchor("pad " + edited, sel)
    assert found is not None and abs(found[0] - (start + 4)) <= 3


@given(st.text(alphabet="ab c", max_size=12), st.text(alphabet="abc", max_size=14),
       st.booleans())
@settings(max_examples=300, deadline=None)
def test_myers_agrees_with_dynamic_programming(pattern: str, text: str, anchored: bool) -> None:
    if not pattern:
        return
    rows = [[0] * (len(text) + 1) for _ in range(len(pattern) + 1)]
    for i in range(len(pattern) + 1):
        rows[i][0] = i
    for j in range(len(text) + 1):
        rows[0][j] = j if anchored else 0
    for i in range(1, len(pattern) + 1):
        for j in range(1, len(text) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1,
                             rows[i - 1][j - 1] + (pattern[i - 1] != text[j - 1]))
    assert myers_scores(pattern, text, anchored=anchored) == rows[-1][1:]


@given(st.text(min_size=1, max_size=200), st.data())
@settings(max_examples=80, deadline=None)
def test_describe_then_anchor_round_trips(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    found = anchor(text, describe(text, start, end))
    assert found is not None and text[found[0] : found[1]] == text[start:end]


def test_levenshtein() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3


@given(
    st.text(max_size=120),
    st.text(min_size=1, max_size=60),
    st.text(max_size=120),
    st.lists(st.tuples(st.booleans(), st.integers(0, 10_000), st.text(max_size=15)), max_size=6),
)
@settings(max_examples=150, deadline=None)
def test_a_note_re_anchors_after_any_edit_that_leaves_its_quote_intact(
    before: str, quote: str, after: str, edits: list[tuple[bool, int, str]]
) -> None:
    """Inserts and deletes anywhere outside the quoted passage never lose the note: the
    anchor lands on the same characters (an identical copy of the quote may win only if
    it is the same text)."""
    text = before + quote + after
    selectors = describe(text, len(before), len(before) + len(quote))
    head, tail = before, after
    for in_head, position, chunk in edits:
        part = head if in_head else tail
        cut = position % (len(part) + 1)
        if chunk:  # noqa: SIM108 - insert or delete, each with its comment
            part = part[:cut] + chunk + part[cut:]  # insert
        else:
            part = part[:cut] + part[cut + 1 :]  # delete one character
        head, tail = (part, tail) if in_head else (head, part)
    edited = head + quote + tail
    found = anchor(edited, selectors)
    assert found is not None
    assert edited[found[0] : found[1]] == quote
