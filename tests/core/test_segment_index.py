from __future__ import annotations

from dataclasses import dataclass

from reader.core.classify.segment_index import SegmentIndex


@dataclass
class S:
    start: int
    end: int
    kind: str


SEGMENTS = [S(0, 10, "reporting"), S(12, 20, "commentary"), S(21, 30, "commentary"),
            S(32, 40, "reporting"), S(42, 50, "commentary"), S(52, 60, "furniture")]


def test_at_and_overlapping() -> None:
    index = SegmentIndex(SEGMENTS)
    assert index.at(0) is SEGMENTS[0]
    assert index.at(11) is None  # whitespace between segments
    assert index.at(59) is SEGMENTS[5]
    assert index.at(60) is None
    assert index.overlapping(9, 13) == [SEGMENTS[0], SEGMENTS[1]]
    assert index.overlapping(10, 12) == []


def test_passages_merge_adjacent_segments_of_a_kind() -> None:
    index = SegmentIndex(SEGMENTS)
    assert index.passages("commentary") == [(12, 30), (42, 50)]
    assert index.next_passage(0, "commentary") == (12, 30)
    assert index.next_passage(12, "commentary") == (42, 50)
    assert index.next_passage(42, "commentary") is None
    assert index.next_passage(45, "commentary", forward=False) == (12, 30)
    assert index.next_passage(12, "commentary", forward=False) is None


def test_kind_shares_is_the_one_share_figure_over_every_unicode_space() -> None:
    """The legend, the library's commentary column and the stored verdict show one figure:
    each kind's share of the text's non-whitespace characters (str.isspace's definition)."""
    import random
    import sys

    from reader.core.classify.segment_index import kind_shares
    from reader.core.classify.segments import Segment, commentary_share

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    rng = random.Random(14)
    for _ in range(200):
        text = "".join(rng.choice(spaces + list("abcé字")) for _ in range(rng.randint(0, 60)))
        cuts = sorted({0, len(text), *(rng.randint(0, len(text)) for _ in range(3))})
        segments = [
            Segment(start, end, rng.choice(("reporting", "commentary", "furniture")), "")
            for start, end in zip(cuts, cuts[1:], strict=False)
        ]
        total = sum(map(len, text.split()))
        expected = {
            kind: sum(len(w) for s in segments if s.kind == kind
                      for w in text[s.start : s.end].split()) / total
            for kind in {s.kind for s in segments}
        } if total else {}
        shares = kind_shares(text, segments)
        assert shares.keys() == expected.keys()
        for kind, share in expected.items():
            assert abs(shares[kind] - share) < 1e-12
        assert commentary_share(text, segments) == shares.get("commentary", 0.0)
