"""Fixtures shared by the core tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library.documents import Library
from reader.core.store.database import open_store


@pytest.fixture
def libraries(tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    """Two empty stores side by side: one import done two ways, compared row by row."""
    one, two = open_store(tmp_path / "one.sqlite3"), open_store(tmp_path / "two.sqlite3")
    try:
        yield Library(one.db), Library(two.db)
    finally:
        one.db.close()
        two.db.close()
