"""`reader://` links: from an exported note (Obsidian, a browser, a mail) back to the passage.

Two forms, both stable across re-anchoring and file moves:
- `reader://note/<id>`: a note, by its id (percent-encoded); the app opens its document and
  shows the passage where the note is anchored now.
- `reader://open?hash=<sha256>&path=<file>&start=<n>&end=<n>`: a document (by content hash,
  else path) and optionally a passage in it.

Links arrive from other programs, so they are parsed strictly (length, fields, numbers) and
a bad one is a `LinkError` with a plain message, never a crash.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from reader.core.notes.link_scheme import SCHEME, is_reader_link

MAX_LINK = 8192
MAX_OFFSET = 2**31 - 1


class LinkError(ValueError):
    """The link is malformed or points at nothing in this library; the message says which."""


class ReaderLink(NamedTuple):
    note: str | None = None
    content_hash: str | None = None
    path: str | None = None
    start: int | None = None
    end: int | None = None


class LinkTarget(NamedTuple):
    """Where a link lands in this library."""

    doc_id: int
    title: str
    path: str
    start: int | None
    end: int | None
    note: str | None


def note_link(uuid: str) -> str:
    return f"{SCHEME}://note/{quote(uuid, safe='')}"


def document_link(content_hash: str, path: str, start: int | None = None,
                  end: int | None = None) -> str:
    query: dict[str, str] = {"hash": content_hash, "path": path}
    if start is not None and end is not None:
        query.update(start=str(start), end=str(end))
    return f"{SCHEME}://open?{urlencode(query, quote_via=quote)}"


def _number(values: dict[str, list[str]], key: str) -> int | None:
    if key not in values:
        return None
    text = values[key][0]
    if not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) > MAX_OFFSET:
        raise LinkError(f"the link's {key} is not a valid offset")
    return int(text)


def parse_link(url: str) -> ReaderLink:
    if len(url) > MAX_LINK:
        raise LinkError("the link is too long")
    if not is_reader_link(url):
        raise LinkError("not a reader:// link")
    parts = urlsplit(url)
    if parts.netloc == "note":
        uuid = unquote(parts.path.lstrip("/"))
        if not uuid or any(not ch.isprintable() for ch in uuid):
            raise LinkError("the link names no note")
        return ReaderLink(note=uuid)
    if parts.netloc != "open":
        raise LinkError(f"unknown kind of reader link ({parts.netloc or 'none'})")
    values = parse_qs(parts.query, keep_blank_values=False)
    content_hash = values.get("hash", [None])[0]
    path = values.get("path", [None])[0]
    if content_hash is not None and (len(content_hash) != 64 or not all(
            ch in "0123456789abcdef" for ch in content_hash)):
        raise LinkError("the link's hash is not a SHA-256 in hex")
    if not content_hash and not path:
        raise LinkError("the link names no document")
    start, end = _number(values, "start"), _number(values, "end")
    if (start is None) != (end is None) or (start is not None and end is not None
                                            and start > end):
        raise LinkError("the link's passage needs a start no later than its end")
    return ReaderLink(content_hash=content_hash, path=path, start=start, end=end)


def resolve(db: sqlite3.Connection, link: ReaderLink) -> LinkTarget:
    """The document and passage the link points at in this library, now."""
    if link.note is not None:
        row = db.execute("SELECT doc_id, start, end, orphaned FROM notes WHERE uuid = ?",
                         (link.note,)).fetchone()
        if row is None:
            raise LinkError("that note is not in this library")
        if row[0] is None:
            raise LinkError("that note's document is not in this library")
        doc = db.execute("SELECT title, path FROM documents WHERE id = ?", (row[0],)).fetchone()
        placed = not row[3] and row[1] is not None
        return LinkTarget(int(row[0]), str(doc[0]), str(doc[1]),
                          row[1] if placed else None, row[2] if placed else None, link.note)
    found = None
    if link.content_hash:
        found = db.execute("SELECT id, title, path, length(text) FROM documents"
                           " WHERE content_hash = ? ORDER BY id", (link.content_hash,)).fetchone()
    if found is None and link.path:
        found = db.execute("SELECT id, title, path, length(text) FROM documents WHERE path = ?",
                           (link.path,)).fetchone()
    if found is None:
        raise LinkError("that document is not in this library")
    start, end = link.start, link.end
    if end is not None and end > int(found[3]):
        start = end = None  # the text changed since: open the document, not a wrong place
    return LinkTarget(int(found[0]), str(found[1]), str(found[2]), start, end, None)
