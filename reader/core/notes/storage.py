"""Highlights and notes in the store, and keeping them anchored when documents change.

A note is a highlight (quote + position) with an optional Markdown body, or a
document-level note (no passage). Every change is one transaction. A note that cannot be
placed in its document's new text is marked orphaned, never deleted.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from reader.core.notes.anchoring import Selectors, TextPositionSelector, TextQuoteSelector, anchor
from reader.core.notes.anchoring import describe as describe_selection
from reader.core.store.database import transaction

COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
"""Highlight colours, in menu order; the UI maps them to paint."""


@dataclass(slots=True)
class Note:
    """Treat as immutable (use `dataclasses.replace`); not frozen only because a frozen
    dataclass's __init__ is several times slower, and a sidebar loads 1,000 at a time."""

    uuid: str
    doc_id: int | None
    doc_hash: str = ""
    doc_path: str = ""
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    color: str = "yellow"
    body: str = ""
    created: float = 0.0
    updated: float = 0.0
    orphaned: bool = False
    tags: tuple[str, ...] = ()
    extra: str = ""
    """JSON object of what an imported annotation carried beyond these fields (see
    `interchange`); empty for notes made here."""

    @property
    def body_format(self) -> str:
        """The body's media type: text/markdown unless an imported annotation said
        otherwise (kept in `extra`, e.g. text/html from another tool)."""
        if not self.extra or "bodyFormat" not in self.extra:
            return "text/markdown"
        try:
            value = json.loads(self.extra).get("bodyFormat")
        except (ValueError, AttributeError):
            return "text/markdown"
        return value if isinstance(value, str) else "text/markdown"

    @property
    def is_document_note(self) -> bool:
        """A note about the whole document rather than a passage."""
        return not self.exact and self.start is None

    @property
    def anchored(self) -> bool:
        return not self.is_document_note and not self.orphaned and self.start is not None

    def selectors(self) -> Selectors:
        position = None
        if self.start is not None and self.end is not None:
            position = TextPositionSelector(self.start, self.end)
        return Selectors(TextQuoteSelector(self.exact, self.prefix, self.suffix), position)


MAX_TAGS = 64
MAX_TAG_LENGTH = 100


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: whitespace runs made one space, empty ones and repeats (ignoring case)
    dropped, order kept. Raises ValueError for too many or too long tags."""
    kept: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        clean = " ".join(str(tag).split())
        if not clean or clean.casefold() in seen:
            continue
        if len(clean) > MAX_TAG_LENGTH:
            raise ValueError(f"a tag is longer than {MAX_TAG_LENGTH} characters")
        seen.add(clean.casefold())
        kept.append(clean)
    if len(kept) > MAX_TAGS:
        raise ValueError(f"more than {MAX_TAGS} tags")
    return tuple(kept)


NotePlace = tuple[int, int | None, int | None, str, int]
"""Where a note sits, without its texts: (row id, start, end, colour, orphaned 0/1).

