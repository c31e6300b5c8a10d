"""Notes as Markdown for note-taking apps (Obsidian, Logseq, plain editors).

One file per document (or one file for all): YAML frontmatter (title; url, source, site and
published, each only when known, the web ones from the page's stored metadata; tags; a
`reader://` link to the document), then each note as a block quote giving the passage's
kind (reporting, commentary the republisher added, furniture), its colour and tags, the
passage, the note, and a `reader://` link that opens the app at the passage, followed by a
stable block id (`^n…`, derived from the note's id, so links to it survive re-exports).

A note's own Markdown cannot break the file's outline: its headings become bold lines,
and everything it holds stays inside its block quote.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.classify.verdicts import unpack_segments
from reader.core.isotime import iso
from reader.core.notes.links import document_link, note_link
from reader.core.notes.storage import Note
from reader.core.web.convert import html_to_text
from reader.core.web.page_meta import PageMeta

KIND_LABELS = {
    "reporting": "Reporting",
    "commentary": "Commentary (added by the republisher)",
    "furniture": "Page furniture",
}
_HEADING = re.compile(r"^(\s{0,3})#{1,6}\s+(.*?)\s*#*\s*$")
_UNSAFE_NAME = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class MarkdownDoc:
    """What the export needs to know about one document (None fields: not in the library)."""

    doc_id: int | None
    title: str
    path: str
    content_hash: str
    segments: str | bytes | None
    site: str = ""
    url: str = ""
    """The page's canonical URL, from its stored metadata ('' when unknown)."""
    published: str = ""


def markdown_docs(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, MarkdownDoc]:
    wanted = sorted(set(ids))
    found: dict[int, MarkdownDoc] = {}
    for first in range(0, len(wanted), 500):
        chunk = wanted[first:first + 500]
        rows = db.execute(
            "SELECT id, title, path, content_hash, segments, site, published, meta"
            f" FROM documents WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
        for row in rows:
            url = PageMeta.from_json(row[7]).url if row[7] else ""
            found[int(row[0])] = MarkdownDoc(int(row[0]), row[1], row[2], row[3], row[4],
                                             site=row[5] or "", url=url,
                                             published=row[6] or "")
    return found


def _clean(text: str) -> str:
    """Text that can always be written as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(_clean(value), ensure_ascii=False)


def _kind(note: Note, doc: MarkdownDoc | None) -> str | None:
    """The kind covering most of the note's passage, from the document's stored verdict."""
    if doc is None or not doc.segments or note.start is None or note.end is None:
        return None
    try:
        segments = unpack_segments(doc.segments)
    except ValueError:
        return None
    share: dict[str, int] = {}
    for segment in segments:
        overlap = min(segment.end, note.end) - max(segment.start, note.start)
        if overlap > 0:
            share[segment.kind] = share.get(segment.kind, 0) + overlap
    return max(share, key=lambda k: share[k]) if share else None


def block_id(note: Note) -> str:
    return "n" + hashlib.sha1(note.uuid.encode("utf-8")).hexdigest()[:10]


def obsidian_tag(tag: str) -> str:
    return "#" + "-".join(_UNSAFE_NAME.sub(" ", tag).split())


def _body_lines(body: str) -> list[str]:
    lines: list[str] = []
    for line in _clean(body).rstrip().splitlines():
        heading = _HEADING.match(line)
        lines.append(f"**{heading.group(2)}**" if heading else line)
    return lines


def _note_block(note: Note, doc: MarkdownDoc | None) -> list[str]:
    if note.is_document_note:
        label = "Note on the whole document"
    else:
        kind = _kind(note, doc)
        label = KIND_LABELS.get(kind or "", "Highlight")
        label += f" · {note.color}"
    if note.orphaned:
        label += " · orphaned: the passage is not in the current text"
    tags = " ".join(obsidian_tag(tag) for tag in note.tags if obsidian_tag(tag) != "#")
    quote = [f"> [!quote] {label}" + (f" · {tags}" if tags else "")]
    if note.exact:
        quote += ["> " + line for line in _clean(note.exact).splitlines() or [""]]
    body = note.body
    if note.body_format == "text/html":
        body = html_to_text(body)  # another tool's HTML: its text, not its markup
    if body.strip():
        quote += [">", *("> " + line if line else ">" for line in _body_lines(body))]
    quote += [">", f"> [Open in reader]({note_link(note.uuid)}) · {iso(note.updated)}"]
    return [*quote, "", f"^{block_id(note)}", ""]


def _title(notes: list[Note], doc: MarkdownDoc | None) -> str:
    if doc is not None:
        return doc.title
    return Path(notes[0].doc_path).name or notes[0].doc_path or "Unknown document"


def _frontmatter(fields: list[tuple[str, str | list[str] | int]]) -> list[str]:
    lines = ["---"]
    for key, value in fields:
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_yaml(v) for v in value)}]")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_yaml(value)}")
    return [*lines, "---", ""]


def _groups(notes: list[Note]) -> dict[tuple[int | None, str], list[Note]]:
    groups: dict[tuple[int | None, str], list[Note]] = {}
    for note in notes:
        key = (note.doc_id, "" if note.doc_id is not None else note.doc_path)
        groups.setdefault(key, []).append(note)
    return groups


def _all_tags(notes: list[Note]) -> list[str]:
    seen: dict[str, str] = {}
    for note in notes:
        for tag in note.tags:
            seen.setdefault(tag.casefold(), tag)
    return sorted(seen.values(), key=str.casefold)


def _source_fields(notes: list[Note], doc: MarkdownDoc | None) -> list[tuple[str, str]]:
    """Where the text came from: the page's own URL (its canonical one when the page named
    it), its site and publication date when the page said them, else the file."""
    path = doc.path if doc else notes[0].doc_path
    fields: list[tuple[str, str]] = []
    is_web = path.startswith(("http://", "https://"))
    url = doc.url if doc is not None and doc.url else (path if is_web else "")
    if url:
        fields.append(("url", url))
    if path and not is_web:
        fields.append(("source", path))
    if doc is not None and doc.site:
        fields.append(("site", doc.site))
    if doc is not None and doc.published:
        fields.append(("published", doc.published))
    if doc is not None:
        fields.append(("reader", document_link(doc.content_hash, doc.path)))
    return fields


def _updated(notes: list[Note]) -> str:
    """The newest change: stable while the notes are, so a refreshed export only rewrites
    the files whose notes changed."""
    return iso(max((note.updated for note in notes), default=0.0))


def document_markdown(notes: list[Note], doc: MarkdownDoc | None) -> str:
    """One document's notes as a file of its own."""
    title = _title(notes, doc)
    fields: list[tuple[str, str | list[str] | int]] = [("title", title)]
    fields += _source_fields(notes, doc)
    fields += [("tags", _all_tags(notes)), ("notes", len(notes)), ("updated", _updated(notes))]
    out = _frontmatter(fields) + [f"# {_clean(' '.join(title.split()))}", ""]
    for note in notes:
        out += _note_block(note, doc)
    return "\n".join(out).rstrip() + "\n"


