"""Notes out as W3C Web Annotation JSON, valid by every MUST of the Data Model.

An `AnnotationCollection` (with an id) whose one page (with an id and `partOf`) holds the
`Annotation`s; an empty export is a collection with `total: 0` and no page. Each target's
`source` is the document's file:// URI (or the IRI it was imported with), its content hash
alongside as `contentHash`, with a `TextQuoteSelector` and a `TextPositionSelector` (offsets
into the text as decoded from the file). The highlight colour travels as a `styleClass` with
a `CssStylesheet`, tags as `tagging` bodies. Whatever an imported annotation carried that a
note does not model (other targets, selectors, bodies, creator...) is written back as it
came, so Hypothesis -> reader -> W3C loses nothing.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.isotime import iso
from reader.core.notes.incoming import UNKNOWN_SOURCE_PREFIX
from reader.core.notes.storage import Note

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT: list[Any] = [W3C_CONTEXT, {"contentHash": "urn:reader:contentHash"}]
CSS = {
    "yellow": "#ffe97a", "green": "#a8e6a1", "blue": "#a9d4ff", "pink": "#ffb3c8",
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


def annotation_id(note: Note) -> str:
    """A note made here is `urn:uuid:`; an imported one keeps its own IRI verbatim."""
    return note.uuid if ":" in note.uuid else f"urn:uuid:{note.uuid}"


def source_iri(path: str, content_hash: str) -> str:
    """The target's source: a file URI, the IRI it came with, or its content hash."""
    if path and "://" in path or path.startswith(("urn:", "http:", "https:")):
        return path
    if path:
        return file_uri(path)
    return f"{UNKNOWN_SOURCE_PREFIX}{content_hash or 'unknown'}"


def _extra(note: Note) -> dict[str, Any]:
    if not note.extra:
        return {}
    try:
        value = json.loads(note.extra)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def to_annotation(note: Note, doc: DocInfo | None) -> dict[str, Any]:
    extra = _extra(note)
    path = doc.path if doc else note.doc_path
    content_hash = doc.content_hash if doc else note.doc_hash
    target: dict[str, Any] = {"source": source_iri(path, content_hash)}
    if content_hash:
        target["contentHash"] = content_hash
    bodies: list[Any] = []
    if note.body:
        body: dict[str, Any] = {"type": "TextualBody", "value": note.body,
                                "format": extra.get("bodyFormat", "text/markdown"),
                                "purpose": "commenting"}
        body.update(extra.get("body", {}))
        bodies.append(body)
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags]
    bodies += extra.get("bodies", [])
    if note.body:
        motivation = "commenting"
    elif note.exact or note.start is not None:
        motivation = "highlighting"
    else:
        motivation = "tagging" if note.tags else "commenting"
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": annotation_id(note),
        "type": "Annotation",
        "motivation": extra.get("motivation", motivation),
        "created": iso(note.created),
        "modified": iso(note.updated),
    }
    selectors: list[Any] = []
    if not note.is_document_note:
        if note.exact:
            selectors.append({"type": "TextQuoteSelector", "exact": note.exact,
                              "prefix": note.prefix, "suffix": note.suffix})
        if note.start is not None and note.end is not None and not note.orphaned:
            selectors.append({"type": "TextPositionSelector", "start": note.start,
                              "end": note.end})
        target["styleClass"] = note.color
        annotation["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".{note.color} {{ background-color: {CSS.get(note.color, '#ffe97a')} }}",
        }
    selectors += extra.get("selectors", [])
    if selectors:
        target["selector"] = selectors
    for key, value in extra.get("target", {}).items():
        target.setdefault(key, value)
    if bodies:
        annotation["body"] = bodies[0] if len(bodies) == 1 else bodies
    others = extra.get("targets", [])
    annotation["target"] = [target, *others] if others else target
    for key, value in extra.get("properties", {}).items():
        annotation.setdefault(key, value)
    return annotation


def to_collection(notes: list[Note], docs: dict[int, DocInfo],
                  label: str = "reader notes") -> dict[str, Any]:
    """The notes as one collection; its id is new for each export (an export is a
    snapshot), its page's id derived from it."""
    items = [to_annotation(n, docs.get(n.doc_id) if n.doc_id is not None else None)
             for n in notes]
    collection_id = f"urn:uuid:{uuid_module.uuid4()}"
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    if items:
        page_id = f"urn:uuid:{uuid_module.uuid5(uuid_module.NAMESPACE_URL, collection_id)}"
        collection["first"] = {"id": page_id, "type": "AnnotationPage",
                               "partOf": collection_id, "startIndex": 0, "items": items}
        collection["last"] = page_id
    return collection


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
