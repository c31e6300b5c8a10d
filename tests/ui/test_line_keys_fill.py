"""The background pass gives documents stored before the line index their short lines'
keys, a bounded batch per job in the pass's child process: in the GUI's process the fill
cost about 14 s of its CPU in the first minute on a 100,000 library (issue 20)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from reader.core.classify import shingles
from reader.ui.reading.classification_controller import ClassificationController


def test_missing_line_keys_are_filled_in_the_pass_process(
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    paths = []
    for n in range(5):
        path = tmp_path / f"page{n}.txt"
        path.write_text(f"Valley Voice\n\nStory {n} of the week, told at length.\n\n"
                        "Support independent journalism\n", "utf-8")
        paths.append(path)
    core.library.add_files(paths)
    db = core.db
    filled = db.execute("SELECT hash, doc_id FROM line_index ORDER BY 1, 2").fetchall()
    assert filled
    db.execute("DELETE FROM line_index")  # as a store from before the line index had it
    db.execute("UPDATE document_samples SET line_keys = NULL")
    in_this_process: list[int] = []
    fill = shingles.fill_line_keys
    monkeypatch.setattr(shingles, "fill_line_keys",
                        lambda *a, **k: in_this_process.append(fill(*a, **k)) or 0)
    controller = ClassificationController(core)
    submitted: list[int] = []
    submit = controller._process.submit_lines
    monkeypatch.setattr(controller._process, "submit_lines",
                        lambda: (submitted.append(1), submit())[-1])
    with qtbot.waitSignal(controller.line_keys_filled, timeout=30000):
        controller.request_all_unclassified()
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10000)  # done
    controller.shutdown()
    assert in_this_process == []  # the child did it
    assert len(submitted) == 2  # one batch of five, then one that found none left
    assert db.execute("SELECT hash, doc_id FROM line_index ORDER BY 1, 2").fetchall() == filled
    assert db.execute("SELECT count(*) FROM document_samples WHERE line_keys IS NULL"
                      ).fetchone()[0] == 0


def test_a_library_with_every_line_key_starts_no_process(
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Valley Voice\n\nA story, told at length.\n", "utf-8")
    core.library.add_files([path])
    controller = ClassificationController(core)
    submitted: list[int] = []
    monkeypatch.setattr(controller._process, "submit_lines", lambda: submitted.append(1))
    with qtbot.waitSignal(controller.line_keys_filled, timeout=30000):
        controller.request_all_unclassified()
    controller.shutdown()
    assert submitted == []
