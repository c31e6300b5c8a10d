"""The SQLite store: schema, migrations, and opening it safely.

One file in the data dir holds the library (metadata, text, full-text and provenance
indexes) and the user's notes. WAL mode, `PRAGMA user_version` migrations, one
transaction per user change. A store that cannot be opened is moved aside as a backup
and never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from reader.core.store import packed_text, samples
from reader.core.store.lock_holders import describe_holders
from reader.core.store.paths import backups_dir, seeds_marker
from reader.core.text.folding import list_key

_V1 = """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            word_count INTEGER NOT NULL,
            size INTEGER NOT NULL DEFAULT 0,
            mtime REAL NOT NULL DEFAULT 0,
            added_at REAL NOT NULL,
            collection TEXT NOT NULL DEFAULT 'library',
            commentary_share REAL,
            segments TEXT,
            text TEXT NOT NULL
        );
        CREATE INDEX documents_hash ON documents(content_hash);

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id', tokenize='unicode61'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;

        CREATE TABLE shingles (
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
        );
        CREATE INDEX shingles_hash ON shingles(hash);
        CREATE INDEX shingles_doc ON shingles(doc_id);

        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            doc_hash TEXT NOT NULL DEFAULT '',
            doc_path TEXT NOT NULL DEFAULT '',
            exact TEXT NOT NULL DEFAULT '',
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER,
            end INTEGER,
            color TEXT NOT NULL DEFAULT 'yellow',
            body TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            updated REAL NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX notes_doc ON notes(doc_id);

        CREATE VIRTUAL TABLE notes_fts USING fts5(
            body, exact, content='notes', content_rowid='id', tokenize='unicode61'
        );
        CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts(rowid, body, exact) VALUES (new.id, new.body, new.exact);
        END;
        CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, body, exact)
            VALUES ('delete', old.id, old.body, old.exact);
        END;
        CREATE TRIGGER notes_au AFTER UPDATE OF body, exact ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, body, exact)
            VALUES ('delete', old.id, old.body, old.exact);
            INSERT INTO notes_fts(rowid, body, exact) VALUES (new.id, new.body, new.exact);
        END;

        CREATE TABLE watched_folders (path TEXT PRIMARY KEY, added_at REAL NOT NULL);
"""

_V2 = """
        -- The sidebar lists a document's notes by place, in reading order: this index holds
        -- every column that query reads, already in its order (no sort, no table lookups:
        -- 1,000 notes in 0.75 ms instead of 1.2 ms). It starts with doc_id, so it also
        -- serves every lookup notes_doc served, including the documents foreign key.
        CREATE INDEX notes_places
            ON notes(doc_id, orphaned, start IS NOT NULL, start, created, end, color);
        DROP INDEX notes_doc;
"""

_V5_NOTE_TAGS = """
        -- Issue 18: tags on notes (newline-separated, in the user's order) and what an
        -- imported annotation carried that the note does not model (a JSON object: other
        -- targets, selectors, bodies, creator...), so a round trip loses nothing.
        ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '';
        ALTER TABLE notes ADD COLUMN extra TEXT NOT NULL DEFAULT '';
"""

_SCALE = """
        -- Scale (issue 20). The provenance index answers from its own B-tree: a WITHOUT ROWID
        -- table keyed (hash, doc_id), so finding the documents that share a hash reads no
        -- table rows (the old rowid table cost one random read per entry), and its doc_id
        -- index (which carries the hash) serves removal and re-indexing.
        CREATE TABLE shingles_v3 (
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (hash, doc_id)
        ) WITHOUT ROWID;
        -- Read in table order and sorted once (through the old hash index, each row was a
        -- random read: 10 s instead of 2 for 10,000 documents).
        -- Hashes are kept to 31 bits (4 bytes each: `shingles.STORED_BITS`).
        INSERT OR IGNORE INTO shingles_v3(hash, doc_id)
            SELECT hash & 2147483647, doc_id FROM shingles NOT INDEXED
            ORDER BY hash & 2147483647, doc_id;
        DROP TABLE shingles;
        ALTER TABLE shingles_v3 RENAME TO shingles;
        CREATE INDEX shingles_doc ON shingles(doc_id);

        -- How many sampled hashes each document has: what the candidate test compares with,
        -- read with the row instead of counted from the index for every candidate.
        ALTER TABLE documents ADD COLUMN sample_size INTEGER;
        UPDATE documents SET sample_size = (
            SELECT count(*) FROM shingles WHERE shingles.doc_id = documents.id);

        -- The list's columns apart from the text: a covering index, so listing, filtering
        -- and sorting 100,000 documents read ~20 MB of index pages instead of every page
        -- that holds an article's text (the rows are a page or more each).
        CREATE INDEX documents_list ON documents(
            id, collection, title, path, word_count, added_at, commentary_share);
        -- The list's default order (seeds first, then as added), already sorted: the ids
        -- the list starts with come from this small index with no sort at start-up.
        CREATE INDEX documents_default_order ON documents(collection = 'seeds' DESC, id);

        -- Adopting notes when a document is added looks them up by content hash or old
        -- path: without these, a full scan of the notes per added document.
        CREATE INDEX notes_doc_hash ON notes(doc_hash);
        CREATE INDEX notes_doc_path ON notes(doc_path);
"""

_V8_RELATIONS = """
        -- What each document is to another (issue 17): a copy of an original, with what the
        -- copy added, left out and changed, or a sibling (two versions of one story). The
        -- library's labels read it; the comparison fills it when a copy is classified.
        CREATE TABLE relations (
            copy_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            original_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('copy', 'sibling')),
            added INTEGER NOT NULL DEFAULT 0,
            left_out INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (copy_id, original_id)
        ) WITHOUT ROWID;
        CREATE INDEX relations_original ON relations(original_id);
