"""The import pipeline's order: everything indexed first, then classified against it, so an
imported original and its republished copy end as they would classified one at a time."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.core.classify.verdicts import LibraryClassifier
from reader.core.library import import_workers
from reader.core.library.documents import Library
from reader.core.library.importer import Importer, Progress
from reader.core.store.packed_text import unpack
from reader.core.text.document import load_document
from tests.conftest import ORIGINAL, REPUBLISHED


def _verdicts(library: Library) -> dict[str, str | None]:
    rows = library.db.execute("SELECT path, segments FROM documents ORDER BY path")
    return {Path(path).name: unpack(segments) for path, segments in rows}


@pytest.mark.parametrize("copy_first", [True, False])
@pytest.mark.parametrize("workers", [False, True])
def test_an_imported_pair_is_classified_as_one_by_one(
    libraries: tuple[Library, Library],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    copy_first: bool,
    workers: bool,
) -> None:
    folder = tmp_path / "pair"
    folder.mkdir()
    names = ("a.txt", "b.txt") if copy_first else ("b.txt", "a.txt")
    copy, original = folder / names[0], folder / names[1]
    copy.write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    original.write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    if workers:
        monkeypatch.setattr(import_workers, "MIN_DOCUMENTS", 1)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    imported, by_hand = libraries

    items = list(Importer(imported).run([folder]))
    assert sorted(item.outcome for item in items) == ["added", "added"]

    for path in sorted(folder.iterdir()):  # one by one, in the same order, as the GUI does
        by_hand.store_document(load_document(path))
    classifier = LibraryClassifier(by_hand.db)
    for doc_id in classifier.unclassified_ids():  # verdicts the late original made stale
        classifier.segments(doc_id)

    assert _verdicts(imported) == _verdicts(by_hand)
    assert "in the original" in str(_verdicts(imported)[copy.name])  # provenance did decide


def test_cancel_while_classifying_keeps_the_import_and_drops_stale_neighbours(
    libraries: tuple[Library, Library], tmp_path: Path
) -> None:
    library, _ = libraries
    copy = tmp_path / "early" / "copy.txt"
    copy.parent.mkdir()
    copy.write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    list(Importer(library).run([copy]))
    assert _verdicts(library)["copy.txt"] is not None
    later = tmp_path / "later"
    later.mkdir()
    (later / "original.txt").write_text(ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    for n in range(3):
        (later / f"other{n}.txt").write_text(f"Other news {n}\n\nNothing to see {n}.\n")
    stop = threading.Event()

    def on_progress(progress: Progress) -> None:
        if progress.stage == "classifying":
            stop.set()

    items = list(Importer(library).run([later], progress=on_progress, cancel=stop))
    assert [item.outcome for item in items] == ["added"] * 4  # stored and kept
    verdicts = _verdicts(library)
    assert sum(v is None for v in verdicts.values()) >= 3  # left for the GUI to classify
    # the copy's verdict was made without its original: dropped, to be made again
    assert verdicts["copy.txt"] is None


def test_a_broken_worker_pool_finishes_the_import_here(
    libraries: tuple[Library, Library], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    library, _ = libraries
    for n in range(30):
        (tmp_path / f"{n:02}.txt").write_text(f"Story {n}\n\nLeaders met about item {n}.\n")

    class Broken(import_workers.InlineWork):
        def __init__(self, store: Path, workers: int, niceness: int) -> None:
            self.db = library.db
            self.reads = 0

        def read(self, paths, force, sample, stop, before):  # type: ignore[no-untyped-def]
            for result in super().read(paths, force, sample, stop, before):
                self.reads += 1
                if self.reads > 10:
                    raise BrokenProcessPool("a worker was killed")
                yield result

        def classify(self, doc_ids, stop, furniture=None):  # type: ignore[no-untyped-def]
            raise BrokenProcessPool("a worker was killed")
            yield

    monkeypatch.setattr("reader.core.library.importer.PoolWork", Broken)
    monkeypatch.setattr("reader.core.library.importer.workers_for", lambda count: 2)
    items = list(Importer(library).run([tmp_path]))
    assert len(items) == 30 and all(item.outcome == "added" for item in items)
    assert None not in _verdicts(library).values()


def test_a_text_read_in_this_process_keeps_its_layout_verdict_for_its_profile() -> None:
    """A worker profiles the relatives of what it classifies; one it read itself takes the
    read stage's verdict on its lines (or the one computed for it before) instead of running
    the layout rules again, and only the very text it was made for does."""
    from reader.core.classify.furniture import furniture_lines
    from reader.core.classify.provenance import _build_profile, read_furniture
    from reader.core.classify.units import split_lines

    text = REPUBLISHED.read_text(encoding="utf-8") + f"\n\nRead by test {os.getpid()}.\n"
    reasons = furniture_lines(split_lines(text))
    marked = tuple("furniture: test" for _ in reasons)  # shows which verdict was taken
    assert read_furniture(text, marked)[::2] == (len(text), marked)
    assert _build_profile(text, None).furniture == list(marked)
    other = text + "Another line.\n"
    assert _build_profile(other, None).furniture == furniture_lines(split_lines(other))
    read_furniture(other, marked)  # not a verdict on its lines (one line more): not taken
    assert _build_profile(other, None).furniture == furniture_lines(split_lines(other))


def test_the_titles_furniture_pass_is_handed_to_the_classifier(
    libraries: tuple[Library, Library], tmp_path: Path
) -> None:
    """The read stage's layout verdict on a short text's lines (run for its title) is the
    one the classifier would compute; it is taken only for the very text it was made for."""
    from reader.core.classify.furniture import furniture_lines
    from reader.core.classify.provenance import _build_profile, offer_furniture
    from reader.core.classify.units import split_lines

    library = libraries[0]
    copy = tmp_path / "copy.txt"
    copy.write_text(REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    read = import_workers.read_file(library.db, str(copy), False, True)
    assert isinstance(read, import_workers.Prepared) and read.furniture is not None
    length, crc, reasons = read.furniture
    assert list(reasons) == furniture_lines(split_lines(read.text)) and length == len(read.text)
    assert any(reasons) and not all(reasons)
    marked = tuple("furniture: test" for _ in reasons)  # shows which verdict was taken
    with offer_furniture((length, crc, marked)):
        assert _build_profile(read.text, None).furniture == list(marked)
        assert _build_profile(read.text + " ", None).furniture == list(reasons)  # other text
    assert _build_profile(read.text, None).furniture == list(reasons)  # offer withdrawn
    list(Importer(library).run([copy]))
    doc_id = library.id_for_path(copy)
    assert doc_id is not None
    offered = import_workers.classify_one(library.db, doc_id, None, read.furniture)
    assert offered == import_workers.classify_one(library.db, doc_id)
