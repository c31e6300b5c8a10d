"""Finding the files an import brings in: folders expanded, links inside them followed once
(a link out of the folder is not: a planted `a.txt -> /etc/passwd` must not import it), bad
paths reported with a reason rather than stopping the import."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from reader.core.text.document import DocumentError
from reader.core.text.formats import SUPPORTED_SUFFIXES


def _loop_error(path: Path) -> DocumentError:
    return DocumentError(path, "a symbolic link loop (a link that leads back to itself); skipped")


def unstorable_name(path: Path) -> DocumentError | None:
    """A path whose name is not valid UTF-8 (os.fsdecode kept its bytes as surrogates): the
    library stores paths as text, so it is reported, by itself, instead of stopping the
    import of every other file."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return DocumentError(path, "its name is not valid UTF-8, so the library cannot store "
                                   "it; rename the file (e.g. with `convmv`) and add it again")
    return None


def within(real: str, root_real: str) -> bool:
    """Whether a resolved path lies in (or is) a resolved folder."""
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _outside_error(path: Path, real: str) -> DocumentError:
    return DocumentError(path, f"a link to outside the folder ({real}); not followed")


def _scan_folder(
    root: Path, files: list[Path], seen_files: set[str], failures: list[DocumentError]
) -> None:
    """Walk a folder without recursion limits or link loops; hidden entries are skipped."""
    root_real = os.path.realpath(root)
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, (root_real,))]
    visited: set[str] = {root_real}
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except PermissionError:
            failures.append(
                DocumentError(folder, "permission denied: reader may not list this folder")
            )
            continue
        except OSError as error:
            failures.append(DocumentError(folder, f"the folder cannot be read ({error.strerror})"))
            continue
        subfolders: list[tuple[Path, tuple[str, ...]]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    failures.append(_loop_error(path))
                continue
            if (is_dir or is_file) and entry.is_symlink():
                real = os.path.realpath(path)
                if not within(real, root_real):
                    if is_dir or path.suffix.lower() in SUPPORTED_SUFFIXES:
                        failures.append(_outside_error(path, real))
                    continue
            if is_dir:
                real = os.path.realpath(path)
                if real in ancestors:
                    failures.append(_loop_error(path))
                elif real not in visited:  # a second link to a folder already read
                    visited.add(real)
                    subfolders.append((path, (*ancestors, real)))
            elif entry.is_symlink() and not os.path.exists(path):
                try:
                    os.stat(path)
                except OSError as error:
                    if error.errno == errno.ELOOP:
                        failures.append(_loop_error(path))
                    elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                        failures.append(DocumentError(path, "a link to a file that does not exist"))
            elif is_file and path.suffix.lower() in SUPPORTED_SUFFIXES:
                if (bad_name := unstorable_name(path)) is not None:
                    failures.append(bad_name)
                    continue
                real = os.path.realpath(path)
                if real not in seen_files:
                    seen_files.add(real)
                    files.append(path)
        stack.extend(reversed(subfolders))


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[DocumentError]]:
    """Files to import (folders expanded recursively) and paths that cannot be, with reasons.

    A file named explicitly is tried whatever its suffix; inside folders only text, Markdown
    and HTML files are picked up.
    """
    files: list[Path] = []
    failures: list[DocumentError] = []
    seen_files: set[str] = set()
    for given in paths:
        path = Path(given).expanduser()
        if (bad_name := unstorable_name(path)) is not None:
            failures.append(bad_name)
            continue
        try:
            mode = path.stat().st_mode
        except OSError as error:
            if error.errno == errno.ELOOP:
                failures.append(_loop_error(path))
            elif isinstance(error, PermissionError):
                failures.append(DocumentError(path, "permission denied: reader may not read this"))
            else:
                failures.append(
                    DocumentError(
                        path, "the file does not exist (it may have been moved or deleted)"
                    )
                )
            continue
        if stat.S_ISDIR(mode):
            _scan_folder(path, files, seen_files, failures)
        elif not stat.S_ISREG(mode):  # opening a pipe would wait forever
            failures.append(DocumentError(path, "not a regular file (a device, pipe or socket)"))
        else:
            real = os.path.realpath(path)
            if real not in seen_files:
                seen_files.add(real)
                files.append(path)
    return files, failures
