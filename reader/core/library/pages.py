"""The library's side of web pages: metadata and structure columns, versions, fetched HTML.

A document's current text lives in `documents`; every earlier text of it is a row of
`document_versions` (moved there by `Library.store_text` when a re-fetch or a changed file
replaces it), and the HTML a fetched page came as is kept in `page_sources` by content hash.
"""

from __future__ import annotations

import json
import sqlite3
import time
from importlib import import_module
from typing import NamedTuple

from reader.core.classify.structure import hints_from_json
from reader.core.text.document import Document, Hint

MAX_KEPT_HTML = 16 * 1024 * 1024
"""Fetched pages above this are not kept (the text still is)."""


class WebColumns(NamedTuple):
    """What `documents` stores about a web page beside its text."""

    meta: str | None = None
    structure: str | None = None
    site: str = ""
    published: str = ""


NO_WEB = WebColumns()


def is_url(path: str) -> bool:
    """A web address (http or https), as a document's key or a pasted text."""
    return path.strip().lower().startswith(("http://", "https://"))


def web_columns(document: Document) -> WebColumns:
    if document.meta is None:
        return NO_WEB
    structure = (
        json.dumps([list(h) for h in document.hints], ensure_ascii=False, separators=(",", ":"))
        if document.hints
        else None
    )
    meta = document.meta
    return WebColumns(meta.to_json(), structure, meta.site, meta.published)


def structure_of(db: sqlite3.Connection, doc_id: int) -> tuple[Hint, ...]:
    row = db.execute("SELECT structure FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return hints_from_json(row[0]) if row else ()


def keep_version(db: sqlite3.Connection, doc_id: int) -> None:
    """Copy the document's current text into its versions, before it is replaced; its
    notes' places in that text are kept with it (`notes.versions`)."""
    import_module("reader.core.notes.versions").keep_places(db, doc_id)
    db.execute(
        "INSERT INTO document_versions (doc_id, content_hash, title, text, meta, structure,"
        " stored_at, replaced_at) SELECT id, content_hash, title, text, meta, structure,"
        " coalesce(text_at, added_at), ? FROM documents WHERE id = ?",
        (time.time(), doc_id),
    )
    db.execute("UPDATE documents SET versions = versions + 1 WHERE id = ?", (doc_id,))


def keep_source(
    db: sqlite3.Connection, doc_id: int, content_hash: str, url: str, html: bytes
) -> None:
    """Keep the HTML a fetched page came as (once per version)."""
    if len(html) > MAX_KEPT_HTML:
        return
    db.execute(
        "INSERT OR IGNORE INTO page_sources (doc_id, content_hash, url, fetched_at, html)"
        " VALUES (?, ?, ?, ?, ?)",
        (doc_id, content_hash, url, time.time(), html),
    )


class Version(NamedTuple):
    """One text of a document: `number` 1 is the oldest; the last is the current text."""

    number: int
    title: str
    content_hash: str
    stored_at: float
    word_count: int
    current: bool
    has_html: bool


def versions(db: sqlite3.Connection, doc_id: int) -> list[Version]:
    """Every text the document has had, oldest first; [] for an unknown id."""
    row = db.execute(
        "SELECT title, content_hash, coalesce(text_at, added_at), word_count FROM documents"
        " WHERE id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return []
    sources = {
        str(r[0])
        for r in db.execute("SELECT content_hash FROM page_sources WHERE doc_id = ?", (doc_id,))
    }
    found: list[Version] = []
    for number, old in enumerate(
        db.execute(
            "SELECT title, content_hash, stored_at, text FROM document_versions"
            " WHERE doc_id = ? ORDER BY id",
            (doc_id,),
        ),
        start=1,
    ):
        found.append(
            Version(
                number,
                str(old[0]),
                str(old[1]),
                float(old[2]),
                len(str(old[3]).split()),
                False,
                str(old[1]) in sources,
            )
        )
    found.append(
        Version(
            len(found) + 1,
            str(row[0]),
            str(row[1]),
            float(row[2]),
            int(row[3]),
            True,
            str(row[1]) in sources,
        )
    )
    return found


def version_text(db: sqlite3.Connection, doc_id: int, number: int) -> str | None:
    """The text of version `number` (1 = oldest); None when there is no such version."""
    rows = db.execute(
        "SELECT text FROM document_versions WHERE doc_id = ? ORDER BY id", (doc_id,)
    ).fetchall()
    if 1 <= number <= len(rows):
        return str(rows[number - 1][0])
    if number == len(rows) + 1:
        row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return str(row[0]) if row else None
    return None


def version_count(db: sqlite3.Connection, doc_id: int) -> int:
    row = db.execute(
        "SELECT count(*) FROM document_versions WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    return int(row[0]) + 1
