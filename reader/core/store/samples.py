"""Each document's provenance sample, packed: what the index holds for it, kept in one row.

The provenance index (`shingles`) is keyed (hash, doc_id) to find the documents that share a
hash. Finding a document's own hashes (to remove or re-index it) took a second B-tree keyed
by doc_id, a copy of all 13 million entries at 100,000 documents (190 MB, a third of the
text's size). Each document's hashes are kept here instead, 4 bytes a value in one row, and
a trigger takes them out of the index when the row goes (a document removed by any
program, through the foreign key). Qt-free and classifier-free: the store's migration and
the classifier's index both use it.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from collections.abc import Iterable

_BYTE_VALUES = "X'" + "".join(f"{value:02X}" for value in range(256)) + "'"


def pack_sample(hashes: Iterable[int]) -> tuple[bytes, bytes]:
    """(shingle hashes, name codes) as big-endian 4-byte values: a shingle hash is kept to
    31 bits, a name is stored in the index as -(code + 1) with a 32-bit crc32 code."""
    shingles: list[int] = []
    names: list[int] = []
    for value in hashes:
        if value >= 0:
            shingles.append(value)
        else:
            names.append(-value - 1)
    shingles.sort()
    names.sort()
    return (
        struct.pack(f">{len(shingles)}I", *shingles),
        struct.pack(f">{len(names)}I", *names),
    )


def unpack_sample(shingle_hashes: bytes, name_codes: bytes) -> list[int]:
    """The values the index holds for a document (names negative, as in the index)."""
    shingles = struct.unpack(f">{len(shingle_hashes) // 4}I", shingle_hashes)
    names = struct.unpack(f">{len(name_codes) // 4}I", name_codes)
    return [*shingles, *(-code - 1 for code in names)]


def name_count(name_codes: bytes) -> int:
    return len(name_codes) // 4


def _decoded(column: str, width: int = 4) -> str:
    """SQL for the value at index `key` of a packed column of `width`-byte values (SQLite
    3.40 has no unhex(): each byte's value is its place in a blob of all 256 bytes)."""
    top = 8 * (width - 1)
    return " | ".join(
        f"((instr({_BYTE_VALUES}, substr({column}, {width} * key + {k + 1}, 1)) - 1)"
        f" << {top - 8 * k})"
        for k in range(width)
    )


def _indexes(column: str, width: int = 4) -> str:
    """A table of the indexes 0..n-1 of a packed column's values (json_each of n zeros:
    trigger bodies allow no WITH)."""
    return (
        f"json_each('[' || rtrim(replace(hex(zeroblob(length({column}) / {width})), '00',"
        f" '0,'), ',') || ']')"
    )


DELETE_TRIGGER = f"""
        CREATE TRIGGER document_samples_ad AFTER DELETE ON document_samples BEGIN
            DELETE FROM shingles WHERE doc_id = old.doc_id AND hash IN (
                SELECT {_decoded('old.shingle_hashes')} FROM {_indexes('old.shingle_hashes')}
                UNION ALL
                SELECT -({_decoded('old.name_codes')}) - 1 FROM {_indexes('old.name_codes')}
            );
        END;
"""
"""Takes a document's entries out of the index when its sample row goes."""


LINE_BYTES = 8
"""A short line's key (`classify.repeated.stored_key`, 62 bits) in a packed row."""


def pack_lines(keys: Iterable[int]) -> bytes:
    """A document's short-line keys as big-endian 8-byte values, sorted."""
    ordered = sorted(set(keys))
    return struct.pack(f">{len(ordered)}Q", *ordered)


def unpack_lines(packed: bytes | None) -> list[int]:
    if not packed:
        return []
    return list(struct.unpack(f">{len(packed) // LINE_BYTES}Q", packed))


LINES_DELETE_TRIGGER = f"""
        CREATE TRIGGER document_samples_lines_ad AFTER DELETE ON document_samples
        WHEN old.line_keys IS NOT NULL BEGIN
            DELETE FROM line_index WHERE doc_id = old.doc_id AND hash IN (
                SELECT {_decoded('old.line_keys', LINE_BYTES)}
                FROM {_indexes('old.line_keys', LINE_BYTES)}
            );
        END;
"""
"""Takes a document's short lines out of the line index when its sample row goes (the
document removed by any program, through the foreign key; or re-indexed)."""


def packed_lines(listed: str | None) -> bytes | None:
    """SQL function for the migration: a document's comma-separated line keys -> packed
    (None stays None: a document never indexed for its lines, filled in later)."""
    return None if listed is None else pack_lines(int(value) for value in listed.split(","))


def packed_shingles(listed: str) -> bytes:
    """SQL function for the migration: a document's comma-separated index values (SQLite's
    own group_concat: one Python call per document, not one per value) -> its packed
    shingle hashes."""
    return pack_sample(int(value) for value in listed.split(","))[0]


def packed_names(listed: str) -> bytes:
    """Likewise, its packed name codes."""
    return pack_sample(int(value) for value in listed.split(","))[1]


def reindex(db: sqlite3.Connection, doc_ids: Iterable[int]) -> None:
    """Put these documents' entries back in the index, and their short lines back in the
    line index, from their sample rows (a removal undone restores the rows, not the
    indexes)."""
    ids = sorted(set(doc_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT doc_id, shingle_hashes, name_codes, line_keys FROM document_samples"
            f" WHERE doc_id IN ({marks})",
            chunk,
        ).fetchall()
        db.executemany(
            "INSERT OR IGNORE INTO shingles(hash, doc_id) VALUES (?, ?)",
            [(value, row[0]) for row in rows for value in unpack_sample(row[1], row[2])],
        )
        db.executemany(
            "INSERT OR IGNORE INTO line_index(hash, doc_id) VALUES (?, ?)",
            sorted((key, row[0]) for row in rows for key in unpack_lines(row[3])),
        )


UNINDEXED_DELETE_TRIGGER = """
        CREATE TRIGGER document_samples_unindexed_ad AFTER DELETE ON document_samples BEGIN
            DELETE FROM unindexed_samples WHERE doc_id = old.doc_id;
        END;
"""
"""A document whose sample row goes (removed, or indexed again) has no entries to come."""


def unindexed(db: sqlite3.Connection) -> list[int]:
    """The documents a big import stored but did not live to index (0: the usual)."""
    return [int(row[0]) for row in db.execute("SELECT doc_id FROM unindexed_samples")]


def reindex_unindexed(db: sqlite3.Connection, doc_ids: list[int]) -> None:
    """Put in the index entries of these `unindexed` documents, from their sample rows, and
    take them off the list. Safe if another writer put some in meanwhile (INSERT OR IGNORE)
    or one went (no sample row, nothing put in)."""
    reindex(db, doc_ids)
    db.execute(
        "DELETE FROM unindexed_samples WHERE doc_id IN (SELECT value FROM json_each(?))",
        (json.dumps(doc_ids),),
    )