"""

_WEB_PAGES = """
        -- Web pages (issue 16; numbered 4 in the plan, after the listing's migration 3).
        -- What the page says about itself, as JSON (PageMeta), with the two fields the list
        -- sorts and filters on copied out; the converter's structural hints for the
        -- classifier (JSON [start, end, kind, reason] per paragraph).
        ALTER TABLE documents ADD COLUMN meta TEXT;
        ALTER TABLE documents ADD COLUMN structure TEXT;
        ALTER TABLE documents ADD COLUMN site TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN published TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN text_at REAL;  -- when this text was stored
        ALTER TABLE documents ADD COLUMN versions INTEGER NOT NULL DEFAULT 1;
        -- 1 when the user set the title: a re-read of the file or page keeps it.
        ALTER TABLE documents ADD COLUMN title_edited INTEGER NOT NULL DEFAULT 0;
        -- Earlier texts of a document, never overwritten: a re-fetch or a changed file
        -- moves the current text here before the new one replaces it.
        CREATE TABLE document_versions (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            meta TEXT,
            structure TEXT,
            stored_at REAL NOT NULL,
            replaced_at REAL NOT NULL
        );
        CREATE INDEX document_versions_doc ON document_versions(doc_id, id);
        -- The HTML a fetched page came as, per version (by content hash), so a better
        -- converter can read it again later.
        CREATE TABLE page_sources (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            url TEXT NOT NULL,
            fetched_at REAL NOT NULL,
            html BLOB NOT NULL,
            PRIMARY KEY (doc_id, content_hash)
        );
"""

_NOTE_BODIES = """
        -- Issue 18: the reading pane marks highlights that carry a note. The rows of a
        -- document's notes with a body come from this partial index (SQLite 3.40 still checks
        -- each listed row's body: 0.36 ms for 500 of 1,000 notes, against 1.1 ms for the
        -- places); the sidebar's place query and its covering index stay as they were.
        CREATE INDEX notes_with_body ON notes(doc_id)
            WHERE trim(body, char(32, 9, 10, 13)) <> '';
"""

_SAME_TITLES = """
        -- Issue 16: documents that share a title are told apart in the list (by site and
        -- date, else by file name). Each listed row asks whether another row has its title,
        -- and whether one has its site and date too: two probes of this index per row,
        -- never a scan of the library.
        CREATE INDEX documents_title ON documents(title, site, published);
"""

_NOTE_VERSION_PLACES = """
        -- Issue 16: notes keep their place in a document's earlier versions. Before a new
        -- text replaces the current one, where each note sits in it is kept here, by the
        -- replaced text's content hash (offsets into a text that never changes again).
        CREATE TABLE note_version_places (
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (note_id, content_hash)
        ) WITHOUT ROWID;
"""

_REPEATED_LINES = """
        -- Issue 15: site chrome found by repetition. Each document's short lines (at most
        -- 32), as keys mixed with its site, so the classifier can ask how many other pages of
        -- a site carry a line (`classify.repeated`) reading at most 101 entries per line.
        -- Documents stored before this migration are added as they are next indexed.
        CREATE TABLE line_index (
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (hash, doc_id)
        ) WITHOUT ROWID;
        CREATE INDEX line_index_doc ON line_index(doc_id);
"""

_KIND_SHARES = """
        -- Issue 17: each library row shows a bar of its three kinds. The verdict's reporting
        -- and furniture shares are kept beside its commentary share, so the list paints the
        -- bar from the row it already reads (NULL until the document is classified again).
        ALTER TABLE documents ADD COLUMN reporting_share REAL;
        ALTER TABLE documents ADD COLUMN furniture_share REAL;
