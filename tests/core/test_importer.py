"""The import pipeline: folders, refresh, remove, batching and every kind of bad input."""

from __future__ import annotations

import os
import threading
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from reader.core.library import indexing as library_indexing
from reader.core.library.documents import Library
from reader.core.library.import_scan import expand_paths
from reader.core.library.importer import Importer, Progress, prune_missing
from reader.core.store.packed_text import unpack

ARTICLE = "Leaders meet in Brussels\n\nBRUSSELS — Leaders met on Friday to talk about {n}.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(library: Library, *paths: Path, **kwargs: object) -> dict[str, list[str]]:
    outcomes: dict[str, list[str]] = {}
    for item in Importer(library).run(paths, **kwargs):  # type: ignore[arg-type]
        outcomes.setdefault(item.outcome, []).append(
            Path(item.path).name + (f": {item.error.reason}" if item.error else "")
        )
    return outcomes


@pytest.fixture
def library(core) -> Library:  # type: ignore[no-untyped-def]
    return core.library


def test_folder_import_is_recursive_skips_hidden_and_other_suffixes(
    library: Library, tmp_path: Path
) -> None:
    root = tmp_path / "news"
    write(root / "a.txt", ARTICLE.format(n=1))
    write(root / "deep" / "er" / "b.md", ARTICLE.format(n=2))
    write(root / "deep" / "c.html", "<p>" + ARTICLE.format(n=3) + "</p>")
    write(root / ".git" / "d.txt", ARTICLE.format(n=4))
    write(root / ".hidden.txt", ARTICLE.format(n=5))
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00binary")
    assert run(library, root) == {"added": ["a.txt", "c.html", "b.md"]}
    assert {e.source_name for e in library.entries(collection="library")} == {
        "a.txt",
        "b.md",
        "c.html",
    }
    # a second run reads nothing: size and mtime match
    assert run(library, root) == {"unchanged": ["a.txt", "c.html", "b.md"]}


