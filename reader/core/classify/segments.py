"""The classifier's output: labelled spans of a text, and their JSON form for the store/CLI."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple, get_args

Kind = Literal["reporting", "commentary", "furniture"]
KINDS: tuple[str, ...] = get_args(Kind)


class Segment(NamedTuple):
    """[start, end) of the text, its kind, and the evidence that decided it."""

    start: int
    end: int
    kind: Kind
    reason: str
    source: str | None = None
    """Path of the original document when provenance decided."""
    source_title: str | None = None
    source_start: int | None = None
    """Offset of the matching passage in the original."""
    confidence: float = 1.0
    """How sure the deciding evidence is, 0–1 (a marker 0.95, a reworded match by its
    similarity, an opinion-voiced paragraph 0.7)."""


def commentary_share(text: str, segments: Sequence[Segment]) -> float:
    """Share of the text's non-whitespace characters labelled commentary (`kind_shares`)."""
    from reader.core.classify.segment_index import kind_shares

    return kind_shares(text, segments).get("commentary", 0.0)


def segment_dict(segment: Segment) -> dict[str, Any]:
    return {
        "start": segment.start,
        "end": segment.end,
        "kind": segment.kind,
        "reason": segment.reason,
        "source": segment.source,
        "source_title": segment.source_title,
        "source_start": segment.source_start,
        "confidence": segment.confidence,
    }


def segments_to_json(segments: Iterable[Segment]) -> str:
    return json.dumps(
        [segment_dict(s) for s in segments], ensure_ascii=False, separators=(",", ":")
    )


def segments_from_json(data: str) -> list[Segment]:
    """Segments written by `segments_to_json`, or a verdict as the store keeps it (packed:
    `verdicts.pack_segments`), so every reader of `documents.segments` can use this one;
    raises ValueError on anything else."""
    if data.startswith('["v3"'):
        from reader.core.classify.verdicts import unpack_segments

        return unpack_segments(data)
    try:
        raw = json.loads(data)
    except json.JSONDecodeError as error:
        raise ValueError(f"segments are not valid JSON: {error}") from None
    if not isinstance(raw, list):
        raise ValueError("segments JSON must be a list")
    found = []
    for item in raw:
        if not isinstance(item, dict) or item.get("kind") not in KINDS:
            raise ValueError(f"not a segment: {item!r}")
        found.append(
            Segment(
                int(item["start"]),
                int(item["end"]),
                item["kind"],
                str(item.get("reason", "")),
                item.get("source"),
                item.get("source_title"),
                item.get("source_start"),
                float(item.get("confidence", 1.0)),
            )
        )
    return found
