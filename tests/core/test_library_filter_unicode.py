"""The library filter ignores case and accents in every script (issue 20: LIKE folded ASCII
letters only), through folded keys kept beside the documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library.documents import Library, ListQuery
from reader.core.store import database
from reader.core.store.database import SCHEMA_VERSION, open_store
from reader.core.text.folding import fold
from tests.stores import store_before

TITLES = {
    "/a/elan.txt": "ÉLAN VITAL",
    "/a/arger.txt": "Ärger im Büro",
    "/a/sophos.txt": "ΣΟΦΟΣ ΛΌΓΟΣ",
    "/a/istanbul.txt": "İSTANBUL NOTES",
    "/a/strasse.txt": "Die Straße",
    "/a/plain.txt": "Plain report",
}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("élan", {"/a/elan.txt"}),
        ("ELAN", {"/a/elan.txt"}),
        ("ärger", {"/a/arger.txt"}),
        ("ÄRGER IM", {"/a/arger.txt"}),
        ("büro", {"/a/arger.txt"}),
        ("σοφος", {"/a/sophos.txt"}),  # final sigma typed, capital sigma stored
        ("σοφοσ λογος", {"/a/sophos.txt"}),
        ("İstanbul", {"/a/istanbul.txt"}),
        ("istanbul", {"/a/istanbul.txt"}),
        ("STRASSE", {"/a/strasse.txt"}),
        ("REPORT", {"/a/plain.txt"}),
        ("/a/", set(TITLES)),  # the path counts too
        ("50%", set()),  # LIKE's wildcards are plain characters here
        ("_", set()),
    ],
)
def test_the_filter_ignores_case_and_accents_in_every_script(
    tmp_path: Path, typed: str, found: set[str]
) -> None:
    library = Library(open_store(tmp_path / "s.sqlite3").db)
    ids = {
        library.store_text(path, "text", title, path, 1, 1, 0.0)[0]: path
        for path, title in TITLES.items()
    }
    shown = {ids[i] for i in library.list_ids(ListQuery(contains=typed))}
    assert shown == found
    assert {e.path for e in library.entries(contains=typed)} == found


def test_a_renamed_or_refreshed_document_is_found_by_its_new_title(tmp_path: Path) -> None:
    library = Library(open_store(tmp_path / "s.sqlite3").db)
    doc_id, _ = library.store_text("/x.txt", "one", "Old name", "h1", 1, 1, 0.0)
    library.rename(doc_id, "Ωmega Übersicht")
    assert library.list_ids(ListQuery(contains="ωMEGA ubersicht")) == [doc_id]
    assert library.list_ids(ListQuery(contains="old name")) == []
    # a new text keeps the user's title, and the filter keeps finding it by that title
    library.store_text("/x.txt", "two", "Derived title", "h2", 1, 1, 0.0)
    assert library.list_ids(ListQuery(contains="übersicht")) == [doc_id]
    library.remove([doc_id])
    assert library.db.execute("SELECT count(*) FROM list_keys").fetchone()[0] == 0


def test_the_migration_folds_the_keys_of_documents_already_stored(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = store_before(path, database._FOLDED_LIST_KEYS)
    for number, (doc_path, title) in enumerate(TITLES.items()):
        old.execute(
            "INSERT INTO documents (path, content_hash, title, word_count, size, mtime,"
            " added_at, collection, text, site) VALUES (?, ?, ?, 1, 1, 0, 0, 'library', 't', ?)",
            (doc_path, f"h{number}", title, "Le Café" if number == 0 else ""),
        )
    old.commit()
    old.close()
    library = Library(open_store(path).db)
    assert library.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    titles = {e.id: e.title for e in library.entries()}
    assert [titles[i] for i in library.list_ids(ListQuery(contains="σοφος"))] == ["ΣΟΦΟΣ ΛΌΓΟΣ"]
    assert [titles[i] for i in library.list_ids(ListQuery(contains="CAFE"))] == ["ÉLAN VITAL"]


def test_fold_matches_what_people_mean_by_the_same_letters() -> None:
    assert fold("ÉLAN") == fold("élan") == "elan"
    assert fold("ΣΟΦΟΣ") == fold("σοφος") == fold("σοφοσ")
    assert fold("İstanbul") == fold("ISTANBUL")
    assert fold("Straße") == fold("STRASSE")
    assert fold("Ｒｅｐｏｒｔ") == "report"
