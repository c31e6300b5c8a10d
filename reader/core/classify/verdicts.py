"""Classifying library documents against the rest of the library, with a cached verdict.

The verdict is stored with the document (`documents.segments`, `commentary_share`) and
dropped whenever the document's text changes or a related document arrives or leaves,
because provenance depends on which originals the library holds.

One path computes and caches every verdict, whoever asks: the GUI (`LibraryClassifier`,
through `reader.core.background.classify_document`), a document stored alone
(`library_indexing.index_and_classify`), a huge one in a child process
(`classify_in_child`) and the import's worker
processes (which compute with `compute_verdict` and hand the result to the one writer,
which caches it with `write_verdict`). `classify_and_cache` is the two together.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core import classify as engine  # its heavy parts load on first use
from reader.core.classify import Segment, segments_from_json
from reader.core.classify.segment_index import kind_shares
from reader.core.classify.segments import KINDS
from reader.core.classify.structure import hints_from_json
from reader.core.store.database import transaction
from reader.core.store.packed_text import pack, unpack

if TYPE_CHECKING:
    from reader.core.compare.relations import Measured

PACKED = "v3"
"""The first element of a packed verdict (see `pack_segments`)."""


def pack_segments(segments: list[Segment]) -> str:
    """The stored form of a verdict: each reason (and source) once, each segment a short
    array of numbers. A tenth of the size of `segments_to_json` (13 MB of verdicts for a
    10,000-document library became 1.5 MB), read back exactly by `unpack_segments`."""
    texts: dict[str, int] = {}

    def ref(value: str | None) -> int:
        return -1 if value is None else texts.setdefault(value, len(texts))

    rows: list[list[int]] = []
    for s in segments:
        row = [s.start, s.end, KINDS.index(s.kind), ref(s.reason)]
        sourced = s.source is not None or s.source_title is not None or s.source_start is not None
        if sourced or s.confidence < 1.0:
            row += [ref(s.source), ref(s.source_title),
                    -1 if s.source_start is None else s.source_start]
        if s.confidence < 1.0:
            row.append(round(100 * s.confidence))  # percent: an int, like the rest
        rows.append(row)
    return _PACKER.encode([PACKED, list(texts), rows])


_PACKER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""What `json.dumps` with these options makes for each call, made once."""


def unpack_segments(data: str | bytes) -> list[Segment]:
    """A stored verdict, packed or in the older `segments_to_json` form (stores written
    before migration 3 keep theirs until re-classified), deflated or not (`packed_text`:
    verdicts written before that stay as they were); raises ValueError on anything else.
    A row's eighth number is the segment's confidence in percent (1.0 when absent: verdicts
    packed before confidences were kept)."""
    if isinstance(data, bytes):
        try:
            data = str(unpack(data))
        except (zlib.error, UnicodeDecodeError) as error:
            raise ValueError(f"not a stored verdict: {error}") from None
    if not data.startswith(f'["{PACKED}"'):
        return segments_from_json(data)
    try:
        _, texts, rows = json.loads(data)
        found = []
        for row in rows:
            start, end, kind, reason = row[:4]
            source, title, source_start = row[4:7] if len(row) > 4 else (-1, -1, -1)
            found.append(Segment(
                int(start), int(end), KINDS[kind],
                texts[reason] if reason >= 0 else "",
                texts[source] if source >= 0 else None,
                texts[title] if title >= 0 else None,
                None if source_start < 0 else int(source_start),
                int(row[7]) / 100 if len(row) > 7 else 1.0,
            ))
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise ValueError(f"not a stored verdict: {error}") from None
    return found


class Verdict(NamedTuple):
    """One document's classification, ready to cache (picklable, for worker processes)."""

    doc_id: int
    content_hash: str
    """The text it was computed for: a verdict for a text changed meanwhile is never cached."""
    segments_json: str
    share: float
    related: tuple[str, ...]
    """Paths of the documents the classifier compared it with (its corpus neighbours)."""
    reporting: float | None = None
    furniture: float | None = None
    """The other two kinds' shares, for the library's share bars (None: not computed)."""
    sources: tuple[str, ...] = ()
    """Paths of the originals its passages were matched to, most passages first: the
    import stores what the document is to them (`relations.record`)."""
    relation: Measured | None = None
    """What it is to its first source, compared by the import's worker that classified it
    (None: not compared yet; `relations.record_sources` compares then)."""


class _Recording:
    """A corpus that remembers which documents it returned, so the caller learns the
    neighbours (and has their texts) without asking the store a second time."""

    def __init__(self, corpus: engine.StoreCorpus) -> None:
        self.corpus = corpus
        self.texts: dict[str, str] = {}
        """Each document returned, by key: its text."""

    def _seen(self, found: list[engine.CorpusDoc]) -> list[engine.CorpusDoc]:
        for doc in found:
            self.texts.setdefault(doc.key, doc.text)
        return found

    def related(self, text: str, exclude_key: str | None = None) -> list[engine.CorpusDoc]:
        return self._seen(self.corpus.related(text, exclude_key))

    def related_by_words(
        self, text: str, exclude_key: str | None = None
    ) -> list[engine.CorpusDoc]:
        return self._seen(self.corpus.related_by_words(text, exclude_key))

    def repeated_lines(
        self, values: set[int], site: str, exclude_keys: Sequence[str]
    ) -> dict[int, int]:
        return self.corpus.repeated_lines(values, site, exclude_keys)

    def related_by_sample(
        self, hashes: set[int], exclude_key: str | None = None
    ) -> list[engine.CorpusDoc]:
        return self._seen(self.corpus.related_by_sample(hashes, exclude_key))


