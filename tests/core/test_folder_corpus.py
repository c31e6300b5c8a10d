"""`FolderCorpus`: a folder's documents answered from the library's own index when the
library holds them unchanged, read and indexed afresh otherwise, with the same verdicts."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.classify import analyse
from reader.core.context import open_context
from reader.core.library.folder_corpus import FolderCorpus
from reader.core.store.paths import store_path
from reader.core.text.document import load_document
from tests.conftest import ORIGINAL, REPUBLISHED

OTHER = (
    "Harbour dredging to start in spring\n\n"
    "The port authority said on Tuesday that dredging of the outer harbour would begin in "
    "April and last about eleven weeks, allowing larger container ships to call.\n\n"
    "Fishermen's groups asked for the work to pause during the herring run in May.\n"
)


def _load(path: str) -> tuple[str, str]:
    document = load_document(path)
    return document.title, document.text


def _folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "news"
    folder.mkdir()
    original = folder / "original.txt"
    original.write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    return folder, original, copy


def _classified(corpus: FolderCorpus, folder: Path, copy: Path) -> tuple[object, int]:
    """The copy's analysis against the folder, and how many files had to be read."""
    document = load_document(copy)
    corpus.add(str(copy), document.title, document.text)
    read = 0
    for name in sorted(os.listdir(folder)):
        path = str(folder / name)
        if corpus.held(path):
            continue
        read += 1
        found = load_document(path)
        corpus.add(path, found.title, found.text)
    return analyse(document.text, corpus, key=str(copy), structure=document.hints), read


def _add_to_library(data: Path, folder: Path) -> None:
    """A library in `data` holding the folder's files, closed again."""
    context = open_context(data)
    try:
        list(context.library.add_files([folder]))
    finally:
        context.close()


def test_documents_the_library_holds_are_not_read_again(tmp_path: Path) -> None:
    folder, original, copy = _folder(tmp_path)
    data = tmp_path / "data"
    _add_to_library(data, folder)
    fresh = FolderCorpus(_load)  # no library: every file read and indexed
    try:
        expected, read_fresh = _classified(fresh, folder, copy)
    finally:
        fresh.close()
    reused = FolderCorpus(_load, store_path(data))
    try:
        found, read_reused = _classified(reused, folder, copy)
        assert len(reused.files) == 1  # only the named copy was indexed here
    finally:
        reused.close()
    assert (read_fresh, read_reused) == (2, 0)
    assert found == expected
    assert found.relation.role == "copy"  # type: ignore[attr-defined]
    assert found.relation.other == str(original)  # type: ignore[attr-defined]
    sources = {s.source for s in found.segments if s.source}  # type: ignore[attr-defined]
    assert sources == {str(original)}


def test_a_file_changed_since_it_was_added_is_read_again(tmp_path: Path) -> None:
    folder, original, copy = _folder(tmp_path)
    data = tmp_path / "data"
    _add_to_library(data, folder)
    original.write_text(ORIGINAL.read_text(encoding="utf-8") + "\nA late correction.\n",
                        encoding="utf-8")
    corpus = FolderCorpus(_load, store_path(data))
    try:
        assert not corpus.held(str(original))
        assert corpus.held(str(folder / "other.txt"))
        assert not corpus.held(str(copy))  # never added to the library
    finally:
        corpus.close()


def test_no_store_or_a_store_of_another_version_is_not_used(tmp_path: Path) -> None:
    folder, original, _ = _folder(tmp_path)
    corpus = FolderCorpus(_load, tmp_path / "absent" / "library.sqlite3")
    try:
        assert corpus.library is None and not corpus.held(str(original))
    finally:
        corpus.close()
    data = tmp_path / "data"
    context = open_context(data)
    try:
        list(context.library.add_files([folder]))
        context.db.execute("PRAGMA user_version = 999")
    finally:
        context.close()
    corpus = FolderCorpus(_load, store_path(data))
    try:
        assert corpus.library is None and not corpus.held(str(original))
    finally:
        corpus.close()
