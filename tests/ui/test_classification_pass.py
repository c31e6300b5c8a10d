"""The library-wide classification pass hands a few batches at a time to a child process
(issue 20: one job per document queued at once held the GUI thread 19 s for 92,000
documents; classifying in the GUI's process made it 110 ms late and grew it past 200 MB),
and still reaches every unclassified document."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from reader.core import background
from reader.core.classify import shingles, verdicts
from reader.ui.reading import classification_controller as module
from reader.ui.reading.classification_controller import ClassificationController


def _stories(core, tmp_path: Path, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    paths = []
    for n in range(count):
        path = tmp_path / f"story{n}.txt"
        path.write_text(f"Story {n}\n\nThe council met on day {n} and voted on the budget.\n")
        paths.append(path)
    ids: list[int] = core.library.add_files(paths).added
    # as if never classified, or classified before the kind shares were kept
    core.db.execute("UPDATE documents SET segments = NULL WHERE id % 2 = 0")
    core.db.execute("UPDATE documents SET reporting_share = NULL, furniture_share = NULL")
    return ids


def test_the_pass_classifies_in_a_child_process_a_few_batches_at_a_time(
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    ids = _stories(core, tmp_path, 7)
    core.db.execute("DELETE FROM line_index")  # a store from before the line index had it
    core.db.execute("UPDATE document_samples SET line_keys = NULL")
    monkeypatch.setattr(shingles, "LINE_FILL_BATCH", 2)
    in_this_process: list[int] = []
    classify = verdicts.classify_and_cache
    monkeypatch.setattr(verdicts, "classify_and_cache", lambda db, doc_id: (
        in_this_process.append(doc_id), classify(db, doc_id))[-1])
    monkeypatch.setattr(background, "PASS_BATCH", 2)
    monkeypatch.setattr(module, "QUEUED", 2)
    controller = ClassificationController(core)
    submitted: list[tuple[int, int]] = []  # (batches in flight before, batches waiting)
    early: list[bool] = []  # handed over before the short lines, which count, were filled
    submit = controller._process.submit
    monkeypatch.setattr(controller._process, "submit", lambda batch: (
        submitted.append((controller._in_flight, len(controller._waiting))),
        early.append(controller._lines_pending), submit(batch))[-1])
    shared: dict[int, float] = {}
    controller.document_shared.connect(
        lambda doc_id, shares, _related: shared.__setitem__(doc_id, shares["reporting"]))
    controller.request_all_unclassified()
    assert submitted == []  # the ids are found on the worker, not on the GUI thread
    qtbot.waitUntil(lambda: sorted(shared) == sorted(ids), timeout=60000)
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10000)
    controller.shutdown()
    assert in_this_process == []  # every verdict was computed by the child
    assert early == [False] * 4
    # two batches handed over at once, then one more each time one ended: never all four
    assert submitted[:2] == [(0, 3), (1, 2)] and max(n for n, _ in submitted) < 2
    assert len(submitted) == 4
    rows = core.db.execute("SELECT id, segments IS NULL, reporting_share FROM documents")
    stored = {doc_id: share for doc_id, missing, share in rows if not missing}
    assert stored == shared and all(share > 0 for share in shared.values())


def test_closing_ends_the_pass_process_at_once(
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    _stories(core, tmp_path, 3)
    monkeypatch.setattr(background, "PASS_BATCH", 1)
    controller = ClassificationController(core)
    shared: list[int] = []
    controller.document_shared.connect(lambda doc_id, *_: shared.append(doc_id))
    controller.request_all_unclassified()
    qtbot.waitUntil(lambda: controller._in_flight > 0, timeout=20000)
    controller.shutdown()
    assert not multiprocessing.active_children()
    qtbot.wait(50)
    assert shared == []  # nothing reported after the window closed