"""

_COMPACT_SEARCH_INDEX = """
        -- Issue 20: the store at most twice its text. The library's full-text index keeps
        -- which column of which document holds each word, not each word's positions
        -- (detail=column): search asks for words (every query word quoted on its own,
        -- `search.fts_query`), never phrases or NEAR, and FTS5 finds a snippet's words by
        -- reading the one document it shows. Positions were most of the index. The text
        -- stays where it was (external content: `documents.text`), stored once.
        DROP TRIGGER documents_ai;
        DROP TRIGGER documents_ad;
        DROP TRIGGER documents_au;
        DROP TABLE documents_fts;
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id', tokenize='unicode61',
            detail='column'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
"""

_FOLDED_LIST_KEYS = """
        -- Issue 20: the library filter ignores case (and accents) in every script, not only
        -- for ASCII as LIKE did. Each document's title, path and site, folded in Python
        -- (`folding.list_key`, written by `Library.store_text` and `rename`), in a narrow
        -- table of their own: a filter scans ~15 MB at 100,000 documents instead of reading
        -- every row past its text to reach `site` (a column added after it).
        CREATE TABLE list_keys (
            id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            key TEXT NOT NULL
        );
        INSERT INTO list_keys(id, key)
            SELECT id, reader_list_key(title, path, site) FROM documents;
"""

_COMPACT_PROVENANCE_INDEX = """
        -- Issue 20: the store at most twice its text. The provenance index kept every entry
        -- twice: keyed (hash, doc_id) to find who shares a hash, and again by doc_id to find
        -- a document's own (190 MB at 100,000 documents). A document's own hashes are now
        -- one packed row (`store.samples`, 4 bytes a value); removing the row (the document
        -- goes, by the foreign key) takes its entries out of the index by trigger. The index
        -- is copied in key order, so its pages are full.
        CREATE TABLE document_samples (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            shingle_hashes BLOB NOT NULL,
            name_codes BLOB NOT NULL
        );
        INSERT INTO document_samples(doc_id, shingle_hashes, name_codes)
            SELECT doc_id, reader_packed_shingles(listed), reader_packed_names(listed)
            FROM (SELECT doc_id, group_concat(hash) AS listed FROM shingles GROUP BY doc_id);
        CREATE TABLE shingles_packed (
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL,
            PRIMARY KEY (hash, doc_id)
        ) WITHOUT ROWID;
        -- ORDER BY: read in key order and appended (the planner would read the doc_id
        -- index, making every insert a random one: 12 s instead of 0.6 at 20,000 documents)
        INSERT INTO shingles_packed(hash, doc_id)
            SELECT hash, doc_id FROM shingles ORDER BY hash, doc_id;
        DROP TABLE shingles;
        ALTER TABLE shingles_packed RENAME TO shingles;
""" + samples.DELETE_TRIGGER

_PACKED_LINE_INDEX = """
        -- Issue 20: the store at most twice its text. The short-line index (issue 15) kept
        -- every entry twice, like the provenance index did: keyed (hash, doc_id) to count a
        -- line's pages, and again by doc_id to find a document's own lines. A document's
        -- line keys are now packed in its sample row (`store.samples`, 8 bytes a key; NULL
        -- until its lines are computed: documents stored before the line index are filled
        -- in by the background pass, `shingles.fill_line_keys`), and a trigger takes them
        -- out of the index when the row goes. The index is copied in key order (full pages)
        -- and has no foreign key: a cascade would have needed the doc_id B-tree.
        ALTER TABLE document_samples ADD COLUMN line_keys BLOB;
        UPDATE document_samples SET line_keys = (
            SELECT reader_packed_lines(group_concat(hash)) FROM line_index
            WHERE line_index.doc_id = document_samples.doc_id);
        CREATE TABLE line_index_packed (
            hash INTEGER NOT NULL,
            doc_id INTEGER NOT NULL,
            PRIMARY KEY (hash, doc_id)
        ) WITHOUT ROWID;
        INSERT INTO line_index_packed(hash, doc_id)
            SELECT hash, doc_id FROM line_index
            WHERE doc_id IN (SELECT doc_id FROM document_samples)
            ORDER BY hash, doc_id;
        DROP TABLE line_index;
        ALTER TABLE line_index_packed RENAME TO line_index;
        -- The documents whose lines are still to be computed, found without a scan.
        CREATE INDEX document_samples_unlined ON document_samples(doc_id)
            WHERE line_keys IS NULL;
