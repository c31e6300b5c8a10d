"""`reader add/list/remove/search/watch`: the library from the command line.

Same store as the GUI (WAL, busy timeout), so every command is safe while the GUI runs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.core.context import CoreContext, open_context
from reader.core.isotime import iso as iso_time
from reader.core.library.documents import SORT_KEYS, LibraryEntry
from reader.core.library.importer import add_files
from reader.core.store.database import StoreError
from reader.core.store.failures import describe_write_failure
from reader.core.store.paths import data_dir
from reader.core.store.window_lock import give_way_to_window
from reader.core.text.terminal import shown

AddCommon = Callable[[argparse.ArgumentParser], None]


class _Failed(Exception):
    pass


@contextmanager
def _context(args: argparse.Namespace) -> Iterator[CoreContext]:
    try:
        context = open_context(args.data_dir)
    except StoreError as error:
        print(f"reader: {shown(error.message)}", file=sys.stderr)
        raise _Failed from None
    for warning in context.warnings:
        print(f"reader: {shown(warning)}", file=sys.stderr)
    try:
        yield context
    finally:
        context.close()


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except _Failed:
            return 1
        except (sqlite3.Error, OSError) as error:
            why = describe_write_failure(error, data_dir(args.data_dir))
            print(f"reader: {shown(why)}. Finished batches were kept; run the command again.",
                  file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("reader: interrupted; finished batches were kept", file=sys.stderr)
            return 130

    return wrapper


def _entry_json(e: LibraryEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "title": e.title,
        "path": e.path,
        "words": e.word_count,
        "collection": e.collection,
        "added_at": iso_time(e.added_at),
        "commentary_share": e.commentary_share,
        "site": e.site,
        "published": e.published,
    }


def _list(args: argparse.Namespace) -> int:
    with _context(args) as context:
        context.library.ensure_seeds()
        entries = context.library.entries(
            args.sort, descending=args.reverse, collection=args.collection, contains=args.filter
        )
        if args.json:
            json.dump([_entry_json(e) for e in entries], sys.stdout, indent=2)
            print()
            return 0
        for e in entries:
            share = "" if e.commentary_share is None else f", {e.commentary_share:.0%} commentary"
            seed = " [seed]" if e.is_seed else ""
            # Two of one title: what tells them apart (site and date, else file name).
            where = (
                e.told_apart
                or ", ".join(x for x in (e.site, e.published[:10]) if x)
                or e.source_name
            )
            print(f"{e.id:>5}  {shown(e.title)}  ({shown(where)}, {e.word_count} words"
                  f"{share}){seed}")
    return 0


def _add_urls(context: CoreContext, urls: list[str], counts: dict[str, int], verbose: bool) -> None:
    from reader.core.library.web_import import add_url
    from reader.core.web.fetch import FetchError

    for url in urls:
        try:
            doc_id, outcome = add_url(context.library, url)
        except FetchError as error:
            counts["failed"] += 1
            print(f"reader: {shown(error.url)}: {shown(error.reason)}", file=sys.stderr)
            continue
        counts[outcome] += 1
        if verbose:
            print(f"{outcome:>9}  {doc_id:>5}  {shown(url)}")


def _stdin_file(context: CoreContext) -> str | None:
    """Standard input kept as a file in the data dir, named by its content
    (`stdin/stdin-<hash>.txt`, or `.html` when it starts as a page), so the library treats
    it like any file: the same text piped twice is one document. Its title is chosen as
    for any file: the page's own title, else the first line that reads like prose."""
    from reader.core.text.document import content_hash, is_html

    data = sys.stdin.buffer.read()
    if not data.strip():
        print("reader: standard input is empty", file=sys.stderr)
        return None
    suffix = ".html" if is_html(Path("-"), data) else ".txt"
    folder = context.data_dir / "stdin"
    target = folder / f"stdin-{content_hash(data)[:16]}{suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data)
    except OSError as error:
        print(f"reader: cannot keep standard input in {shown(str(folder))}: "
              f"{shown(error.strerror or str(error))}", file=sys.stderr)
        return None
    return str(target)


def _add(args: argparse.Namespace) -> int:
    counts = {"added": 0, "refreshed": 0, "unchanged": 0, "failed": 0}
    urls = [p for p in args.paths if p.lower().startswith(("http://", "https://"))]
    paths = [p for p in args.paths if p not in urls]
    with _context(args) as context:
        give_way_to_window(context.data_dir)  # a window beside us keeps its event loop smooth
        context.library.ensure_seeds()
        if "-" in paths:
            kept = _stdin_file(context)
            paths = [p for p in paths if p != "-"] + ([kept] if kept else [])
            counts["failed"] += kept is None
        _add_urls(context, urls, counts, args.verbose and not args.json)
        for item in add_files(context.library, paths, force=args.force) if paths else ():
            counts[item.outcome] += 1
            if item.error is not None:
                print(f"reader: {shown(item.error.path)}: {shown(item.error.reason)}",
                      file=sys.stderr)
            elif args.verbose and not args.json:
                print(f"{item.outcome:>9}  {item.doc_id:>5}  {shown(item.path)}")
    if args.json:
        print(json.dumps(counts))
    else:
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        print(f"{summary}.")
    return 1 if counts["failed"] else 0


