"""Stored relations (store migration 8 in the issue's numbering): the seed pair's labels,
removal cascading, and a store from the version before migrating with its documents."""

from __future__ import annotations

from pathlib import Path

from reader.core.compare.relations import labels, record, record_related
from reader.core.context import open_context
from reader.core.store.database import (
    _KIND_SHARES,
    _V8_RELATIONS,
    SCHEMA_VERSION,
    open_store,
)
from tests.stores import add_one_document, store_before


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
    old = store_before(path, _V8_RELATIONS)
    add_one_document(old)
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


def _imported_pair(data_dir: Path, tmp_path: Path) -> tuple[object, int, int]:
    """The seed pair added as ordinary files: the import classifies them and stores what
    each is to the other."""
    import shutil

    from tests.conftest import ORIGINAL, REPUBLISHED

    context = open_context(data_dir)
    paths = []
    for seed, name in ((ORIGINAL, "original.txt"), (REPUBLISHED, "copy.txt")):
        shutil.copy(seed, tmp_path / name)
        paths.append(tmp_path / name)
    context.library.add_files([str(p) for p in paths])
    original, copy = (context.library.id_for_path(p) for p in paths)
    assert original is not None and copy is not None
    return context, original, copy


def test_import_stores_relations_and_shares(data_dir: Path, tmp_path: Path) -> None:
    from reader.core.compare.relations import labels_for
    from reader.core.compare.relatives import stored_relatives

    context, original, copy = _imported_pair(data_dir, tmp_path)
    library = context.library  # type: ignore[attr-defined]
    found = labels_for(library, [copy])
    assert list(found) == [copy] and found[copy] == labels(library.db)[copy]
    assert labels_for(library, [original, copy])[original].short == "original — 1 copy"
    kin = stored_relatives(library, copy).relatives
    assert [(k.doc_id, k.role, k.added, k.left_out, k.changed) for k in kin] == [
        (original, "original", 5, 4, 1)
    ]
    assert [(k.doc_id, k.role) for k in stored_relatives(library, original).relatives] == [
        (copy, "copy")
    ]
    for entry in library.entries_for([original, copy]):
        assert entry.shares is not None and abs(sum(entry.shares) - 1.0) < 0.01
    # the whole list reads the same rows as the lazy list's blocks
    assert sorted(library.entries(), key=lambda e: e.id) == library.entries_for([original, copy])
    context.close()  # type: ignore[attr-defined]


def test_store_from_the_version_before_gains_kind_shares(tmp_path: Path) -> None:
    from reader.core.classify.verdicts import LibraryClassifier, keep_shares
    from reader.core.library.documents import Library

    path = tmp_path / "old.db"
    old = store_before(path, _KIND_SHARES)
    old.execute(
        "INSERT INTO documents (path, content_hash, title, word_count, size, mtime, added_at,"
        " collection, text, segments, commentary_share)"
        " VALUES ('/a.txt', 'h', 'A', 2, 9, 0, 0, 'library', 'one two.', '[]', 0.25)"
    )
    old.commit()
    old.close()
    db = open_store(path).db
    library = Library(db)
    entry = library.entries_for([1])[0]
    assert entry.commentary_share == 0.25 and entry.shares is None  # not known yet
    assert LibraryClassifier(db).unshared_ids() == [1]
    keep_shares(db, 1, {"reporting": 0.7, "commentary": 0.25, "furniture": 0.05})
    assert library.entries_for([1])[0].shares == (0.7, 0.25, 0.05)
    assert LibraryClassifier(db).unshared_ids() == []


def test_the_worker_measures_the_relation_the_writer_would_store(
    data_dir: Path, tmp_path: Path
) -> None:
    """An import's classifying worker compares a copy with its source (both texts at hand);
    the writer stores the same row as comparing them itself, in either direction."""
    from reader.core.compare.relations import measure, record_sources
    from reader.core.library.import_workers import classify_one

    context, original, copy = _imported_pair(data_dir, tmp_path)
    library = context.library  # type: ignore[attr-defined]
    db = library.db
    rows = "SELECT copy_id, original_id, kind, added, left_out, changed FROM relations"
    imported = db.execute(rows).fetchall()
    assert [tuple(r) for r in imported] == [(copy, original, "copy", 5, 4, 1)]
    verdict = classify_one(db, copy)
    assert verdict is not None and verdict.relation is not None
    assert verdict.relation.source == library.document(original).path
    stored = []
    for carried in (verdict, verdict._replace(relation=None)):  # measured there, or here
        db.execute("DELETE FROM relations")
        assert record_sources(db, library, [carried]) == 1
        stored.append([tuple(r) for r in db.execute(rows)])
    assert stored[0] == stored[1] == [tuple(r) for r in imported]
    texts = library.document(original).text, library.document(copy).text
    backwards = measure(*texts, library.document(copy).path)  # the original names its copy
    assert not backwards.mine_is_copy and backwards[3:] == verdict.relation[3:]
    context.close()  # type: ignore[attr-defined]
