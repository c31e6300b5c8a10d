"""`reader list`: the library from the command line, on the same store as the GUI."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from reader.core.context import open_context
from reader.core.store import StoreError


def _list(args: argparse.Namespace) -> int:
    try:
        context = open_context(args.data_dir)
    except StoreError as error:
        print(f"reader: {error.message}", file=sys.stderr)
        return 1
    for warning in context.warnings:
        print(f"reader: {warning}", file=sys.stderr)
    context.library.ensure_seeds()
    entries = context.library.entries()
    if args.json:
        json.dump(
            [
                {
                    "id": e.id,
                    "title": e.title,
                    "path": e.path,
                    "words": e.word_count,
                    "collection": e.collection,
                    "commentary_share": e.commentary_share,
                }
                for e in entries
            ],
            sys.stdout,
            indent=2,
        )
        print()
    else:
        for e in entries:
            share = "" if e.commentary_share is None else f"  {e.commentary_share:.0%} commentary"
            print(f"{e.id:>5}  {e.title}  ({e.source_name}, {e.word_count} words{share})")
    context.close()
    return 0


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser("list", help="list the documents in the library")
    add_common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=_list)
