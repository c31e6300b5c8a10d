"""Opening a copy shows its text first; the provenance index is asked for its relatives (tens
of ms at 100,000 documents) on a worker, and the change marks arrive after. An answer for a
document the reader has left, or after the window began closing, is dropped."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from reader.core.classify.shingles import CorpusDoc, StoreCorpus
from tests.conftest import ORIGINAL
from tests.keyboard_helpers import active_window

REWORDED = Path(__file__).resolve().parent.parent / "data" / "compare" / "reworded_copy.txt"


def _library_with_copy(core, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    copy = tmp_path / "reworded.txt"
    copy.write_text(REWORDED.read_text(encoding="utf-8"), encoding="utf-8")
    core.library.ensure_seeds()
    core.library.add_files([str(copy)])
    return copy.resolve()


def _record_threads(monkeypatch: pytest.MonkeyPatch, gate: threading.Event) -> list[bool]:
    """StoreCorpus.related, noting for each call whether it ran on the GUI (main) thread;
    calls off it wait for `gate` (at most 10 s) so a test can act while one is pending."""
    on_gui: list[bool] = []
    related = StoreCorpus.related

    def recording(self: StoreCorpus, text: str, exclude_key: str | None = None) -> list[CorpusDoc]:
        main = threading.current_thread() is threading.main_thread()
        on_gui.append(main)
        if not main:
            gate.wait(10)
        return related(self, text, exclude_key)

    monkeypatch.setattr(StoreCorpus, "related", recording)
    return on_gui


def _open(qtbot, core, path: Path):  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    doc_id = core.library.id_for_path(path)
    assert doc_id is not None and window.library_panel.select_document(doc_id)
    return window


@contextlib.contextmanager
def _copy_opened_while_its_lookup_waits(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, Any]]:
    """The reworded copy opened, its relatives lookup under way on a worker and held there
    until the block ends; yields the copy's path and the window."""
    copy = _library_with_copy(core, tmp_path)
    gate = threading.Event()
    on_gui = _record_threads(monkeypatch, gate)
    try:
        window = _open(qtbot, core, copy)
        qtbot.waitUntil(lambda: bool(on_gui))  # the worker is asking the index
        yield copy, window
    finally:
        gate.set()


def test_opening_a_copy_asks_for_its_relatives_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path, monkeypatch
) -> None:
    copy = _library_with_copy(core, tmp_path)
    gate = threading.Event()
    gate.set()
    on_gui = _record_threads(monkeypatch, gate)
    window = _open(qtbot, core, copy)
    marks = window.compare.marks
    qtbot.waitUntil(lambda: marks.comparison is not None)
    assert on_gui and not any(on_gui)  # asked, and never on the GUI thread
    assert marks.copy_path == str(copy) and marks.original_path == str(ORIGINAL)
    assert window.reading_view.layer("changes")
    assert window.compare.provenance.text().startswith("Copy of NATO Secretary General")


def test_the_text_is_shown_before_the_marks_arrive(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path, monkeypatch
) -> None:
    with _copy_opened_while_its_lookup_waits(qtbot, core, tmp_path, monkeypatch) as (copy, window):
        view, marks = window.reading_view, window.compare.marks
        assert view.current is not None and view.current.path == str(copy)
        qtbot.wait(50)
        assert marks.comparison is None and not view.layer("changes")
    qtbot.waitUntil(lambda: marks.comparison is not None)
    assert view.layer("changes")


def test_an_answer_for_a_document_left_meanwhile_is_dropped(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path, monkeypatch
) -> None:
    with _copy_opened_while_its_lookup_waits(qtbot, core, tmp_path, monkeypatch) as (_, window):
        marks = window.compare.marks
        original_id = core.library.id_for_path(ORIGINAL)
        assert window.library_panel.select_document(original_id)
        assert window.reading_view.current.path == str(ORIGINAL)
    assert QThreadPool.globalInstance().waitForDone(20000)
    qtbot.wait(100)  # the worker's answer, delivered to the GUI thread and dropped
    assert marks.comparison is None and marks.copy_path == ""
    assert not window.reading_view.layer("changes")


def test_no_marks_arrive_once_the_window_is_closing(  # type: ignore[no-untyped-def]
    qtbot, core, tmp_path, monkeypatch
) -> None:
    with _copy_opened_while_its_lookup_waits(qtbot, core, tmp_path, monkeypatch) as (_, window):
        marks = window.compare.marks
        marks.stop()  # what the window's closing does (CompareFeature.shutdown)
    assert QThreadPool.globalInstance().waitForDone(20000)
    qtbot.wait(100)
    assert marks.comparison is None and not window.reading_view.layer("changes")
