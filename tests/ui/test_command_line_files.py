"""Files named on the command line: cheap ones open before the first paint; a costly one
(a big HTML page to convert) is added on a worker after it, then shown (issue 21 #13)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.library.documents import Library
from reader.ui.app.launch import INLINE_ADD_BYTES, create_window


def _page(paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {i}: the council met on Tuesday to vote on the harbour "
                   f"budget, officials said, and residents were asked again.</p>\n"
                   for i in range(paragraphs))
    return (f"<html><head><title>Harbour budget vote</title></head><body><article>"
            f"<h1>Harbour budget vote</h1>{body}</article></body></html>")


@pytest.fixture
def adds(monkeypatch) -> list[tuple[bool, list[str]]]:  # type: ignore[no-untyped-def]
    """Every `Library.add_files` call: (on the GUI thread?, file names), behaviour unchanged."""
    calls: list[tuple[bool, list[str]]] = []
    original = Library.add_files

    def add_files(self, paths, *args, **kwargs):  # type: ignore[no-untyped-def]
        paths = list(paths)
        calls.append((threading.current_thread() is threading.main_thread(),
                       [Path(p).name for p in paths]))
        return original(self, paths, *args, **kwargs)

    monkeypatch.setattr(Library, "add_files", add_files)
    return calls


def test_a_big_page_is_converted_off_the_gui_thread_then_shown(qtbot, core, tmp_path, adds) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "big-page.html"
    page.write_text(_page(2000), encoding="utf-8")
    assert page.stat().st_size > INLINE_ADD_BYTES
    window = create_window(core, [str(page)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.reading_view.current is not None
                    and Path(window.reading_view.current.path) == page.resolve(), timeout=20000)
    assert [on_gui for on_gui, names in adds if "big-page.html" in names] == [False]
    doc_id = core.library.id_for_path(page)
    assert window.library_panel.current_id() == doc_id
    assert window.reading_view.current.title == "Harbour budget vote"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=5000)


def test_a_small_new_file_and_a_stored_big_one_open_before_the_first_paint(  # type: ignore[no-untyped-def]
        qtbot, core, tmp_path, adds) -> None:
    page = tmp_path / "stored.html"
    page.write_text(_page(2000), encoding="utf-8")
    core.library.add_files([page])  # stored and unchanged: nothing to convert
    small = tmp_path / "small.txt"
    small.write_text("A small note\n\nIt is added at once.\n", encoding="utf-8")
    adds.clear()
    for paths, shown in (([str(page)], page), ([str(small)], small)):
        window = create_window(core, paths)
        qtbot.addWidget(window)
        assert window.reading_view.current is not None  # before any event is processed
        assert Path(window.reading_view.current.path) == shown.resolve()
    assert [on_gui for on_gui, names in adds if names != ["seeds"]] == [True, True]


def test_a_missing_file_is_reported_at_once(qtbot, core, tmp_path, adds) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.html"
    big.write_text(_page(2000), encoding="utf-8")
    window = create_window(core, [str(tmp_path / "gone.txt"), str(big)])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.reading_view.current is not None
                    and Path(window.reading_view.current.path) == big.resolve(), timeout=20000)
    assert "gone.txt" in window.statusBar().currentMessage()  # the worker said so
    assert Path(window.reading_view.current.path) == big.resolve()
