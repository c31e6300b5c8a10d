"""The classifier: which characters of an article are reporting, commentary or furniture.

No Qt. The CLI (`reader classify`), the library and the benchmarks all call `classify`.
"""

from reader.core.classify.engine import classify
from reader.core.classify.segments import (
    Kind,
    Segment,
    commentary_share,
    segments_from_json,
    segments_to_json,
)
from reader.core.classify.shingles import (
    Corpus,
    CorpusDoc,
    MemoryCorpus,
    StoreCorpus,
    index_document,
)

__all__ = [
    "Corpus",
    "CorpusDoc",
    "Kind",
    "MemoryCorpus",
    "Segment",
    "StoreCorpus",
    "classify",
    "commentary_share",
    "index_document",
    "segments_from_json",
    "segments_to_json",
]
