"""`reader notes export|import`: notes for scripts and backups, on the GUI's store."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.core.context import CoreContext, open_context
from reader.core.notes.annotated_html import annotated_document_html
from reader.core.notes.incoming import load_json
from reader.core.notes.interchange import (
    ImportFormatError,
    document_infos,
    dumps,
    export_markdown,
    export_markdown_files,
    import_annotations,
    to_collection,
    write_atomically,
    write_folder,
)
from reader.core.notes.storage import NoteStore
from reader.core.store.database import StoreAccessError, StoreError
from reader.core.store.failures import describe_write_failure
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


def _export_html(args: argparse.Namespace, context: CoreContext, missing: list[str]) -> int:
    """One document, annotated, as a self-contained HTML page."""
    if len(args.paths) != 1 or missing:
        if not missing:
            print("reader: --format html exports one document: name exactly one PATH",
                  file=sys.stderr)
        return 2 if not missing else 1
    doc_id = context.library.id_for_path(args.paths[0])
    assert doc_id is not None
    text = annotated_document_html(context.db, doc_id, time.time())
    if args.output and args.output != "-":
        write_atomically(Path(args.output), text)
        print(f"annotated document written to {shown(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _is_folder(output: str) -> bool:
    """Markdown goes one file per document into a folder: one that exists, or a name
    ending in a separator."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _export(args: argparse.Namespace) -> int:
    context = _open(args)
    if context is None:
        return 1
    try:
        store = NoteStore(context.db)
        missing: list[str] = []
        if args.paths:
            missing = [p for p in args.paths if context.library.id_for_path(p) is None]
            for path in missing:
                print(f"reader: {shown(path)} is not in the library", file=sys.stderr)
            notes = store.for_paths(args.paths)
        else:
            notes = store.all_notes()
        if args.tag:
            wanted = {tag.casefold() for tag in args.tag}
            notes = [n for n in notes if wanted & {t.casefold() for t in n.tags}]
        if args.format == "html":
            return _export_html(args, context, missing)
        markdown = args.format == "md" and not args.json
        if markdown and args.output and _is_folder(args.output):
            written = write_folder(Path(args.output),
                                   export_markdown_files(context.db, notes))
            print(f"{len(notes)} notes in {shown(args.output)} ({written} files written)",
                  file=sys.stderr)
            return 1 if missing else 0
        if markdown:
            text = export_markdown(context.db, notes)
        else:
            text = dumps(to_collection(notes, document_infos(context.db)))
        if args.output and args.output != "-":
            write_atomically(Path(args.output), text)
            print(f"{len(notes)} notes written to {shown(args.output)}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 1 if missing else 0
    except OSError as error:
        print(f"reader: cannot write {shown(args.output)}: {shown(error.strerror or error)}",
              file=sys.stderr)
        return 1
    finally:
        context.close()


def _import(args: argparse.Namespace) -> int:
    name = "standard input" if args.file == "-" else args.file
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
        data: Any = load_json(raw)
    except OSError as error:
        print(f"reader: cannot read {shown(name)}: {shown(error.strerror or error)}",
              file=sys.stderr)
        return 1
    except ImportFormatError as error:
        print(f"reader: {shown(name)}: {shown(error)}", file=sys.stderr)
        return 1
    context = _open(args)
    if context is None:
        return 1
    try:
        result = import_annotations(context.db, data)
    except ImportFormatError as error:
        print(f"reader: {shown(name)}: {shown(error)}", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"reader: {shown(error.message)}", file=sys.stderr)
        return 1
    except (StoreAccessError, OSError) as error:
        why = describe_write_failure(error, context.data_dir)
        print(f"reader: the import stopped: {shown(why)}. What was imported is kept; running "
              "it again adds the rest (nothing is duplicated).", file=sys.stderr)
        return 1
    finally:
        context.close()
    for problem in result.skipped:
        print(f"reader: skipped {shown(problem)}", file=sys.stderr)
    if args.json:
        print(json.dumps({"format": result.format, "added": result.added,
                          "updated": result.updated, "orphaned": result.orphaned,
                          "unchanged": result.unchanged, "skipped": result.skipped},
                         ensure_ascii=False))
    else:
        print(f"{result.added} added, {result.updated} updated, {result.orphaned} orphaned"
              f" ({result.unchanged} already present, {len(result.skipped)} skipped)")
    return 1 if result.skipped else 0


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser("notes", help="export or import highlights and notes")
    actions = parser.add_subparsers(dest="notes_command", required=True, metavar="ACTION",
                                    help="export or import")

    export = actions.add_parser(
        "export", help="write notes as Markdown or W3C Web Annotation JSON",
        description="Write highlights and notes as Markdown (for reading and note-taking "
        "apps) or as a W3C Web Annotation collection (for other annotation tools and for "
        "backups; `reader notes import` reads it back without duplicates).")
    add_common(export)
    export.add_argument("--format", choices=("md", "json", "html"), default="md",
                        help="md (default), json (W3C Web Annotation) or html (one document "
                        "annotated: its kinds, your highlights and notes, its provenance)")
    export.add_argument("--json", action="store_true", help="the same as --format json")
    export.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only notes with this tag (any case); repeatable")
    export.add_argument("--output", "-o", metavar="FILE",
                        help="write here, atomically (default or '-': standard output); "
                        "Markdown to a folder (existing, or ending in /) is one file per "
                        "document, rewritten only where notes changed")
    export.add_argument("paths", nargs="*", metavar="PATH",
                        help="documents whose notes to export (default: all)")
    export.set_defaults(run=_export)

    imp = actions.add_parser(
        "import", help="merge annotations from W3C or Hypothesis JSON (no duplicates)",
        description="Merge annotations into the library: W3C Web Annotation JSON (one, a "
        "list, a page or a collection), Hypothesis API JSON (an annotation or a search "
        "result) or the Hypothesis client's export file. Each is placed by its source, its "
        "content hash or its quote; one that cannot be placed is kept as orphaned. A bad "
        "annotation is skipped and named; the others still import (exit 1).")
    add_common(imp)
    imp.add_argument("file", metavar="FILE.json", help="the file to read ('-': standard input)")
    imp.add_argument("--json", action="store_true", help="print the counts as JSON")
    imp.set_defaults(run=_import)
