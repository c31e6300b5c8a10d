"""Stored relations (store migration 8 in the issue's numbering): the seed pair's labels,
removal cascading, and a store from the version before migrating with its documents."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.compare.relations import labels, record, record_related
from reader.core.context import open_context
from reader.core.store.database import _V8_RELATIONS, MIGRATIONS, SCHEMA_VERSION, open_store


def test_seed_pair_labels_and_removal(data_dir: Path) -> None:
    context = open_context(data_dir)
    library = context.library
    library.ensure_seeds()
    original, copy = (e.id for e in sorted(library.entries(), key=lambda e: e.path))
    # recorded from either side, the original is found to be the original
    assert record(context.db, library, original, library.entry(copy).path)
    found = labels(context.db)
    assert found[copy].short == "copy"
    assert found[copy].long.startswith("copy of NATO Secretary General")
    assert "(5 additions, 4 omissions, 1 change)" in found[copy].long
    assert found[original].short == "original — 1 copy"
    assert record(context.db, library, copy, library.entry(original).path)
    assert context.db.execute("SELECT count(*) FROM relations").fetchone()[0] == 1
    library.remove([copy])
    assert labels(context.db) == {}
    context.close()


def test_unrelated_documents_are_not_recorded(data_dir: Path, tmp_path: Path) -> None:
    context = open_context(data_dir)
    other = tmp_path / "garden.txt"
    other.write_text("Tomatoes want sun, water and patience in equal measure.\n", "utf-8")
    context.library.ensure_seeds()
    context.library.add_files([str(other)])
    doc_id = context.library.id_for_path(other)
    seed = context.library.entries()[0].path
    assert doc_id is not None and not record(context.db, context.library, doc_id, seed)
    context.close()


def test_store_from_the_version_before_gains_the_relations_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for number, migration in enumerate(MIGRATIONS[: MIGRATIONS.index(_V8_RELATIONS)], start=1):
        old.executescript(migration)
        old.execute(f"PRAGMA user_version = {number}")
    old.execute(
        "INSERT INTO documents (path, content_hash, title, word_count, size, mtime, added_at,"
        " collection, text) VALUES ('/a.txt', 'h', 'A', 2, 9, 0, 0, 'library', 'one two.')"
    )
    old.commit()
    old.close()
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT title FROM documents").fetchone()[0] == "A"
    assert db.execute("SELECT count(*) FROM relations").fetchone()[0] == 0
    assert labels(db) == {}


def test_a_copy_named_after_a_sibling_still_finds_its_original(
    data_dir: Path, tmp_path: Path
) -> None:
    """The classifier may name the other copy as the source; the original is found among the
    related documents and what it is wins over 'sibling'."""
    reworded = Path(__file__).resolve().parent.parent / "data" / "compare" / "reworded_copy.txt"
    copy = tmp_path / "reworded.txt"
    copy.write_text(reworded.read_text(encoding="utf-8"), encoding="utf-8")
    context = open_context(data_dir)
    library = context.library
    library.ensure_seeds()
    library.add_files([str(copy)])
    doc_id = library.id_for_path(copy)
    # the two seeds, by their file names (where they live depends on how reader is installed)
    original, seed_copy = sorted((e for e in library.entries() if e.id != doc_id),
                                key=lambda e: Path(e.path).name)
    assert doc_id is not None
    assert record_related(context.db, library, doc_id, [seed_copy.path])
    found = labels(context.db)
    assert found[doc_id].short == "copy" and "omission" in found[doc_id].long
    assert found[original.id].short.startswith("original")
    context.close()
