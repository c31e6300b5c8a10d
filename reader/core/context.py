"""The services every front end needs, opened once and handed to constructors explicitly."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from reader.core.library.documents import Library
from reader.core.store.database import OpenedStore, close_store, connect_worker, open_store
from reader.core.store.paths import data_dir, restrict_data_dir, store_path


class CoreContext:
    """The data dir, its store and library, and `warnings`: plain-language messages the
    front end must show (e.g. a store set aside)."""

    __slots__ = ("data_dir", "opened", "library", "warnings")

    def __init__(
        self,
        data_dir: Path,
        opened: OpenedStore,
        library: Library,
        warnings: list[str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.opened = opened
        self.library = library
        self.warnings = warnings if warnings is not None else []

    @property
    def read_only(self) -> str | None:
        """Why nothing can be saved this session, in plain words; None when writable."""
        return self.opened.read_only_reason

    @property
    def db(self) -> sqlite3.Connection:
        return self.opened.db

    def connect_worker(self, *, readonly: bool = False) -> sqlite3.Connection:
        """A connection of its own for work on another thread (`reader.core.background`)."""
        return connect_worker(self.opened.path, readonly=readonly)

    def close(self) -> None:
        close_store(self.opened)


def open_context(
    override: str | os.PathLike[str] | None = None, *, defer_check: bool = False
) -> CoreContext:
    """Open the data dir and store; raises `StoreError` when no usable store can be had.

    `defer_check`: a window that runs `background.check_store` once it is up (the check
    after a crash costs seconds on a big library, before anything could be shown)."""
    root = data_dir(override)
    opened = open_store(store_path(root), defer_check=defer_check)
    if opened.read_only_reason is None:
        restrict_data_dir(root)
    warnings: list[str] = []
    if opened.recovered_from is not None:
        warnings.append(
            "Your library file could not be read (it looks damaged). It was kept unchanged "
            f"as {opened.recovered_from} and a new, empty library was started."
        )
    if opened.read_only_reason is not None:
        warnings.append(opened.read_only_reason)
    return CoreContext(root, opened, Library(opened.db), warnings)