Opening a document lists its notes by place (cheap: no uuid, quote, context or body is
read, and plain tuples are what SQLite returns); the full `Note` of a row is read when the
row is shown (`NoteStore.by_ids`).
"""


_COLUMNS = tuple(f.name for f in fields(Note))
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM notes"
_ORDER = " ORDER BY orphaned, start IS NOT NULL, start, created"


def _note(row: sqlite3.Row | tuple[object, ...]) -> Note:
    """Columns come in `_COLUMNS` order (the dataclass's field order): ..., orphaned, tags,
    extra. Tags are stored newline-separated (a tag never holds a newline)."""
    tags = str(row[-2])
    # positional: loading 1,000 notes stays cheap (mypy cannot count a row's columns)
    return Note(*row[:-3], bool(row[-3]),  # type: ignore[call-arg]
                tuple(tags.split("\n")) if tags else (), row[-1])


def _stored(name: str, value: object) -> object:
    """A field's value as its column holds it."""
    if name == "orphaned":
        return int(bool(value))
    if name == "tags":
        return "\n".join(value)  # type: ignore[arg-type]
    return value


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class NoteStore:
    """Notes over the store's `notes` table. No Qt; the GUI wraps calls in undo commands."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------

    def get(self, uuid: str) -> Note | None:
        row = self.db.execute(f"{_SELECT} WHERE uuid = ?", (uuid,)).fetchone()
        return _note(row) if row else None

    def for_document(self, doc_id: int) -> list[Note]:
        """Reading order: document notes first, then by position, orphans last."""
        return self._notes(f"{_SELECT} WHERE doc_id = ?{_ORDER}", (doc_id,))

    def _notes(self, sql: str, parameters: tuple[object, ...] = ()) -> list[Note]:
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a third of the cost of sqlite3.Row
        return [_note(row) for row in cursor.execute(sql, parameters)]

    def places(self, doc_id: int | None = None) -> list[NotePlace]:
        """One document's notes (or every note) by place, in `for_document`'s order
        (`all_notes`' order for every note)."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        columns = "SELECT id, start, end, color, orphaned FROM notes"
        if doc_id is None:
            rows = cursor.execute(
                f"{columns} ORDER BY doc_id IS NULL, doc_id,"
                " orphaned, start IS NOT NULL, start, created"
            )
        else:
            rows = cursor.execute(f"{columns} WHERE doc_id = ?{_ORDER}", (doc_id,))
        return rows.fetchall()

    def noted_ids(self, doc_id: int) -> set[int]:
        """Row ids of a document's notes that have a body (not bare highlights): read from
        the `notes_with_body` partial index only, so opening a document stays cheap."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            "SELECT id FROM notes"
            " WHERE doc_id = ? AND trim(body, char(32, 9, 10, 13)) <> ''", (doc_id,))
        return {row[0] for row in rows}

    def unattached_places(self, path: str) -> list[NotePlace]:
        """`places` of the notes a removed document left behind (matched by its path)."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        return cursor.execute(
            "SELECT id, start, end, color, orphaned FROM notes"
            f" WHERE doc_id IS NULL AND doc_path = ?{_ORDER}", (str(Path(path).resolve()),)
        ).fetchall()

    def id_of(self, uuid: str) -> int | None:
        """The row id of a note (see `places`), or None if there is no such note."""
        row = self.db.execute("SELECT id FROM notes WHERE uuid = ?", (uuid,)).fetchone()
        return int(row[0]) if row else None

    def by_ids(self, ids: list[int]) -> dict[int, Note]:
        """Full notes of these rows (ids from `places`), by id; missing ones are left out."""
        found: dict[int, Note] = {}
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            cursor = self.db.cursor()
            cursor.row_factory = None
            rows = cursor.execute(
                f"SELECT id, {', '.join(_COLUMNS)} FROM notes"
                f" WHERE id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
            for row in rows:
                found[row[0]] = _note(row[1:])
        return found

    def all_notes(self) -> list[Note]:
        return self._notes(
            f"{_SELECT} ORDER BY doc_id IS NULL, doc_id,"
            " orphaned, start IS NOT NULL, start, created"
        )

    def for_paths(self, paths: Iterable[str]) -> list[Note]:
        found: list[Note] = []
        for path in paths:
            resolved = str(Path(path).resolve())
            rows = self.db.execute(
                f"{_SELECT} WHERE doc_id IN (SELECT id FROM documents WHERE path = ?)"
                f" OR (doc_id IS NULL AND doc_path = ?){_ORDER}",
                (resolved, resolved),
            )
            found += [_note(row) for row in rows]
        return found

    def needs_reanchor(self, doc_id: int, content_hash: str) -> bool:
        """Whether a passage note of the document was placed in a different text."""
        return self.db.execute(
            "SELECT 1 FROM notes WHERE doc_id = ? AND doc_hash != ? AND start IS NOT NULL"
            " LIMIT 1", (doc_id, content_hash)).fetchone() is not None

    def count(self, doc_id: int | None = None) -> int:
        if doc_id is None:
            return int(self.db.execute("SELECT count(*) FROM notes").fetchone()[0])
        return int(
            self.db.execute("SELECT count(*) FROM notes WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        )

    # -- changing (one transaction each) --------------------------------------------------

    def highlight(
        self, doc_id: int, text: str, start: int, end: int, color: str = "yellow", body: str = ""
    ) -> Note:
        """A new highlight of text[start:end] in the document as stored."""
        if not 0 <= start < end <= len(text):
            raise ValueError(f"empty or out-of-range selection {start}..{end}")
        selectors = describe_selection(text, start, end)
        doc_hash, doc_path = self._document_identity(doc_id)
        now = time.time()
        note = Note(
            uuid=new_uuid(),
            doc_id=doc_id,
            doc_hash=doc_hash,
            doc_path=doc_path,
            exact=selectors.quote.exact,
            prefix=selectors.quote.prefix,
            suffix=selectors.quote.suffix,
            start=start,
            end=end,
            color=color,
            body=body,
            created=now,
            updated=now,
        )
        return self.insert(note)

    def document_note(self, doc_id: int, body: str = "") -> Note:
        doc_hash, doc_path = self._document_identity(doc_id)
        now = time.time()
        note = Note(
            uuid=new_uuid(),
            doc_id=doc_id,
            doc_hash=doc_hash,
            doc_path=doc_path,
            color="yellow",
            body=body,
            created=now,
            updated=now,
        )
        return self.insert(note)

    def insert(self, note: Note) -> Note:
        """Store a complete note (also how undo brings a deleted one back, same uuid)."""
        values = tuple(_stored(name, getattr(note, name)) for name in _COLUMNS)
        with transaction(self.db):
            self.db.execute(
                f"INSERT INTO notes ({', '.join(_COLUMNS)})"
                f" VALUES ({', '.join('?' for _ in _COLUMNS)})",
                values,
            )
        return note

    def update(self, uuid: str, *, touch: bool = True, **changes: object) -> Note:
        """Change some fields; `updated` is set to now unless `touch` is False."""
        unknown = set(changes) - set(_COLUMNS) | ({"uuid"} & set(changes))
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)}")
        if touch and "updated" not in changes:
            changes["updated"] = time.time()
        changes = {name: _stored(name, value) for name, value in changes.items()}
        with transaction(self.db):
            assignments = ", ".join(f"{name} = ?" for name in changes)
            cursor = self.db.execute(
                f"UPDATE notes SET {assignments} WHERE uuid = ?", (*changes.values(), uuid)
            )
            if cursor.rowcount != 1:
                raise KeyError(uuid)
        note = self.get(uuid)
        assert note is not None
        return note

    def set_body(self, uuid: str, body: str) -> Note:
        return self.update(uuid, body=body)

    def recolor(self, uuid: str, color: str) -> Note:
        return self.update(uuid, color=color)

    def set_tags(self, uuid: str, tags: Iterable[str]) -> Note:
        return self.update(uuid, tags=normalize_tags(tags))

    def with_tag(self, tag: str) -> list[Note]:
        """Every note carrying this tag (case-insensitive), in `all_notes`' order."""
        wanted = tag.strip().casefold()
        return [note for note in self.all_notes()
                if any(t.casefold() == wanted for t in note.tags)]

    def all_tags(self) -> list[str]:
        """Every tag in use, sorted case-insensitively, each once."""
        seen: dict[str, str] = {}
        for (text,) in self.db.execute("SELECT DISTINCT tags FROM notes WHERE tags != ''"):
            for tag in str(text).split("\n"):
                seen.setdefault(tag.casefold(), tag)
        return sorted(seen.values(), key=str.casefold)

    def reattach(self, uuid: str, text: str, start: int, end: int) -> Note:
        """Give an orphaned (or any) note a new passage in the document's current text."""
        selectors = describe_selection(text, start, end)
        return self.update(
            uuid,
            exact=selectors.quote.exact,
            prefix=selectors.quote.prefix,
            suffix=selectors.quote.suffix,
            start=start,
            end=end,
            orphaned=False,
        )

    def delete(self, uuid: str) -> Note:
        """Remove a note and return it, so undo can `insert` it back unchanged."""
        note = self.get(uuid)
        if note is None:
            raise KeyError(uuid)
        with transaction(self.db):
            self.db.execute("DELETE FROM notes WHERE uuid = ?", (uuid,))
        return note

    def _document_identity(self, doc_id: int) -> tuple[str, str]:
        row = self.db.execute(
            "SELECT content_hash, path FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return str(row[0]), str(row[1])


# -- keeping notes attached ----------------------------------------------------------------


@dataclass
class ReanchorResult:
    unchanged: int = 0
    moved: int = 0
    orphaned: int = 0
    recovered: int = 0
    """Notes that were orphaned before and found a place again."""


def reanchor_note(note: Note, text: str) -> Note:
    """The note placed in `text` (selectors re-described there), or marked orphaned."""
    if note.is_document_note:
        return note
    found = anchor(text, note.selectors())
    if found is None:
        return replace(note, orphaned=True)
    start, end = found
    if (start, end) == (note.start, note.end) and text[start:end] == note.exact:
        fresh = describe_selection(text, start, end).quote
        return replace(note, prefix=fresh.prefix, suffix=fresh.suffix, orphaned=False)
    quote = describe_selection(text, start, end).quote
    return replace(
        note,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        start=start,
        end=end,
        orphaned=False,
    )


def reanchor_document(
    db: sqlite3.Connection, doc_id: int, new_text: str, doc_hash: str | None = None
) -> ReanchorResult:
    """Re-place every note of a document after its text changed; one transaction.

    Library code calls this whenever it stores new text for a document (add, refresh,
    folder watcher); the notes controller also calls it on opening a document whose notes
    were anchored against an older version.
    """
    if doc_hash is None:
        row = db.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        doc_hash = str(row[0]) if row else ""
    store = NoteStore(db)
    result = ReanchorResult()
    with transaction(db):
        for note in store.for_document(doc_id):
            placed = reanchor_note(note, new_text)
            if placed.orphaned:
                result.orphaned += 1
            elif note.orphaned:
                result.recovered += 1
            elif (placed.start, placed.end) == (note.start, note.end):
                result.unchanged += 1
            else:
                result.moved += 1
            db.execute(
                "UPDATE notes SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?,"
                " orphaned = ?, doc_hash = ? WHERE uuid = ?",
                (
                    placed.exact,
                    placed.prefix,
                    placed.suffix,
                    placed.start,
                    placed.end,
                    int(placed.orphaned),
                    doc_hash,
                    note.uuid,
                ),
            )
    return result


def adopt_notes(
    db: sqlite3.Connection, doc_id: int, content_hash: str, path: str, text: str
) -> int:
    """Attach notes left behind by a moved file (same content hash or same old path).

    Notes whose document row is gone, or whose document's file no longer exists, follow
    the content to its new row. Returns how many were adopted.
    """
    rows = db.execute(
        "SELECT notes.uuid, documents.path AS old_path FROM notes"
        " LEFT JOIN documents ON documents.id = notes.doc_id"
        " WHERE (notes.doc_hash = ? OR notes.doc_path = ?)"
        " AND (notes.doc_id IS NULL OR notes.doc_id != ?)",
        (content_hash, path, doc_id),
    ).fetchall()
    moving = [
        row["uuid"] for row in rows if row["old_path"] is None or not Path(row["old_path"]).exists()
    ]
    if not moving:
        return 0
    with transaction(db):
        for uuid in moving:
            db.execute(
                "UPDATE notes SET doc_id = ?, doc_path = ? WHERE uuid = ?", (doc_id, path, uuid)
            )
    reanchor_document(db, doc_id, text, content_hash)
    return len(moving)


def note_document_stored(
    db: sqlite3.Connection, doc_id: int, outcome: str, text: str, content_hash: str, path: str
) -> None:
    """The library's hook: keep notes attached whenever a document is added or refreshed."""
    if outcome == "refreshed":
        reanchor_document(db, doc_id, text, content_hash)
    elif outcome == "added":
        adopt_notes(db, doc_id, content_hash, path, text)


def stale_documents(db: sqlite3.Connection) -> list[int]:
    """Documents whose notes were anchored against other text than the stored one."""
    rows = db.execute(
        "SELECT DISTINCT notes.doc_id FROM notes JOIN documents ON documents.id = notes.doc_id"
        " WHERE notes.doc_hash != documents.content_hash"
    )
    return [int(row[0]) for row in rows]
