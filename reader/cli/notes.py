"""`reader notes export|import`: notes for scripts and backups, on the GUI's store."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.core.context import CoreContext, open_context
from reader.core.notes.interchange import (
    ImportFormatError,
    document_infos,
    dumps,
    import_annotations,
    to_collection,
    to_markdown,
    write_atomically,
)
from reader.core.notes.storage import NoteStore
from reader.core.store.database import StoreError
from reader.core.text.terminal import shown


def _open(args: argparse.Namespace) -> CoreContext | None:
    try:
        context = open_context(args.data_dir)
    except StoreError as error:
        print(f"reader: {shown(error.message)}", file=sys.stderr)
        return None
    for warning in context.warnings:
        print(f"reader: {shown(warning)}", file=sys.stderr)
    return context


def _export(args: argparse.Namespace) -> int:
    context = _open(args)
    if context is None:
        return 1
    try:
        store = NoteStore(context.db)
        if args.paths:
            missing = [p for p in args.paths if context.library.id_for_path(p) is None]
            for path in missing:
                print(f"reader: {shown(path)} is not in the library", file=sys.stderr)
            notes = store.for_paths(args.paths)
        else:
            notes = store.all_notes()
        docs = document_infos(context.db)
        if args.format == "md":
            text = to_markdown(notes, docs)
        else:
            text = dumps(to_collection(notes, docs))
        if args.output:
            write_atomically(Path(args.output), text)
            print(f"{len(notes)} notes written to {shown(args.output)}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    except OSError as error:
        print(f"reader: cannot write {shown(args.output)}: {shown(error.strerror or error)}",
              file=sys.stderr)
        return 1
    finally:
        context.close()


def _import(args: argparse.Namespace) -> int:
    try:
        data: Any = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as error:
        print(f"reader: cannot read {shown(args.file)}: {shown(error.strerror or error)}",
              file=sys.stderr)
        return 1
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"reader: {shown(args.file)} is not valid JSON: {shown(error)}", file=sys.stderr)
        return 1
    context = _open(args)
    if context is None:
        return 1
    try:
        result = import_annotations(context.db, data)
    except ImportFormatError as error:
        print(f"reader: {shown(args.file)}: {shown(error)}", file=sys.stderr)
        return 1
    finally:
        context.close()
    for problem in result.skipped:
        print(f"reader: skipped an annotation: {shown(problem)}", file=sys.stderr)
    print(f"{result.added} added, {result.updated} updated, {result.orphaned} orphaned"
          f" ({result.unchanged} already present)")
    return 0


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser("notes", help="export or import highlights and notes")
    actions = parser.add_subparsers(dest="notes_command", required=True)

    export = actions.add_parser("export", help="write notes as Markdown or W3C Web Annotation JSON")
    add_common(export)
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("--output", "-o", metavar="FILE", help="write here (default: stdout)")
    export.add_argument("paths", nargs="*", metavar="PATH",
                        help="documents whose notes to export (default: all)")
    export.set_defaults(run=_export)

    imp = actions.add_parser("import", help="merge W3C Web Annotation JSON (no duplicates)")
    add_common(imp)
    imp.add_argument("file", metavar="FILE.json")
    imp.set_defaults(run=_import)
