"""Properties of `compare_texts` for any edit script applied to a text.

Every word the script deleted or replaced is reported (inside a word change or a left-out
passage), every word it inserted is reported (a word change or an added passage), and the
words a matched passage does not report as changed are the same on both sides.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.compare.ops import Comparison, compare_texts
from reader.core.compare.passages import Compared, normal_tokens

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["keep", "keep", "drop", "delete", "insert", "replace", "add"]),
        st.integers(0, 30),
    ),
    min_size=1,
    max_size=12,
)


def _apply(paragraphs: list[list[str]], script: list[tuple[str, int]]) -> tuple[
    list[list[str]], set[str], set[str]
]:
    """The edited paragraphs, the original words taken out, the new words put in."""
    out: list[list[str]] = []
    removed: set[str] = set()
    inserted: set[str] = set()
    fresh = iter(f"new{n}" for n in range(10_000))
    for n, words in enumerate(paragraphs):
        action, k = script[n % len(script)]
        words = list(words)
        where = k % len(words)
        if action == "drop":
            removed.update(words)
            continue
        if action == "delete":
            removed.add(words.pop(where))
        elif action == "insert":
            word = next(fresh)
            inserted.add(word)
            words.insert(where, word)
        elif action == "replace":
            removed.add(words[where])
            words[where] = next(fresh)
            inserted.add(words[where])
        elif action == "add":
            extra = [next(fresh) for _ in range(1 + k % 6)]
            inserted.update(extra)
            out.append(extra)
        if words:
            out.append(words)
        else:
            removed.update(words)
    return out, removed, inserted


def _reported(c: Comparison, side: str) -> set[str]:
    """The words of one side that the comparison reports as not shared."""
    text = c.a.text if side == "a" else c.b.text
    whole = "left-out" if side == "a" else "added"
    found: set[str] = set()
    for op in c.ops:
        if op.op == whole:
            start, end = (op.a_start, op.a_end) if side == "a" else (op.b_start, op.b_end)
            assert start is not None and end is not None
            found.update(normal_tokens(text[start:end]))
        for w in op.words:
            span = w.a if side == "a" else w.b
            if span:
                found.update(normal_tokens(text[span[0] : span[1]]))
    return found


def _differ_only_in_datelines(
    a: list[str], b: list[str], a_dateline: Counter[str], b_dateline: Counter[str]
) -> bool:
    """A dateline dropped, added or partly rewritten by the copy is a trivial difference, not a
    change: every word the two sides do not share is a word of a dateline."""
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal" and (Counter(a[i1:i2]) - a_dateline or Counter(b[j1:j2]) - b_dateline):
            return False
    return True


def _dateline_words(texts: Compared, indices: tuple[int, ...]) -> Counter[str]:
    found: Counter[str] = Counter()
    for i in indices:
        passage = texts.passages[i]
        found.update(passage.tokens[: texts.dateline_words(passage)])
    return found


def _unreported_equal(c: Comparison) -> None:
    """In every matched op, the words not reported as changed are the same on both sides."""
    for op in c.ops:
        if op.op not in ("same", "changed", "moved"):
            continue
        sides = []
        for side in ("a", "b"):
            text = c.a.text if side == "a" else c.b.text
            start, end = (op.a_start, op.a_end) if side == "a" else (op.b_start, op.b_end)
            assert start is not None and end is not None
            pieces, pos = [], start
            for w in op.words:
                span = w.a if side == "a" else w.b
                if span:
                    pieces.append(text[pos : span[0]])
                    pos = span[1]
            pieces.append(text[pos:end])
            sides.append(normal_tokens(" ".join(pieces)))
        # a dateline opening any of the op's passages (a split paragraph's second half too)
        a_dateline = _dateline_words(c.a, op.a_passages)
        b_dateline = _dateline_words(c.b, op.b_passages)
        assert _differ_only_in_datelines(sides[0], sides[1], a_dateline, b_dateline), op
        if op.op == "same":
            assert not op.words
            a_text = c.a.text[op.a_start : op.a_end]
            b_text = c.b.text[op.b_start : op.b_end]
            a_words, b_words = normal_tokens(a_text), normal_tokens(b_text)
            assert _differ_only_in_datelines(a_words, b_words, a_dateline, b_dateline), op


@settings(max_examples=80, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 25), min_size=1, max_size=10),
    script=EDITS,
)
def test_every_changed_and_left_out_word_is_reported(
    sizes: list[int], script: list[tuple[str, int]]
) -> None:
    counter = iter(range(100_000))
    paragraphs = [[f"w{next(counter)}" for _ in range(size)] for size in sizes]
    edited, removed, inserted = _apply(paragraphs, script)
    a = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
    b = "\n\n".join(" ".join(p) for p in edited) + "\n"
    c = compare_texts(a, b)
    assert removed <= _reported(c, "a")
    assert inserted <= _reported(c, "b")
    _unreported_equal(c)


_WORDS = st.sampled_from(
    ["the", "cat", "said", "NATO", "it’s", "it's", "Russia", "—", "“a”", "PARIS"]
)


@settings(max_examples=80, deadline=None)
@example(a=[["NATO", "the", "it’s"]], b=[["NATO", "PARIS", "—", "the", "it’s"]])
@example(  # a paragraph split in two whose second half opens with a dateline
    a=[["the", "cat", "it’s", "it’s"]],
    b=[["the", "cat", "PARIS", "it’s"], ["PARIS", "—", "it’s", "the", "cat"]],
)
@given(
    a=st.lists(st.lists(_WORDS, min_size=1, max_size=12), min_size=0, max_size=8),
    b=st.lists(st.lists(_WORDS, min_size=1, max_size=12), min_size=0, max_size=8),
)
def test_matched_passages_agree_and_every_passage_is_placed(
    a: list[list[str]], b: list[list[str]]
) -> None:
    a_text = "\n".join(" ".join(p) for p in a)
    b_text = "\n\n".join(" ".join(p) for p in b)
    c = compare_texts(a_text, b_text)
    _unreported_equal(c)
    placed_a = sorted(i for op in c.ops for i in op.a_passages)
    placed_b = sorted(j for op in c.ops for j in op.b_passages)
    assert placed_a == list(range(len(c.a.passages)))
    assert placed_b == list(range(len(c.b.passages)))