def test_re_adding_a_changed_file_refreshes_it_and_reanchors_notes(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reanchored: list[tuple[int, str]] = []
    monkeypatch.setattr(
        library_indexing,
        "document_stored",
        lambda db, i, outcome, t, *_: outcome == "refreshed" and reanchored.append((i, t)),
    )
    path = write(tmp_path / "a.txt", ARTICLE.format(n="trade"))
    assert run(library, path) == {"added": ["a.txt"]}
    doc_id = library.id_for_path(path)
    assert doc_id is not None
    write(path, ARTICLE.format(n="trade and a much longer list of new words"))
    assert run(library, path) == {"refreshed": ["a.txt"]}
    assert "much longer list" in library.document(doc_id).text
    assert library.entry(doc_id).word_count == len(library.document(doc_id).text.split())
    assert reanchored == [(doc_id, library.document(doc_id).text)]
    assert library.refresh(path) == (doc_id, "unchanged")


def test_classifier_hooks_store_segments_and_share(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.classify import verdicts as classification

    calls: list[str] = []
    real_index, real_compute = library_indexing.index_samples, classification.compute_verdict

    def index_samples(db, samples, refreshed, **how):  # type: ignore[no-untyped-def]
        calls.extend(f"index {doc_id}" for doc_id, _ in samples)
        return real_index(db, samples, refreshed, **how)

    def compute_verdict(db, doc_id, corpus=None, **options):  # type: ignore[no-untyped-def]
        indexed = db.execute("SELECT count(DISTINCT doc_id) FROM shingles").fetchone()[0]
        calls.append(f"classify {doc_id} seeing {indexed}")
        return real_compute(db, doc_id, corpus, **options)

    monkeypatch.setattr(library_indexing, "index_samples", index_samples)
    monkeypatch.setattr(classification, "compute_verdict", compute_verdict)
    before = library.db.execute("SELECT count(DISTINCT doc_id) FROM shingles").fetchone()[0]
    write(tmp_path / "f" / "a.txt", ARTICLE.format(n=1))
    write(tmp_path / "f" / "b.txt", ARTICLE.format(n=2))
    run(library, tmp_path / "f")
    a, b = (library.id_for_path(tmp_path / "f" / n) for n in ("a.txt", "b.txt"))
    # the whole import is indexed before anything is classified
    assert calls == [
        f"index {a}",
        f"index {b}",
        f"classify {a} seeing {before + 2}",
        f"classify {b} seeing {before + 2}",
    ]
    rows = library.db.execute(
        "SELECT segments, commentary_share FROM documents WHERE id IN (?, ?)", (a, b)
    ).fetchall()
    assert all(segments is not None and share == 0.0 for segments, share in rows)


def test_remove_keeps_the_file_and_prune_forgets_deleted_files(
    library: Library, tmp_path: Path
) -> None:
    a = write(tmp_path / "w" / "a.txt", ARTICLE.format(n=1))
    b = write(tmp_path / "w" / "b.txt", ARTICLE.format(n=2))
    run(library, tmp_path / "w")
    a_id = library.id_for_path(a)
    assert a_id is not None
    assert library.remove([a_id, 12345]) == 1
    assert a.exists() and library.id_for_path(a) is None
    b.unlink()
    assert [i.outcome for i in prune_missing(library, tmp_path / "w")] == ["removed"]
    assert library.entries(collection="library") == []


def test_sorting_and_filtering(library: Library, tmp_path: Path) -> None:
    library.ensure_seeds()
    write(tmp_path / "z" / "short.txt", "Zebra crossing story in the town\n\nA short one.\n")
    write(
        tmp_path / "a" / "long.txt", "Apple harvest story in the valley\n\n" + "word " * 50 + "\n"
    )
    run(library, tmp_path / "z", tmp_path / "a")
    titles = lambda **kw: [e.title for e in library.entries(collection="library", **kw)]  # noqa: E731
    assert titles(sort="title") == [
        "Apple harvest story in the valley",
        "Zebra crossing story in the town",
    ]
    assert titles(sort="words") == [
        "Zebra crossing story in the town",
        "Apple harvest story in the valley",
    ]
    assert titles(sort="folder", descending=True) == [
        "Zebra crossing story in the town",
        "Apple harvest story in the valley",
    ]
    assert titles(sort="added") == [
        "Zebra crossing story in the town",
        "Apple harvest story in the valley",
    ]
    assert titles(contains="ZEBRA") == ["Zebra crossing story in the town"]
    assert titles(contains="100%_") == []
    assert [e.collection for e in library.entries()][:2] == ["seeds", "seeds"]
    with pytest.raises(ValueError):
        library.entries(sort="nonsense")


def test_a_batch_is_one_transaction(library: Library, tmp_path: Path) -> None:
    for n in range(300):
        write(tmp_path / "many" / f"{n:03}.txt", ARTICLE.format(n=n))
    statements: list[str] = []
    library.db.set_trace_callback(statements.append)
    try:
        outcomes = run(library, tmp_path / "many")
    finally:
        library.db.set_trace_callback(None)
    assert len(outcomes["added"]) == 300
    assert sum(s.strip().upper() == "COMMIT" for s in statements) <= 2


# --- bad input: each gets a clear message and the rest still imports -------------------


def test_every_bad_input_class_is_reported_and_the_rest_imports(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "mixed"
    write(root / "good.txt", ARTICLE.format(n=1))
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (root / "latin1.txt").write_bytes("café crème".encode("latin-1"))
    (root / "empty.txt").write_bytes(b"")
    with (root / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: must be refused without reading it
    locked = write(root / "locked.txt", ARTICLE.format(n=2))
    locked.chmod(0)
    real_open, real_read = os.open, os.read

    def guarded_open(path: str | os.PathLike[str], *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied")  # root can read anything
        return real_open(path, *args, **kwargs)

    def guarded_read(descriptor: int, size: int) -> bytes:
        if size > 1024 * 1024:
            raise AssertionError("the 100 MB file was read")
        return real_read(descriptor, size)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "read", guarded_read)
    (root / "loop").symlink_to(root)
    (root / "self.txt").symlink_to(root / "self.txt")
    outcomes = run(library, root)
    assert outcomes["added"] == ["good.txt"]
    failed = dict(line.split(": ", 1) for line in outcomes["failed"])
    assert "binary" in failed["binary.txt"]
    assert "not valid UTF-8" in failed["latin1.txt"]
    assert "empty" in failed["empty.txt"]
    assert "too large (104.9 MB" in failed["huge.txt"]
    assert "permission denied" in failed["locked.txt"]
    assert "symbolic link loop" in failed["loop"]
    assert "symbolic link loop" in failed["self.txt"]


def test_a_file_that_vanishes_mid_import_is_reported(library: Library, tmp_path: Path) -> None:
    root = tmp_path / "v"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(root / name, ARTICLE.format(n=name))

    def on_progress(progress: Progress) -> None:
        if progress.current.endswith("a.txt"):
            (root / "b.txt").unlink()

    outcomes = run(library, root, progress=on_progress)
    assert outcomes["added"] == ["a.txt", "c.txt"]
    assert outcomes["failed"] == [
        "b.txt: the file does not exist (it may have been moved or deleted)"
    ]


def test_missing_paths_and_cancel(library: Library, tmp_path: Path) -> None:
    assert "does not exist" in run(library, tmp_path / "nope")["failed"][0]
    os.mkfifo(tmp_path / "pipe.txt")
    assert "not a regular file" in run(library, tmp_path / "pipe.txt")["failed"][0]
    for n in range(10):
        write(tmp_path / "c" / f"{n}.txt", ARTICLE.format(n=n))
    stop = threading.Event()
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if progress.done == 3:
            stop.set()

    outcomes = run(library, tmp_path / "c", progress=on_progress, cancel=stop)
    assert len(outcomes["added"]) == 3  # finished work is committed, the rest is not started
    assert len(library.entries(collection="library")) == 3
    assert seen[0].total == 10


def test_expand_paths_follows_a_link_to_another_folder_inside_once(tmp_path: Path) -> None:
    write(tmp_path / "top" / "real" / "a.txt", ARTICLE)
    os.symlink(tmp_path / "top" / "real", tmp_path / "top" / "link1")
    os.symlink(tmp_path / "top" / "real", tmp_path / "top" / "link2")
    files, failures = expand_paths([tmp_path / "top", tmp_path / "top" / "real" / "a.txt"])
    assert len(files) == 1 and failures == []


def test_a_folder_scan_never_follows_a_link_out_of_the_folder(tmp_path: Path) -> None:
    """Issue 21 #4: a link planted in a folder (an unpacked archive, a watched folder) must
    not bring in files from elsewhere; a file named on its own is still read."""
    write(tmp_path / "elsewhere" / "secret.txt", ARTICLE.format(n="secret"))
    top = tmp_path / "top"
    write(top / "a.txt", ARTICLE.format(n=1))
    os.symlink(tmp_path / "elsewhere", top / "dir-link")
    os.symlink(tmp_path / "elsewhere" / "secret.txt", top / "file-link.txt")
    files, failures = expand_paths([top])
    assert [f.name for f in files] == ["a.txt"]
    reasons = {Path(f.path).name: f.reason for f in failures}
    assert set(reasons) == {"dir-link", "file-link.txt"}
    assert all("link to outside the folder" in r for r in reasons.values())
    files, failures = expand_paths([top / "file-link.txt"])
    assert len(files) == 1 and failures == []


def test_a_watched_file_replaced_by_a_link_out_is_forgotten_not_followed(
    library: Library, tmp_path: Path
) -> None:
    """What the watcher does when a watched file becomes a link to /etc/passwd: re-scan the
    folder and prune it. The old entry goes; /etc/passwd never enters."""
    root = tmp_path / "watched"
    a = write(root / "a.txt", ARTICLE.format(n=1))
    write(root / "b.txt", ARTICLE.format(n=2))
    run(library, root)
    a.unlink()
    os.symlink("/etc/passwd", a)
    outcomes = run(library, root)
    removed = [item.path for item in prune_missing(library, root)]
    paths = {Path(e.path).name for e in library.entries(collection="library")}
    assert paths == {"b.txt"}
    assert removed == [str(a)]
    assert outcomes["failed"] == ["a.txt: a link to outside the folder (/etc/passwd); not followed"]


def test_notes_hook_hears_every_add_and_refresh(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[tuple[int, str, str]] = []
    fake = types.ModuleType("reader.core.notes.storage")
    fake.note_document_stored = (  # type: ignore[attr-defined]
        lambda db, doc_id, outcome, text, digest, path: heard.append(
            (doc_id, outcome, Path(path).name)
        )
    )
    monkeypatch.setattr(library_indexing, "_notes", lambda: fake)
    path = write(tmp_path / "a.txt", ARTICLE.format(n=1))
    run(library, path)
    write(path, ARTICLE.format(n="changed, and longer"))
    run(library, path)
    doc_id = library.id_for_path(path)
    assert heard == [(doc_id, "added", "a.txt"), (doc_id, "refreshed", "a.txt")]
    assert Path(path).resolve().is_absolute()


def test_with_the_real_classifier_a_late_original_reclassifies_its_copy(
    library: Library, tmp_path: Path
) -> None:
    from reader.core.classify.verdicts import compute_verdict
    from tests.conftest import ORIGINAL, REPUBLISHED

    copy = write(tmp_path / "copy.txt", REPUBLISHED.read_text(encoding="utf-8"))
    original = write(tmp_path / "original.txt", ORIGINAL.read_text(encoding="utf-8"))
    copy_id = library.add_files([copy]).added[0]
    alone = library.db.execute(
        "SELECT segments, commentary_share FROM documents WHERE id = ?", (copy_id,)
    ).fetchone()
    assert alone[0] is not None and alone[1] > 0  # "Comment:" paragraphs, even without an original
    assert "in the original" not in str(unpack(alone[0]))
    library.add_files([original])
    after = unpack(library.db.execute(
        "SELECT segments FROM documents WHERE id = ?", (copy_id,)
    ).fetchone()[0])
    # classified again by the import that brought its original, as if asked afresh now
    assert after != unpack(alone[0]) and "in the original" in str(after)
    fresh = compute_verdict(library.db, copy_id)
    assert fresh is not None and fresh[0].segments_json == after


def test_with_the_real_classifier_big_imports_work_in_worker_processes(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.corpus import write_corpus
    from reader.core.library import import_workers

    monkeypatch.setattr(import_workers, "MIN_DOCUMENTS", 10)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    submitted: list[str] = []
    real_submit = ProcessPoolExecutor.submit

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        submitted.extend([fn.__name__] * len(args[0]))
        return real_submit(self, fn, *args)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    write_corpus(tmp_path / "c", n_docs=60, seed=3)
    outcomes = run(library, tmp_path / "c")
    assert len(outcomes["added"]) == 60
    # every file was read, and every new document classified, in the worker processes
    assert submitted.count("_read_chunk") == 60
    assert submitted.count("_classify_chunk") == 60
    rows = library.db.execute(
        "SELECT path, segments, commentary_share FROM documents WHERE path LIKE '%republished%'"
    ).fetchall()
    assert rows and all(share is not None for _, _, share in rows)
    assert any(share > 0 for _, _, share in rows)  # "Comment:" paragraphs were found
