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
