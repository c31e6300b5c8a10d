"""`reader compare A B [--json]`: what B added, changed, moved and left out of A.

Needs no store and no Qt. Offsets are code points into each file as decoded (HTML converted
to text first), as in `reader classify`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from reader.core.compare.ops import Comparison, Op, compare_texts, comparison_json
from reader.core.text.document import DocumentError, load_document

_COLOURS = {
    "same": "\x1b[90m",
    "changed": "\x1b[33m",
    "added": "\x1b[32m",
    "left-out": "\x1b[31m",
    "moved": "\x1b[36m",
    "insert": "\x1b[32m",
    "delete": "\x1b[31m",
}
_RESET = "\x1b[0m"
_EXCERPT = 76


def _flat(text: str, limit: int = _EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _paint(text: str, key: str, colour: bool) -> str:
    return f"{_COLOURS[key]}{text}{_RESET}" if colour else text


def _word_line(comparison: Comparison, op: Op, colour: bool) -> list[str]:
    """The B side of a changed passage with [-deleted-] and {+inserted+} words in place."""
    a_text, b_text = comparison.a.text, comparison.b.text
    assert op.b_start is not None and op.b_end is not None
    out: list[str] = []
    pos = op.b_start
    for w in op.words:
        at = w.b[0] if w.b else w.b_at
        out.append(b_text[pos:at])
        if w.a:
            out.append(_paint(f"[-{a_text[w.a[0]:w.a[1]]}-]", "delete", colour))
        if w.b:
            out.append(_paint(f"{{+{b_text[w.b[0]:w.b[1]]}+}}", "insert", colour))
            pos = w.b[1]
        else:
            pos = at
    out.append(b_text[pos : op.b_end])
    return ["      " + line for line in "".join(out).splitlines() if line.strip()]


def print_comparison(comparison: Comparison, a_path: str, b_path: str, colour: bool) -> None:
    a_text, b_text = comparison.a.text, comparison.b.text
    print(f"A: {a_path}")
    print(f"B: {b_path}")
    print(f"relation: {comparison.relation}")
    for op in comparison.ops:
        label = _paint(f"{op.op:<9}", op.op, colour)
        if op.op == "left-out":
            words = comparison.word_count(op, "a")
            n = len(op.a_passages)
            print(f"  {label} A {op.a_start}-{op.a_end}: {n} paragraph{'s' * (n != 1)}, "
                  f"{words} word{'s' * (words != 1)}")
            print(f"      {_flat(a_text[op.a_start:op.a_end])}")
        elif op.op == "added":
            print(f"  {label} B {op.b_start}-{op.b_end}")
            print(f"      {_flat(b_text[op.b_start:op.b_end])}")
        else:
            print(f"  {label} A {op.a_start}-{op.a_end} = B {op.b_start}-{op.b_end}")
            if op.words:
                for line in _word_line(comparison, op, colour):
                    print(line)
            else:
                print(f"      {_flat(b_text[op.b_start:op.b_end])}")


def _run(args: argparse.Namespace) -> int:
    texts: list[str] = []
    for path in (args.a, args.b):
        try:
            texts.append(load_document(path).text)
        except DocumentError as error:
            print(f"reader: cannot compare {path}: {error.reason}", file=sys.stderr)
            return 1
    comparison = compare_texts(texts[0], texts[1])
    try:
        if args.json:
            json.dump(comparison_json(comparison, args.a, args.b), sys.stdout, ensure_ascii=False)
            print()
        else:
            colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
            print_comparison(comparison, args.a, args.b, colour)
    except BrokenPipeError:  # `reader compare … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="what a copy added, changed, moved and left out of its original",
        description="Align two documents passage by passage and word by word: passages only "
        "in B (added), only in A (left out), matched with word changes (changed), matched out "
        "of order (moved). Quote styles, dashes, spacing and a dropped dateline are ignored.",
    )
    add_common(parser)
    parser.add_argument("--json", action="store_true", help="print the alignment as JSON")
    parser.add_argument("a", metavar="A", help="the first document (usually the original)")
    parser.add_argument("b", metavar="B", help="the second document (usually the copy)")
    parser.set_defaults(run=_run)
