"""The short-line index kept once (issue 20: the store at most twice its text): each
document's line keys packed in its sample row, its entries leaving the index by trigger, and
documents stored before the line index given their keys by a bounded background pass."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.background import fill_line_keys as fill_in_background
from reader.core.classify.repeated import sample_values, split_sample, stored_key, text_lines
from reader.core.classify.shingles import (
    MemoryCorpus,
    StoreCorpus,
    fill_line_keys,
    index_document,
    index_sample,
    lines_missing,
    stored_hashes,
)
from reader.core.context import open_context
from reader.core.library.documents import Library
from reader.core.library.removal import remove_documents, restore_documents
from reader.core.store import database
from reader.core.store.database import (
    SCHEMA_VERSION,
    open_store,
)
from reader.core.store.samples import pack_lines, pack_sample, unpack_lines
from tests.stores import store_before

FOOTER = "Valley Voice is funded by its readers."
MASTHEAD = "Valley Voice | News from the Ostra valley"
SITES = ["Valley Voice", "Valley Voice", "Valley Voice", "Valley Voice", "Other Paper", ""]


def _text(n: int) -> str:
    story = " ".join(f"word{n}x{i}" for i in range(60))
    return f"{MASTHEAD}\nStory number {n} of the week\n\n{story}.\n\n{FOOTER}\nPrint page\n"


def _entries(db: sqlite3.Connection) -> set[tuple[int, int]]:
    return {(int(h), int(d)) for h, d in db.execute("SELECT hash, doc_id FROM line_index")}


def _expected(texts: dict[int, str]) -> set[tuple[int, int]]:
    return {
        (stored_key(SITES[doc_id - 1], value), doc_id)
        for doc_id, text in texts.items()
        for value in sample_values(text_lines(text))
    }


def _old_store(path: Path, texts: list[str], unlined: set[int]) -> None:
    """A store of the version before: line entries in two B-trees, none for `unlined`
    (documents stored before the line index existed)."""
    old = store_before(path, database._PACKED_LINE_INDEX, functions=True)
    assert "line_index_doc" in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    for number, text in enumerate(texts, start=1):
        old.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, text, site) VALUES (?, ?, ?, 1, 1, 0, 0, 'library', ?, ?)",
            (f"/d{number}.txt", f"h{number}", f"D{number}", text, SITES[number - 1]),
        )
        rest, lines = split_sample(index_sample(text))
        hashes = stored_hashes(rest)
        old.executemany(
            "INSERT INTO shingles(hash, doc_id) VALUES (?, ?)", [(h, number) for h in hashes]
        )
        old.execute(
            "INSERT INTO document_samples(doc_id, shingle_hashes, name_codes) VALUES (?, ?, ?)",
            (number, *pack_sample(hashes)),
        )
        if number not in unlined:
            old.executemany(
                "INSERT INTO line_index(hash, doc_id) VALUES (?, ?)",
                [(stored_key(SITES[number - 1], v), number) for v in lines],
            )
    old.commit()
    old.close()


def test_packing_keeps_every_key() -> None:
    keys = {0, 1, 2**62 - 1, 2**40 + 7}
    assert unpack_lines(pack_lines(keys)) == sorted(keys)
    assert unpack_lines(None) == [] and unpack_lines(b"") == []


def test_the_migration_keeps_the_line_index_once_and_removal_follows_it(tmp_path: Path) -> None:
    texts = [_text(n) for n in range(1, 7)]
    path = tmp_path / "old.sqlite3"
    _old_store(path, texts, unlined={5})
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    lined = {n: t for n, t in enumerate(texts, start=1) if n != 5}
    assert _entries(db) == _expected(lined)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "line_index_doc" not in names  # kept once
    packed = {
        int(d): unpack_lines(k)
        for d, k in db.execute("SELECT doc_id, line_keys FROM document_samples")
    }
    assert {(k, d) for d, keys in packed.items() for k in keys} == _expected(lined)
    unlined = db.execute("SELECT line_keys FROM document_samples WHERE doc_id = 5").fetchone()
    assert unlined[0] is None  # filled by the background pass

    # the counts are those of the classifier's corpus in memory
    memory = MemoryCorpus()
    for n, text in lined.items():
        memory.add(f"/d{n}.txt", f"D{n}", text, site=SITES[n - 1])
    values = sample_values(text_lines(texts[0]))
    store = StoreCorpus(db)
    for site in ("Valley Voice", "Other Paper", ""):
        for exclude in ([], ["/d1.txt"], ["/d2.txt", "/d3.txt"]):
            assert store.repeated_lines(values, site, exclude) == memory.repeated_lines(
                values, site, exclude
            )

    # a removal by any program takes the lines out; undoing it puts them back
    library = Library(db)
    removed = remove_documents(library, [1, 2])
    assert _entries(db) == {e for e in _expected(lined) if e[1] not in {1, 2}}
    restore_documents(library, removed)
    assert _entries(db) == _expected(lined)
    db.execute("DELETE FROM documents WHERE id = 3")  # as the sqlite3 shell would
    assert _entries(db) == {e for e in _expected(lined) if e[1] != 3}

    # re-indexing a changed text replaces its lines
    index_document(db, 4, "Another masthead\n\nA new story here.\n\nSubscribe today\n")
    mine = {e for e in _entries(db) if e[1] == 4}
    assert mine == _expected({4: "Another masthead\n\nA new story here.\n\nSubscribe today\n"})
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_documents_stored_before_the_line_index_are_filled_in_batches(tmp_path: Path) -> None:
    texts = [_text(n) for n in range(1, 7)]
    path = tmp_path / "old.sqlite3"
    _old_store(path, texts, unlined={1, 2, 3, 6})
    db = open_store(path).db
    before = _entries(db)
    assert StoreCorpus(db).repeated_lines(
        sample_values(text_lines(texts[3])), "Valley Voice", ["/d4.txt"]
    ) == dict.fromkeys(sample_values(text_lines(texts[3])), 0)
    assert fill_line_keys(db, limit=3) == 3  # bounded
    assert fill_line_keys(db, limit=3) == 1
    assert fill_line_keys(db, limit=3) == 0
    assert _entries(db) == _expected(dict(enumerate(texts, start=1)))
    assert before < _entries(db)
    counts = StoreCorpus(db).repeated_lines({*sample_values(text_lines(FOOTER))}, "Valley Voice",
                                            ["/d4.txt"])
    assert list(counts.values()) == [3]  # the three other pages of the site, filled
    # a filled document's lines leave with it
    db.execute("DELETE FROM documents WHERE id = 1")
    assert {e for e in _entries(db) if e[1] == 1} == set()


def test_the_background_pass_fills_a_library_on_its_own_connection(data_dir: Path) -> None:
    context = open_context(data_dir)
    db = context.db
    for n in range(1, 4):
        db.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, packed_text, site)"
            " VALUES (?, ?, ?, 1, 1, 0, 0, 'library', ?, ?)",
            (f"/d{n}.txt", f"h{n}", f"D{n}", _text(n), SITES[n - 1]),
        )
        index_document(db, n, _text(n))
    expected = _entries(db)
    assert expected == _expected({n: _text(n) for n in range(1, 4)})
    store = str(context.opened.path)
    assert not lines_missing(db)
    assert fill_in_background(store) == 0  # a new library has nothing to fill
    db.execute("DELETE FROM line_index")
    db.execute("UPDATE document_samples SET line_keys = NULL")
    assert lines_missing(db)
    assert fill_in_background(store) == 3
    assert fill_in_background(store) == 0
    assert not lines_missing(db)
    assert _entries(db) == expected
    context.close()
