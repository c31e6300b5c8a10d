"""Many documents stored in one go (`Library.store_texts`, the import's writer): the same rows,
list keys and search index as storing them one by one, whatever mix of new, unchanged,
changed and repeated paths a batch holds."""

from __future__ import annotations

from pathlib import Path

from reader.core.context import open_context
from reader.core.library.documents import INSERT_ROWS, TextRow
from reader.core.library.search import search_library as search
from reader.core.store.packed_text import known_texts, pack, unpack

BODY = (
    "The harbour authority approved the new breakwater on Tuesday after a long debate; "
    "engineers said the work would start in spring and last two years.\n"
)


def _row(path: str, word: str, *, packed: bool = True) -> TextRow:
    text = f"{word.capitalize()} report\n\n{BODY}{word} {word}\n"
    return TextRow(
        path, text, f"{word.capitalize()} report", f"hash-{word}", len(text.split()),
        len(text), 1.0, packed=pack(text) if packed else None,
    )


def test_a_batch_stores_new_unchanged_changed_and_repeated_paths(data_dir: Path) -> None:
    context = open_context(data_dir)
    try:
        library, db = context.library, context.db
        store = library.store_text
        old_id, _ = store("/n/old.txt", "Old\n\n" + BODY, "Old", "hash-old", 20, 1, 0.0)
        same_id, _ = store("/n/same.txt", "Same\n\n" + BODY, "Same", "hash-same", 20, 1, 0.0)
        # More new rows than one statement takes, a path given twice, one known unchanged,
        # one known and changed, one without its packed text.
        rows = [_row(f"/n/new{i}.txt", f"zebra{i}") for i in range(INSERT_ROWS + 3)]
        rows.insert(5, _row("/n/old.txt", "quokka"))
        rows.insert(9, TextRow("/n/same.txt", "Same\n\n" + BODY, "Same", "hash-same", 20, 7, 2.0))
        rows.append(_row("/n/new1.txt", "zebra1"))
        rows.append(_row("/n/plain.txt", "wombat", packed=False))
        results = library.store_texts(rows)
        assert len(results) == len(rows)
        assert results[5] == (old_id, "refreshed")
        assert results[9] == (same_id, "unchanged")
        assert results[-2] == (results[1][0], "unchanged")  # the second new1.txt
        added = [doc_id for doc_id, outcome in results if outcome == "added"]
        assert len(added) == len(set(added)) == INSERT_ROWS + 4
        assert added == sorted(added)  # ids in the order given
        for row, (doc_id, _) in zip(rows, results, strict=True):
            assert library.document(doc_id).text == row.text
            stored = db.execute("SELECT path, packed_text FROM documents WHERE id = ?", (doc_id,))
            path, packed = stored.fetchone()
            assert path == row.path and unpack(packed) == row.text
        state = db.execute("SELECT size, mtime FROM documents WHERE id = ?", (same_id,))
        assert tuple(state.fetchone()) == (7, 2.0)
        # Every row in the search index with the text it holds, and in the list filter.
        db.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        db.execute(
            "INSERT INTO list_keys_trigrams(list_keys_trigrams, rank) VALUES ('integrity-check', 1)"
        )
        hits = search(db, "quokka")
        assert [hit.doc_id for hit in hits if hit.kind == "document"] == [old_id]
        assert [entry.id for entry in library.entries(contains="wombat")] == [results[-1][0]]
        assert [entry.title for entry in library.entries(contains="zebra12 report")] == [
            "Zebra12 report"
        ]
    finally:
        context.close()


def test_known_texts_answer_only_while_held_and_only_for_their_values() -> None:
    text = BODY * 3
    packed = pack(text)
    assert isinstance(packed, bytes)
    other = pack(BODY * 4)
    with known_texts([(packed, text)]):
        assert unpack(packed) == text
        assert unpack(bytes(packed)) == text  # the value, not the object
        assert unpack(other) == BODY * 4
    assert unpack(packed) == text  # inflated again