def to_markdown(notes: list[Note], docs: dict[int, MarkdownDoc]) -> str:
    """Every note in one file: a section per document."""
    out = _frontmatter([("title", "reader notes"), ("tags", _all_tags(notes)),
                        ("notes", len(notes)), ("updated", _updated(notes))])
    out += ["# Notes", ""]
    for (doc_id, _path), members in _groups(notes).items():
        doc = docs.get(doc_id) if doc_id is not None else None
        out += [f"## {_clean(' '.join(_title(members, doc).split()))}", ""]
        for key, value in _source_fields(members, doc):
            shown = value if key in ("site", "published") else f"<{value}>"
            out += [f"{key.capitalize()}: {shown}", ""]
        for note in members:
            out += _note_block(note, doc)
    return "\n".join(out).rstrip() + "\n"


def file_name(notes: list[Note], doc: MarkdownDoc | None) -> str:
    """A stable, safe file name: the title's words and a short hash of the document (two
    documents with the same title never share a file)."""
    title = _title(notes, doc)
    words = "-".join(_UNSAFE_NAME.sub(" ", title).split())[:60].strip("-") or "document"
    identity = doc.content_hash if doc is not None else notes[0].doc_path
    return f"{words}-{hashlib.sha1(identity.encode('utf-8')).hexdigest()[:8]}.md"


def per_document(notes: list[Note], docs: dict[int, MarkdownDoc]) -> dict[str, str]:
    """File name -> Markdown, one per document with notes."""
    files: dict[str, str] = {}
    for (doc_id, _path), members in _groups(notes).items():
        doc = docs.get(doc_id) if doc_id is not None else None
        files[file_name(members, doc)] = document_markdown(members, doc)
    return files


def export_markdown(db: sqlite3.Connection, notes: list[Note]) -> str:
    """The notes as one Markdown file."""
    return to_markdown(notes, markdown_docs(db, (n.doc_id for n in notes if n.doc_id)))


def export_markdown_files(db: sqlite3.Connection, notes: list[Note]) -> dict[str, str]:
    """The notes as one Markdown file per document: file name -> text."""
    return per_document(notes, markdown_docs(db, (n.doc_id for n in notes if n.doc_id)))
