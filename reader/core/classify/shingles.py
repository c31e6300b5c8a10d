"""Word-shingle hashing and the corpora that find a document's relatives by sampled shingles.

A shingle is K consecutive normalised tokens. Hashes are stable across runs and machines
(crc32 of each token, mixed arithmetically; never Python's salted `hash()`), because
`StoreCorpus` keeps them in the SQLite `shingles` table. Only hashes with `h % SAMPLE == 0`
are indexed: the sample is content-defined, so two texts sharing a passage share its sampled
hashes, and finding candidates costs one dictionary (or index) lookup per sampled hash.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import tempfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from reader.core.classify.normalize import spaced_separators, tokenize
from reader.core.classify.repeated import (
    CAP,
    sample_values,
    split_sample,
    stored_key,
    text_lines,
)
from reader.core.compare.sentences import stems
from reader.core.store.database import transaction
from reader.core.store.samples import (
    DELETE_TRIGGER,
    LINES_DELETE_TRIGGER,
    name_count,
    pack_lines,
    pack_sample,
)

K = 5
"""Tokens per shingle: long enough to be specific, short enough to survive small edits."""
SAMPLE = 8
"""Index one shingle hash in SAMPLE (those with h % SAMPLE == 0)."""
_MASK = (1 << 62) - 1  # fits SQLite's signed 64-bit INTEGER
_M1, _M2, _M3, _M4 = 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F
MAX_RELATED = 8
MIN_CONTAINED = 0.05
"""Both documents must have at least this share of their sampled hashes in the other."""
MIN_CANDIDATE = 0.25
"""And one of them this share: a loose net; the exact alignment then confirms or drops it."""
MIN_SHARED = 2
"""Sampled hashes two documents must share before they are aligned at all."""
MAX_POSTINGS = 100
"""A hash held by more documents than this is boilerplate ("This article originally appeared
in…", wire credits, newsletter footers) and is left out of candidate search, as text-reuse
systems cap n-gram frequency (passim's 100). Without the cap each new document gathers every
document that shares a footer, so the cost per document grows with the library; with it the
cost is bounded (at most MAX_POSTINGS + 1 index entries read per hash). A story shared by more
than this many documents is still found through its rarer hashes."""


@dataclass(frozen=True)
class CorpusDoc:
    key: str
    title: str
    text: str
    site: str = ""
    """The site it was published on and when ('YYYY-MM-DD…'), as its page said: evidence
    of which of two versions is the original (`classify.dating`)."""
    published: str = ""


class Corpus(Protocol):
    def related(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]: ...


_TOKEN_IDS: dict[str, int] = {}
TOKEN_ID_CACHE = 200_000
"""Words whose ids a process remembers across texts (about 20 MB): an import hashes the same
vocabulary in every document, twice (reading, classifying); the crc32 of each distinct word
was a twentieth of the work. Forgotten all at once when full."""


def token_ids(tokens: Sequence[str]) -> list[int]:
    """A stable 32-bit id per token (crc32), computed once per distinct word."""
    table = _TOKEN_IDS
    try:
        return list(map(table.__getitem__, tokens))
    except KeyError:
        pass
    if len(table) > TOKEN_ID_CACHE:
        table.clear()
    crc32 = zlib.crc32
    for token in set(tokens).difference(table):
        table[token] = crc32(token.encode("utf-8"))
    return list(map(table.__getitem__, tokens))


def shingle_keys(ids: Sequence[int]) -> list[int]:
    """One key per position i for ids[i:i+K], for exact matching inside this process.

    Python's tuple-of-int hash is fast and deterministic within a run; these keys are never
    stored (the index keeps `sampled_hashes`, which are stable everywhere).
    """
    if len(ids) < K:
        return [hash(tuple(ids))] if ids else []
    return list(map(hash, zip(ids, ids[1:], ids[2:], ids[3:], ids[4:], strict=False)))


def _stable(a: int, b: int, c: int, d: int, e: int) -> int:
    return (((((a * _M1 + b) & _MASK) * _M2 + c) & _MASK) * _M3 + d * _M4 + e) & _MASK


_U32 = next(code for code in "IL" if array(code).itemsize == 4)
_LOW_BYTE = 0 if sys.byteorder == "little" else 3
_LOW_BITS = bytes(value & (SAMPLE - 1) for value in range(256))


def sampled_hashes(ids: Sequence[int]) -> set[int]:
    """Stable hashes of about one shingle in SAMPLE, chosen by content (so shared passages
    of two texts choose the same shingles): shingle i where the low bits of ids[i] and
    ids[i + 1] agree. `ids` are 32-bit (`token_ids`)."""
    n = len(ids)
    if n < K:
        return {_stable(*ids, *([0] * (K - n)))} if ids else set()
    last = n - K + 1
    # All in C, no Python step per token: each id's low bits as one byte (from the ids'
    # machine bytes), XORed with the next id's in one big integer; a zero byte at k marks
    # shingle k - 1 (byte 0 holds the first id's alone).
    low = array(_U32, ids[: last + 1]).tobytes()[_LOW_BYTE::4].translate(_LOW_BITS)
    bits = int.from_bytes(low, "big")
    pairs = (bits ^ (bits >> 8)).to_bytes(last + 1, "big")
    hashes = set()
    k = pairs.find(0, 1)
    while k > 0:
        hashes.add(_stable(ids[k - 1], ids[k], ids[k + 1], ids[k + 2], ids[k + 3]))
        k = pairs.find(0, k + 1)
    return hashes


def text_sample(text: str) -> set[int]:
    return sampled_hashes(token_ids(tokenize(text)))


def is_related(shared: int, size_a: int, size_b: int) -> bool:
    """May share a story (a republished copy, an excerpt, an original): worth aligning.

    Deliberately loose: short articles have few sampled hashes, and a copy with many
    comments and trimmed paragraphs shares only part of them. `find_references` checks.
    """
    if shared < MIN_SHARED or not size_a or not size_b:
        return False
    contained_a, contained_b = shared / size_a, shared / size_b
    return (
        max(contained_a, contained_b) >= MIN_CANDIDATE
        and min(contained_a, contained_b) >= MIN_CONTAINED
    )


_NAME_OR_FIGURE = re.compile(
    r"[A-ZÀ-Ý\d](?<=\b.)(?:(?<=[A-ZÀ-Ý])[\w'’-]{2,}|(?<=\d)(?:[\d.,]*\d|\b))"
)
r"""`\b[A-ZÀ-Ý][\w'’-]{2,}|\b\d[\d.,]*\d|\b\d\b`, written to open with its first letter:
the regex engine then skips in C to the capitals and digits instead of trying each place."""
_ASCII_NAME_OR_FIGURE = re.compile(_NAME_OR_FIGURE.pattern, re.ASCII)
"""The same on an ASCII text, where its classes need no Unicode tables."""
NAME_SAMPLE = 32
"""Names and figures indexed per document: the NAME_SAMPLE with the smallest crc32, a
content-defined sample (two texts sharing most names share most of their samples)."""
NAME_CHARS = 200_000
"""Names are read from the text's first this many characters: enough for any article, and a
bounded cost on a book-length text (the same bound on both sides keeps samples comparable)."""
MIN_SHARED_NAMES = 5
MAX_NAME_POSTING = 200
"""A name in more documents than this ('Monday', '2025') tells none of them apart: skipped,
which also bounds the work of a lookup in a big library."""
MIN_NAMES_CONTAINED = 0.3
MAX_WORD_RELATED = 2
"""Name-found candidates kept per document, most shared names first: a reworded copy shares
more names with its original than with anything else, and each candidate costs an alignment
(the dearest step of an import), so a loose net of 8 made imports ~10x slower."""
WIDE_WORD_CANDIDATES = 6
"""Name-found candidates given the cheap word check (`closest`) before the best
MAX_WORD_RELATED are aligned: a reworded original can rank below documents that merely
mention the same people (a round-up, another story of the same council)."""
PRECHECK_CHARS = 20_000
"""Characters of each text the word check reads: a bounded cost whatever their length."""
_LONG_STEM = 5
RARE_NAME_SHARE = 50
"""A name in more than one document in this many of the library (and more than
MIN_NAME_POSTING) is common there ('Officials', a recurring minister): it tells no story apart,
so it is not counted; in a small library every name is rare enough."""
MIN_NAME_POSTING = 20


def name_posting_cap(library_size: int) -> int:
    """Documents a name may be in and still count as evidence, for a library of this size."""
    return min(MAX_NAME_POSTING, max(MIN_NAME_POSTING, library_size // RARE_NAME_SHARE))


_COMMON_WORDS = (
    "the a an and but he she it its in on at of for to this that these those they we you i "
    "his her their our my as if when while after before with by from not no yes there here "
    "le la les un une des et il elle ils nous vous je der die das ein eine und er sie es wir "
    "el los las una y él ella ellos nosotros"
)
_COMMON_CAPITALISED = frozenset(_COMMON_WORDS.split())
"""Sentence openers: capitalised, but no name."""


def names_and_figures(text: str) -> set[str]:
    """Capitalised words and figures: what a reworded copy keeps of its original."""
    # Curly apostrophes straight (as the names are kept) and other punctuation as spaces
    # before the match: the same words, and an ASCII text is matched a third faster.
    head = spaced_separators(text[:NAME_CHARS]).replace("’", "'")
    pattern = _ASCII_NAME_OR_FIGURE if head.isascii() else _NAME_OR_FIGURE
    return {word.lower() for word in set(pattern.findall(head))} - _COMMON_CAPITALISED


def name_sample(text: str) -> set[int]:
    """Stable negative hashes (never equal to a shingle hash, which is >= 0) of the text's
    NAME_SAMPLE names and figures with the smallest crc32."""
    codes = sorted({zlib.crc32(w.encode("utf-8")) for w in names_and_figures(text)})
    return {-(code + 1) for code in codes[:NAME_SAMPLE]}


def index_sample(text: str) -> set[int]:
    """Every hash the index stores for a text: its sampled shingles, its name sample and
    its short lines' keys (`repeated.sample_values`, below `repeated.LINE_FLOOR`)."""
    return text_sample(text) | name_sample(text) | sample_values(text_lines(text))


def names_related(shared: int, size_a: int, size_b: int) -> bool:
    """Share most of their names and figures: maybe one story told in other words."""
    return shared >= MIN_SHARED_NAMES and shared >= MIN_NAMES_CONTAINED * min(size_a, size_b)


_LOWER_WORD = re.compile(r"\b[a-zß-ÿ][\w'’-]*")


def _long_stems(text: str) -> set[str]:
    """Stems of the longer lower-case words: the story's vocabulary beyond the names and
    figures that ranked the candidates (a round-up that lists the same people has them)."""
    words = " ".join(_LOWER_WORD.findall(text[:PRECHECK_CHARS]))
    return {w for w in stems(words) if len(w) >= _LONG_STEM}


def closest(text: str, docs: list[CorpusDoc], limit: int) -> list[CorpusDoc]:
    """The `limit` documents whose first PRECHECK_CHARS hold most of the longer lower-case
    word stems of `text`'s (ties keep the names' order): a check in linear, bounded time
    that finds a reworded original among the name-found candidates before the costly
    alignment."""
    if len(docs) <= limit:
        return docs
    mine = _long_stems(text)
    scores = [len(mine & _long_stems(doc.text)) for doc in docs]
    order = sorted(range(len(docs)), key=lambda i: (-scores[i], i))
    return [docs[i] for i in order[:limit]]


class MemoryCorpus:
    """An in-memory index of sampled shingle hashes, for the CLI, tests and benchmarks."""

    def __init__(self) -> None:
        self._names: dict[str, set[int]] = {}
        self._name_postings: dict[int, list[str]] = {}
        self._docs: dict[str, CorpusDoc] = {}
        self._sizes: dict[str, int] = {}
        self._samples: dict[str, set[int]] = {}
        self._postings: dict[int, list[str]] = {}
        self._lines: dict[str, set[int]] = {}
        self._line_holders: dict[int, set[str]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def repeated_lines(
        self, values: set[int], site: str, exclude_keys: Sequence[str]
    ) -> dict[int, int]:
        """Like `StoreCorpus.repeated_lines`."""
        left_out = set(exclude_keys)
        found = {}
        for value in values:
            holders = self._line_holders.get(stored_key(site, value), set())
            found[value] = min(CAP, len(holders - left_out))
        return found

    def add(self, key: str, title: str, text: str, site: str = "", published: str = "") -> None:
        if key in self._docs:
            self.remove(key)
        hashes = text_sample(text)
        self._docs[key] = CorpusDoc(key, title, text, site, published)
        self._sizes[key] = len(hashes)
        self._samples[key] = hashes
        for h in hashes:
            self._postings.setdefault(h, []).append(key)
        lines = {stored_key(site, v) for v in sample_values(text_lines(text))}
        self._lines[key] = lines
        for h in lines:
            self._line_holders.setdefault(h, set()).add(key)
        names = name_sample(text)
        self._names[key] = names
        for h in names:
            self._name_postings.setdefault(h, []).append(key)

    def remove(self, key: str) -> None:
        for h in self._lines.pop(key, set()):
            self._line_holders.get(h, set()).discard(key)
        for h in self._names.pop(key, set()):
            keys = self._name_postings.get(h)
            if keys and key in keys:
                keys.remove(key)
        self._docs.pop(key, None)
        self._sizes.pop(key, None)
        for h in self._samples.pop(key, set()):
            keys = self._postings.get(h)
            if keys and key in keys:
                keys.remove(key)

    def related(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        return self.related_by_sample(text_sample(text), exclude_key)

    def related_by_words(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        """Documents sharing most of their sampled names and figures with `text`: a reworded
        copy shares too few word shingles with its original to be found by them. The
        alignment then confirms or drops each candidate."""
        mine = name_sample(text)
        counts: Counter[str] = Counter()
        cap = name_posting_cap(len(self._docs))
        for h in mine:
            keys = self._name_postings.get(h)
            if keys and len(keys) <= cap:
                counts.update(keys)
        counts.pop(exclude_key, None)  # type: ignore[arg-type]
        found = [
            (shared, key)
            for key, shared in counts.items()
            if names_related(shared, len(mine), len(self._names[key]))
        ]
        found.sort(key=lambda item: (-item[0], item[1]))
        wide = [self._docs[key] for _, key in found[:WIDE_WORD_CANDIDATES]]
        return closest(text, wide, MAX_WORD_RELATED)

    def related_by_sample(
        self, hashes: set[int], exclude_key: str | None = None
    ) -> list[CorpusDoc]:
        """Like `related`, for a caller that already hashed the text."""
        counts: Counter[str] = Counter()
        postings = self._postings
        for h in hashes:
            keys = postings.get(h)
            if keys and len(keys) <= MAX_POSTINGS:
                counts.update(keys)
        counts.pop(exclude_key, None)  # type: ignore[arg-type]
        found = [
            (shared, key)
            for key, shared in counts.items()
            if is_related(shared, len(hashes), self._sizes[key])
        ]
        found.sort(key=lambda item: (-item[0], item[1]))
        return [self._docs[key] for _, key in found[:MAX_RELATED]]


def index_document(db: sqlite3.Connection, doc_id: int, text: str) -> None:
    """(Re)write a document's sampled shingle hashes and name sample in the store's
    `shingles` table (names as negative hashes: the same table)."""
    row = db.execute("SELECT site FROM documents WHERE id = ?", (doc_id,)).fetchone()
    sample = stored_sample(index_sample(text), str(row[0]) if row else "")
    write_samples(db, [(doc_id, sample)], {doc_id})


STORED_BITS = 31
"""Bits of each sampled shingle hash the store keeps: 4 bytes a value instead of 8 in both
B-trees of the index (a quarter of its size). Chance collisions among 10 million entries make
a stray shared hash now and then, never the two that a candidate needs. Name hashes (< 0)
are kept whole, so they never meet a shingle's."""
_STORED_MASK = (1 << STORED_BITS) - 1


def stored_hashes(hashes: Iterable[int]) -> set[int]:
    """The values the store's index holds for these sampled hashes."""
    return {h & _STORED_MASK if h >= 0 else h for h in hashes}


class StoredSample(NamedTuple):
    """A document's provenance sample as the store keeps it (`stored_sample`): worked out
    where the sample is computed (an import's worker processes), so the one writer only
    writes it."""

    entries: str
    """Its values in the index (`shingles`), a JSON array (spliced into the writer's one
    statement a batch, `write_samples`)."""
    lines: str
    """Its short lines' keys in `line_index`, a JSON array."""
    shingle_hashes: bytes
    name_codes: bytes
    line_keys: bytes
    """Its packed `document_samples` row."""
    size: int
    """How many of its values are shingle hashes: what the candidate test compares with
    (`documents.sample_size`)."""


def stored_sample(hashes: Iterable[int], site: str) -> StoredSample:
    """What the store keeps of a document's sampled hashes (`index_sample`), its short lines
    mixed with its site."""
    rest, values = split_sample(hashes)
    stored = sorted(stored_hashes(rest))
    keys = sorted({stored_key(site, value) for value in values})
    shingles, names = pack_sample(stored)
    return StoredSample(
        json.dumps(stored),
        json.dumps(keys),
        shingles,
        names,
        pack_lines(keys),
        sum(1 for h in stored if h >= 0),
    )


def write_samples(
    db: sqlite3.Connection,
    samples: list[tuple[int, StoredSample]],
    refreshed: set[int],
    *,
    defer: bool = False,
    sized: bool = False,
) -> None:
    """Store many documents' samples (and how many shingle hashes each has) in a few
    statements; refreshed documents lose their old ones first (their packed sample row goes,
    and its triggers take them out of both indexes: `store.samples`).

    `defer` (a big import): the index entries wait in this connection's temporary table, and
    the documents in `unindexed_samples`, until `index_deferred` puts them all in at once.
    `sized`: their rows hold their `sample_size` already (written with the row: an UPDATE of
    a document computes its generated `text`, inflating it)."""
    gone = sorted(refreshed | {doc_id for doc_id, _ in samples})  # REPLACE fires no trigger
    db.execute(
        "DELETE FROM document_samples WHERE doc_id IN (SELECT value FROM json_each(?))",
        (json.dumps(gone),),
    )
    # Each document's entries as JSON, expanded by SQLite (`_ENTRIES`): a statement a
    # batch, not a Python tuple and a statement step an entry (a third of the writer's CPU).
    shingle_entries = _by_document((doc_id, rows.entries) for doc_id, rows in samples)
    line_entries = _by_document((doc_id, rows.lines) for doc_id, rows in samples)
    if defer:
        db.execute(_DEFERRED_ENTRIES)
        db.execute(_DEFERRED_DOCUMENTS)
        for entries, line in ((shingle_entries, 0), (line_entries, 1)):
            db.execute(
                "INSERT INTO temp.deferred_entries(hash, doc_id, line)"
                f" SELECT hash, doc_id, {line} FROM {_ENTRIES}",
                (entries,),
            )
    else:
        # In the index's own order (hash, then document): a batch's rows land page after
        # page instead of at random all over a B-tree of millions of entries.
        for entries, table in ((shingle_entries, "shingles"), (line_entries, "line_index")):
            db.execute(
                f"INSERT OR IGNORE INTO {table}(hash, doc_id)"
                f" SELECT hash, doc_id FROM {_ENTRIES} ORDER BY hash, doc_id",
                (entries,),
            )
    db.executemany(
        "INSERT OR REPLACE INTO document_samples(doc_id, shingle_hashes, name_codes, line_keys)"
        " VALUES (?, ?, ?, ?)",
        [(doc_id, *rows[2:5]) for doc_id, rows in samples],  # the packed row
    )
    ids = json.dumps([doc_id for doc_id, _ in samples])
    if defer:  # after the sample rows: replacing one takes its document off the list
        for table in ("unindexed_samples", "temp.deferred_documents"):
            db.execute(
                f"INSERT OR IGNORE INTO {table}(doc_id) SELECT value FROM json_each(?)", (ids,)
            )
    if not sized:
        db.execute(
            "UPDATE documents SET sample_size = sizes.value FROM json_each(?) AS sizes"
            " WHERE documents.id = CAST(sizes.key AS INTEGER)",
            (json.dumps({doc_id: rows.size for doc_id, rows in samples}),),
        )


def _by_document(arrays: Iterable[tuple[int, str]]) -> str:
    """A JSON object of documents' JSON arrays, by id (`_ENTRIES` reads it)."""
    return "{" + ",".join(f'"{doc_id}":{array}' for doc_id, array in arrays) + "}"


_ENTRIES = (
    "(SELECT entry.value AS hash, CAST(document.key AS INTEGER) AS doc_id"
    " FROM json_each(?) AS document, json_each(document.value) AS entry)"
)
"""Index entries (hash, doc_id) from a JSON object of each document's values, by id."""


_DEFERRED_ENTRIES = (
    "CREATE TEMP TABLE IF NOT EXISTS deferred_entries"
    " (hash INTEGER NOT NULL, doc_id INTEGER NOT NULL, line INTEGER NOT NULL)"
)
"""A big import's index entries, appended as its batches are stored (line 1: `line_index`,
0: `shingles`); temporary, so the store's file never holds them twice."""
_DEFERRED_DOCUMENTS = (
    "CREATE TEMP TABLE IF NOT EXISTS deferred_documents (doc_id INTEGER PRIMARY KEY)"
)


def index_deferred(db: sqlite3.Connection) -> int:
    """Put the entries `write_samples(defer=True)` kept back into both indexes, in key
    order (each index page written once, however many batches), in one transaction; only
    those of documents still waiting (one removed or indexed again meanwhile has none).
    Returns how many documents were waiting."""
    if not db.execute(
        "SELECT 1 FROM sqlite_temp_master WHERE name = 'deferred_documents'"
    ).fetchone():
        return 0
    with transaction(db):
        waiting = int(db.execute("SELECT count(*) FROM temp.deferred_documents").fetchone()[0])
        for table, line in (("shingles", 0), ("line_index", 1)):
            db.execute(
                f"INSERT OR IGNORE INTO {table}(hash, doc_id)"
                " SELECT hash, doc_id FROM temp.deferred_entries"
                " WHERE line = ? AND doc_id IN (SELECT doc_id FROM unindexed_samples)"
                " ORDER BY hash, doc_id",
                (line,),
            )
        db.execute(
            "DELETE FROM unindexed_samples"
            " WHERE doc_id IN (SELECT doc_id FROM temp.deferred_documents)"
        )
        db.execute("DROP TABLE temp.deferred_entries")
        db.execute("DROP TABLE temp.deferred_documents")
    return waiting


def line_keys(db: sqlite3.Connection, rows: list[tuple[int, list[int]]]) -> dict[int, set[int]]:
    """Documents' short-line values (`repeated.sample_values`) as the line index's keys,
    each mixed with its document's site (the sites read in one statement)."""
    rows = [(doc_id, values) for doc_id, values in rows if values]
    if not rows:
        return {}
    sites = {
        int(doc_id): str(site)
        for doc_id, site in db.execute(
            "SELECT id, site FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps([doc_id for doc_id, _ in rows]),),
        )
    }
    return {
        doc_id: {stored_key(sites.get(doc_id, ""), value) for value in values}
        for doc_id, values in rows
    }


def lines_missing(db: sqlite3.Connection) -> bool:
    """Whether a document stored before the line index still lacks its short-line keys
    (found without a scan: `document_samples_unlined` holds only those)."""
    return db.execute(
        "SELECT 1 FROM document_samples INDEXED BY document_samples_unlined"
        " WHERE line_keys IS NULL LIMIT 1"
    ).fetchone() is not None


LINE_FILL_BATCH = 200
"""Documents a background pass fills per call: a bounded, short write transaction."""


def fill_line_keys(db: sqlite3.Connection, limit: int | None = None) -> int:
    """Give up to `limit` documents stored before the line index (issue 15) their short
    lines' keys, so their template lines count for other pages without waiting for them to
    be indexed again. Returns how many were looked at: 0 when none is left. The lines are
    computed outside the write transaction, which only stores them."""
    found = db.execute(
        "SELECT document_samples.doc_id, documents.text FROM document_samples"
        " INDEXED BY document_samples_unlined JOIN documents"
        " ON documents.id = document_samples.doc_id"
        " WHERE document_samples.line_keys IS NULL LIMIT ?",
        (LINE_FILL_BATCH if limit is None else limit,),
    ).fetchall()
    if not found:
        return 0
    values = [(int(doc_id), list(sample_values(text_lines(str(text))))) for doc_id, text in found]
    with transaction(db):
        # Only those still missing: one removed or indexed again meanwhile is left alone.
        still = {
            int(row[0])
            for row in db.execute(
                "SELECT doc_id FROM document_samples WHERE line_keys IS NULL"
                " AND doc_id IN (SELECT value FROM json_each(?))",
                (json.dumps([doc_id for doc_id, _ in values]),),
            )
        }
        lines = line_keys(db, [(doc_id, v) for doc_id, v in values if doc_id in still])
        db.executemany(
            "INSERT OR IGNORE INTO line_index(hash, doc_id) VALUES (?, ?)",
            sorted((key, doc_id) for doc_id, keys in lines.items() for key in keys),
        )
        db.executemany(
            "UPDATE document_samples SET line_keys = ? WHERE doc_id = ?",
            [(pack_lines(lines.get(doc_id, ())), doc_id) for doc_id in sorted(still)],
        )
    return len(found)


_REPEATED_SQL = """
    WITH wanted(h) AS (SELECT value FROM json_each(?1)),
    mine(id) AS (SELECT id FROM documents WHERE path IN (SELECT value FROM json_each(?2)))
    SELECT h, (
        SELECT count(*) FROM (
            SELECT 1 FROM line_index WHERE hash = wanted.h AND doc_id NOT IN mine LIMIT ?3
        )
    ) FROM wanted
"""
"""How many documents, leaving out some, hold each line key: at most ?3 + the left-out
index entries read per key, whatever the library's size."""


_COMMON_SQL = """
    SELECT value FROM json_each(?)
    WHERE (SELECT count(*) FROM (SELECT 1 FROM shingles WHERE hash = value LIMIT ?)) > ?
"""
"""Which of these hashes more than `cap` documents hold: at most `cap` + 1 index entries read
per hash, so the cost per document does not grow with the library."""
_ALL_COMMON_SQL = "SELECT hash, count(*) FROM shingles GROUP BY hash HAVING count(*) > ?"
"""Every hash more than `?` documents hold, and how many: one pass over the whole index
(1.3 s at 100,000 documents), read in its own order (keyed by hash)."""
SCAN_SHARE = 4
"""A corpus that will be asked about at least one document per this many in the library
learns every common hash by one scan of the index (`_ALL_COMMON_SQL`, 13 µs per library
document: 1.3 s at 100,000) instead of asking about each document's sampled hashes and
names (`_COMMON_SQL`, 0.22-0.29 ms a document). Half of that was warming the pages
`_SHARED_SQL` reads next, which then costs 0.13 ms more: the scan pays from about one
document in 5 (10,000) or 10 (100,000). An import's worker classifies half of the import."""
_SHARED_SQL = """
    SELECT doc_id, count(*) FROM shingles WHERE hash IN (SELECT value FROM json_each(?))
    GROUP BY doc_id
"""
"""Documents holding these hashes, and how many each: read from the index alone (a WITHOUT
ROWID table keyed by hash)."""


class StoreCorpus:
    """The library's documents as a corpus, through the store's `shingles` index."""

    _CHUNK = 500

    def __init__(self, db: sqlite3.Connection, asked: int = 0) -> None:
        """`asked`: how many documents this corpus will be asked about while the index does
        not change (an import's classification), so it may learn the common hashes at once
        (`SCAN_SHARE`). A corpus used while the library changes must leave it 0."""
        self.db = db
        self._asked = asked
        self._size: int | None = None
        self._common: dict[int, set[int]] = {}
        self._scanned: tuple[int, dict[int, int]] | None = None
        """(floor, hash -> documents holding it, for every hash held by more than floor)."""
        self._last_key: tuple[str, int | None] | None = None

    def related(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        found = self.related_by_sample(text_sample(text), exclude_key)
        known = {doc.key for doc in found}
        return found + [d for d in self.related_by_words(text, exclude_key) if d.key not in known]

    def _kept(self, hashes: set[int], cap: int) -> set[int]:
        """These hashes less those held by more than `cap` documents (boilerplate; a name like
        "Monday"). A hash found that common is remembered for the corpus's life: an import
        classifies a run of documents with one corpus against a library that does not change
        meanwhile, and their boilerplate is counted once instead of once per document."""
        scanned = self._scan()
        if scanned is not None and scanned[0] <= cap:  # every hash that common is known
            known = self._common.get(cap)
            if known is None:
                known = self._common[cap] = {h for h, n in scanned[1].items() if n > cap}
            return hashes - known
        common = self._common.setdefault(cap, set())
        unknown = hashes - common
        if unknown:
            common.update(
                int(row[0])
                for row in self.db.execute(
                    _COMMON_SQL, (json.dumps(sorted(unknown)), cap + 1, cap)
                )
            )
        return hashes - common

    def _scan(self) -> tuple[int, dict[int, int]] | None:
        """(floor, hash -> how many documents hold it, for every hash more than floor do),
        from one scan of the index the first time: None if this corpus is not asked about
        enough documents for the scan to pay (`SCAN_SHARE`). The floor is the smallest cap
        `related` uses (samples' and names'), so both are answered from the scan."""
        asked = self._asked
        if self._scanned is None and asked > 0 and asked * SCAN_SHARE >= self.library_size():
            floor = min(MAX_POSTINGS, name_posting_cap(self.library_size()))
            found = self.db.execute(_ALL_COMMON_SQL, (floor,))
            self._scanned = (floor, {int(h): int(n) for h, n in found})
        return self._scanned

    def _shared(self, hashes: set[int]) -> dict[int, int]:
        """doc id -> how many of these (stored, kept) hashes it holds."""
        if not hashes:
            return {}
        return {
            int(doc_id): int(shared)
            for doc_id, shared in self.db.execute(_SHARED_SQL, (json.dumps(sorted(hashes)),))
        }

    def library_size(self) -> int:
        """How many documents the library holds, counted once per corpus: `count(*)` reads a
        whole index (half a millisecond at 100,000 documents, per document classified), and
        an import's worker keeps one corpus for a run of documents."""
        if self._size is None:
            self._size = int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])
        return self._size

    def repeated_lines(
        self, values: set[int], site: str, exclude_keys: Sequence[str]
    ) -> dict[int, int]:
        """Per line value (`repeated.sample_values`): how many documents of `site` other than
        `exclude_keys` hold that line, up to `repeated.CAP`."""
        keys = {stored_key(site, value): value for value in values}
        return {
            keys[int(key)]: int(count)
            for key, count in self.db.execute(
                _REPEATED_SQL,
                (json.dumps(sorted(keys)), json.dumps(list(exclude_keys)), CAP),
            )
        }

    def related_by_words(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        """Like `MemoryCorpus.related_by_words`, through the index's name rows (hash < 0)."""
        mine = name_sample(text)
        if len(mine) < MIN_SHARED_NAMES:
            return []
        # names common in the library tell none apart
        mine = self._kept(mine, name_posting_cap(self.library_size()))
        counts = self._shared(mine)
        candidates = [d for d, shared in counts.items() if shared >= MIN_SHARED_NAMES]
        found: list[tuple[int, int]] = []
        for i in range(0, len(candidates), self._CHUNK):
            chunk = candidates[i : i + self._CHUNK]
            marks = ",".join("?" * len(chunk))
            for doc_id, codes in self.db.execute(  # a document's names: its packed sample
                f"SELECT doc_id, name_codes FROM document_samples WHERE doc_id IN ({marks})",
                chunk,
            ):
                if names_related(counts[int(doc_id)], len(mine), name_count(codes)):
                    found.append((counts[int(doc_id)], int(doc_id)))
        found.sort(key=lambda item: (-item[0], item[1]))
        wide = self._documents([doc_id for _, doc_id in found], exclude_key, WIDE_WORD_CANDIDATES)
        return closest(text, wide, MAX_WORD_RELATED)

    def _documents(
        self, ids: list[int], exclude_key: str | None, limit: int = MAX_RELATED
    ) -> list[CorpusDoc]:
        docs = []
        excluded = self._id_of(exclude_key)
        for doc_id in ids:
            if doc_id == excluded:
                continue  # the text asking, always its own best match: never read
            doc = self._document(doc_id)
            if doc is None or doc.key == exclude_key:
                continue
            docs.append(doc)
            if len(docs) >= limit:
                break
        return docs

    def _id_of(self, key: str | None) -> int | None:
        """The id of the document stored under `key` (the last one asked for is kept: one
        classification asks twice)."""
        if key is None:
            return None
        if self._last_key is None or self._last_key[0] != key:
            row = self.db.execute("SELECT id FROM documents WHERE path = ?", (key,)).fetchone()
            self._last_key = (key, None if row is None else int(row[0]))
        return self._last_key[1]

    def _document(self, doc_id: int) -> CorpusDoc | None:
        row = self.db.execute(
            "SELECT path, title, text, site, published FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return CorpusDoc(str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]))

    def related_by_sample(
        self, hashes: set[int], exclude_key: str | None = None
    ) -> list[CorpusDoc]:
        hashes = stored_hashes(h for h in hashes if h >= 0)
        if not hashes:
            return []
        counts = self._shared(self._kept(hashes, MAX_POSTINGS))
        floor = max(MIN_SHARED, int(MIN_CONTAINED * len(hashes)))
        candidates = [doc_id for doc_id, shared in counts.items() if shared >= floor]
        found: list[tuple[int, int]] = []
        for i in range(0, len(candidates), self._CHUNK):
            chunk = candidates[i : i + self._CHUNK]
            marks = ",".join("?" * len(chunk))
            for doc_id, size in self.db.execute(
                f"SELECT id, coalesce(sample_size, (SELECT length(shingle_hashes) / 4 FROM"
                f" document_samples WHERE document_samples.doc_id = documents.id)) FROM documents"
                f" WHERE id IN ({marks})",
                chunk,
            ):
                if is_related(counts[int(doc_id)], len(hashes), int(size)):
                    found.append((counts[int(doc_id)], int(doc_id)))
        found.sort(key=lambda item: (-item[0], item[1]))
        return self._documents([doc_id for _, doc_id in found], exclude_key)


class FileCorpus(StoreCorpus):
    """Files as a corpus without holding them: their sampled hashes go to an index in a
    temporary SQLite file (the store's own layout), and only the few documents a text is
    related to are read again, through `load`. `reader classify --corpus DIR` over 100,000
    files held every text and index in memory (3.5 GB); this holds the index on disk."""

    _BATCH = 500

    def __init__(self, load: Callable[[str], tuple[str, str]]) -> None:
        """`load(key)`: the (title, text) of a document added earlier."""
        self._folder = tempfile.TemporaryDirectory(prefix="reader-corpus-")
        db = sqlite3.connect(
            Path(self._folder.name) / "corpus.sqlite3", isolation_level=None,
            check_same_thread=False,
        )
        db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
            " title TEXT NOT NULL, sample_size INTEGER, site TEXT NOT NULL DEFAULT '',"
            " published TEXT NOT NULL DEFAULT '');"
            "CREATE TABLE shingles (hash INTEGER NOT NULL, doc_id INTEGER NOT NULL,"
            " PRIMARY KEY (hash, doc_id)) WITHOUT ROWID;"
            "CREATE TABLE line_index (hash INTEGER NOT NULL, doc_id INTEGER NOT NULL,"
            " PRIMARY KEY (hash, doc_id)) WITHOUT ROWID;"
            # As in the store: a document's own entries in both indexes are found from its
            # packed row when it is added again.
            "CREATE TABLE document_samples (doc_id INTEGER PRIMARY KEY,"
            " shingle_hashes BLOB NOT NULL, name_codes BLOB NOT NULL, line_keys BLOB);"
            + DELETE_TRIGGER
            + LINES_DELETE_TRIGGER
        )
        super().__init__(db)
        self._load = load
        self._pending: list[tuple[int, StoredSample]] = []
        self._again: set[int] = set()
        """Documents added a second time: their old rows go first. Only those: deleting
        every new document's (absent) rows cost a scan of the index each."""

    def __len__(self) -> int:
        self._flush()
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def add(self, key: str, title: str, text: str, site: str = "", published: str = "") -> None:
        """Index a document (the text is not kept: `load` reads it when it is needed)."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        row = self.db.execute("SELECT id FROM documents WHERE path = ?", (key,)).fetchone()
        if row is None:
            doc_id = self.db.execute(
                "INSERT INTO documents (path, title, site, published) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                (key, title, site, published),
            ).fetchone()[0]
        else:
            doc_id = row[0]
            self.db.execute(
                "UPDATE documents SET title = ?, site = ?, published = ? WHERE id = ?",
                (title, site, published, doc_id),
            )
            self._pending = [item for item in self._pending if item[0] != doc_id]
            self._again.add(int(doc_id))
        self._pending.append((int(doc_id), stored_sample(index_sample(text), site)))
        if len(self._pending) >= self._BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            write_samples(self.db, self._pending, self._again)
            self._pending.clear()
            self._again.clear()
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def related_by_sample(
        self, hashes: set[int], exclude_key: str | None = None
    ) -> list[CorpusDoc]:
        self._flush()
        return super().related_by_sample(hashes, exclude_key)

    def related_by_words(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        self._flush()
        return super().related_by_words(text, exclude_key)

    def repeated_lines(
        self, values: set[int], site: str, exclude_keys: Sequence[str]
    ) -> dict[int, int]:
        self._flush()  # a classification may ask this first: every added file counts
        return super().repeated_lines(values, site, exclude_keys)

    def _document(self, doc_id: int) -> CorpusDoc | None:
        row = self.db.execute(
            "SELECT path, site, published FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        try:
            title, text = self._load(str(row[0]))
        except (OSError, ValueError):
            return None  # changed or gone since it was indexed: not a relative now
        return CorpusDoc(str(row[0]), title, text, str(row[1]), str(row[2]))

    def close(self) -> None:
        self.db.close()
        self._folder.cleanup()
