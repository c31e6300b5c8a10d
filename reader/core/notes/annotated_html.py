"""One document as a self-contained HTML file, for sharing evidence with someone who does
not run the app: the text with its three kinds marked as in the reading pane (each with a
pattern and a label as well as a colour, and a legend), the user's highlights numbered,
their notes listed after the text, and the provenance (which original it was compared
with, what this copy added, which of the original's paragraphs it left out).

Everything user-written is escaped, notes go through the same safe Markdown renderer as the
sidebar, and the page loads nothing (a Content-Security-Policy forbids it).
"""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass

from reader.core.classify.segments import Segment
from reader.core.classify.verdicts import unpack_segments
from reader.core.isotime import iso
from reader.core.notes.markdown_render import render_note_body
from reader.core.notes.storage import Note, NoteStore
from reader.core.notes.w3c import CSS

STYLE = """
body { font: 17px/1.55 Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #1d1d1d; background: #fff; }
h1 { font-size: 1.5em; } .meta, .legend, footer { font: 14px/1.4 sans-serif; color: #444; }
.legend span { margin-right: 1.2em; white-space: nowrap; }
.doc { white-space: pre-wrap; }
.reporting { }
.commentary { background: #fdebd3; border-bottom: 2px dashed #d9822b; }
.furniture { color: #777; font-style: italic; background: repeating-linear-gradient(
             135deg, #f3f3f3 0 6px, #fff 6px 12px); }
.tag { font: bold 10px sans-serif; letter-spacing: .05em; vertical-align: super;
       color: #8a4b08; margin-right: .3em; } .furniture .tag { color: #666; }
mark { padding: 0 1px; border-bottom: 2px solid rgba(0, 0, 0, .25); }
sup.n { font: 11px sans-serif; }
.notes li { margin-bottom: 1em; } blockquote { margin: .3em 0 .3em 1em; color: #444; }
"""
LABELS = {"reporting": "", "commentary": "COMMENT", "furniture": "PAGE FURNITURE"}
LEGEND = (
    '<p class="legend"><b>Legend:</b> <span class="reporting">Reporting: plain text</span>'
    '<span class="commentary"><span class="tag">COMMENT</span>Commentary the republisher '
    'added: tinted, dashed underline</span><span class="furniture"><span class="tag">'
    'PAGE FURNITURE</span>Page furniture: grey italic, hatched</span>'
    '<span><mark style="background:#ffe97a">Your highlight</mark><sup class="n">1</sup>: '
    "numbered, its note below</span></p>")


@dataclass(frozen=True)
class _Doc:
    title: str
    path: str
    text: str
    segments: list[Segment]
    commentary_share: float | None