""" + samples.LINES_DELETE_TRIGGER

_PACKED_TEXT = """
        -- Issue 20: the store at most twice its text, short articles too. The text is kept
        -- deflated in `packed_text` (`store.packed_text`: about half the bytes, and rows
        -- that share pages instead of half-filling one each); `text` is a generated column
        -- that inflates it, so every reader of `documents.text`, FTS5's external content
        -- and its snippets included, sees the same text as before. The full-text index is
        -- unchanged (the same words): the triggers are dropped while the rows are rewritten,
        -- and come back reading the generated column.
        DROP TRIGGER documents_ai;
        DROP TRIGGER documents_ad;
        DROP TRIGGER documents_au;
        ALTER TABLE documents RENAME COLUMN text TO packed_text;
        -- Cached verdicts are deflated the same way (`verdicts.unpack_segments` reads both).
        UPDATE documents SET packed_text = reader_pack_text(packed_text),
            segments = reader_pack_text(segments);
        -- No declared type: an integrity check (another program's too) then never computes it.
        ALTER TABLE documents ADD COLUMN text
            GENERATED ALWAYS AS (reader_text(packed_text)) VIRTUAL;
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, packed_text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
"""

_LIST_KEY_TRIGRAMS = """
        -- Issue 20: the library filter without a scan of every folded key per keystroke
        -- (65 ms at 100,000 documents). A trigram index of `list_keys` (external content:
        -- the keys are stored once; no positions, detail=none): a needle of three or more
        -- characters asks it for the keys holding each of its trigrams, and only those keys
        -- are tested for the needle itself (`documents._list_sql`), so what matches is
        -- exactly what the scan matched. The keys are folded already: case_sensitive 1
        -- compares them as they are. No column sizes: nothing ranks these matches.
        CREATE VIRTUAL TABLE list_keys_trigrams USING fts5(
            key, content='list_keys', content_rowid='id',
            tokenize='trigram case_sensitive 1', detail='none', columnsize=0
        );
        CREATE TRIGGER list_keys_ai AFTER INSERT ON list_keys BEGIN
            INSERT INTO list_keys_trigrams(rowid, key) VALUES (new.id, new.key);
        END;
        CREATE TRIGGER list_keys_ad AFTER DELETE ON list_keys BEGIN
            INSERT INTO list_keys_trigrams(list_keys_trigrams, rowid, key)
            VALUES ('delete', old.id, old.key);
        END;
        CREATE TRIGGER list_keys_au AFTER UPDATE OF key ON list_keys BEGIN
            INSERT INTO list_keys_trigrams(list_keys_trigrams, rowid, key)
            VALUES ('delete', old.id, old.key);
            INSERT INTO list_keys_trigrams(rowid, key) VALUES (new.id, new.key);
        END;
        INSERT INTO list_keys_trigrams(list_keys_trigrams) VALUES ('rebuild');
"""

_UNINDEXED_SAMPLES = """
        -- Issue 20: a linear import. A big import stores each batch's documents and their
        -- packed sample rows, and puts their entries in the two indexes (`shingles`,
        -- `line_index`) once, in key order, when all its files are stored: a commit per batch
        -- rewrote most of the provenance index's pages (keyed by hash, entries land all over
        -- it). The documents whose entries are still to come are listed here, committed with
        -- their batch, so that a crash before then loses nothing: the next import puts
        -- them in from their sample rows first (`store.samples.reindex_unindexed`).
        CREATE TABLE unindexed_samples (doc_id INTEGER PRIMARY KEY);
