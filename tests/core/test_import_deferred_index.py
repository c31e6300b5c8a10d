"""A big import puts its index entries in once, when its files are stored (issue 20: a
linear import): the indexes and verdicts are those of an import that wrote them batch by
batch, a document removed meanwhile leaves no entries, and a crash before then loses none."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.core.classify.shingles import index_sample, stored_sample, write_samples
from reader.core.library import importer as importer_module
from reader.core.library import indexing
from reader.core.library.documents import Library
from reader.core.library.importer import Importer
from reader.core.store import database
from reader.core.store.database import open_store, transaction
from tests.conftest import ORIGINAL, REPUBLISHED
from tests.stores import store_before

MASTHEAD = "Valley Voice | News from the Ostra valley"


def _files(folder: Path) -> list[Path]:
    """An original, its republished copy, and pages of one site sharing template lines."""
    folder.mkdir()
    (folder / "original.txt").write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "copy.txt").write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    for n in range(6):
        story = " ".join(f"word{n}x{i}" for i in range(80))
        (folder / f"page{n}.txt").write_text(
            f"{MASTHEAD}\nStory number {n} of the week\n\n{story}.\n\nPrint page\n",
            encoding="utf-8",
        )
    return sorted(folder.iterdir())


Entries = set[tuple[int, str]]


def _state(library: Library) -> tuple[Entries, Entries, set[tuple[str, str]]]:
    db = library.db
    paths = {int(i): Path(p).name for i, p in db.execute("SELECT id, path FROM documents")}
    shingles = {(int(h), paths[int(d)]) for h, d in db.execute("SELECT hash, doc_id FROM shingles")}
    lines = {(int(h), paths[int(d)]) for h, d in db.execute("SELECT hash, doc_id FROM line_index")}
    verdicts = {
        (str(s), paths[int(i)]) for i, s in db.execute("SELECT id, segments FROM documents")
    }
    return shingles, lines, verdicts


@pytest.mark.parametrize("every", [3, 10**6])
def test_a_big_import_indexes_and_classifies_as_one_written_batch_by_batch(
    libraries: tuple[Library, Library],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    every: int,
) -> None:
    files = _files(tmp_path / "files")
    deferred, direct = libraries
    monkeypatch.setattr(importer_module, "BIG_IMPORT", 2)  # deferred, in batches of 3
    monkeypatch.setattr(importer_module, "BIG_BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(importer_module, "DEFERRED_DOCUMENTS", every)  # put in as it goes
    list(Importer(deferred, parallel=False).run(files))
    monkeypatch.setattr(importer_module, "BIG_IMPORT", 10**6)
    monkeypatch.setattr(importer_module, "BATCH_DOCUMENTS", 3)
    list(Importer(direct, parallel=False).run(files))

    got, expected = _state(deferred), _state(direct)
    assert got[0] and got[1]  # both indexes have entries
    assert got == expected
    assert deferred.db.execute("SELECT count(*) FROM unindexed_samples").fetchone()[0] == 0
    assert all(segments != "None" for segments, _ in got[2])  # every document classified


def _stored_without_index(library: Library, texts: dict[str, str]) -> dict[str, int]:
    """Documents stored as a big import's batch stores them: entries kept back."""
    ids = {}
    with library.batch():
        for name, text in texts.items():
            doc_id, _ = library.store_text(
                f"/docs/{name}", text, name, f"h-{name}", len(text.split()), len(text), 0.0
            )
            ids[name] = doc_id
        write_samples(
            library.db,
            [(i, stored_sample(index_sample(texts[name]), "")) for name, i in ids.items()],
            set(),
            defer=True,
        )
    return ids


def _entries(db: sqlite3.Connection) -> set[tuple[int, int]]:
    return {(int(h), int(d)) for h, d in db.execute("SELECT hash, doc_id FROM shingles")}


