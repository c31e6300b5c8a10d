"""The library: documents in the store, added from files, listed cheaply, read on demand."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from reader.core.classify.structure import hints_from_json, without_chrome
from reader.core.library import indexing as library_indexing
from reader.core.library.pages import NO_WEB, WebColumns, is_url, keep_version, web_columns
from reader.core.library.seeds import SEED_COLLECTION, seed_paths
from reader.core.store.database import transaction
from reader.core.store.packed_text import known_texts, pack
from reader.core.store.paths import seeds_marker
from reader.core.text.document import Document, DocumentError, load_document
from reader.core.text.folding import fold, list_key

LIBRARY_COLLECTION = "library"

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title COLLATE NOCASE",),
    "folder": ("rtrim(path, replace(path, '/', '')) COLLATE NOCASE", "title COLLATE NOCASE"),
    "added": ("added_at",),
    "words": ("word_count",),
    "commentary": ("coalesce(commentary_share, -1)",),
    "site": ("site COLLATE NOCASE", "published"),
    "published": ("published", "title COLLATE NOCASE"),
    "id": ("id",),
}
"""Ways to order `entries()`, by name (the CLI and the GUI's sort menu offer these)."""


class LibraryEntry(NamedTuple):
    """One row of the library list: everything but the text."""

    id: int
    path: str
    title: str
    word_count: int
    added_at: float
    collection: str
    commentary_share: float | None
    site: str = ""
    """A web page's site name ('' for other documents)."""
    published: str = ""
    """A web page's publication date, ISO 8601 ('' when unknown)."""
    versions: int = 1
    """How many texts the document has had (earlier ones are kept: `pages.versions`)."""
    told_apart: str = ""
    """'' unless another document has the same title: then what tells this one apart
    (its site and date, else its file name), read in SQL with the row."""
    reporting_share: float | None = None
    furniture_share: float | None = None
    """With `commentary_share`, each kind's share of the text (None until classified)."""

    @property
    def shares(self) -> tuple[float, float, float] | None:
        """(reporting, commentary, furniture) shares, for the list's bar; None when any is
        unknown (not classified, or classified before all three were kept)."""
        found = (self.reporting_share, self.commentary_share, self.furniture_share)
        if None in found:
            return None
        return (self.reporting_share or 0.0, self.commentary_share or 0.0,
                self.furniture_share or 0.0)

    @property
    def source_name(self) -> str:
        return Path(self.path).name

    @property
    def folder(self) -> str:
        return str(Path(self.path).parent)

    @property
    def is_seed(self) -> bool:
        return self.collection == SEED_COLLECTION


class StoredText(Protocol):
    """What `Library.store_texts` stores of a document (an import's `Prepared` is one)."""

    @property
    def path(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def word_count(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime(self) -> float: ...
    @property
    def web(self) -> WebColumns: ...
    @property
    def packed(self) -> str | bytes | None:
        """`packed_text.pack(text)` when the caller has it (deflated where it was read)."""
    @property
    def sample_size(self) -> int | None:
        """How many shingle hashes its provenance sample keeps (`shingles.StoredSample.size`),
        when the caller has it."""


class TextRow(NamedTuple):
    """A `StoredText` built by hand (`Library.store_text`)."""

    path: str
    text: str
    title: str
    content_hash: str
    word_count: int
    size: int
    mtime: float
    web: WebColumns = NO_WEB
    packed: str | bytes | None = None
    sample_size: int | None = None


INSERT_ROWS = 400
"""New documents a statement (15 values each: well under SQLite's 32,766)."""


class ListQuery(NamedTuple):
    """Which documents the library list shows, in which order (answered in SQL)."""

    sort: str | None = None
    """A `SORT_KEYS` name; None: seeds first, then in the order added."""
    descending: bool = False
    collection: str | None = None
    contains: str | None = None
    """A substring of the title, the path or the site, ignoring case and accents in every
    script (`folding.fold`)."""


class AddResult(NamedTuple):
    """Document ids by what an add did to them (the lists fill as the add goes)."""

    added: list[int]
    refreshed: list[int]
    unchanged: list[int]
    failed: list[DocumentError]


_ENTRY_COLUMNS = (
    "id, path, title, word_count, added_at, collection, commentary_share, site, published,"
    " versions,"
    # Does another document share the title, and does one share its site and date too?
    # (two probes of the documents_title index per row)
    " EXISTS (SELECT 1 FROM documents AS other WHERE other.title = documents.title"
    " AND other.id <> documents.id) AS shared_title,"
    " EXISTS (SELECT 1 FROM documents AS other WHERE other.title = documents.title"
    " AND other.site = documents.site AND other.published = documents.published"
    " AND other.id <> documents.id) AS same_place,"
    " reporting_share, furniture_share"
)


def told_apart(path: str, site: str, published: str, shared: bool, same_place: bool) -> str:
    """What tells a document from others of the same title: its site and date when those
    differ, else its file name (a page's address for a fetched page)."""
    if not shared:
        return ""
    place = ", ".join(x for x in (site, published[:10]) if x)
    if place and not same_place:
        return place
    name = path.rstrip("/").rsplit("/", 1)[-1] if is_url(path) else Path(path).name
    return f"{place}, {name}" if place else name


def _list_sql(
    query: ListQuery, db: sqlite3.Connection | None = None
) -> tuple[str, str, list[object]]:
    """The clause after `FROM documents` (a join, WHERE), ORDER BY and parameters of a list
    query. With `db`, a filter whose trigrams are in most keys scans the keys instead
    (`_narrows`)."""
    where: list[str] = []
    params: list[object] = []
    join = ""
    if query.collection is not None:
        where.append("collection = ?")
        params.append(query.collection)
    if query.contains:
        needle = fold(query.contains)
        trigrams = _trigram_query(needle)
        if trigrams and (db is None or _narrows(db, trigrams)):
            # the keys that hold each of the needle's trigrams (the trigram index), tested
            # for the needle itself: the same matches as a scan, without one. Few, so each
            # is looked up and the few sorted (no `+`: 1.5 ms for 1,000 matches at 100,000,
            # where walking the list's order tested 100,000 ids in 10 ms)
            where.append(
                "id IN (SELECT k.id FROM list_keys_trigrams AS t"
                " JOIN list_keys AS k ON k.id = t.rowid"
                " WHERE list_keys_trigrams MATCH ? AND instr(k.key, ?) > 0)"
            )
            params += [trigrams, needle]
        elif query.sort is None:
            # the list's own order walked, each row's key read by id and tested (42 ms for
            # 100,000 matches at 100,000 documents, where collecting the matching ids first
            # and testing each row against them took 65); the subquery's names stay apart
            # from the documents' (`id`)
            join = " JOIN (SELECT id AS key_id, key FROM list_keys) AS k ON k.key_id = documents.id"
            where.append("instr(k.key, ?) > 0")
            params.append(needle)
        else:
            # `+id`: walk the sort's index and test each id against the matching set (a
            # join there reads a key per row in title order: 263 ms instead of 112)
            where.append("+id IN (SELECT id FROM list_keys WHERE instr(key, ?) > 0)")
            params.append(needle)
    if query.sort is None:
        order = "collection = 'seeds' DESC, id"
    else:
        if query.sort not in SORT_KEYS:
            raise ValueError(f"unknown sort {query.sort!r}; one of {', '.join(SORT_KEYS)}")
        direction = " DESC" if query.descending else ""
        order = ", ".join(part + direction for part in SORT_KEYS[query.sort]) + ", id"
    clause = join + (f" WHERE {' AND '.join(where)}" if where else "")
    return clause, order, params


MAX_FILTER_TRIGRAMS = 8
"""Trigrams of a long needle the index is asked for (spread over it): each one narrows the
keys to test less than the one before, and the test of the needle itself decides."""


def _trigram_query(needle: str) -> str:
    """An FTS5 query for the keys holding the needle's trigrams (each one quoted: any
    character is plain), or "" for a needle too short to have one (1-2 characters: those
    scan the keys, and match most of the library anyway)."""
    grams = list(dict.fromkeys(needle[i : i + 3] for i in range(len(needle) - 2)))
    if len(grams) > MAX_FILTER_TRIGRAMS:
        step = (len(grams) - 1) / (MAX_FILTER_TRIGRAMS - 1)
        grams = [grams[round(i * step)] for i in range(MAX_FILTER_TRIGRAMS)]
    return " ".join('"' + gram.replace('"', '""') + '"' for gram in grams)


NARROW_SHARE = 5
"""The trigram index answers a filter when at most one key in this many holds its trigrams:
each candidate costs a key lookup, a test and a place in the sort, several times a scanned
key's share, so a needle in most titles ("report" in 97,000 of 100,000) scans instead."""


def _narrows(db: sqlite3.Connection, trigrams: str) -> bool:
    """Whether few enough keys hold the needle's trigrams to look them up one by one:
    counted no further than the share that decides (2.5 ms at 100,000, where the scan is
    20-35 ms)."""
    last = db.execute("SELECT max(id) FROM list_keys").fetchone()[0]
    cap = int(last or 0) // NARROW_SHARE
    found = db.execute(
        "SELECT count(*) FROM (SELECT rowid FROM list_keys_trigrams"
        " WHERE list_keys_trigrams MATCH ? LIMIT ?)",
        (trigrams, cap + 1),
    ).fetchone()[0]
    return int(found) <= cap


def _write_list_keys(db: sqlite3.Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """What the filter matches for these documents (id, title, path, site), in one statement
    (kept with every write of a title, path or site; removal drops it by the foreign key)."""
    # An upsert, not INSERT OR REPLACE: a replaced row would leave the trigram index
    # without its delete (REPLACE fires no delete trigger)
    db.execute(
        f"INSERT INTO list_keys(id, key) VALUES {','.join(['(?, ?)'] * len(rows))}"
        " ON CONFLICT(id) DO UPDATE SET key = excluded.key WHERE key IS NOT excluded.key",
        [value for doc_id, title, path, site in rows
         for value in (doc_id, list_key(title, path, site))],
    )


def _refresh_list_key(db: sqlite3.Connection, doc_id: int) -> None:
    row = db.execute("SELECT title, path, site FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is not None:
        _write_list_keys(db, [(doc_id, row[0], row[1], row[2])])


def _entry(row: sqlite3.Row) -> LibraryEntry:
    return LibraryEntry(
        id=row["id"],
        path=row["path"],
        title=row["title"],
        word_count=row["word_count"],
        added_at=row["added_at"],
        collection=row["collection"],
        commentary_share=row["commentary_share"],
        site=row["site"],
        published=row["published"],
        versions=row["versions"],
        reporting_share=row["reporting_share"],
        furniture_share=row["furniture_share"],
        told_apart=told_apart(
            row["path"],
            row["site"],
            row["published"],
            bool(row["shared_title"]),
            bool(row["same_place"]),
        ),
    )


class Library:
    """Documents in the store. Holds no Qt; the GUI, CLI and benchmarks share it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def entries(
        self,
        sort: str | None = None,
        *,
        descending: bool = False,
        collection: str | None = None,
        contains: str | None = None,
    ) -> list[LibraryEntry]:
        """Metadata only (never the text), so listing 10,000 documents stays cheap.

        Default order: the seed collection first, then documents in the order added.
        `contains` filters on title or path, case-insensitively.
        """
        clause, order, params = _list_sql(
            ListQuery(sort, descending, collection, contains), self.db
        )
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a third of the cost at 10,000 rows
        rows = cursor.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM documents{clause} ORDER BY {order}", params
        )
        make = LibraryEntry._make
        return [
            make(
                (
                    *row[:10],
                    told_apart(row[1], row[7], row[8], True, row[11]) if row[10] else "",
                    row[12],
                    row[13],
                )
            )
            for row in rows
        ]

    def list_ids(self, query: ListQuery) -> list[int]:
        """The ids the list shows, in its order: all the lazy list holds (its rows are read
        as they are painted, with `entries_for`). Read from the list's covering index, never
        from the pages that hold the text."""
        clause, order, params = _list_sql(query, self.db)
        cursor = self.db.cursor()
        cursor.row_factory = None
        rows = cursor.execute(f"SELECT id FROM documents{clause} ORDER BY {order}", params)
        return [row[0] for row in rows]

    def entries_for(self, doc_ids: Iterable[int]) -> list[LibraryEntry]:
        """The current rows of these documents (missing ids are left out), in id order."""
        ids = sorted(set(doc_ids))
        found: list[LibraryEntry] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM documents WHERE id IN ({marks}) ORDER BY id", chunk
            )
            found += [_entry(row) for row in rows]
        return found

    def entry(self, doc_id: int) -> LibraryEntry | None:
        row = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return _entry(row) if row else None

    def id_for_path(self, path: str | Path) -> int | None:
        row = self.db.execute(
            "SELECT id FROM documents WHERE path = ?", (str(Path(path).resolve()),)
        ).fetchone()
        return int(row[0]) if row else None

    def size_bound(self, doc_id: int) -> int | None:
        """An upper bound on a stored document's characters (its size in bytes), read
        without touching the text: SQLite's length(text) walks the whole value (0.2 s for
        18 MB). None when the document is gone."""
        row = self.db.execute("SELECT size FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else int(row[0])

    def file_state(self, doc_id: int) -> tuple[int, float] | None:
        """(size, mtime) of the file when it was last stored; None when the document is gone."""
        row = self.db.execute(
            "SELECT size, mtime FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else (int(row[0]), float(row[1]))

    def document(self, doc_id: int) -> Document:
        """The stored document; its text is the text that offsets refer to."""
        from reader.core.text.document import split_paragraphs

        row = self.db.execute(
            "SELECT path, title, content_hash, text, meta, structure FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        # by position: the classifier's connections read plain tuples (`row_factory = None`)
        path, title, content_hash, text, meta_json, structure = row
        meta = None
        if meta_json:
            from reader.core.web.page_meta import PageMeta

            meta = PageMeta.from_json(meta_json)
        return Document(
            text=text,
            path=path,
            title=title,
            content_hash=content_hash,
            paragraphs=split_paragraphs(text),
            hints=hints_from_json(structure),
            meta=meta,
        )

    @contextlib.contextmanager
    def batch(self) -> Iterator[sqlite3.Connection]:
        """One transaction around many documents (a user change); reentrant (`transaction`)."""
        with transaction(self.db):
            yield self.db

    def store_document(
        self, document: Document, collection: str = LIBRARY_COLLECTION, *, index: bool = True
    ) -> tuple[int, str]:
        """Insert or refresh one document; returns its id and 'added'/'refreshed'/'unchanged'.

        With `index`, a new or changed text is indexed, classified and its notes re-anchored
        at once; the importer stores with `store_text` and does that per batch instead.
        """
        path = document.path if is_url(document.path) else str(Path(document.path).resolve())
        try:
            if is_url(path):
                raise OSError
            stat = Path(path).stat()
            size, mtime = stat.st_size, stat.st_mtime
        except OSError:
            size, mtime = len(document.text.encode("utf-8")), 0.0
        with self.batch():
            doc_id, outcome = self.store_text(
                path,
                document.text,
                document.title,
                document.content_hash,
                document.word_count,
                size,
                mtime,
                collection,
                web=web_columns(document),
            )
            if index and outcome != "unchanged":
                library_indexing.index_and_classify(
                    self.db, doc_id, without_chrome(document.text, document.hints)
                )
                library_indexing.document_stored(
                    self.db, doc_id, outcome, document.text, document.content_hash, path
                )
            return doc_id, outcome

    def store_text(
        self,
        path: str,
        text: str,
        title: str,
        content_hash: str,
        word_count: int,
        size: int,
        mtime: float,
        collection: str = LIBRARY_COLLECTION,
        *,
        web: WebColumns = NO_WEB,
    ) -> tuple[int, str]:
        """The row alone, under a resolved path: 'added', 'refreshed' (text changed, cached
        verdict dropped) or 'unchanged' (same text; size and time recorded). An update keeps
        the document's collection (a re-added seed stays a seed), and keeps the text it
        replaces as an earlier version (`pages.versions`)."""
        row = TextRow(path, text, title, content_hash, word_count, size, mtime, web)
        return self.store_texts([row], collection)[0]

    def store_texts(
        self, rows: Sequence[StoredText], collection: str = LIBRARY_COLLECTION
    ) -> list[tuple[int, str]]:
        """`store_text` for many documents in one transaction, in order: (id, outcome) of each.

        The new ones go in by `INSERT_ROWS` a statement. FTS5 writes out the terms it holds
        at the end of every statement that fires its trigger, so a statement a document
        wrote the search index a document at a time (0.23 ms a document for the row, its
        list key and both indexes; 0.06 in statements of 400)."""
        results: list[tuple[int, str] | None] = [None] * len(rows)
        with self.batch():
            stored = self._stored_paths([row.path for row in rows])
            new: dict[str, int] = {}  # path -> the first of its rows, if not in the store
            for index, row in enumerate(rows):
                if row.path not in stored and row.path not in new:
                    new[row.path] = index
            firsts = list(new.values())
            for start in range(0, len(firsts), INSERT_ROWS):
                chunk = firsts[start : start + INSERT_ROWS]
                ids = self._insert([rows[i] for i in chunk], collection)
                for index, doc_id in zip(chunk, ids, strict=True):
                    results[index] = (doc_id, "added")
            for index, row in enumerate(rows):  # in the store before, or a path given twice
                if results[index] is None:
                    results[index] = self._store_over(row)
        return [result for result in results if result is not None]

    def _stored_paths(self, paths: list[str]) -> set[str]:
        found = self.db.execute(
            "SELECT path FROM documents WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(paths),),
        )
        return {str(row[0]) for row in found}

    def _insert(self, rows: list[StoredText], collection: str) -> list[int]:
        """New documents' rows and list keys, a statement each; their ids, in order."""
        now = time.time()
        packed = [row.packed if row.packed is not None else pack(row.text) for row in rows]
        values: list[object] = []
        for row, value in zip(rows, packed, strict=True):
            values += (row.path, row.content_hash, row.title, row.word_count, row.size,
                       row.mtime, now, collection, value, *row.web, now, row.sample_size)
        marks = ",".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
        texts = [row.text for row in rows]
        with known_texts(zip(packed, texts, strict=True)):  # read back by the search trigger
            found = dict(
                self.db.execute(
                    "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
                    " added_at, collection, packed_text, meta, structure, site, published,"
                    f" text_at, sample_size) VALUES {marks} RETURNING path, id",
                    values,
                ).fetchall()
            )
        ids = [int(found[row.path]) for row in rows]
        keys = zip(ids, (row.title for row in rows), (row.path for row in rows),
                   (row.web.site for row in rows), strict=True)
        _write_list_keys(self.db, list(keys))
        return ids

    def _store_over(self, new: StoredText) -> tuple[int, str]:
        """A document already stored under this path: 'unchanged' or 'refreshed'."""
        row = self.db.execute(
            "SELECT id, content_hash, title, title_edited FROM documents WHERE path = ?",
            (new.path,),
        ).fetchone()
        doc_id = int(row[0])
        if row[1] == new.content_hash:
            self.db.execute(
                "UPDATE documents SET size = ?, mtime = ? WHERE id = ?",
                (new.size, new.mtime, doc_id),
            )
            return doc_id, "unchanged"
        keep_version(self.db, doc_id)
        packed = new.packed if new.packed is not None else pack(new.text)
        self.db.execute(
            "UPDATE documents SET content_hash = ?,"
            " title = CASE WHEN title_edited THEN title ELSE ? END, word_count = ?, size = ?,"
            " mtime = ?, packed_text = ?, segments = NULL, commentary_share = NULL,"
            " reporting_share = NULL, furniture_share = NULL, meta = ?,"
            " structure = ?, site = ?, published = ?, text_at = ?,"
            " sample_size = coalesce(?, sample_size) WHERE id = ?",
            (new.content_hash, new.title, new.word_count, new.size, new.mtime, packed, *new.web,
             time.time(), new.sample_size, doc_id),
        )
        title = row[2] if row[3] else new.title
        _write_list_keys(self.db, [(doc_id, title, new.path, new.web.site)])
        return doc_id, "refreshed"

    def rename(self, doc_id: int, title: str) -> bool:
        """The user's own title for a document (kept when its text is read again); an empty
        title gives the document back the one its text says. False for an unknown id."""
        title = " ".join(title.split())
        with self.batch():
            if title:
                changed = self.db.execute(
                    "UPDATE documents SET title = ?, title_edited = 1 WHERE id = ?",
                    (title, doc_id),
                ).rowcount
                if changed:
                    _refresh_list_key(self.db, doc_id)
                return changed > 0
            row = self.db.execute("SELECT path FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return False
            self.db.execute("UPDATE documents SET title_edited = 0 WHERE id = ?", (doc_id,))
        document = self.document(doc_id)
        from reader.core.text.title import derive_title

        derived = (document.meta.title if document.meta else "") or derive_title(document.text)
        with self.batch():
            self.db.execute(
                "UPDATE documents SET title = ? WHERE id = ?",
                (derived or Path(document.path).stem, doc_id),
            )
            _refresh_list_key(self.db, doc_id)
        return True

    def add_files(
        self, paths: Iterable[str | Path], collection: str = LIBRARY_COLLECTION
    ) -> AddResult:
        """Add files and folders (recursively) in one go (`reader.core.library.importer`)."""
        from reader.core.library.importer import add_files

        result = AddResult([], [], [], [])
        for item in add_files(self, paths, collection):
            if item.error is not None:
                result.failed.append(item.error)
            elif item.doc_id is not None:
                getattr(result, item.outcome).append(item.doc_id)
        return result

    def refresh(self, path: str | Path) -> tuple[int, str]:
        """Re-read a file already in the library (or add it); raises `DocumentError`."""
        return self.store_document(load_document(path))

    def ensure_seeds(self) -> AddResult | None:
        """A fresh library opens the bundled corpus, once: a library the user emptied stays
        empty (`reader remove` of the seeds said "2 removed" and they came back at the next
        start). A marker beside the store remembers that the library was ever not empty."""
        marker = self._seeds_marker()
        if marker is not None and marker.exists():
            return None
        result = None if self.count() else self.add_files(seed_paths(), SEED_COLLECTION)
        if marker is not None:
            with contextlib.suppress(OSError):  # read-only data dir: offered again next time
                marker.touch(mode=0o600)
        return result

    def _seeds_marker(self) -> Path | None:
        row = self.db.execute("PRAGMA database_list").fetchone()
        return seeds_marker(Path(row[2])) if row and row[2] else None

    def remove(self, doc_ids: Iterable[int]) -> int:
        """Forget documents (their files stay on disk); returns how many were in the library.

        Notes keep their text and are left unattached (`doc_id` set to NULL by the schema).
        """
        ids = list(doc_ids)
        removed = 0
        with self.batch():
            for doc_id in ids:
                removed += self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
        return removed

    def ids_under(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        """path -> id of every document stored below this folder."""
        root = str(Path(folder).resolve()).rstrip("/") + "/"
        rows = self.db.execute(
            "SELECT path, id FROM documents WHERE substr(path, 1, ?) = ?", (len(root), root)
        )
        return {str(row[0]): int(row[1]) for row in rows}

    def collections(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT collection FROM documents ORDER BY collection")
        return [str(row[0]) for row in rows]

    # Watched folders: re-scanned by the GUI's watcher; listed by the CLI.
    def watch(self, folder: str | Path) -> str:
        path = str(Path(folder).resolve())
        with self.batch():
            self.db.execute(
                "INSERT OR IGNORE INTO watched_folders (path, added_at) VALUES (?, ?)",
                (path, time.time()),
            )
        return path

    def unwatch(self, folder: str | Path) -> None:
        with self.batch():
            self.db.execute(
                "DELETE FROM watched_folders WHERE path = ?", (str(Path(folder).resolve()),)
            )

    def watched_folders(self) -> list[str]:
        rows = self.db.execute("SELECT path FROM watched_folders ORDER BY path")
        return [str(row[0]) for row in rows]

    def change_counter(self) -> int:
        """Changes when another connection (the CLI, a worker) commits to the store."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])