""" + samples.UNINDEXED_DELETE_TRIGGER

MIGRATIONS: list[str] = [
    *(_V1, _V2, _V5_NOTE_TAGS, _SCALE, _V8_RELATIONS, _WEB_PAGES, _NOTE_BODIES),
    _SAME_TITLES,
    _NOTE_VERSION_PLACES,
    _REPEATED_LINES,
    _KIND_SHARES,
    _COMPACT_SEARCH_INDEX,
    _FOLDED_LIST_KEYS,
    _COMPACT_PROVENANCE_INDEX,
    _PACKED_LINE_INDEX,
    _PACKED_TEXT,
    _LIST_KEY_TRIGRAMS,
    _UNINDEXED_SAMPLES,
]
"""Migration i (SQL) takes the schema from version i to i + 1. Append; never edit a shipped one."""

SCHEMA_VERSION = len(MIGRATIONS)


PAGE_SIZE = 8192
"""Bytes a page: a document's row (its deflated text, 1-3 KB) shares a page with others
instead of half-filling one of 4 KB (issue 20: 10% of a short-article library was the
unused half of pages)."""

StoreAccessError = sqlite3.Error
"""What a call on an open store may raise (busy past the timeout, disk full, I/O, damage):
front ends catch it by this name and never import sqlite3 themselves."""


OLDEST_SQLITE = (3, 35, 0)
"""The oldest SQLite the store works with: RETURNING (3.35), the FTS5 trigram tokenizer of the
list filter (3.34), generated columns for the deflated text (3.31). Older ones fail half-way
through a migration with an error that names none of this."""


class StoreError(Exception):
    """The store cannot be used; `message` says what happened in plain words."""

    def __init__(self, message: str, backup: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.backup = backup


class OpenedStore:
    """An open store: `recovered_from` is set when a damaged store was moved there and a
    fresh one started; `read_only_reason` when the store could only be opened for reading
    (it says why, in plain words). A plain class: a dataclass costs ~0.6 ms at launch."""

    __slots__ = ("db", "path", "recovered_from", "read_only_reason", "unchecked")

    def __init__(
        self,
        db: sqlite3.Connection,
        path: Path,
        recovered_from: Path | None = None,
        read_only_reason: str | None = None,
    ) -> None:
        self.db = db
        self.path = path
        self.recovered_from = recovered_from
        self.read_only_reason = read_only_reason
        self.unchecked = False
        """Opened after an unclean close without the full check (`defer_check`): the
        caller runs `check_store` in the background once its window is up."""


SQLITE_HEADER = b"SQLite format 3\x00"
STARTUP_BUSY_MS = 1500
"""How long opening waits for another program's lock before saying so (not 10 s of nothing)."""
BUSY_MS = 10000


class _Damaged(Exception):
    """The file is not a usable SQLite database (garbage, truncated, malformed)."""