def _document(db: sqlite3.Connection, doc_id: int) -> _Doc:
    row = db.execute("SELECT title, path, text, segments, commentary_share FROM documents"
                     " WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    try:
        segments = unpack_segments(row[3]) if row[3] else []
    except ValueError:
        segments = []
    return _Doc(str(row[0]), str(row[1]), str(row[2]), segments, row[4])


def _body(doc: _Doc, notes: list[Note]) -> str:
    """The text with kind spans and highlight marks, cut at every boundary of either."""
    text = doc.text
    cuts = {0, len(text)}
    for segment in doc.segments:
        cuts |= {min(max(segment.start, 0), len(text)), min(max(segment.end, 0), len(text))}
    placed = [(n.start, n.end, number, n) for number, n in enumerate(notes, 1)
              if n.anchored and n.start is not None and n.end is not None
              and n.end <= len(text)]
    for start, end, _number, _note in placed:
        cuts |= {start, end}
    points = sorted(cuts)
    out: list[str] = []
    seg_index = 0
    segments = sorted(doc.segments, key=lambda s: s.start)
    open_kind: str | None = None
    ends_here = {end: number for _start, end, number, _n in placed}
    for left, right in zip(points, points[1:], strict=False):
        while seg_index < len(segments) and segments[seg_index].end <= left:
            seg_index += 1
        kind = "reporting"
        if seg_index < len(segments) and segments[seg_index].start <= left:
            kind = segments[seg_index].kind
        if kind != open_kind:
            if open_kind is not None:
                out.append("</span>")
            label = LABELS.get(kind, "")
            out.append(f'<span class="{html.escape(kind)}">'
                       + (f'<span class="tag">{label}</span>' if label else ""))
            open_kind = kind
        piece = html.escape(text[left:right], quote=False)
        covering = [p for p in placed if p[0] <= left and right <= p[1]]
        if covering:
            note = covering[-1][3]
            colour = CSS.get(note.color, "#ffe97a")
            piece = f'<mark style="background:{colour}">{piece}</mark>'
        out.append(piece)
        if right in ends_here:
            number = ends_here[right]
            out.append(f'<sup class="n"><a href="#note-{number}">{number}</a></sup>')
    if open_kind is not None:
        out.append("</span>")
    return "".join(out)


def _notes_list(notes: list[Note]) -> str:
    if not notes:
        return ""
    items = []
    for number, note in enumerate(notes, 1):
        parts = [f'<li id="note-{number}">']
        what = "Note on the whole document" if note.is_document_note else (
            f"{note.color.title()} highlight" + (" (passage no longer in the text)"
                                                 if note.orphaned else ""))
        parts.append(f"<b>{html.escape(what)}</b> · {iso(note.updated)}")
        if note.tags:
            parts.append(" · " + html.escape(" ".join(f"#{t}" for t in note.tags)))
        if note.exact:
            parts.append(f"<blockquote>{html.escape(note.exact)}</blockquote>")
        if note.body.strip():
            parts.append(render_note_body(note.body, note.body_format))
        parts.append("</li>")
        items.append("".join(parts))
    return f'<h2>Notes</h2><ol class="notes">{"".join(items)}</ol>'


_PARAGRAPHS = re.compile(r"\n\s*\n")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _provenance(db: sqlite3.Connection, doc: _Doc) -> str:
    kinds: dict[str, int] = {}
    for segment in doc.segments:
        kinds[segment.kind] = kinds.get(segment.kind, 0) + 1
    lines = []
    if not doc.segments:
        lines.append("This document has not been classified yet: its kinds are not marked.")
    else:
        share = f" ({doc.commentary_share:.0%} of its text)" if doc.commentary_share else ""
        lines.append(f"This copy added {kinds.get('commentary', 0)} passages of commentary"
                     f"{share} and carries {kinds.get('furniture', 0)} of page furniture.")
    sources = {s.source: s.source_title for s in doc.segments if s.source}
    for path, title in sorted(sources.items()):
        row = db.execute("SELECT text FROM documents WHERE path = ?", (path,)).fetchone()
        name = html.escape(title or path)
        lines.append(f"Compared with the original in the library: <b>{name}</b>"
                     f" (<code>{html.escape(path)}</code>).")
        if row is None:
            continue
        mine = _words(doc.text)
        missing = [p.strip() for p in _PARAGRAPHS.split(str(row[0]))
                   if len(_words(p).split()) >= 8 and _words(p) not in mine]
        if missing:
            quoted = "".join(f"<blockquote>{html.escape(p)}</blockquote>" for p in missing[:20])
            more = f"<p>… and {len(missing) - 20} more.</p>" if len(missing) > 20 else ""
            lines.append(f"Left out: {len(missing)} paragraphs of the original are not in "
                         f"this copy word for word:{quoted}{more}")
        else:
            lines.append("Left out: nothing — every paragraph of the original is in this copy.")
    return "<h2>Provenance</h2>" + "".join(f"<p>{line}</p>" for line in lines)


def annotated_document_html(db: sqlite3.Connection, doc_id: int, generated: float) -> str:
    """The document, its kinds, the user's notes and its provenance as one HTML page."""
    doc = _document(db, doc_id)
    notes = NoteStore(db).for_document(doc_id)
    title = html.escape(" ".join(doc.title.split()))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1><p class=\"meta\">Source: <code>{html.escape(doc.path)}</code>"
        f" · exported from reader {iso(generated)}</p>{LEGEND}"
        f'<div class="doc">{_body(doc, notes)}</div>{_notes_list(notes)}'
        f"{_provenance(db, doc)}<footer><p>Kinds as reader labelled them; each passage's "
        "reason is shown in the app.</p></footer></body></html>\n"
    )
