"""The `reader` command: the GUI by default, subcommands for scripts (like `calibredb`).

Subcommands never import Qt, so they start fast and run on machines without a display.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from reader import __version__
from reader.core.store.paths import DATA_DIR_ENV

SUBCOMMAND_MODULES: dict[str, str] = {
    "list": "library",
    "classify": "classify",
    "shortcuts": "shortcuts",
    "notes": "notes",
    "add": "library",
    "remove": "library",
    "search": "library",
    "watch": "library",
    "text": "pages",
    "versions": "pages",
}
"""Subcommand name -> module in `reader.cli` whose `register(subparsers, add_common)`
adds it (one module may add several)."""


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep all user data in DIR (default: the platform's user data dir; "
        f"also ${DATA_DIR_ENV})",
    )


def gui_parser() -> argparse.ArgumentParser:
    subcommands = ", ".join(sorted(SUBCOMMAND_MODULES)) or "none"
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read news closely: reporting, commentary and page furniture told apart, "
        "with your highlights and notes kept safe.",
        epilog=f"Subcommands: {subcommands}. Run 'reader SUBCOMMAND --help' for one.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _add_common(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to open")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="exit as soon as the first document is painted (for install checks)",
    )
    parser.add_argument(
        "--print-first-paint",
        action="store_true",
        help="print a timestamp when the first document is painted (for benchmarks)",
    )
    return parser


def subcommand_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    subparsers = parser.add_subparsers(dest="subcommand", required=True)
    module = importlib.import_module(f"reader.cli.{SUBCOMMAND_MODULES[name]}")
    module.register(subparsers, _add_common)
    return parser


def _subcommand(args: list[str]) -> str | None:
    """The first word that is not an option (or the value of --data-dir), if it names one."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "--data-dir":
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg if arg in SUBCOMMAND_MODULES else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    name = _subcommand(args_list)
    if name is not None:
        args = subcommand_parser(name).parse_args(args_list)
        return int(args.run(args))
    args = gui_parser().parse_args(args_list)
    from reader.ui.app.launch import run_gui

    return run_gui(args)
