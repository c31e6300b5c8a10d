"""The search dialog asks on a worker thread: the GUI thread only shows the answers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt

from reader.core.background import search
from reader.core.library.search import SearchHit
from reader.ui.library.search_dialog import SearchDialog


def _library(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, text in {
        "glaciers.txt": "Glaciers in retreat\n\nThe glaciers of the Alps are shrinking.\n",
        "harbour.txt": "Harbour reopens\n\nFishing boats returned to the harbour.\n",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    core.library.add_files([tmp_path / "glaciers.txt", tmp_path / "harbour.txt"])


def test_searches_run_off_the_gui_thread_and_only_the_latest_is_shown(
    qtbot, core, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    _library(core, tmp_path)
    threads: list[str] = []

    def slow_search(query: str) -> list[SearchHit]:
        threads.append(threading.current_thread().name)
        time.sleep(0.05)  # a slow query: the typing below arrives while it runs
        return search(core, query)

    dialog = SearchDialog(slow_search)
    qtbot.addWidget(dialog)
    dialog.open_search()
    with qtbot.waitSignal(dialog.results_changed, timeout=5000) as shown:
        dialog.edit.setText("glaciers")
        dialog.run_search()
        dialog.edit.setText("harbour")  # typed while the first search runs
        dialog.run_search()
    assert shown.args == [1]
    assert [hit.path for hit in dialog.model.hits] == [str(tmp_path / "harbour.txt")]
    assert threads and threading.main_thread().name not in threads
    assert len(threads) == 2  # the older text's answer was dropped, not shown


def test_enter_before_the_answer_opens_the_first_hit_when_it_arrives(
    qtbot, core, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    _library(core, tmp_path)
    dialog = SearchDialog(lambda query: search(core, query))
    qtbot.addWidget(dialog)
    dialog.open_search()
    opened: list[SearchHit] = []
    dialog.hit_activated.connect(opened.append)
    qtbot.keyClicks(dialog.edit, "glaciers")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert [hit.path for hit in opened] == [str(tmp_path / "glaciers.txt")]


def test_a_failed_search_is_told_in_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    def broken(_query: str) -> list[SearchHit]:
        raise OSError("the library file is gone")

    dialog = SearchDialog(broken)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.results_changed, timeout=5000):
        dialog.edit.setText("anything")
        dialog.run_search()
    assert "the library file is gone" in dialog.status.text()
