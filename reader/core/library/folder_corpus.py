"""A folder's documents as a corpus, through the library's own index where it can.

`reader classify --corpus DIR` compares files with every document under DIR. When DIR is
(part of) the library's folder, the library has already read, hashed and indexed those
documents: a file the library holds unchanged (same resolved path, size and modification
time) is answered from the store's `shingles` index and text, and only the rest are read
and indexed into a temporary `FileCorpus`. Against the library's folder that is no corpus
build at all (100,000 documents: 178 s and 3.5 GB before `FileCorpus`, then a temporary
index of the whole folder; now a lookup of each path).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from reader.core.classify.repeated import CAP
from reader.core.classify.shingles import (
    MAX_RELATED,
    MAX_WORD_RELATED,
    CorpusDoc,
    FileCorpus,
    StoreCorpus,
)
from reader.core.store.database import SCHEMA_VERSION, connect_worker

Load = Callable[[str], tuple[str, str]]


class _LibraryPart(StoreCorpus):
    """The library's index, answering only with the folder's documents it holds unchanged,
    under the paths they were found by (what `reader classify` reports as a source)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db)
        self.found_as: dict[str, str] = {}
        """Resolved path in the store -> the path as found under the folder."""

    def _document(self, doc_id: int) -> CorpusDoc | None:
        doc = super()._document(doc_id)
        if doc is None:
            return None
        shown = self.found_as.get(doc.key)
        return None if shown is None else replace(doc, key=shown)


def open_library_index(store: Path) -> sqlite3.Connection | None:
    """A read-only connection to the library's store, or None when there is none this
    version can read as it is (absent, older or newer, damaged): then nothing is reused."""
    if not store.is_file():
        return None
    try:
        db = connect_worker(store, readonly=True)
        db.row_factory = None
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None
    if version != SCHEMA_VERSION:
        db.close()
        return None
    return db


class FolderCorpus:
    """Files and folders as one corpus: the library's index for what it holds, a temporary
    index (`FileCorpus`) for the rest. Keys are the paths as given or found."""

    def __init__(self, load: Load, store: Path | None = None) -> None:
        """`load(path)`: the (title, text) of a file added with `add` (read again when it
        turns out related); `store`: the library's store, if one should be reused."""
        self.files = FileCorpus(load)
        db = open_library_index(store) if store is not None else None
        self.library = _LibraryPart(db) if db is not None else None

    def add(self, key: str, title: str, text: str, site: str = "", published: str = "") -> None:
        """Index a file read by the caller (a named file, or one the library lacks)."""
        self.files.add(key, title, text, site, published)

    def held(self, path: str) -> bool:
        """Whether the library holds this file unchanged: then its index answers for it
        and the caller need not read it."""
        if self.library is None:
            return False
        resolved = os.path.realpath(path)
        row = self.library.db.execute(
            "SELECT size, mtime FROM documents WHERE path = ?", (resolved,)
        ).fetchone()
        if row is None:
            return False
        try:
            info = os.stat(resolved)
        except OSError:
            return False
        if (info.st_size, info.st_mtime) != (int(row[0]), float(row[1])):
            return False
        self.library.found_as[resolved] = path
        return True

    def __len__(self) -> int:
        return len(self.files) + (len(self.library.found_as) if self.library else 0)

    def related(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        return self._merged(
            self.files.related(text, exclude_key),
            self.library.related(text, exclude_key) if self.library else [],
            exclude_key,
            MAX_RELATED + MAX_WORD_RELATED,
        )

    def related_by_sample(
        self, hashes: set[int], exclude_key: str | None = None
    ) -> list[CorpusDoc]:
        return self._merged(
            self.files.related_by_sample(hashes, exclude_key),
            self.library.related_by_sample(hashes, exclude_key) if self.library else [],
            exclude_key,
            MAX_RELATED,
        )

    def related_by_words(self, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        return self._merged(
            self.files.related_by_words(text, exclude_key),
            self.library.related_by_words(text, exclude_key) if self.library else [],
            exclude_key,
            MAX_WORD_RELATED,
        )

    def repeated_lines(
        self, values: set[int], site: str, exclude_keys: Sequence[str]
    ) -> dict[int, int]:
        """How many documents of `site` hold each line: the files indexed here and the
        library's (all of them: its index cannot tell which lie under the folder)."""
        counts = self.files.repeated_lines(values, site, exclude_keys)
        if self.library is not None:
            resolved = [os.path.realpath(key) for key in exclude_keys if key != "-"]
            for value, count in self.library.repeated_lines(values, site, resolved).items():
                counts[value] = min(CAP, counts.get(value, 0) + count)
        return counts

    @staticmethod
    def _merged(
        files: list[CorpusDoc], library: list[CorpusDoc], exclude_key: str | None, limit: int
    ) -> list[CorpusDoc]:
        """Both answers, each file once (a named file may be in the library too), never
        the text itself under another spelling of its path."""
        seen = {os.path.realpath(exclude_key)} if exclude_key not in (None, "-") else set()
        merged = []
        for doc in files + library:
            real = os.path.realpath(doc.key) if doc.key != "-" else doc.key
            if real in seen:
                continue
            seen.add(real)
            merged.append(doc)
        return merged[:limit]

    def close(self) -> None:
        self.files.close()
        if self.library is not None:
            self.library.db.close()
