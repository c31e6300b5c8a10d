"""The comparison of two texts as a list of operations, in reading order of both.

Each op is one of: `same` (matched passages, identical after normalisation), `changed`
(matched, with word-level differences), `added` (passages only in B), `left-out` (passages
of A that B omits) and `moved` (matched, but out of order). Runs of consecutive added or
left-out passages are one op, as a reader sees them ("left out: 2 paragraphs, 114 words").
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any, NamedTuple

from reader.core.collector import paused_collector
from reader.core.compare.matching import Link, align
from reader.core.compare.passages import Compared, split_text
from reader.core.compare.words import WordOp, word_ops

OPS = ("same", "changed", "added", "left-out", "moved")
RELATIONS = ("a-original", "b-original", "siblings", "unrelated")


class WordDiff(NamedTuple):
    """A word-level difference in code points; a side with nothing is None, and `a_at`/`b_at`
    say where in that text the difference sits (for markers)."""

    op: str  # "insert" | "delete" | "replace"
    a: tuple[int, int] | None
    b: tuple[int, int] | None
    a_at: int
    b_at: int


class Op(NamedTuple):
    op: str
    a_start: int | None
    a_end: int | None
    b_start: int | None
    b_end: int | None
    words: tuple[WordDiff, ...]
    a_passages: tuple[int, ...]
    b_passages: tuple[int, ...]
    a_at: int
    """Where in A this op sits (its start, or the gap's place for an added op)."""
    b_at: int
    """Where in B this op sits (its start, or the gap's place for a left-out op)."""


class Comparison(NamedTuple):
    a: Compared
    b: Compared
    relation: str
    ops: list[Op]

    def word_count(self, op: Op, side: str) -> int:
        """Words in the op's passages on one side ("a" or "b")."""
        texts = self.a if side == "a" else self.b
        indices = op.a_passages if side == "a" else op.b_passages
        return sum(len(texts.passages[i].tokens) for i in indices)

    def differences(self) -> list[Op]:
        """The ops a reader steps through: everything but `same`."""
        return [op for op in self.ops if op.op != "same"]


_NO_WORDS: frozenset[int] = frozenset()


def _starts(
    texts: Compared, indices: tuple[int, ...]
) -> tuple[list[int], list[str], AbstractSet[int]]:
    """Where the words of these passages start, the words as written (for their lengths),
    and the positions of dateline words."""
    if len(indices) == 1:  # most links join one passage: its lists as they are
        passage = texts.passages[indices[0]]
        starts, words = texts.word_starts(passage)
        skip = texts.dateline_words(passage)
        return starts, words, set(range(skip)) if skip else _NO_WORDS
    starts, words = [], []
    datelines: set[int] = set()
    for i in indices:
        passage = texts.passages[i]
        skip = texts.dateline_words(passage)
        datelines.update(range(len(starts), len(starts) + skip))
        more_starts, more_words = texts.word_starts(passage)
        starts += more_starts
        words += more_words
    return starts, words, datelines


def _tokens(texts: Compared, indices: tuple[int, ...]) -> list[str]:
    if len(indices) == 1:
        return texts.passages[indices[0]].tokens
    return [t for i in indices for t in texts.passages[i].tokens]


def _link_words(a: Compared, b: Compared, link: Link) -> tuple[WordDiff, ...]:
    a_tokens, b_tokens = _tokens(a, link.a), _tokens(b, link.b)
    found = word_ops(a_tokens, b_tokens)
    if not found:
        return ()
    a_starts, a_words, a_ignored = _starts(a, link.a)
    b_starts, b_words, b_ignored = _starts(b, link.b)
    if len(a_starts) != len(a_tokens) or len(b_starts) != len(b_tokens):
        raise AssertionError("word offsets and words disagree")  # RAW_TOKEN is used for both
    datelines = bool(a_ignored or b_ignored)  # most passages have none: no test per word
    a_size, b_size = len(a_starts), len(b_starts)
    a_last, b_last = a_starts[-1] + len(a_words[-1]), b_starts[-1] + len(b_words[-1])
    out: list[WordDiff] = []
    new = tuple.__new__  # what WordDiff._make calls, without a Python call per difference
    for w in found:
        if datelines and _trivial(w, a_ignored, b_ignored):
            continue
        op, a_start, a_end, b_start, b_end = w
        a_at = a_starts[a_start] if a_start < a_size else a_last
        b_at = b_starts[b_start] if b_start < b_size else b_last
        a_range = (a_at, a_starts[a_end - 1] + len(a_words[a_end - 1])) if a_end > a_start else None
        b_range = (b_at, b_starts[b_end - 1] + len(b_words[b_end - 1])) if b_end > b_start else None
        out.append(new(WordDiff, (op, a_range, b_range, a_at, b_at)))
    return tuple(out)


def _trivial(w: WordOp, a_dateline: AbstractSet[int], b_dateline: AbstractSet[int]) -> bool:
    """A dropped (or added) dateline is not a change."""
    if w.op == "delete":
        return all(i in a_dateline for i in range(w.a_start, w.a_end))
    if w.op == "insert":
        return all(j in b_dateline for j in range(w.b_start, w.b_end))
    return False


def _run_op(kind: str, texts: Compared, run: list[int], a_at: int, b_at: int) -> Op:
    start, end = texts.passages[run[0]].start, texts.passages[run[-1]].end
    if kind == "added":
        return Op(kind, None, None, start, end, (), (), tuple(run), a_at, start)
    return Op(kind, start, end, None, None, (), tuple(run), (), start, b_at)


def _gap_ops(kind: str, texts: Compared, indices: list[int], a_at: int, b_at: int) -> list[Op]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [_run_op(kind, texts, run, a_at, b_at) for run in runs]


def _link_op(a: Compared, b: Compared, link: Link) -> Op:
    words = _link_words(a, b, link)
    kind = "moved" if link.moved else ("changed" if words else "same")
    a_start, a_end = a.passages[link.a[0]].start, a.passages[link.a[-1]].end
    b_start, b_end = b.passages[link.b[0]].start, b.passages[link.b[-1]].end
    return Op(kind, a_start, a_end, b_start, b_end, words, link.a, link.b, a_start, b_start)


def build_ops(a: Compared, b: Compared, links: list[Link]) -> list[Op]:
    """Ops in reading order: for each in-order link, first what A has before it that B lacks
    (left out), then what B has before it (added or moved here), then the link itself."""
    in_order = sorted((link for link in links if not link.moved), key=lambda k: k.b[0])
    moved = {link.b[0]: link for link in links if link.moved}
    moved_a = {i for link in links if link.moved for i in link.a}
    moved_b = {j for link in links if link.moved for j in link.b}
    ops: list[Op] = []
    pa = pb = 0
    a_at = 0
    b_at = 0
    for link in [*in_order, None]:
        a_stop = link.a[0] if link else len(a.passages)
        b_stop = link.b[0] if link else len(b.passages)
        left = [i for i in range(pa, a_stop) if i not in moved_a]
        ops += _gap_ops("left-out", a, left, a_at, b_at)
        added: list[int] = []
        for j in range(pb, b_stop):
            if j in moved:
                ops += _gap_ops("added", b, added, a_at, b_at)
                added = []
                ops.append(_link_op(a, b, moved[j]))
            elif j not in moved_b:
                added.append(j)
        ops += _gap_ops("added", b, added, a_at, b_at)
        if link is None:
            break
        op = _link_op(a, b, link)
        ops.append(op)
        pa, pb = link.a[-1] + 1, link.b[-1] + 1
        a_at, b_at = a.passages[link.a[-1]].end, b.passages[link.b[-1]].end
    return ops


def compare_texts(a_text: str, b_text: str) -> Comparison:
    """Align two texts and say what B added, changed, moved and left out of A.

    Python's cycle collector is held off meanwhile: the words, stem sets, links and word
    differences of two 1 MB texts are ~100,000 containers, all acyclic, and it walked them
    some 150 times per comparison to free nothing. Measured on `benchmarks/bench_compare.py`'s
    pair, CPU, best / median of six each way: 311 / 341 -> 292 / 304 ms at 30% reworded,
    147 / 162 -> 125 / 136 ms at 0%."""
    from reader.core.compare.relation import decide_relation

    with paused_collector():
        a, b = split_text(a_text), split_text(b_text)
        links = align(a, b)
        ops = build_ops(a, b, links)
        return Comparison(a, b, decide_relation(a, b, ops), ops)


def comparison_json(comparison: Comparison, a_path: str, b_path: str) -> dict[str, Any]:
    """The `reader compare --json` contract."""
    return {
        "a": a_path,
        "b": b_path,
        "relation": comparison.relation,
        "ops": [
            {
                "op": op.op,
                "a_start": op.a_start,
                "a_end": op.a_end,
                "b_start": op.b_start,
                "b_end": op.b_end,
                "words": [
                    {
                        "op": w.op,
                        "a": list(w.a) if w.a else None,
                        "b": list(w.b) if w.b else None,
                    }
                    for w in op.words
                ],
            }
            for op in comparison.ops
        ],
    }
