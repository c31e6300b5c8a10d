"""Removing documents so the removal can be undone: every row that goes, kept to come back.

Removing a document deletes its row; the schema's foreign keys then delete the rows that
belong to it (ON DELETE CASCADE: its packed provenance sample, whose trigger takes its
entries out of the index) and detach the ones that outlive
it (ON DELETE SET NULL: its notes). Which tables those are is read from the schema itself,
so a table another feature adds later is kept and restored without this module knowing it.
Full-text rows follow the documents table's own triggers. The reading place is kept by
content hash in the settings and so returns with the same text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from reader.core.library.documents import Library
from reader.core.store.samples import reindex


@dataclass(frozen=True)
class _Dependent:
    table: str
    column: str
    cascade: bool
    """True: the rows are deleted with the document (kept whole); False: detached (their
    rowids are kept to re-attach)."""


@dataclass
class RemovedDocuments:
    """What `remove_documents` took away; `restore_documents` puts it back."""

    documents: list[dict[str, object]] = field(default_factory=list)
    owned: dict[tuple[str, str], list[dict[str, object]]] = field(default_factory=dict)
    detached: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=dict)
    """(table, column) -> (rowid, document id) of rows that were pointed at a document."""

    @property
    def ids(self) -> list[int]:
        return [int(str(row["id"])) for row in self.documents]

    def __len__(self) -> int:
        return len(self.documents)


def _dependents(db: sqlite3.Connection) -> list[_Dependent]:
    tables = [str(r[0]) for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    found = []
    for table in tables:
        for key in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if str(key[2]) == "documents" and str(key[6]).upper() in {"CASCADE", "SET NULL"}:
                found.append(_Dependent(table, str(key[3]), str(key[6]).upper() == "CASCADE"))
    return found


def _rows(
    db: sqlite3.Connection, sql: str, parameters: tuple[object, ...]
) -> list[dict[str, object]]:
    cursor = db.execute(sql, parameters)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def remove_documents(library: Library, doc_ids: list[int]) -> RemovedDocuments:
    """Forget these documents (files stay on disk), in one transaction, keeping what goes."""
    db = library.db
    removed = RemovedDocuments()
    with library.batch():
        for doc_id in dict.fromkeys(doc_ids):
            rows = _rows(db, "SELECT * FROM documents WHERE id = ?", (doc_id,))
            if not rows:
                continue
            removed.documents += rows
            for dep in _dependents(db):
                key = (dep.table, dep.column)
                if dep.cascade:
                    removed.owned.setdefault(key, []).extend(_rows(
                        db, f'SELECT * FROM "{dep.table}" WHERE "{dep.column}" = ?', (doc_id,)))
                else:
                    removed.detached.setdefault(key, []).extend(
                        (int(r[0]), doc_id) for r in db.execute(
                            f'SELECT rowid FROM "{dep.table}" WHERE "{dep.column}" = ?',
                            (doc_id,)))
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    return removed


def restore_documents(library: Library, removed: RemovedDocuments) -> dict[int, int]:
    """Put removed documents back with everything they had; returns old id -> id now.

    A document whose path was added again meanwhile keeps the new row (the import already
    adopted its notes); one whose id was taken comes back under a new id."""
    db = library.db
    restored: dict[int, int] = {}
    generated = _generated_columns(db, "documents")
    with library.batch():
        for row in removed.documents:
            old_id = int(str(row["id"]))
            if db.execute("SELECT 1 FROM documents WHERE path = ?", (row["path"],)).fetchone():
                continue
            values = {name: value for name, value in row.items() if name not in generated}
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (old_id,)).fetchone():
                del values["id"]
            cursor = db.execute(_insert("documents", values), tuple(values.values()))
            restored[old_id] = int(cursor.lastrowid or old_id) if "id" not in values else old_id
        for (table, column), rows in removed.owned.items():
            for owned in rows:
                new_id = restored.get(int(str(owned[column])))
                if new_id is not None:
                    values = {**owned, column: new_id}
                    db.execute(_insert(table, values), tuple(values.values()))
        for (table, column), pairs in removed.detached.items():
            for rowid, old_id in pairs:
                new_id = restored.get(old_id)
                if new_id is not None:
                    db.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?'
                               f' AND "{column}" IS NULL', (new_id, rowid))
        # The provenance index follows a document's packed sample row out by trigger, not
        # back in: its entries are put back from the restored rows.
        reindex(db, restored.values())
    return restored


def _generated_columns(db: sqlite3.Connection, table: str) -> set[str]:
    """Columns computed from others (`documents.text` from `packed_text`): read with the
    row, never written back."""
    return {str(row[1]) for row in db.execute(f'PRAGMA table_xinfo("{table}")') if row[6] in (2, 3)}


def _insert(table: str, values: dict[str, object]) -> str:
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    return f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
