"""Notes out and in: Markdown for reading, W3C Web Annotation JSON for round trips.

JSON follows the Web Annotation Data Model: an `AnnotationCollection` whose first page
holds `Annotation`s; each target's `source` is the document's file:// URI (content hash
alongside as `contentHash`) with a `TextQuoteSelector` and a `TextPositionSelector`
(offsets into the text as decoded from the file). The highlight colour travels as a W3C
`styleClass` with a `CssStylesheet`. Import merges by annotation id: never a duplicate.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from reader.core.notes.storage import COLORS, Note, NoteStore, reanchor_note

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT: list[Any] = [W3C_CONTEXT, {"contentHash": "urn:reader:contentHash"}]
CSS = {
    "yellow": "#ffe97a",
    "green": "#a8e6a1",
    "blue": "#a9d4ff",
    "pink": "#ffb3c8",
    "purple": "#d6b8ff",
}


@dataclass(frozen=True)
class DocInfo:
    id: int
    path: str
    title: str
    content_hash: str


def document_infos(db: sqlite3.Connection) -> dict[int, DocInfo]:
    rows = db.execute("SELECT id, path, title, content_hash FROM documents")
    return {int(r[0]): DocInfo(int(r[0]), r[1], r[2], r[3]) for r in rows}


def file_uri(path: str) -> str:
    return Path(path).as_uri() if path else ""


def _iso(stamp: float) -> str:
    moment = datetime.fromtimestamp(stamp, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _stamp(value: object, default: float) -> float:
    if not isinstance(value, str):
        return default
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return default


# -- Markdown ------------------------------------------------------------------------------


def to_markdown(notes: list[Note], docs: dict[int, DocInfo]) -> str:
    """One section per document: quote, note, and a link back to the passage."""
    out = ["# Notes", ""]
    groups: dict[int | None, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.doc_id, []).append(note)
    for doc_id, members in groups.items():
        doc = docs.get(doc_id) if doc_id is not None else None
        title = doc.title if doc else (Path(members[0].doc_path).name or "Unknown document")
        path = doc.path if doc else members[0].doc_path
        out += [f"## {title}", "", f"<{file_uri(path)}>" if path else "", ""]
        for note in members:
            label = "Document note" if note.is_document_note else f"Highlight ({note.color})"
            if note.orphaned:
                label += " — orphaned: passage not found in the current text"
            out += [f"### {label}", ""]
            if note.exact:
                out += ["> " + line for line in note.exact.splitlines() or [""]]
                out.append("")
            if note.body.strip():
                out += [note.body.rstrip(), ""]
            link = file_uri(path)
            if link and note.start is not None and not note.orphaned:
                link += f"#char={note.start},{note.end}"
            if link:
                out += [f"[Open in reader]({link}) · {_iso(note.updated)}", ""]
    return "\n".join(out).rstrip() + "\n"


# -- W3C Web Annotation --------------------------------------------------------------------


def to_annotation(note: Note, doc: DocInfo | None) -> dict[str, Any]:
    path = doc.path if doc else note.doc_path
    target: dict[str, Any] = {
        "source": file_uri(path),
        "contentHash": doc.content_hash if doc else note.doc_hash,
    }
    bodies: list[dict[str, Any]] = []
    if note.body:
        bodies.append(
            {
                "type": "TextualBody",
                "value": note.body,
                "format": "text/markdown",
                "purpose": "commenting",
            }
        )
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{note.uuid}",
        "type": "Annotation",
        "motivation": "highlighting" if note.exact and not note.body else "commenting",
        "created": _iso(note.created),
        "modified": _iso(note.updated),
    }
    if not note.is_document_note:
        selectors: list[dict[str, Any]] = [
            {
                "type": "TextQuoteSelector",
                "exact": note.exact,
                "prefix": note.prefix,
                "suffix": note.suffix,
            }
        ]
        if note.start is not None and note.end is not None:
            selectors.append({"type": "TextPositionSelector", "start": note.start, "end": note.end})
        target["selector"] = selectors
        target["styleClass"] = note.color
        annotation["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".{note.color} {{ background-color: {CSS.get(note.color, '#ffe97a')} }}",
        }
    if bodies:
        annotation["body"] = bodies[0] if len(bodies) == 1 else bodies
    annotation["target"] = target
    return annotation


def to_collection(notes: list[Note], docs: dict[int, DocInfo]) -> dict[str, Any]:
    items = [to_annotation(n, docs.get(n.doc_id) if n.doc_id is not None else None) for n in notes]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "reader notes",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class ImportFormatError(ValueError):
    """The JSON is not a Web Annotation (collection); the message says why."""


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [a for a in data if isinstance(a, dict)]
    if not isinstance(data, dict):
        raise ImportFormatError("expected a JSON object or list of annotations")
    kind = data.get("type")
    if kind == "Annotation":
        return [data]
    if kind in ("AnnotationCollection", "AnnotationPage"):
        page = data.get("first", data) if kind == "AnnotationCollection" else data
        items: list[dict[str, Any]] = []
        while isinstance(page, dict):
            items += [a for a in page.get("items", []) if isinstance(a, dict)]
            page = page.get("next")
        return items
    raise ImportFormatError(f"not a W3C Web Annotation (type {kind!r})")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    skipped: list[str] = field(default_factory=list)


def _from_annotation(item: dict[str, Any]) -> Note:
    raw_id = str(item.get("id") or "")
    uuid = raw_id.removeprefix("urn:uuid:") if raw_id else ""
    if not uuid:
        raise ImportFormatError("an annotation has no id")
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else {}
    if isinstance(target, str):
        target = {"source": target}
    if not isinstance(target, dict):
        raise ImportFormatError(f"annotation {raw_id} has no target")
    source = str(target.get("source") or "")
    path = unquote(urlsplit(source).path) if source.startswith("file:") else source
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote: dict[str, Any] = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), {})
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    body = item.get("body") or []
    bodies = body if isinstance(body, list) else [body]
    text = "\n\n".join(
        str(b.get("value", ""))
        for b in bodies
        if isinstance(b, dict) and b.get("purpose", "commenting") == "commenting"
    )
    color = str(target.get("styleClass") or "yellow")
    now = time.time()
    created = _stamp(item.get("created"), now)
    return Note(
        uuid=uuid,
        doc_id=None,
        doc_hash=str(target.get("contentHash") or ""),
        doc_path=path,
        exact=str(quote.get("exact", "")),
        prefix=str(quote.get("prefix", "")),
        suffix=str(quote.get("suffix", "")),
        start=int(position["start"]) if position else None,
        end=int(position["end"]) if position else None,
        color=color if color in COLORS else "yellow",
        body=text,
        created=created,
        updated=_stamp(item.get("modified"), created),
    )


def _find_document(db: sqlite3.Connection, path: str, doc_hash: str) -> tuple[int, str] | None:
    """Match by source path first, then by content hash; returns (id, text)."""
    if path:
        row = db.execute("SELECT id, text FROM documents WHERE path = ?", (path,)).fetchone()
        if row:
            return int(row[0]), str(row[1])
    if doc_hash:
        row = db.execute(
            "SELECT id, text FROM documents WHERE content_hash = ? ORDER BY id", (doc_hash,)
        ).fetchone()
        if row:
            return int(row[0]), str(row[1])
    return None


def import_annotations(db: sqlite3.Connection, data: Any) -> ImportResult:
    """Merge annotations into the store: new ids added, newer edits applied, no duplicates.

    Each note is re-anchored in its document's current text; one it cannot place (or whose
    document is not in the library) is kept as orphaned.
    """
    store = NoteStore(db)
    result = ImportResult()
    for item in _items(data):
        try:
            incoming = _from_annotation(item)
        except (ImportFormatError, KeyError, TypeError, ValueError) as error:
            result.skipped.append(str(error))
            continue
        found = _find_document(db, incoming.doc_path, incoming.doc_hash)
        if found is None:
            placed = replace(incoming, orphaned=not incoming.is_document_note)
        else:
            doc_id, text = found
            placed = reanchor_note(replace(incoming, doc_id=doc_id), text)
            row = db.execute(
                "SELECT path, content_hash FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            placed = replace(placed, doc_path=row[0], doc_hash=row[1])
        existing = store.get(placed.uuid)
        if existing is None:
            store.insert(placed)
            result.added += 1
        elif placed.updated > existing.updated and (
            (placed.body, placed.color, placed.exact)
            != (existing.body, existing.color, existing.exact)
        ):
            store.update(
                placed.uuid,
                touch=False,
                body=placed.body,
                color=placed.color,
                exact=placed.exact,
                prefix=placed.prefix,
                suffix=placed.suffix,
                start=placed.start,
                end=placed.end,
                orphaned=placed.orphaned,
                updated=placed.updated,
            )
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        if placed.orphaned:
            result.orphaned += 1
    return result


def write_atomically(path: Path, text: str) -> None:
    """Temp file, fsync, rename: a crash never leaves half an export."""
    path = path.resolve()
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
