"""Document text stored deflated (issue 20: the store at most twice its text, short articles
too), read back unchanged through the generated `documents.text` column: by the library, by
search and its snippets, by the full-text index's triggers, and after the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.classify.segments import Segment
from reader.core.classify.verdicts import LibraryClassifier, pack_segments, unpack_segments
from reader.core.context import open_context
from reader.core.library.search import search_library as search
from reader.core.store import database
from reader.core.store.database import SCHEMA_VERSION, open_store
from reader.core.store.packed_text import pack, unpack
from tests.stores import store_before

STORY = (
    "The harbour authority approved the new breakwater on Tuesday after a long debate. "
    "Engineers said the work would start in spring and last two years; fishermen asked for "
    "a second ramp. Zanzibarian traders were not consulted, a councillor said.\n"
) * 3
ACCENTED = "Café Σίσυφος — naïve façade, ß and emoji 🙂 kept as written.\n" * 4


def test_pack_round_trips_and_keeps_short_texts_as_they_are() -> None:
    for text in (STORY, ACCENTED, "", "short", "x" * 5000):
        assert unpack(pack(text)) == text
    assert isinstance(pack(STORY), bytes) and len(pack(STORY)) < len(STORY.encode())
    assert pack("short") == "short"
    assert unpack(None) is None


def test_a_stored_document_is_packed_and_reads_back_everywhere(
    data_dir: Path, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "story.txt").write_text(STORY, encoding="utf-8")
    (files / "cafe.txt").write_text(ACCENTED, encoding="utf-8")
    context = open_context(data_dir)
    try:
        added = context.library.add_files([files / "story.txt", files / "cafe.txt"])
        first, second = added.added
        db = context.db
        assert db.execute("PRAGMA page_size").fetchone()[0] == database.PAGE_SIZE
        kinds = {row[0] for row in db.execute("SELECT typeof(packed_text) FROM documents")}
        assert kinds == {"blob"}
        assert context.library.document(first).text == STORY
        assert context.library.document(second).text == ACCENTED
        # The cached verdict is deflated too, and reads back as it was computed.
        classifier = LibraryClassifier(db)
        segments = classifier.segments(first)
        stored = db.execute("SELECT segments FROM documents WHERE id = ?", (first,)).fetchone()
        assert isinstance(stored[0], bytes) and classifier.cached(first) == segments
        assert unpack_segments(str(unpack(stored[0]))) == segments  # older rows: plain JSON
        hits = search(db, "zanzibarian")
        assert [hit.doc_id for hit in hits if hit.kind == "document"] == [first]
        assert "\x02Zanzibarian\x03" in hits[0].snippet
        assert [h.doc_id for h in search(db, "façade") if h.kind == "document"] == [second]
        # A changed text goes through the update trigger: old words out, new words in.
        (files / "story.txt").write_text("Entirely different wording now.\n" * 5)
        context.library.refresh(files / "story.txt")
        assert not [h for h in search(db, "zanzibarian") if h.kind == "document"]
        assert [h.doc_id for h in search(db, "wording") if h.kind == "document"] == [first]
        db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
        # Another program without reader's functions still checks the store.
        other = sqlite3.connect(data_dir / "library.sqlite3")
        assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        other.close()
    finally:
        context.close()


def test_the_migration_packs_stored_texts_and_keeps_the_search_index(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old = store_before(path, database._PACKED_TEXT, functions=True)
    texts = [STORY, ACCENTED, "tiny"]
    verdict = pack_segments([Segment(0, 40, "reporting", "layout: no marker", None, None, None)])
    for number, text in enumerate(texts, start=1):
        old.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, text, segments) VALUES (?, ?, ?, 1, 1, 0, 0, 'library', ?,"
            " ?)",
            (f"/d{number}.txt", f"h{number}", f"D{number}", text, verdict),
        )
    old.commit()
    old.close()

    opened = open_store(path)
    db = opened.db
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = db.execute("SELECT text, typeof(packed_text) FROM documents ORDER BY id")
        assert [tuple(row) for row in rows] == [
            (STORY, "blob"), (ACCENTED, "blob"), ("tiny", "text")]
        assert [h.doc_id for h in search(db, "breakwater") if h.kind == "document"] == [1]
        assert LibraryClassifier(db).cached(1) == unpack_segments(verdict)
        db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
        db.execute("DELETE FROM documents WHERE id = 1")  # the delete trigger reads the text
        assert not [h for h in search(db, "breakwater") if h.kind == "document"]
        db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    finally:
        db.close()
