"""The `reader` command: the GUI by default, subcommands for scripts (like `calibredb`).

Conventions (git's and calibredb's), kept by tests/cli/test_conventions.py:
- global options (`--data-dir`) go anywhere before the subcommand (or after it);
- a first word that is neither a command nor a path is an error with a suggestion, exit 2,
  never the GUI;
- exit 0 for success, 1 for no match or partial failure, 2 for usage errors;
- every command has a description and examples in `--help` (from `reader.cli.examples`),
  and shell completion and the man page come from the same parser (`reader.cli.docs`).

Subcommands never import Qt, so they start fast and run on machines without a display;
only the named command's module is imported to run it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from reader import __version__
from reader.core.store.paths import DATA_DIR_ENV

SUBCOMMAND_MODULES: dict[str, str] = {
    "list": "library",
    "classify": "classify",
    "compare": "compare",
    "shortcuts": "shortcuts",
    "notes": "notes",
    "add": "library",
    "remove": "library",
    "search": "library",
    "watch": "library",
    "open": "links",
    "install-desktop": "desktop",
    "completion": "docs",
    "man": "docs",
}
"""Subcommand name -> module in `reader.cli` whose `register(subparsers, add_common)`
adds it (one module may add several)."""

GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir",)
DESCRIPTION = ("Read news closely: reporting, commentary and page furniture told apart, "
               "with your highlights and notes kept safe.")
EXIT_CODES = ("Exit status: 0 success; 1 nothing matched, or some items failed (each is "
              "named on standard error); 2 the command line was wrong.")


def _data_dir_help() -> str:
    return (f"keep all user data in DIR (default: the platform's user data dir; "
            f"also ${DATA_DIR_ENV})")


def _add_common(parser: argparse.ArgumentParser) -> None:
    """Options every subcommand also takes after its name. SUPPRESS keeps a value given
    before the subcommand from being reset by the subcommand's own default."""
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=_data_dir_help())


def _add_global(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=_data_dir_help())


class _GuiParser(argparse.ArgumentParser):
    """Lists the commands only when help is shown: a launch imports no command module."""

    def format_help(self) -> str:
        self.epilog = _commands_epilog()
        return super().format_help()


def gui_parser() -> argparse.ArgumentParser:
    parser = _GuiParser(
        prog="reader",
        usage="reader [--data-dir DIR] [PATH | reader://URL ...]\n"
              "       reader [--data-dir DIR] COMMAND [ARGS]",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_global(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to open, or reader:// links to passages")
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


def _commands_epilog() -> str:
    lines = ["commands:"]
    for name, summary in command_summaries():
        lines.append(f"  {name:<12}{summary}")
    lines += ["", "Run 'reader COMMAND --help' for one, with examples.", EXIT_CODES]
    return "\n".join(lines)


def command_summaries() -> list[tuple[str, str]]:
    """(name, one-line help) of every command, from the parser itself."""
    parser = full_parser()
    found: list[tuple[str, str]] = []
    for name, (_sub, summary) in _subcommands(parser):
        found.append((name, summary))
    return sorted(found)


def _subcommands(
        parser: argparse.ArgumentParser
) -> Iterator[tuple[str, tuple[argparse.ArgumentParser, str]]]:
    """Each direct subcommand of `parser` with its parser and one-line help."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, (sub, summaries.get(name, ""))


def _decorate(parser: argparse.ArgumentParser, path: str) -> None:
    """Give each (nested) subcommand its description (its help if it has none) and the
    examples from `reader.cli.examples`, shown verbatim."""
    from reader.cli.examples import EXAMPLES

    for name, (sub, summary) in _subcommands(parser):
        full = f"{path} {name}".strip()
        sub.formatter_class = argparse.RawDescriptionHelpFormatter
        if not sub.description:
            sub.description = summary[:1].upper() + summary[1:] + "." if summary else None
        rows = EXAMPLES.get(full, [])
        if rows:
            width = max(len(command) for command, _ in rows)
            lines = [f"  {command:<{width}}  # {why}" for command, why in rows]
            sub.epilog = "examples:\n" + "\n".join(lines) + "\n\n" + EXIT_CODES
        _decorate(sub, full)


def _new_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:  # type: ignore[type-arg]
    parser = argparse.ArgumentParser(prog="reader", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_global(parser)
    subparsers = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
    return parser, subparsers


def subcommand_parser(name: str) -> argparse.ArgumentParser:
    """The parser for one subcommand (only its module is imported)."""
    parser, subparsers = _new_parser()
    module = importlib.import_module(f"reader.cli.{SUBCOMMAND_MODULES[name]}")
    module.register(subparsers, _add_common)
    _decorate(parser, "")
    return parser


def full_parser() -> argparse.ArgumentParser:
    """Every command: for the top-level help, shell completion and the man page."""
    parser, subparsers = _new_parser()
    for module_name in dict.fromkeys(SUBCOMMAND_MODULES.values()):
        importlib.import_module(f"reader.cli.{module_name}").register(subparsers, _add_common)
    _decorate(parser, "")
    return parser


def first_word(args: Sequence[str]) -> str | None:
    """The first argument that is not an option or a global option's value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
            continue
        if arg == "--":
            return None
        if arg.startswith("-") and arg != "-":
            continue
        return arg
    return None


def _exit_cleanly_on_sigterm() -> dict[int, Any]:
    """SIGTERM (and SIGHUP) unwind like Ctrl+C: finished batches stay, the store is closed
    with its clean-close record, instead of the process dying mid-write. Returns the
    handlers it replaced."""

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    return {number: signal.signal(number, interrupt)
            for number in (signal.SIGTERM, signal.SIGHUP)}


def looks_like_path(word: str) -> bool:
    """What the GUI may be asked to open: an existing file, something written as a path
    (a separator or an extension), or a URL."""
    return (os.path.lexists(word) or "/" in word or os.sep in word or "." in word
            or "://" in word)


def suggestion(word: str) -> str:
    import difflib  # only on this error path: not for every launch

    close = difflib.get_close_matches(word, list(SUBCOMMAND_MODULES), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return "see 'reader --help' for the commands"


def _local_paths(args: list[str]) -> list[str]:
    """file:// URLs (what a desktop's %U passes for local files) as plain paths."""
    from urllib.parse import unquote, urlsplit

    out = []
    for arg in args:
        if arg.startswith("file://"):
            parts = urlsplit(arg)
            if parts.netloc in ("", "localhost"):
                arg = unquote(parts.path)
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _local_paths(list(sys.argv[1:] if argv is None else argv))
    word = first_word(args_list)
    if word is not None and word in SUBCOMMAND_MODULES:
        args = subcommand_parser(word).parse_args(args_list)
        previous = _exit_cleanly_on_sigterm()
        try:
            return int(args.run(args))
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
    if word is not None and not looks_like_path(word):
        print(f"reader: '{word}' is not a reader command or a file; {suggestion(word)}",
              file=sys.stderr)
        return 2
    args = gui_parser().parse_args(args_list)
    from reader.ui.app.launch import run_gui

    return run_gui(args)
