"""`reader text` and `reader versions`: a document's text as the reader shows it, and its history.

`reader text` prints the text the offsets refer to (for a web page, the converted text), or
with `--kind` only the passages of those kinds; files not in the library are converted and
classified on the fly, each other's corpus as with `reader classify`, so it needs no store.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.classify import Segment
from reader.core.store.paths import data_dir, store_path
from reader.core.text.document import Document, DocumentError, load_document

if TYPE_CHECKING:
    from reader.core.notes.versions import VersionNotes

KIND_CHOICES = ("reporting", "commentary", "furniture")


class _Item:
    __slots__ = ("name", "document", "segments", "doc_id")

    def __init__(
        self,
        name: str,
        document: Document,
        segments: list[Segment] | None,
        doc_id: int | None = None,
    ) -> None:
        self.name = name
        self.document = document
        self.segments = segments
        self.doc_id = doc_id


def _passages(document: Document, segments: list[Segment], kinds: set[str]) -> str:
    """The passages of these kinds, in order; a new paragraph (blank line) wherever the text
    had a line break between two passages or a passage of another kind came between."""
    text = document.text
    out: list[str] = []
    last_end: int | None = None
    for segment in segments:
        if segment.kind not in kinds:
            last_end = None
            continue
        piece = text[segment.start : segment.end]
        if out and last_end is not None and "\n" not in text[last_end : segment.start]:
            out[-1] += text[last_end : segment.start] + piece
        else:
            out.append(piece)
        last_end = segment.end
    paragraphs = [line.strip() for chunk in out for line in chunk.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _store_if_any(args: argparse.Namespace) -> Any:
    """The library, when one exists (never created by this read-only command)."""
    from reader.core.context import open_context

    root = data_dir(args.data_dir)
    if not store_path(root).exists():
        return None
    return open_context(args.data_dir)


def _from_library(context: Any, target: str, need_segments: bool) -> _Item | None:
    library = context.library
    doc_id: int | None = None
    if target.isdigit():
        doc_id = int(target)
    else:
        doc_id = library.id_for_path(target) if not _is_url(target) else _url_id(context, target)
    if doc_id is None or library.entry(doc_id) is None:
        return None
    document = library.document(doc_id)
    segments = None
    if need_segments:
        from reader.core.classify.verdicts import LibraryClassifier

        segments = LibraryClassifier(context.db).segments(doc_id)
    return _Item(document.path, document, segments, doc_id)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _url_id(context: Any, url: str) -> int | None:
    from reader.core.web.fetch import FetchError, normalise_url

    try:
        key = normalise_url(url)
    except FetchError:
        return None
    row = context.db.execute("SELECT id FROM documents WHERE path = ?", (key,)).fetchone()
    return int(row[0]) if row else None


def _text(args: argparse.Namespace) -> int:
    from reader.core.classify import MemoryCorpus, classify

    kinds = set(args.kind or ())
    need_segments = bool(kinds)
    status = 0
    items: list[_Item | None] = []
    context = None
    try:
        context = _store_if_any(args)
    except Exception as error:  # a damaged or locked store: files still work
        print(f"reader: the library cannot be read ({error}); files only", file=sys.stderr)
    try:
        loose: list[tuple[int, _Item]] = []
        corpus = MemoryCorpus()
        for target in args.targets:
            found = _from_library(context, target, need_segments) if context else None
            if found is None and target.isdigit() and not Path(target).exists():
                print(f"reader: no document with id {target} in the library", file=sys.stderr)
                status = 1
                items.append(None)
                continue
            if found is None:
                try:
                    document = load_document(target)
                except DocumentError as error:
                    print(f"reader: {target}: {error.reason}", file=sys.stderr)
                    status = 1
                    items.append(None)
                    continue
                found = _Item(target, document, None)
                corpus.add(target, document.title, document.text)
                loose.append((len(items), found))
            items.append(found)
        if need_segments:
            for _, item in loose:
                item.segments = classify(
                    item.document.text, corpus, key=item.name, structure=item.document.hints
                )
    finally:
        if context is not None:
            context.close()
    results = []
    for entry in items:
        if entry is None:
            continue
        item = entry
        document = item.document
        text = _passages(document, item.segments or [], kinds) if kinds else document.text
        meta = document.meta
        if args.json:
            results.append(
                {
                    "path": item.name,
                    "title": document.title,
                    "site": meta.site if meta else "",
                    "published": meta.published if meta else "",
                    "url": (meta.url if meta else "") or (item.name if _is_url(item.name) else ""),
                    "text": text,
                }
            )
        else:
            sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False)
        print()
    return status


def _versions(args: argparse.Namespace) -> int:
    from reader.core.library.pages import versions

    context = _store_if_any(args)
    if context is None:
        print("reader: there is no library yet", file=sys.stderr)
        return 1
    try:
        found = _from_library(context, args.document, False)
        if found is None:
            print(f"reader: {args.document} is not in the library", file=sys.stderr)
            return 1
        assert found.doc_id is not None
        listed = versions(context.db, found.doc_id)
        if args.text is not None:
            from reader.core.notes.versions import notes_in_version

            version = notes_in_version(context.db, found.doc_id, args.text)
            if version is None:
                print(f"reader: {args.document} has no version {args.text}", file=sys.stderr)
                return 1
            if args.json:
                json.dump(_version_json(version), sys.stdout, ensure_ascii=False, indent=2)
                print()
                return 0
            text = version.text
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return 0
    finally:
        context.close()
    if args.json:
        json.dump(
            [
                {
                    "version": v.number,
                    "title": v.title,
                    "content_hash": v.content_hash,
                    "stored_at": v.stored_at,
                    "words": v.word_count,
                    "current": v.current,
                    "html_kept": v.has_html,
                }
                for v in listed
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    print(f"{found.name} — {len(listed)} version{'s' if len(listed) != 1 else ''}")
    for v in listed:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(v.stored_at))
        mark = "  (current)" if v.current else ""
        html = ", HTML kept" if v.has_html else ""
        print(f"{v.number:>4}  {when}  {v.word_count} words{html}  {v.title}{mark}")
    return 0


def _version_json(version: VersionNotes) -> dict[str, object]:
    """One version's text with the notes placed in it (offsets into that text)."""
    return {
        "version": version.number,
        "text": version.text,
        "notes": [
            {
                "id": p.note.uuid,
                "start": p.start,
                "end": p.end,
                "quote": version.text[p.start : p.end],
                "body": p.note.body,
                "place": "recorded" if p.recorded else "found by quote",
            }
            for p in version.placed
        ],
        "absent": [{"id": n.uuid, "quote": n.exact, "body": n.body} for n in version.absent],
    }


def _guard(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    return wrapper


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "text",
        help="print a document's text as the reader shows it (or only some kinds)",
        description="Print each document's text exactly as the reader shows it (for a web "
        "page, the converted text the offsets refer to). With --kind, only the passages of "
        "those kinds, in order, paragraphs separated by a blank line. Files not in the "
        "library are converted and classified on the fly.",
    )
    add_common(parser)
    parser.add_argument(
        "--kind", action="append", choices=KIND_CHOICES, help="only this kind; repeatable"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='one JSON array of {"path", "title", "site", "published", "url", "text"}',
    )
    parser.add_argument(
        "targets",
        nargs="+",
        metavar="PATH_OR_ID",
        help="a library id, a URL in the library, or a file (converted and classified now)",
    )
    parser.set_defaults(run=_guard(_text))

    parser = subparsers.add_parser(
        "versions", help="list the versions of a document (every text it has had)"
    )
    add_common(parser)
    parser.add_argument("document", metavar="DOC", help="id, path or URL of the document")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--text",
        type=int,
        metavar="N",
        help="print the text of version N (1 is the oldest); with --json, with the notes"
        " placed in it",
    )
    parser.set_defaults(run=_guard(_versions))
