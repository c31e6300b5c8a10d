"""Bringing files into the library: expand folders, read, store, index and classify in batches.

Qt-free so the CLI (`reader add`), the GUI's background import and the benchmarks run the
same code. Every file gets its own result; one bad file never stops the others. Work is
committed a batch at a time (one transaction per batch, never per row), which is what makes
10,000 documents fast, and a cancel takes effect between files without losing finished work.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.core import library_indexing
from reader.core.document import Document, DocumentError, load_document
from reader.core.html_text import SUPPORTED_SUFFIXES
from reader.core.parallel_classify import ParallelClassifier, Verdict, store_file, write_verdicts

if TYPE_CHECKING:
    from reader.core.library import Library

Outcome = Literal["added", "refreshed", "unchanged", "failed", "removed"]

BATCH_DOCUMENTS = 250
BATCH_BYTES = 4 * 1024 * 1024
"""A batch ends at whichever comes first; it bounds memory and how long the store is locked."""


@dataclass(frozen=True, slots=True)
class ImportItem:
    """What happened to one path."""

    path: str
    outcome: Outcome
    doc_id: int | None = None
    error: DocumentError | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    current: str


ProgressCallback = Callable[[Progress], None]
Cancel = threading.Event | Callable[[], bool] | None


def _cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def _loop_error(path: Path) -> DocumentError:
    return DocumentError(path, "a symbolic link loop (a link that leads back to itself); skipped")


def _scan_folder(
    root: Path, files: list[Path], seen_files: set[str], failures: list[DocumentError]
) -> None:
    """Walk a folder without recursion limits or link loops; hidden entries are skipped."""
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, (os.path.realpath(root),))]
    visited: set[str] = {os.path.realpath(root)}
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


class Importer:
    """Imports paths into one library, a batch per transaction."""

    def __init__(
        self,
        library: Library,
        collection: str = "library",
        *,
        force: bool = False,
        classify: bool = True,
        parallel: bool = True,
    ) -> None:
        self.library = library
        self.collection = collection
        self.force = force
        """Re-read files even when size and modification time match what is stored."""
        self.classify = classify
        self.parallel = parallel
        """Classify big imports in worker processes (see `reader.core.parallel_classify`)."""

    def run(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressCallback | None = None,
        cancel: Cancel = None,
    ) -> Iterator[ImportItem]:
        """Yield one item per path; a batch's items come after it is committed."""
        files, failures = expand_paths(paths)
        for error in failures:
            yield ImportItem(error.path, "failed", error=error)
        total = len(files)
        position = 0
        pool = self._pool(total)
        pending: list[tuple[list[ImportItem], set[int], list[Future[list[Verdict]]]]] = []
        try:
            while position < total and not _cancelled(cancel):
                items, position, changed = self._run_batch(
                    files, position, progress, cancel, inline=pool is None
                )
                if pool is None:
                    yield from items
                    continue
                # Verdicts for this batch are computed while the next one is stored; items
                # are yielded once their verdicts are written, in order.
                pending.append((items, set(changed), pool.submit(changed)))
                while pending and (len(pending) > 2 or _all_done(pending[0][2])):
                    yield from self._finish(*pending.pop(0))
            while pending:
                yield from self._finish(*pending.pop(0), cancelled=_cancelled(cancel))
        finally:
            if pool is not None:
                pool.close(cancel=True)
        if progress is not None:
            progress(Progress(position, total, ""))

    def _pool(self, total: int) -> ParallelClassifier | None:
        if not (self.classify and self.parallel):
            return None
        workers = ParallelClassifier.workers_for(total)
        store = store_file(self.library.db)
        if workers < 2 or store is None:
            return None
        try:
            return ParallelClassifier(store, workers)
        except (OSError, ValueError):
            return None  # no processes on this system: classify in this one

    def _finish(
        self,
        items: list[ImportItem],
        batch_ids: set[int],
        futures: list[Future[list[Verdict]]],
        cancelled: bool = False,
    ) -> list[ImportItem]:
        verdicts: list[Verdict] = []
        for future in futures:
            if cancelled and not future.done():
                future.cancel()  # left unclassified; the GUI classifies on demand
                continue
            try:
                verdicts += future.result()
            except Exception:  # noqa: BLE001 - a crashed worker must not lose the import
                verdicts = []
                self._classify_here(batch_ids)
                break
        with self.library.batch():
            write_verdicts(self.library.db, verdicts, batch_ids)
        return items

    def _classify_here(self, doc_ids: set[int]) -> None:
        db = self.library.db
        with self.library.batch():
            for doc_id in sorted(doc_ids):
                row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is not None:
                    library_indexing.classify_stored(db, doc_id, row[0])

    def _unchanged_id(self, path: Path) -> int | None:
        if self.force:
            return None
        try:
            resolved = path.resolve()
            state = self.library.stored_state(resolved)
            if state is None:
                return None
            info = resolved.stat()
        except OSError:
            return None
        doc_id, size, mtime = state
        return doc_id if (info.st_size, info.st_mtime) == (size, mtime) else None

    def _run_batch(
        self,
        files: list[Path],
        position: int,
        progress: ProgressCallback | None,
        cancel: Cancel,
        inline: bool = True,
    ) -> tuple[list[ImportItem], int, list[int]]:
        items: list[ImportItem] = []
        changed: list[tuple[int, Document, str]] = []
        batch_bytes = 0
        db = self.library.db
        with self.library.batch():
            while position < len(files) and len(items) < BATCH_DOCUMENTS:
                if batch_bytes >= BATCH_BYTES:
                    break
                path = files[position]
                if progress is not None:
                    progress(Progress(position, len(files), str(path)))
                if _cancelled(cancel):
                    break
                position += 1
                known = self._unchanged_id(path)
                if known is not None:
                    items.append(ImportItem(str(path), "unchanged", known))
                    continue
                try:
                    document = load_document(path)
                except DocumentError as error:
                    items.append(ImportItem(str(path), "failed", error=error))
                    continue
                # An update keeps the document's collection (a re-added seed stays a seed).
                doc_id, outcome = self.library.store_document(
                    document, self.collection, index=False
                )
                items.append(ImportItem(str(path), outcome, doc_id))  # type: ignore[arg-type]
                if outcome != "unchanged":
                    changed.append((doc_id, document, outcome))
                    batch_bytes += len(document.text)
            if self.classify:
                # Index the whole batch first, so copies find originals imported beside them.
                for doc_id, document, _ in changed:
                    library_indexing.index_text(db, doc_id, document.text)
            if self.classify and inline:  # else worker processes do both after the commit
                for doc_id, document, _ in changed:  # copies imported before their original
                    library_indexing.invalidate_related(db, doc_id, document.text)
                for doc_id, document, _ in changed:
                    library_indexing.classify_stored(db, doc_id, document.text)
            for doc_id, document, outcome in changed:
                library_indexing.document_stored(
                    db,
                    doc_id,
                    outcome,
                    document.text,
                    document.content_hash,
                    str(Path(document.path).resolve()),
                )
        return items, position, [doc_id for doc_id, _, _ in changed]


def _all_done(futures: list[Future[list[Verdict]]]) -> bool:
    return all(future.done() for future in futures)


def prune_missing(library: Library, folder: str | os.PathLike[str]) -> list[ImportItem]:
    """Forget documents under a folder whose files are gone (a watched folder's deletions)."""
    gone = {p: i for p, i in library.ids_under(folder).items() if not os.path.exists(p)}
    library.remove(gone.values())
    return [ImportItem(path, "removed", doc_id) for path, doc_id in gone.items()]