def compute_verdict(
    db: sqlite3.Connection,
    doc_id: int,
    corpus: engine.StoreCorpus | None = None,
    *,
    measure: bool = False,
) -> tuple[Verdict, list[Segment]] | None:
    """Classify a stored document against the library; None if it is gone. Reads only.

    `corpus`: the library's index, shared by a run of documents classified while the library
    does not change (an import's chunk), so what it learns about the index is reused.
    `measure`: also compare the document with its first named source (`Verdict.relation`),
    with both texts at hand (an import's worker: the one writer then only stores the row)."""
    row = db.execute(
        "SELECT path, text, content_hash, structure, site, published FROM documents"
        " WHERE id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    path, text, digest = str(row[0]), str(row[1]), str(row[2])
    recording = _Recording(engine.StoreCorpus(db) if corpus is None else corpus)
    structure = hints_from_json(row[3])  # a web page's markup as evidence
    segments = engine.classify(
        text, recording, key=path, structure=structure, site=str(row[4]), published=str(row[5])
    )
    from reader.core.compare.relations import named_sources

    shares = kind_shares(text, segments)
    verdict = Verdict(
        doc_id,
        digest,
        pack_segments(segments),
        float(shares.get("commentary", 0.0)),
        tuple(recording.texts),
        float(shares.get("reporting", 0.0)),
        float(shares.get("furniture", 0.0)),
        tuple(named_sources(segments)),
    )
    if measure and verdict.sources:
        source = verdict.sources[0]  # one of the relatives: its text was read to classify
        theirs = recording.texts.get(source)
        if theirs is not None:
            verdict = verdict._replace(relation=_measured(text, theirs, source))
    return verdict, segments


def _measured(mine: str, theirs: str, source: str) -> Measured | None:
    """`relations.measure`, or None when the comparison fails (the writer then tries)."""
    from reader.core.compare.relations import measure

    try:
        return measure(mine, theirs, source)
    except (ValueError, KeyError):
        return None


def write_verdict(db: sqlite3.Connection, verdict: Verdict) -> bool:
    """Cache a verdict, only if the text did not change meanwhile (a stale verdict is never
    cached). Joins the caller's transaction when one is open. True when written."""
    with transaction(db):
        return (
            db.execute(
                "UPDATE documents SET segments = ?, commentary_share = ?, reporting_share = ?,"
                " furniture_share = ? WHERE id = ? AND content_hash = ?",
                (
                    pack(verdict.segments_json),  # deflated: half the bytes (issue 20)
                    verdict.share,
                    verdict.reporting,
                    verdict.furniture,
                    verdict.doc_id,
                    verdict.content_hash,
                ),
            ).rowcount
            > 0
        )


def classify_and_cache(db: sqlite3.Connection, doc_id: int) -> list[Segment]:
    """Classify now (with the library as corpus) and cache the result; raises KeyError."""
    computed = compute_verdict(db, doc_id)
    if computed is None:
        raise KeyError(doc_id)
    verdict, segments = computed
    write_verdict(db, verdict)
    return segments


class LibraryClassifier:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def cached(self, doc_id: int) -> list[Segment] | None:
        row = self.db.execute("SELECT segments FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return unpack_segments(row[0])

    def text(self, doc_id: int) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return str(row[0])

    def classify(self, doc_id: int) -> list[Segment]:
        """Classify now (with the library as corpus) and cache the result."""
        return classify_and_cache(self.db, doc_id)

    def segments(self, doc_id: int) -> list[Segment]:
        cached = self.cached(doc_id)
        return cached if cached is not None else self.classify(doc_id)

    def unclassified_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE segments IS NULL")]

    def unshared_ids(self) -> list[int]:
        """Classified before the kinds' shares were kept (the list's bars need them)."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM documents WHERE segments IS NOT NULL AND reporting_share IS NULL"
            )
        ]


def keep_shares(db: sqlite3.Connection, doc_id: int, shares: dict[str, float]) -> None:
    """Store a cached verdict's kind shares where they are missing (a verdict from before
    they were kept): the list's share bar then reads them with the row."""
    with transaction(db):
        db.execute(
            "UPDATE documents SET reporting_share = ?, furniture_share = ?"
            " WHERE id = ? AND segments IS NOT NULL AND reporting_share IS NULL",
            (shares.get("reporting", 0.0), shares.get("furniture", 0.0), doc_id),
        )


def _classify_in_this_process(store: str, doc_id: int) -> None:
    """The child process's whole job: classify one stored document and cache the verdict."""
    from reader.core.store.database import connect_worker

    db = connect_worker(Path(store), busy_ms=30000)
    db.row_factory = None  # plain tuples: classifying reads many rows
    try:
        classify_and_cache(db, doc_id)
    finally:
        db.close()


def classify_in_child(store: Path, doc_id: int) -> None:
    """Classify one huge stored document in a child process and cache the verdict, so the
    GUI's interpreter never waits on long regex scans that hold the GIL."""
    import multiprocessing  # only for the rare huge document: not on the start-up path
    import os
    from concurrent.futures import ProcessPoolExecutor

    from reader.core.orphan_guard import exit_with_parent

    context = multiprocessing.get_context("spawn")  # never fork a process with Qt threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=exit_with_parent,
                             initargs=(os.getpid(),)) as pool:
        pool.submit(_classify_in_this_process, str(store), doc_id).result()