def _backup_aside(path: Path) -> Path:
    """Move the store (and its WAL files) into backups/; the original bytes are kept whole.

    Never overwrites: each damaged file gets its own name, however quickly they come.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = backups_dir(path.parent)
    counter = 0
    while True:
        suffix = f"-{counter}" if counter else ""
        target = folder / f"{path.name}.{stamp}{suffix}.bad"
        try:  # O_EXCL claims the name atomically, so two processes cannot pick the same one
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            break
        except FileExistsError:
            counter += 1
    os.replace(path, target)  # same file system: a rename, byte-identical
    for side_suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + side_suffix)
        if side.exists():
            shutil.move(str(side), str(target) + side_suffix)
    return target


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        uri = f"file:{quote(str(path))}?mode=ro"
        db = sqlite3.connect(
            uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False
        )
    else:
        db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute(f"PRAGMA busy_timeout = {STARTUP_BUSY_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    add_migration_functions(db)
    return db


def add_store_functions(db: sqlite3.Connection) -> None:
    """What reading `documents.text` calls (it inflates `packed_text`: `store.packed_text`).
    Every connection to a store needs it; another program without it can read every other
    column."""
    db.create_function("reader_text", 1, packed_text.unpack, deterministic=True)


def add_migration_functions(db: sqlite3.Connection) -> None:
    """What the migrations that fill `list_keys` (SQL cannot fold Unicode),
    `document_samples` and `packed_text` call, with `add_store_functions`."""
    add_store_functions(db)
    db.create_function("reader_pack_text", 1, _pack_value, deterministic=True)
    db.create_function("reader_list_key", 3, list_key, deterministic=True)
    db.create_function("reader_packed_shingles", 1, samples.packed_shingles, deterministic=True)
    db.create_function("reader_packed_names", 1, samples.packed_names, deterministic=True)
    db.create_function("reader_packed_lines", 1, samples.packed_lines, deterministic=True)


def _pack_value(value: str | None) -> str | bytes | None:
    return None if value is None else packed_text.pack(value)


def _connect_immutable(path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    add_store_functions(db)
    return db


def connect_worker(
    path: Path, *, readonly: bool = False, busy_ms: int = BUSY_MS
) -> sqlite3.Connection:
    """Another connection to an already opened store, for work off the main connection
    (a thread, a worker process, a child process): a connection is never used by two
    threads at once (an import's index flush borrows the writer's while the writer waits:
    `importer._Flush`).
    The one connection factory: every worker gets the store's settings (rows by name,
    `foreign_keys`, a busy timeout, WAL's `synchronous = NORMAL` for writers)."""
    if readonly:
        db = _connect(path, readonly=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            db.close()
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise
            return _connect_immutable(path)  # read-only folder: see `_open_read_only`
    else:
        db = _connect(path)
        db.execute("PRAGMA synchronous = NORMAL")  # as the store: WAL, no fsync per commit
    db.execute(f"PRAGMA busy_timeout = {busy_ms}")
    return db


def _is_locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _locked_message(path: Path, reading: bool) -> str:
    who = describe_holders(path, path.with_name(path.name + "-wal"))
    if reading:
        return (
            f"Your library ({path}) is locked by {who}, so reader cannot even read it. "
            "Close that program (or wait for it to finish), then start reader again. "
            "Nothing was changed."
        )
    return (
        f"Your library is being changed by {who} right now, so reader opened it read-only: "
        "you can read, but new documents and notes cannot be saved until you close that "
        "program and restart reader."
    )


def _check_header(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        raise _Damaged("not an SQLite database")


def _check_integrity(db: sqlite3.Connection) -> None:
    try:
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        raise  # locked, cannot open, I/O: not proof of damage, so never a reason to move it
    except sqlite3.DatabaseError as error:
        raise _Damaged(str(error)) from error
    if check != "ok":
        raise _Damaged(f"integrity check failed: {check}")


CLEAN_SUFFIX = ".closed-cleanly"
"""Beside the store: what its files looked like when the last session closed it cleanly."""


def _clean_marker(path: Path) -> Path:
    return path.with_name(path.name + CLEAN_SUFFIX)


def _file_state(path: Path) -> list[object]:
    """Identity, size and modification time of the store and its WAL (an empty or missing
    WAL is no content): any write since, by any program, changes one of them."""
    info = path.stat()
    state: list[object] = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]
    wal = path.with_name(path.name + "-wal")
    try:
        wal_info = wal.stat()
    except OSError:
        return state
    if wal_info.st_size:
        state += [wal_info.st_ino, wal_info.st_size, wal_info.st_mtime_ns]
    return state


def _unchanged_since_clean_close(path: Path) -> bool:
    """True when the last session closed the store cleanly and nothing touched it since;
    only then may opening skip the integrity check (a crash, another program's writes or
    bytes changed on disk all make this False)."""
    try:
        recorded = json.loads(_clean_marker(path).read_text(encoding="utf-8"))
        return bool(recorded == _file_state(path))
    except (OSError, ValueError):
        return False


DEFER_CHECK_BYTES = 64 * 1024 * 1024
"""Stores smaller than this are checked before use even when the check may be deferred: it
takes under a tenth of a second there, and nothing then ever meets a damaged page."""
FAILED_CHECK_SUFFIX = ".check-failed"
"""Beside the store: a background check found damage, so the next start checks before use
(and sets a damaged file aside), whatever the clean-close record says."""


def _failed_check_marker(path: Path) -> Path:
    return path.with_name(path.name + FAILED_CHECK_SUFFIX)


def check_store(path: Path) -> str | None:
    """The integrity check a start after a crash defers (2 s on a 100,000-document store),
    on a read-only connection of its own: None when the store is sound, else what is wrong.
    Damage is recorded, so the next start checks before use and sets the file aside."""
    try:
        db = _connect(path, readonly=True)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            _check_integrity(db)
        finally:
            db.close()
    except _Damaged as error:
        problem = str(error)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError):
            return None  # locked or unreadable now: not proof of damage (as at open)
        problem = str(error)
    else:
        return None
    with contextlib.suppress(OSError):
        _failed_check_marker(path).write_text(problem, encoding="utf-8")
        _forget_clean_close(path)
    return problem


def _forget_clean_close(path: Path) -> None:
    """Opened for writing: until this session closes cleanly, the next one checks."""
    with contextlib.suppress(FileNotFoundError):
        _clean_marker(path).unlink()


def close_store(opened: OpenedStore) -> None:
    """Close the connection; a writable store records that it was closed cleanly, so the
    next start can skip `PRAGMA quick_check` (0.2 s on a 10,000-document library)."""
    opened.db.close()
    if opened.read_only_reason is not None or _failed_check_marker(opened.path).exists():
        return
    marker = _clean_marker(opened.path)
    temporary = marker.with_name(marker.name + ".tmp")
    try:
        state = json.dumps(_file_state(opened.path)).encode("utf-8")
        handle = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            os.write(handle, state)
        finally:
            os.close(handle)
        os.replace(temporary, marker)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _check_schema(db: sqlite3.Connection) -> None:
    """What opening costs when the store was closed cleanly: its schema must read."""
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as error:
        raise _Damaged(str(error)) from error


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


MigrationProgress = Callable[[int, int], object]
"""Told (steps done, steps in all) before each migration step and once all are done."""


