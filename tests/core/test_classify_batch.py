"""The library-wide pass's batch (`background.classify_batch`, run in the GUI's child
process): it classifies, keeps the shares and records relations itself, handing back only
ids and shares."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.background import classify_batch
from reader.core.compare.relations import labels
from reader.core.context import open_context


def test_a_batch_classifies_keeps_shares_and_records_relations(data_dir: Path) -> None:
    context = open_context(data_dir)
    library = context.library
    library.ensure_seeds()
    ids = sorted(e.id for e in library.entries())
    context.db.execute("DELETE FROM relations")
    context.db.execute("UPDATE documents SET segments = NULL, reporting_share = NULL")
    batch = classify_batch(str(context.opened.path), [*ids, 999_999])  # one removed
    assert batch.pid == os.getpid() and batch.failed == []
    assert sorted(p.doc_id for p in batch.passed) == ids
    named = [p for p in batch.passed if p.related is not None]
    assert named and all(sorted(p.related or []) == ids for p in named)
    assert len(labels(context.db)) == 2  # the copy and its original, labelled
    rows = context.db.execute("SELECT id, reporting_share FROM documents ORDER BY id")
    assert {doc_id: share for doc_id, share in rows} == {
        p.doc_id: p.shares["reporting"] for p in batch.passed}
    context.close()