def _remove(args: argparse.Namespace) -> int:
    with _context(args) as context:
        known = {e.id for e in context.library.entries_for(args.ids)}
        missing = [i for i in args.ids if i not in known]
        removed = context.library.remove(sorted(known))
        for doc_id in missing:
            print(f"reader: no document with id {doc_id} in the library", file=sys.stderr)
    if args.json:
        print(json.dumps({"removed": removed, "missing": missing}))
    else:
        print(f"{removed} removed from the library (files left on disk).")
    return 1 if missing else 0


def _search(args: argparse.Namespace) -> int:
    from reader.core.library.search import search_library

    with _context(args) as context:
        context.library.ensure_seeds()
        hits = search_library(context.db, " ".join(args.query), args.limit)
    if args.json:
        json.dump(
            [
                {
                    "id": h.doc_id,
                    "kind": getattr(h, "kind", "document"),
                    "title": h.title,
                    "path": h.path,
                    "snippet": h.snippet.replace("\x02", "[").replace("\x03", "]"),
                    "score": h.score,
                }
                for h in hits
            ],
            sys.stdout,
            indent=2,
        )
        print()
    else:
        for h in hits:
            # The full search also finds notes, whose document may be gone (no id).
            label = "note" if getattr(h, "kind", "document") == "note" else ""
            ident = "-" if h.doc_id is None else str(h.doc_id)
            snippet = h.snippet.replace("\x02", "[").replace("\x03", "]")  # match markers
            snippet = " ".join(snippet.split())
            print(f"{ident:>5}  {shown(h.title)} {label}".rstrip() + f"\n       {shown(snippet)}")
        if not hits:
            print("No matches.", file=sys.stderr)
    return 0 if hits else 1


def _watch(args: argparse.Namespace) -> int:
    failed = 0
    with _context(args) as context:
        for folder in args.folders:
            if args.stop:
                context.library.unwatch(folder)
            elif not Path(folder).is_dir():
                print(f"reader: {shown(folder)} is not a folder", file=sys.stderr)
                failed += 1
            else:
                context.library.watch(folder)
        folders = context.library.watched_folders()
    if args.json:
        json.dump([str(f) for f in folders], sys.stdout, indent=2)
        print()
    else:
        for folder in folders:
            print(shown(folder))
    return 1 if failed else 0


def register(subparsers: Any, add_common: AddCommon) -> None:
    parser = subparsers.add_parser("list", help="list the documents in the library")
    add_common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--sort", choices=sorted(SORT_KEYS), help="order by this field")
    parser.add_argument("--reverse", action="store_true", help="largest/latest first")
    parser.add_argument("--collection", choices=["library", "seeds"], help="only this collection")
    parser.add_argument("--filter", metavar="TEXT", help="only titles or paths containing TEXT")
    parser.set_defaults(run=_guarded(_list))

    parser = subparsers.add_parser(
        "add",
        help="add files, folders (recursively) or web pages by URL; re-adding refreshes "
        "changed ones and keeps the earlier text as a version",
    )
    add_common(parser)
    parser.add_argument(
        "paths", nargs="+", metavar="PATH_OR_URL",
        help="files, folders or web addresses to add; '-' reads standard input (text or "
        "HTML), kept as <data dir>/stdin/stdin-HASH.txt (or .html) and titled like a file: "
        "the page's title, else the first line that reads like prose",
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("--force", action="store_true", help="re-read even unmodified files")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every file")
    parser.set_defaults(run=_guarded(_add))

    parser = subparsers.add_parser("remove", help="remove documents (the files stay on disk)")
    add_common(parser)
    parser.add_argument("ids", nargs="+", type=int, metavar="ID",
                        help="document ids, as 'reader list' shows them")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=_guarded(_remove))

    parser = subparsers.add_parser("search", help="full-text search, ranked, with snippets")
    add_common(parser)
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words that must all appear")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    parser.set_defaults(run=_guarded(_search))

    parser = subparsers.add_parser("watch", help="list, add (or --stop) watched folders")
    add_common(parser)
    parser.add_argument("folders", nargs="*", metavar="FOLDER",
                        help="folders to watch (none: list the watched folders)")
    parser.add_argument("--stop", action="store_true", help="stop watching these folders")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=_guarded(_watch))
