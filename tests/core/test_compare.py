"""`compare_texts`: the seed pair, a reworded copy, and the trivial differences ignored."""

from __future__ import annotations

from pathlib import Path

from reader.core.compare.ops import Comparison, Op, compare_texts
from reader.core.compare.words import word_ops
from reader.core.text.document import load_document
from tests.conftest import ORIGINAL, REPUBLISHED

REWORDED = Path(__file__).resolve().parent.parent / "data" / "compare" / "reworded_copy.txt"


def _text(c: Comparison, op: Op, side: str) -> str:
    if side == "a":
        assert op.a_start is not None and op.a_end is not None
        return c.a.text[op.a_start : op.a_end]
    assert op.b_start is not None and op.b_end is not None
    return c.b.text[op.b_start : op.b_end]


def _seed() -> Comparison:
    return compare_texts(load_document(ORIGINAL).text, load_document(REPUBLISHED).text)


def test_seed_pair_shows_the_four_comments_as_added() -> None:
    c = _seed()
    assert c.relation == "a-original"
    added = [_text(c, op, "b") for op in c.ops if op.op == "added"]
    comments = [t for t in added if t.startswith("Comment:")]
    assert len(comments) == 4
    assert "Dozens of documents analyzed" in comments[2]  # the quoted block stays with it


def test_seed_pair_credit_line_is_left_out() -> None:
    c = _seed()
    left = [_text(c, op, "a") for op in c.ops if op.op == "left-out"]
    assert any(t.startswith("AP writers Samuel Petrequin") for t in left)
    assert not any("Stoltenberg said a Russian military buildup" in t for t in left)


def test_seed_pair_split_paragraph_is_the_same_text() -> None:
    c = _seed()
    split = [op for op in c.ops if len(op.b_passages) == 2 and len(op.a_passages) == 1]
    assert len(split) == 1
    assert split[0].op == "same"
    assert _text(c, split[0], "a").startswith("NATO would have to agree")
    assert "\n\nIn exchange, Russia" in _text(c, split[0], "b")


def test_seed_pair_quotes_apostrophes_and_dateline_are_not_changes() -> None:
    c = _seed()
    # The one difference between matched passages is the photo caption, which the copy
    # rewrote and put above the first paragraph; every paragraph of the story is the same.
    (moved,) = [op for op in c.ops if op.op in ("changed", "moved")]
    assert moved.op == "moved" and _text(c, moved, "a").startswith("NATO Secretary General")
    assert "Associated Press/Olivier Matthys" in _text(c, moved, "a")
    first = next(op for op in c.ops if op.op == "same")
    assert _text(c, first, "a").startswith("BRUSSELS — NATO")


def test_reworded_copy_word_by_word() -> None:
    c = compare_texts(load_document(ORIGINAL).text, load_document(REWORDED).text)
    assert c.relation == "a-original"
    pairs = {
        (c.a.text[w.a[0] : w.a[1]] if w.a else None, c.b.text[w.b[0] : w.b[1]] if w.b else None)
        for op in c.ops
        for w in op.words
    }
    assert ("told reporters", "claimed") in pairs
    assert (None, "baseless") in pairs
    assert ("will give", "gives") in pairs
    left = [_text(c, op, "a") for op in c.ops if op.op == "left-out"]
    assert any(t.startswith("Russia annexed Ukraine’s Crimean") for t in left)
    moved = [op for op in c.ops if op.op == "moved"]
    assert len(moved) == 1 and _text(c, moved[0], "b").startswith("Friday’s meeting")
    added = [_text(c, op, "b") for op in c.ops if op.op == "added"]
    assert len(added) == 1 and added[0].startswith("Editor’s note:")


def test_unrelated_texts() -> None:
    c = compare_texts("The cat sat on the mat today.\n", "Markets rose sharply in Tokyo.\n")
    assert c.relation == "unrelated"
    assert [op.op for op in c.ops] == ["left-out", "added"]


def test_empty_texts() -> None:
    assert compare_texts("", "").ops == []
    c = compare_texts("", "Some words here.\n")
    assert [op.op for op in c.ops] == ["added"] and c.relation == "unrelated"


def test_long_runs_use_bounded_word_diff() -> None:
    a = [f"w{i}" for i in range(3000)]  # 3,000² words: past LCS_LIMIT, anchored first
    b = a[:1000] + ["new"] + a[1000:2000] + a[2001:]
    ops = word_ops(a, b)
    assert [(o.op, o.a_start, o.a_end, o.b_start, o.b_end) for o in ops] == [
        ("insert", 1000, 1000, 1000, 1001),
        ("delete", 2000, 2001, 2001, 2001),
    ]


def test_dropped_dateline_is_not_a_change_but_a_dropped_word_is() -> None:
    a = "PARIS — The minister said on Friday that talks would continue next week.\n"
    c = compare_texts(a, "The minister said on Friday that talks would continue next week.\n")
    assert [op.op for op in c.ops] == ["same"]
    c = compare_texts(a, "PARIS — The minister said on Friday that talks would go on next week.\n")
    assert [op.op for op in c.ops] == ["changed"]
    (w,) = c.ops[0].words
    assert w.op == "replace" and w.a and w.b
    assert (c.a.text[w.a[0] : w.a[1]], c.b.text[w.b[0] : w.b[1]]) == ("continue", "go on")
