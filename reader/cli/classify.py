"""`reader classify FILE...`: label each file's characters as reporting, commentary or furniture.

Files named together are each other's corpus (an original and its copies can be checked in
one call); `--corpus DIR` adds every text document under DIR, answered from the library's own
index for the documents the library holds unchanged (`folder_corpus`). Needs no store (one
is only read, if there is one) and no Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reader.core.classify import Segment, analyse
from reader.core.classify.engine import Relation
from reader.core.classify.segments import segment_dict
from reader.core.library.folder_corpus import FolderCorpus
from reader.core.store.paths import find_data_dir, store_path
from reader.core.text.document import (
    Document,
    DocumentError,
    document_from_bytes,
    load_document,
)
from reader.core.text.terminal import shown

CORPUS_SUFFIXES = (".txt", ".md", ".html", ".htm")
_TAG = re.compile(r"<[^>]*>")
_COLOURS = {"reporting": "\x1b[32m", "commentary": "\x1b[35m", "furniture": "\x1b[90m"}
_RESET = "\x1b[0m"
_EXCERPT = 72


def _corpus_files(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(CORPUS_SUFFIXES):
                yield os.path.join(root, name)


def _load_named(path: str) -> Document:
    """A named file, or standard input for '-' (read once: '-' twice is one document)."""
    if path != "-":
        return load_document(path)
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise DocumentError(path, "standard input is empty")
    return document_from_bytes(data, Path("-"))


def _matching_text(document: Document) -> str:
    """HTML tags blanked out (same length, so offsets into the file still hold)."""
    if document.path.lower().endswith((".html", ".htm")):
        return _TAG.sub(lambda m: " " * len(m.group()), document.text)
    return document.text


def _dating(document: Document) -> tuple[str, str]:
    """A web page's site and publication date: evidence of which version is the original."""
    meta = document.meta
    return (meta.site, meta.published) if meta is not None else ("", "")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def _print_listing(
    path: str, document: Document, segments: list[Segment], colour: bool, relation: Relation
) -> None:
    print(f"{shown(path)} — {shown(document.title)}")
    if relation.other is not None:
        print(
            f"  ({relation.role} of {shown(relation.other)})"
            if relation.role != "original"
            else f"  (the original of {shown(relation.other)})"
        )
    for s in segments:
        label = f"{s.kind:<10}"
        if colour:
            label = f"{_COLOURS[s.kind]}{label}{_RESET}"
        print(f"  {s.start:>7}-{s.end:<7} {label} {shown(s.reason)}")
        print(f"                    {shown(_excerpt(document.text[s.start : s.end]))}")
    print()


CLI_SEGMENT_KEYS = ("start", "end", "kind", "reason", "source", "confidence")
"""The command-line contract's segment fields (the stored form has more)."""


def _segment_json(segment: Segment) -> dict[str, Any]:
    stored = segment_dict(segment)
    return {key: stored[key] for key in CLI_SEGMENT_KEYS}


def _classify_files(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:  # `reader classify … | head`: the reader of our output left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace) -> int:
    loaded: dict[str, Document] = {}

    def load(path: str) -> tuple[str, str]:
        """A corpus document's text, read again when a named file turns out related."""
        if path in loaded:
            return loaded[path].title, loaded[path].text
        try:
            document = load_document(path)
        except DocumentError as error:
            raise ValueError(error.reason) from None
        return document.title, _matching_text(document)

    store = None
    if args.corpus and not args.no_library:
        store = store_path(find_data_dir(getattr(args, "data_dir", None)))
    corpus = FolderCorpus(load, store)
    try:
        return _classify_all(args, corpus, loaded)
    finally:
        corpus.close()


def _classify_all(
    args: argparse.Namespace, corpus: FolderCorpus, loaded: dict[str, Document]
) -> int:
    """Index the named files and every corpus file the library does not hold (streamed: one
    text in memory at a time), then classify the named files against that index."""
    status = 0
    for path in args.files:
        if path in loaded:
            continue
        try:
            document = _load_named(path)
        except DocumentError as error:
            print(f"reader: cannot classify {shown(path)}: {shown(error.reason)}", file=sys.stderr)
            status = 1
            continue
        loaded[path] = document
        corpus.add(path, document.title, document.text, *_dating(document))
    for folder in args.corpus:
        if not Path(folder).is_dir():
            print(f"reader: --corpus {shown(folder)}: not a folder, ignored", file=sys.stderr)
            continue
        for path in _corpus_files(folder):
            if path in loaded or corpus.held(path):
                continue
            try:
                document = load_document(path)
            except DocumentError as error:
                print(f"reader: corpus file skipped: {shown(path)}: {shown(error.reason)}",
                      file=sys.stderr)
                continue
            corpus.add(path, document.title, _matching_text(document), *_dating(document))
    results: list[dict[str, Any]] = []
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    for path in args.files:
        found = loaded.get(path)
        if found is None:
            results.append({"path": path, "title": "", "segments": [], "error": "cannot be read"})
            continue
        document = found
        site, published = _dating(document)
        segments, relation = analyse(
            document.text, corpus, key=path, structure=document.hints, site=site,
            published=published,
        )
        if args.json:
            results.append(
                {
                    "path": path,
                    "title": document.title,
                    "relation": {"role": relation.role, "other": relation.other},
                    "segments": [_segment_json(s) for s in segments],
                }
            )
        else:
            _print_listing(path, document, segments, colour, relation)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False)
        print()
    return status


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "classify",
        help="label each file's text as reporting, commentary or furniture",
        description="Label every character of each FILE as reporting, commentary or page "
        "furniture. Files named together are each other's corpus, so an original and its "
        "republished copies can be compared in one call.",
    )
    add_common(parser)
    parser.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="DIR",
        help="also compare with the documents under DIR (*.txt, *.md, *.html, *.htm); repeatable",
    )
    parser.add_argument(
        "--no-library",
        action="store_true",
        help="read every --corpus file itself, even those the library holds (by default "
        "the library's own index answers for them)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON array")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="the files to label; '-' reads standard input (text or HTML), "
                        "listed under the path '-'")
    parser.set_defaults(run=_classify_files)
