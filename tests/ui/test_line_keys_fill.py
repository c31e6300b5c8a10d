"""The background pass gives documents stored before the line index their short lines'
keys, a bounded batch per job on the classification pool, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.classify import shingles
from reader.ui.reading.classification_controller import ClassificationController


def test_missing_line_keys_are_filled_batch_by_batch(
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
    monkeypatch.setattr(shingles, "LINE_FILL_BATCH", 2)
    batches: list[int] = []
    fill = shingles.fill_line_keys
    monkeypatch.setattr(shingles, "fill_line_keys",
                        lambda *a, **k: batches.append(fill(*a, **k)) or batches[-1])
    controller = ClassificationController(core)
    with qtbot.waitSignal(controller.line_keys_filled, timeout=20000):
        controller.request_all_unclassified()
    controller.shutdown()
    assert batches == [2, 2, 1, 0]
    assert db.execute("SELECT hash, doc_id FROM line_index ORDER BY 1, 2").fetchall() == filled
    assert db.execute("SELECT count(*) FROM document_samples WHERE line_keys IS NULL"
                      ).fetchone()[0] == 0
