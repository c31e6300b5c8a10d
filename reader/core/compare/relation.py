"""Which of two related texts is the original, read off the comparison itself.

The classifier's evidence (`provenance.is_copy_of`), asked only of the passages one side has
and the other lacks, so it costs nothing on the text both share: commentary markers and a
republisher's attribution mark a copy; so does more material of its own between shared
passages (a missing head or tail is a trim, not an addition); curly quotes and a dateline mark
an agency original. When the evidence points both ways or nowhere, the two are siblings.
"""

from __future__ import annotations

import re
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING

from reader.core.classify.furniture import line_reason
from reader.core.classify.markers import inline_markers, line_marker
from reader.core.classify.normalize import has_curly_quotes, starts_with_dateline

if TYPE_CHECKING:
    from reader.core.compare.ops import Op
    from reader.core.compare.passages import Compared

MIN_SHARED = 0.2
"""Share of the shorter text's words that must be matched for the two to be related at all."""
_ATTRIBUTION = "furniture: republisher attribution"
_PLAIN_WORDS = re.compile(r"[\w\s'’]*")
"""Words and spaces only: no marker can match without a colon, bracket, dash or full stop
(every label, sign-off, emphasis note and intro pattern has one; a test holds the vocabulary
to it). A reworded copy's changes are mostly such words, so an op's changed wordings are
tested together and most ops skip the marker tests (they were the cost of a reworded copy)."""


def shared_share(a: Compared, b: Compared, ops: list[Op]) -> float:
    """Matched words over the shorter text's words (0 when either has none)."""
    a_total = sum(len(p.tokens) for p in a.passages)
    b_total = sum(len(p.tokens) for p in b.passages)
    if not a_total or not b_total:
        return 0.0
    matched = sum(
        len(a.passages[i].tokens)
        for op in ops
        if op.op in ("same", "changed", "moved")
        for i in op.a_passages
    )
    return min(1.0, matched / min(a_total, b_total))


class _Evidence:
    """What one side has that the other lacks, each kind found when first asked: the markers
    usually decide, and then no passage is tested for furniture."""

    def __init__(self, texts: Compared, ops: list[Op], side: str) -> None:
        self.texts = texts
        self.ops = ops
        self.side = side
        own = "added" if side == "b" else "left-out"
        self.own = [(n, op) for n, op in enumerate(ops) if op.op == own]
        self._reasons: dict[int, str | None] = {}

    def _passages(self, op: Op) -> tuple[int, ...]:
        return op.b_passages if self.side == "b" else op.a_passages

    def _body(self, i: int) -> str:
        passage = self.texts.passages[i]
        return self.texts.text[passage.start : passage.end]

    def _reason(self, i: int) -> str | None:
        if i not in self._reasons:
            self._reasons[i] = line_reason(self._body(i))
        return self._reasons[i]

    @cached_property
    def markers(self) -> int:
        """Own passages that open with a commentary label, and changed wordings that carry one."""
        found = sum(
            1
            for _, op in self.own
            for i in self._passages(op)
            if line_marker(self._body(i)) and self._reason(i) is None
        )
        pick, at = attrgetter(self.side), attrgetter(f"{self.side}_at")
        text = self.texts.text
        for op in self.ops:
            if not op.words:
                continue
            last = pick(op.words[-1])
            stretch = text[at(op.words[0]) : last[1] if last else at(op.words[-1])]
            if stretch.replace(" ", "").isalnum():  # letters and digits (all `\w`) and spaces
                continue  # from the first changed wording to the last: all of them plain
            bodies = [text[span[0] : span[1]] for span in map(pick, op.words) if span]
            if not _PLAIN_WORDS.fullmatch("\n".join(bodies)):  # test one wording at a time
                found += sum(bool(line_marker(b) or inline_markers(b)) for b in bodies)
        return found

    @cached_property
    def attribution(self) -> bool:
        """An own passage is a republisher's attribution line."""
        return any(
            self._reason(i) == _ATTRIBUTION for _, op in self.own for i in self._passages(op)
        )

    @cached_property
    def unique(self) -> int:
        """Words of this side's own between shared passages (not a trimmed head or tail), and
        words it inserted into matched passages."""
        matched = [n for n, op in enumerate(self.ops) if op.op in ("same", "changed", "moved")]
        first, last = (matched[0], matched[-1]) if matched else (0, -1)
        found = 0
        for n, op in self.own:
            if first < n < last:
                for i in self._passages(op):
                    if self._reason(i) is None and not line_marker(self._body(i)):
                        found += len(self.texts.passages[i].tokens)
        own_words = "insert" if self.side == "b" else "delete"
        pick = attrgetter(self.side)
        text = self.texts.text
        inserted = [
            text[span[0] : span[1]]
            for op in self.ops
            for w in op.words
            if w.op == own_words and (span := pick(w))
        ]
        return found + len(" ".join(inserted).split())


def _original_signs(texts: Compared) -> int:
    first = next((texts.text[p.start : p.end] for p in texts.passages if p.end - p.start > 80), "")
    return int(has_curly_quotes(texts.text)) + int(starts_with_dateline(first))


def decide_relation(a: Compared, b: Compared, ops: list[Op]) -> str:
    if shared_share(a, b, ops) < MIN_SHARED:
        return "unrelated"
    in_a, in_b = _Evidence(a, ops, "a"), _Evidence(b, ops, "b")
    if bool(in_a.markers) != bool(in_b.markers):
        return "a-original" if in_b.markers else "b-original"
    if in_a.markers:
        return "siblings"  # both add remarks: two copies of an original not here
    if in_a.attribution != in_b.attribution:
        return "a-original" if in_b.attribution else "b-original"
    if in_b.unique > in_a.unique * 1.25 + 8:
        return "a-original"
    if in_a.unique > in_b.unique * 1.25 + 8:
        return "b-original"
    a_signs, b_signs = _original_signs(a), _original_signs(b)
    if a_signs != b_signs:
        return "a-original" if a_signs > b_signs else "b-original"
    return "siblings"
