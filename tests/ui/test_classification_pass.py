"""The library-wide classification pass queues a few documents at a time (issue 20: one job
per document queued at once held the GUI thread 19 s for 92,000 documents), and still reaches
every unclassified document."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.reading import classification_controller as module
from reader.ui.reading.classification_controller import ClassificationController


def test_the_pass_queues_a_few_at_a_time_and_classifies_them_all(
    qtbot, core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    paths = []
    for n in range(7):
        path = tmp_path / f"story{n}.txt"
        path.write_text(f"Story {n}\n\nThe council met on day {n} and voted on the budget.\n")
        paths.append(path)
    ids = core.library.add_files(paths).added
    core.db.execute("UPDATE documents SET segments = NULL")  # as if never classified
    monkeypatch.setattr(module, "QUEUED", 2)
    controller = ClassificationController(core)
    queued: list[int] = []
    start = controller._start
    monkeypatch.setattr(controller, "_start", lambda doc_id, priority: (
        queued.append(len(controller._waiting)), start(doc_id, priority))[-1])
    classified: list[int] = []
    controller.document_classified.connect(lambda doc_id, *_: classified.append(doc_id))
    controller.request_all_unclassified()
    assert queued == []  # the ids are found on the worker, not on the GUI thread
    qtbot.waitUntil(lambda: sorted(classified) == sorted(ids), timeout=30000)
    controller.shutdown()
    # two started at once, then one more each time one ended: never all seven
    assert queued[:2] == [6, 5] and queued == sorted(queued, reverse=True)
    assert core.db.execute("SELECT count(*) FROM documents WHERE segments IS NULL"
                           ).fetchone()[0] == 0