def test_a_document_removed_before_the_entries_go_in_leaves_none(
    libraries: tuple[Library, Library],
) -> None:
    library = libraries[0]
    texts = {"a": ORIGINAL.read_text(encoding="utf-8"), "b": REPUBLISHED.read_text("utf-8")}
    ids = _stored_without_index(library, texts)
    assert _entries(library.db) == set()
    library.remove([ids["b"]])

    assert indexing.index_deferred(library.db) == 2
    entries = _entries(library.db)
    assert entries and {doc_id for _, doc_id in entries} == {ids["a"]}
    assert library.db.execute("SELECT count(*) FROM unindexed_samples").fetchone()[0] == 0
    assert indexing.index_deferred(library.db) == 0  # nothing left to put in


def test_entries_a_crash_kept_back_are_put_in_by_the_next_import(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = open_store(path)
    texts = {"a": ORIGINAL.read_text(encoding="utf-8"), "b": REPUBLISHED.read_text("utf-8")}
    ids = _stored_without_index(Library(store.db), texts)
    store.db.close()  # the process dies: its temporary entries are gone

    again = open_store(path)
    library = Library(again.db)
    waiting = {int(r[0]) for r in again.db.execute("SELECT doc_id FROM unindexed_samples")}
    assert waiting == set(ids.values()) and _entries(again.db) == set()
    assert list(Importer(library).run([])) == []
    expected = {
        (h, doc_id) for name, doc_id in ids.items() for h in _stored(texts[name])
    }
    assert _entries(again.db) == expected
    assert again.db.execute("SELECT count(*) FROM unindexed_samples").fetchone()[0] == 0
    again.db.close()


def _stored(text: str) -> set[int]:
    from reader.core.classify.repeated import split_sample
    from reader.core.classify.shingles import stored_hashes

    return stored_hashes(split_sample(index_sample(text))[0])


def test_the_migration_adds_the_list_and_removal_takes_a_document_off_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = store_before(path, database._UNINDEXED_SAMPLES, functions=True)
    old.execute(  # the text is stored deflated by then
        "INSERT INTO documents (path, content_hash, title, word_count, size, mtime, added_at,"
        " collection, packed_text) VALUES ('/a.txt', 'h', 'A', 2, 9, 0, 0, 'library',"
        " reader_pack_text('one two.'))"
    )
    old.commit()
    old.close()
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
    with transaction(db):
        db.execute(
            "INSERT INTO document_samples(doc_id, shingle_hashes, name_codes) VALUES (1, x'', x'')"
        )
        db.execute("INSERT INTO unindexed_samples(doc_id) VALUES (1)")
    db.execute("DELETE FROM documents WHERE id = 1")
    assert db.execute("SELECT count(*) FROM unindexed_samples").fetchone()[0] == 0
    db.close()


def test_only_the_documents_read_off_the_list_are_put_in_and_taken_off(
    libraries: tuple[Library, Library],
) -> None:
    """What a starting import found waiting is what it indexes: a document listed after it
    read the list (another import's batch) stays listed for its own writer."""
    from reader.core.store.samples import reindex_unindexed, unindexed

    library = libraries[0]
    texts = {"a": ORIGINAL.read_text(encoding="utf-8"), "b": REPUBLISHED.read_text("utf-8")}
    ids = _stored_without_index(library, texts)
    assert sorted(unindexed(library.db)) == sorted(ids.values())
    with transaction(library.db):
        reindex_unindexed(library.db, [ids["a"]])
    assert unindexed(library.db) == [ids["b"]]
    assert {doc_id for _, doc_id in _entries(library.db)} == {ids["a"]}
    assert indexing.index_unindexed(library.db) == 1
    assert unindexed(library.db) == [] and {d for _, d in _entries(library.db)} == set(ids.values())


def test_the_workers_keep_reading_while_the_kept_back_entries_go_in(
    libraries: tuple[Library, Library], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flush runs beside the reading: files are read (and their batches held) until it
    is done, then stored; what ends up stored and indexed is what an import in line stores."""
    from reader.core.library import import_workers

    files = _files(tmp_path / "files")
    for n in range(12):
        story = " ".join(f"extra{n}y{i}" for i in range(60))
        (tmp_path / "files" / f"extra{n}.txt").write_text(f"Extra {n}\n\n{story}.\n", "utf-8")
    files = sorted((tmp_path / "files").iterdir())
    deferred, direct = libraries
    monkeypatch.setattr(importer_module, "BIG_IMPORT", 2)
    monkeypatch.setattr(importer_module, "BIG_BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(importer_module, "DEFERRED_DOCUMENTS", 4)
    monkeypatch.setattr(import_workers, "MIN_DOCUMENTS", 2)  # worker processes read
    monkeypatch.setattr(import_workers, "READ_CHUNK", 1)
    read: list[str] = []
    during: list[str] = []
    flushing, read_on = threading.Event(), threading.Event()
    real = indexing.index_deferred

    def held_flush(db: sqlite3.Connection) -> int:
        if threading.current_thread() is not threading.main_thread():
            flushing.set()
            read_on.wait(60)  # until the writer has read on (a timeout fails below)
            flushing.clear()
        return real(db)

    def progress(report: importer_module.Progress) -> None:
        if report.stage == "reading" and report.current:
            read.append(report.current)
            if flushing.is_set():
                during.append(report.current)
                if len(during) >= 3:
                    read_on.set()

    monkeypatch.setattr(indexing, "index_deferred", held_flush)
    items = list(Importer(deferred).run(files, progress))
    assert len(during) >= 3 and read_on.is_set()
    assert sorted(item.path for item in items) == sorted(map(str, files))
    assert all(item.outcome == "added" for item in items)
    monkeypatch.setattr(importer_module, "BIG_IMPORT", 10**6)
    list(Importer(direct, parallel=False).run(files))
    assert _state(deferred) == _state(direct)
    assert deferred.db.execute("SELECT count(*) FROM unindexed_samples").fetchone()[0] == 0


def test_an_error_in_the_background_flush_reaches_the_caller(
    libraries: tuple[Library, Library], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.library import import_workers

    files = _files(tmp_path / "files")
    monkeypatch.setattr(importer_module, "BIG_IMPORT", 2)
    monkeypatch.setattr(importer_module, "BIG_BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(importer_module, "DEFERRED_DOCUMENTS", 2)
    monkeypatch.setattr(import_workers, "MIN_DOCUMENTS", 2)

    def broken(db: sqlite3.Connection) -> int:
        if threading.current_thread() is not threading.main_thread():
            raise sqlite3.OperationalError("disk I/O error")
        return 0

    monkeypatch.setattr(indexing, "index_deferred", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        list(Importer(libraries[0]).run(files))


def test_an_interrupt_while_the_flush_runs_waits_for_it_then_is_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI turns SIGTERM/SIGHUP into KeyboardInterrupt: the connection must be the
    writer's alone again (the flush's transaction ended) before the interrupt goes on."""
    released, finished = threading.Event(), threading.Event()

    def slow_flush(db: sqlite3.Connection) -> None:
        released.wait(10)
        finished.set()

    monkeypatch.setattr(indexing, "index_deferred", slow_flush)
    flush = importer_module._Flush(sqlite3.connect(":memory:"), background=True)
    flush.start()
    real_join = threading.Thread.join
    interrupted: list[bool] = []

    def join(self: threading.Thread, timeout: float | None = None) -> None:
        if not interrupted:  # the signal lands while the writer waits
            interrupted.append(True)
            released.set()
            raise KeyboardInterrupt
        real_join(self, timeout)

    monkeypatch.setattr(threading.Thread, "join", join)
    with pytest.raises(KeyboardInterrupt):
        flush.join()
    assert finished.is_set() and flush.thread is None
