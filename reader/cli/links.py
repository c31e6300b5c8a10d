"""`reader open URL`: follow a reader:// link (from an exported note, a browser, the desktop's
URL handler). It is checked against the library first; then the running reader shows the
passage (or a new one starts on it). `--print`/`--json` only say where it points."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from reader.core.context import open_context
from reader.core.notes.links import LinkError, parse_link, resolve
from reader.core.store.database import StoreError
from reader.core.text.terminal import shown


def _open(args: argparse.Namespace) -> int:
    try:
        link = parse_link(args.url)
    except LinkError as error:
        print(f"reader: {shown(args.url[:200])}: {error}", file=sys.stderr)
        return 2
    try:
        context = open_context(args.data_dir)
    except StoreError as error:
        print(f"reader: {shown(error.message)}", file=sys.stderr)
        return 1
    try:
        target = resolve(context.db, link)
        passage = None
        if target.start is not None and target.end is not None:
            row = context.db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                     (target.start + 1, target.end - target.start,
                                      target.doc_id)).fetchone()
            passage = row[0] if row else None
    except LinkError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    finally:
        context.close()
    if args.json or args.print:
        found = {"document": target.doc_id, "title": target.title, "path": target.path,
                 "start": target.start, "end": target.end, "note": target.note,
                 "passage": passage}
        if args.json:
            print(json.dumps(found, ensure_ascii=False))
        else:
            where = f" at {target.start}..{target.end}" if target.start is not None else ""
            print(f"{target.doc_id}  {shown(target.title)}{where}")
            if passage:
                print(f"       {shown(' '.join(passage.split())[:200])}")
        return 0
    from reader.cli.main import gui_parser
    from reader.ui.app.launch import run_gui

    words = [args.url] if args.data_dir is None else ["--data-dir", args.data_dir, args.url]
    return run_gui(gui_parser().parse_args(words))


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "open", help="open a reader:// link at its passage",
        description="Follow a reader:// link (as written in exported Markdown notes): the "
        "running reader shows the document at the passage, or a new one starts on it. "
        "Exit 1 if the link points at nothing in this library, 2 if it is malformed.")
    add_common(parser)
    parser.add_argument("url", metavar="URL", help="a reader://note/… or reader://open?… link")
    parser.add_argument("--print", action="store_true",
                        help="only print where the link points (no window)")
    parser.add_argument("--json", action="store_true",
                        help="only print where the link points, as JSON (no window)")
    parser.set_defaults(run=_open)