def _migrate(
    db: sqlite3.Connection, version: int, progress: MigrationProgress | None = None
) -> None:
    for index in range(version, SCHEMA_VERSION):
        if progress is not None:
            progress(index - version, SCHEMA_VERSION - version)
        # executescript commits whatever is open, so the transaction lives inside the script.
        try:
            db.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[index]}\n"
                f"PRAGMA user_version = {index + 1};\nCOMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    if progress is not None and version < SCHEMA_VERSION:
        progress(SCHEMA_VERSION - version, SCHEMA_VERSION - version)


def _can_write_lock(db: sqlite3.Connection) -> bool:
    """Whether another program holds the write lock (probed without changing anything)."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _is_locked(error):
            return False
        raise
    db.execute("ROLLBACK")
    return True


def _create(path: Path) -> OpenedStore:
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"reader cannot create its library in {folder}: that folder is read-only. "
            "Make it writable, or start reader with --data-dir pointing somewhere writable."
        )
    # Created owner-only before SQLite touches it; SQLite gives -wal/-shm the same mode.
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    with contextlib.suppress(FileNotFoundError):
        seeds_marker(path).unlink()  # a new library: its seeds are offered again
    db = _connect(path)
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before the first table: see PAGE_SIZE
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    _migrate(db, 0)
    db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return OpenedStore(db, path)


def _open_read_only(path: Path, reason: str) -> OpenedStore:
    try:
        try:
            db = _connect(path, readonly=True)
            _check_integrity(db)
        except sqlite3.OperationalError:
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise
            # WAL readers need a -shm file; in a read-only folder it cannot be made. With
            # no WAL content the file alone is the whole truth, so read it as immutable.
            db = _connect_immutable(path)
            _check_integrity(db)
        db.execute("SELECT id, path, title, text FROM documents LIMIT 0")
    except _Damaged:
        raise
    except sqlite3.Error as error:
        raise StoreError(f"{reason} It cannot be read either ({error}).") from error
    db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return OpenedStore(db, path, read_only_reason=reason)


def _open_existing(
    path: Path, defer_check: bool = False, progress: MigrationProgress | None = None
) -> OpenedStore:
    if not os.access(path, os.R_OK):
        raise StoreError(
            f"reader may not read your library file {path} (permission denied). "
            "It was left untouched; fix its permissions and start reader again."
        )
    _check_header(path)
    folder_writable = os.access(path.parent, os.W_OK | os.X_OK)
    if not os.access(path, os.W_OK) or not folder_writable:
        what = "file" if folder_writable else "folder"
        where = path if folder_writable else path.parent
        return _open_read_only(
            path,
            f"Your library {what} ({where}) is read-only, so reader opened it for reading "
            "only: new documents and notes cannot be saved until it is writable again.",
        )
    failed = _failed_check_marker(path)
    suspect = failed.exists()
    skip_check = not suspect and _unchanged_since_clean_close(path)
    defer = (
        defer_check
        and not skip_check
        and not suspect
        and path.stat().st_size >= DEFER_CHECK_BYTES
    )
    _forget_clean_close(path)
    db = _connect(path)
    try:
        if skip_check or defer:
            _check_schema(db)
        else:
            _check_integrity(db)
            if suspect:  # checked again and sound (the damage was repaired meanwhile)
                failed.unlink()
        version = _version(db)
        if version > SCHEMA_VERSION:  # decided before anything writes to the file
            db.close()
            return _open_read_only(
                path,
                f"Your library was written by a newer version of reader (schema {version}; "
                f"this version knows {SCHEMA_VERSION}). It was opened read-only and left "
                "untouched; update reader to add documents or notes.",
            )
        if not _can_write_lock(db):
            db.close()
            return _open_read_only(path, _locked_message(path, reading=False))
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, version, progress)
    except BaseException:
        db.close()
        raise
    db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    opened = OpenedStore(db, path)
    opened.unchecked = defer
    return opened


def open_store(
    path: Path,
    *,
    recover: bool = True,
    defer_check: bool = False,
    progress: MigrationProgress | None = None,
) -> OpenedStore:
    """Open (creating or migrating) the store; a damaged one is set aside and replaced.

    `defer_check`: after an unclean close, check only that the schema reads and leave the
    full integrity check to `check_store` in the background (`OpenedStore.unchecked`); a
    store a background check found damaged is always checked here first.
    Falls back to read-only when the file, folder or schema version forbids writing or
    another program holds the write lock. Raises `StoreError` only when nothing usable
    can be had (unreadable, locked against reading, damaged in a read-only folder).
    `progress`: told how far the migrations are (`migrate_store` runs them on a worker).
    """
    if sqlite3.sqlite_version_info < OLDEST_SQLITE:
        oldest = ".".join(map(str, OLDEST_SQLITE))
        raise StoreError(
            f"SQLite {oldest} or newer is needed to keep the library, and this Python has "
            f"SQLite {sqlite3.sqlite_version}; use a newer Python (3.11 from python.org or a "
            "current distribution) or the standalone build"
        )
    if not path.exists():
        return _create(path)
    try:
        return _open_existing(path, defer_check, progress)
    except StoreError:
        raise
    except _Damaged as error:
        if not recover:
            raise StoreError(f"The library at {path} cannot be opened: {error}") from error
        return _recover(path)
    except sqlite3.OperationalError as error:
        if _is_locked(error):
            raise StoreError(_locked_message(path, reading=True)) from error
        from reader.core.store.failures import disk_is_full

        if disk_is_full(path.parent, error):
            raise StoreError(f"The library at {path} cannot be opened: the disk holding it is "
                             "full. Free some space, then start reader again.") from error
        raise StoreError(f"The library at {path} cannot be opened: {error}") from error
    except sqlite3.DatabaseError as error:
        if not recover:
            raise StoreError(f"The library at {path} cannot be opened: {error}") from error
        return _recover(path)


def pending_migrations(path: Path) -> int:
    """How many migration steps opening this store would run: 0 when none, or when that
    cannot be told here (opening it then says why). A millisecond: the GUI asks before it
    opens the store, to migrate a big one on a worker under a progress dialog."""
    if not path.exists():
        return 0
    try:
        db = _connect(path, readonly=True)
        try:
            version = _version(db)
        finally:
            db.close()
    except sqlite3.Error:
        return 0
    return max(0, SCHEMA_VERSION - version)


def migrate_store(path: Path, progress: MigrationProgress | None = None) -> None:
    """Bring the store to this version's schema on a connection of its own (a worker
    thread's: at 100,000 documents a migration rebuilds indexes for half a minute), telling
    `progress` how far it is. Does nothing it cannot do safely: a damaged, locked or
    read-only store is left as it is, for the real opening to report (and a damaged one to
    be set aside there, with the user told). A store opened without its check after a crash
    is closed without the clean-close record, so that check still runs. Space the migration
    freed is given back (`_compact`)."""
    pending = pending_migrations(path)
    try:
        opened = open_store(path, recover=False, defer_check=True, progress=progress)
    except StoreError:
        return
    if pending and opened.read_only_reason is None:
        _compact(opened.db)
    if opened.unchecked or opened.read_only_reason is not None:
        opened.db.close()
    else:
        close_store(opened)


COMPACT_FREE_BYTES = 32 * 1024 * 1024
COMPACT_FREE_SHARE = 0.25
"""A migration that leaves this much free space, and this share of the file, gives it back."""


def _compact(db: sqlite3.Connection) -> None:
    """VACUUM after a migration that freed much of the file (rebuilt indexes: 380 MB of a
    1.4 GB store at 100,000 documents, which new documents would only slowly fill again).
    Skipped when it cannot run now (another program reading, a full disk): the free pages
    are reused by later imports either way."""
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
    size = int(db.execute("PRAGMA page_size").fetchone()[0])
    if free * size < COMPACT_FREE_BYTES or free < COMPACT_FREE_SHARE * pages:
        return
    with contextlib.suppress(sqlite3.Error):
        if size < PAGE_SIZE:
            _vacuum_to_page_size(db)
        else:
            db.execute("VACUUM")


def _vacuum_to_page_size(db: sqlite3.Connection) -> None:
    """VACUUM into PAGE_SIZE pages (a store made with 4 KB ones), which SQLite does only
    outside WAL mode: left for a moment when no other program has the store open, and
    always taken up again. Else a plain VACUUM, at the size the store has."""
    try:
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() == "delete":
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("VACUUM")
    finally:
        db.execute("PRAGMA journal_mode = WAL")


def _recover(path: Path) -> OpenedStore:
    try:
        backup = _backup_aside(path)
    except OSError as error:
        raise StoreError(
            f"Your library file {path} is damaged, and reader cannot move it aside to start "
            f"a new one ({error.strerror or error}). It was left untouched."
        ) from error
    with contextlib.suppress(FileNotFoundError):
        _failed_check_marker(path).unlink()
    opened = open_store(path, recover=False)
    opened.recovered_from = backup
    return opened


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user change, all or nothing: `BEGIN IMMEDIATE` ... `COMMIT`, rolled back on any
    error. Reentrant: inside a transaction already open on `db` (an import batch, a store
    that re-anchors notes) it joins that one, which commits or rolls back as a whole. The
    one transaction helper: library, notes and verdict writes all use it."""
    if db.in_transaction:
        yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        # SQLite rolls back by itself on some errors (a full disk): a second ROLLBACK would
        # replace the error that says why with "no transaction is active".
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")
