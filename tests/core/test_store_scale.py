"""The scale migration (issue 20): an index that answers alone, capped boilerplate, compact
verdicts, list columns apart from the text, notes found by index when a document is added."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from reader.core.classify.segments import Segment
from reader.core.classify.shingles import (
    MAX_POSTINGS,
    MemoryCorpus,
    StoreCorpus,
    index_document,
    text_sample,
)
from reader.core.classify.verdicts import pack_segments, unpack_segments
from reader.core.library.documents import Library
from reader.core.store.database import MIGRATIONS, SCHEMA_VERSION, open_store
from tests.stores import store_before

_WORDS = [f"w{i}" for i in range(3000)]


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)) + "."


def _plan(db: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> str:
    return " ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def _version_2_store(path: Path, texts: list[str]) -> None:
    old = store_before(path, MIGRATIONS[2])
    for number, text in enumerate(texts, start=1):
        old.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, text) VALUES (?, ?, ?, 1, 1, 0, 0, 'library', ?)",
            (f"/doc{number}.txt", f"h{number}", f"Doc {number}", text),
        )
        for h in text_sample(text):  # the old table allowed duplicates: migration drops them
            old.execute("INSERT INTO shingles(hash, doc_id) VALUES (?, ?)", (h, number))
        old.execute("INSERT INTO shingles(hash, doc_id) VALUES (?, ?)", (min(text_sample(text)),
                                                                        number))
    old.execute(
        "INSERT INTO notes (uuid, doc_id, doc_hash, doc_path, created, updated)"
        " VALUES ('n1', 1, 'h1', '/doc1.txt', 0, 0)"
    )
    old.commit()
    old.close()


def test_a_version_2_store_migrates_its_index_sizes_and_notes(tmp_path: Path) -> None:
    rng = random.Random(3)
    original = _prose(rng, 400)
    texts = [original, _prose(rng, 300), original + " " + _prose(rng, 60)]
    path = tmp_path / "v2.db"
    _version_2_store(path, texts)
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    sizes = dict(db.execute("SELECT id, sample_size FROM documents").fetchall())
    assert sizes == {i + 1: len(text_sample(t)) for i, t in enumerate(texts)}
    assert db.execute("SELECT count(*) FROM shingles").fetchone()[0] == sum(sizes.values())
    assert db.execute("SELECT max(hash) FROM shingles").fetchone()[0] < 2**31  # 4 bytes each
    related = StoreCorpus(db).related(texts[2], exclude_key="/doc3.txt")
    assert [doc.key for doc in related] == ["/doc1.txt"]
    assert db.execute("SELECT count(*) FROM notes WHERE doc_id = 1").fetchone()[0] == 1


def test_the_index_answers_without_reading_table_rows(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s.db").db
    plan = _plan(db, "SELECT doc_id FROM shingles WHERE hash = ?", (1,))
    assert "PRIMARY KEY" in plan or "COVERING INDEX" in plan, plan
    listing = _plan(
        db, "SELECT id, path, title, word_count, added_at, collection, commentary_share"
        " FROM documents ORDER BY id"
    )
    assert "COVERING INDEX documents_list" in listing, listing
    adopt = _plan(
        db, "SELECT uuid FROM notes WHERE (doc_hash = ? OR doc_path = ?)", ("h", "/p")
    )
    assert "SCAN notes" not in adopt and "notes_doc_hash" in adopt, adopt


def _library_with_boilerplate(db: sqlite3.Connection, rng: random.Random, footer: str,
                              count: int) -> list[str]:
    library = Library(db)
    texts = []
    with library.batch():
        for number in range(count):
            text = _prose(rng, 250) + "\n\n" + footer
            doc_id, _ = library.store_text(
                f"/lib/{number}.txt", text, f"T{number}", f"h{number}", 1, 1, 0.0
            )
            index_document(db, doc_id, text)
            texts.append(text)
    return texts


def test_boilerplate_shared_by_many_documents_makes_no_candidates(tmp_path: Path) -> None:
    """A footer in more than MAX_POSTINGS documents is left out of candidate search, in the
    store and in memory alike, while a real copy is still found by its own passages."""
    rng = random.Random(5)
    footer = _prose(rng, 400)  # long: alone it would make every document a candidate
    db = open_store(tmp_path / "s.db").db
    texts = _library_with_boilerplate(db, rng, footer, MAX_POSTINGS + 5)
    memory = MemoryCorpus()
    for number, text in enumerate(texts):
        memory.add(f"/lib/{number}.txt", f"T{number}", text)
    newcomer = _prose(rng, 250) + "\n\n" + footer
    copy = texts[7].split("\n\n")[0] + " " + _prose(rng, 20) + "\n\n" + footer
    for corpus in (StoreCorpus(db), memory):
        assert corpus.related(newcomer) == []
        assert [doc.key for doc in corpus.related(copy)] == ["/lib/7.txt"]


def test_a_footer_below_the_cap_still_relates_documents(tmp_path: Path) -> None:
    rng = random.Random(6)
    footer = _prose(rng, 400)
    db = open_store(tmp_path / "s.db").db
    _library_with_boilerplate(db, rng, footer, 3)
    found = StoreCorpus(db).related(_prose(rng, 250) + "\n\n" + footer)
    assert sorted(doc.key for doc in found) == ["/lib/0.txt", "/lib/1.txt", "/lib/2.txt"]


def test_packed_verdicts_read_back_exactly_and_old_ones_still_read() -> None:
    segments = [
        Segment(0, 5, "furniture", "furniture: section label"),
        Segment(7, 80, "reporting", "layout: no marker"),
        Segment(82, 90, "commentary", "provenance: not in the original", "/o.txt", "Orig", 12),
        Segment(90, 99, "reporting", "provenance: in the original", "/o.txt", None, 0),
        Segment(99, 120, "reporting", "layout: no marker"),
        Segment(121, 130, "reporting", "reworded from the original", "/o.txt", "Orig", 40, 0.83),
        Segment(131, 140, "commentary", "opinion: first person", None, None, None, 0.7),
    ]
    packed = pack_segments(segments)
    assert unpack_segments(packed) == segments
    from reader.core.classify.segments import segments_from_json

    assert segments_from_json(packed) == segments  # every reader of the column can use it
    assert packed.count("layout: no marker") == 1
    from reader.core.classify import segments_to_json

    assert unpack_segments(segments_to_json(segments)) == segments
    assert len(packed) < len(segments_to_json(segments)) / 2
    for bad in ('["v3", [], [[0]]]', '["v3", ["a"], [[0, 1, 9, 0]]]', '["v3"'):
        try:
            unpack_segments(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_a_file_corpus_keeps_no_texts_and_reads_back_only_the_relatives(tmp_path: Path) -> None:
    """`reader classify --corpus DIR` streams the folder through an index on disk."""
    from reader.core.classify.shingles import FileCorpus

    rng = random.Random(8)
    texts = {f"/c/{n}.txt": _prose(rng, 300) for n in range(60)}
    reads: list[str] = []

    def load(key: str) -> tuple[str, str]:
        reads.append(key)
        return key, texts[key]

    corpus = FileCorpus(load)
    try:
        for key, text in texts.items():
            corpus.add(key, key, text)
        assert len(corpus) == 60 and reads == []  # indexed, nothing held or read back
        copy = texts["/c/17.txt"][:1500] + " " + _prose(rng, 40)
        found = corpus.related(copy)
        assert [doc.key for doc in found] == ["/c/17.txt"] and reads == ["/c/17.txt"]
        assert found[0].text == texts["/c/17.txt"]

        def gone(key: str) -> tuple[str, str]:  # the file is gone since it was indexed
            raise ValueError(key)

        corpus._load = gone
        assert corpus.related(copy) == []
    finally:
        corpus.close()


def test_a_file_added_to_a_file_corpus_again_is_indexed_by_its_new_text(tmp_path: Path) -> None:
    """Only a document added a second time loses its old rows (deleting for every new one
    read the whole index each time: minutes for 10,000 files)."""
    from reader.core.classify.shingles import FileCorpus

    rng = random.Random(9)
    old, new = _prose(rng, 300), _prose(rng, 300)
    texts = {"/c/a.txt": old}
    corpus = FileCorpus(lambda key: (key, texts[key]))
    try:
        corpus.add("/c/a.txt", "a", old)
        assert [d.key for d in corpus.related(old + " " + _prose(rng, 20))] == ["/c/a.txt"]
        texts["/c/a.txt"] = new
        corpus.add("/c/a.txt", "a", new)
        assert corpus.related(old) == []
        assert [d.key for d in corpus.related(new)] == ["/c/a.txt"]
        assert len(corpus) == 1
    finally:
        corpus.close()
