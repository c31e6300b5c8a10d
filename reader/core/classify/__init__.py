"""The classifier: which characters of an article are reporting, commentary or furniture.

No Qt. The CLI (`reader classify`), the library and the benchmarks all call `classify`.

The segment types load at once; the engine and the shingle index (a hundred compiled
patterns, ~60 ms) load on first use, so opening a document with a cached verdict does not
pay for them on the way to first paint.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reader.core.classify.segments import (
    Kind,
    Segment,
    commentary_share,
    segments_from_json,
    segments_to_json,
)

if TYPE_CHECKING:
    from reader.core.classify.engine import Analysis, Relation, analyse, classify
    from reader.core.classify.shingles import (
        Corpus,
        CorpusDoc,
        MemoryCorpus,
        StoreCorpus,
        index_document,
    )

_LAZY = {
    "classify": "reader.core.classify.engine",
    "analyse": "reader.core.classify.engine",
    "Analysis": "reader.core.classify.engine",
    "Relation": "reader.core.classify.engine",
    "Corpus": "reader.core.classify.shingles",
    "CorpusDoc": "reader.core.classify.shingles",
    "MemoryCorpus": "reader.core.classify.shingles",
    "StoreCorpus": "reader.core.classify.shingles",
    "index_document": "reader.core.classify.shingles",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Analysis",
    "Corpus",
    "CorpusDoc",
    "Kind",
    "MemoryCorpus",
    "Relation",
    "Segment",
    "StoreCorpus",
    "analyse",
    "classify",
    "commentary_share",
    "index_document",
    "segments_from_json",
    "segments_to_json",
]
