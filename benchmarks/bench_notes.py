"""Notes speed: saving a note, and opening a document with 1,000 notes vs without.

Targets (issue 4): note save median under 5 ms; opening a document with 1,000 notes shows
the text and the sidebar in under 1.5x the time without notes (the floor is the same
document opened without notes, measured in the same run).

`run(quick)` returns figures for the `python -m benchmarks` harness; `python -m
benchmarks.bench_notes [--quick]` prints them.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WORDS = ["minister", "officials", "said", "on", "Tuesday", "the", "council", "report", "vote", "parliament", "talks", "budget", "spokesman", "statement", "election", "court", "ruling", "police", "residents", "energy", "prices", "market", "workers", "strike", "hospital", "schools", "funding", "plan", "opposition", "leader", "agency", "data"]


def _article(rng: random.Random, paragraphs: int) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize()
                     + "." for _ in range(rng.randint(2, 5))]
        out.append(" ".join(sentences))
    return "Headline of a long article\n\n" + "\n\n".join(out) + "\n"


def _figure(name: str, samples: list[float], **extra: Any) -> dict[str, Any]:
    return {"name": name, "median_s": statistics.median(samples), "min_s": min(samples),
            "max_s": max(samples), "n": len(samples), **extra}


def bench_save(root: Path, quick: bool) -> dict[str, Any]:
    """One body edit = one transaction on the real store (WAL), as the editor does per key."""
    from reader.core.context import open_context
    from reader.core.notes import NoteStore

    context = open_context(root / "save")
    path = root / "save.txt"
    text = _article(random.Random(1), 40)
    path.write_text(text, encoding="utf-8")
    doc_id = context.library.add_files([path]).added[0]
    store = NoteStore(context.db)
    for i in range(200):  # a store that already holds notes
        store.highlight(doc_id, text, i * 10, i * 10 + 8)
    note = store.highlight(doc_id, text, 5, 40)
    samples = []
    body = ""
    for i in range(60 if quick else 400):
        body += "abcdefghij"[i % 10]
        started = time.perf_counter()
        store.set_body(note.uuid, body)
        samples.append(time.perf_counter() - started)
    context.close()
    return _figure("notes.save", samples, target="< 5 ms",
                   ok=statistics.median(samples) < 0.005)


def bench_open(root: Path, quick: bool) -> list[dict[str, Any]]:
    """Select a document in the window until its text and sidebar have been painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reader.app import create_window
    from reader.core.context import open_context
    from reader.core.notes import NoteStore

    app = QApplication.instance() or QApplication([])
    context = open_context(root / "open")
    rng = random.Random(2)
    text = _article(rng, 600)  # ~ 400 KB, room for 1,000 highlights
    with_notes, without_notes = root / "with.txt", root / "without.txt"
    neutral = root / "neutral.txt"
    with_notes.write_text(text, encoding="utf-8")
    without_notes.write_text(text.replace("Headline", "Heading"), encoding="utf-8")
    neutral.write_text("A short other article.\n", encoding="utf-8")
    added = context.library.add_files([with_notes, without_notes, neutral]).added
    store = NoteStore(context.db)
    step = len(text) // 1000
    for i in range(1000):
        body = f"Note {i}: *why* this matters, see [source](https://example.org/{i})" if i % 3 \
            else ""
        store.highlight(added[0], text, i * step, i * step + min(40, step - 1),
                        ("yellow", "green", "blue", "pink", "purple")[i % 5], body)
    window = create_window(context)
    window.show()
    app.processEvents()

    def open_once(doc_id: int) -> float:
        window.library_panel.select_document(added[2])  # start from another document
        app.processEvents()
        started = time.perf_counter()
        window.library_panel.select_document(doc_id)
        window.reading_view.viewport().repaint()
        window.notes_panel.view.viewport().repaint()
        return time.perf_counter() - started

    rounds = 3 if quick else 9
    floor, loaded = [], []
    for _ in range(rounds):
        floor.append(open_once(added[1]))
        loaded.append(open_once(added[0]))
    assert window.notes_panel.model.rowCount() == 1000
    window.close()
    context.close()
    ratio = statistics.median(loaded) / statistics.median(floor)
    return [
        _figure("notes.open_without_notes", floor),
        _figure("notes.open_with_1000_notes", loaded, floor_s=statistics.median(floor),
                ratio=ratio, target="≤ 1.5× floor"),
    ]


def bench_reanchor(root: Path, quick: bool) -> list[dict[str, Any]]:
    """Re-anchoring after an edit: 1,000 notes on a long article; one fuzzy match in 5 MB."""
    from reader.core.anchoring import anchor, describe
    from reader.core.context import open_context
    from reader.core.notes import NoteStore, reanchor_document

    context = open_context(root / "reanchor")
    rng = random.Random(3)
    text = _article(rng, 600)
    path = root / "reanchor.txt"
    path.write_text(text, encoding="utf-8")
    doc_id = context.library.add_files([path]).added[0]
    store = NoteStore(context.db)
    step = len(text) // 1000
    for i in range(1000):
        store.highlight(doc_id, text, i * step, i * step + 40)
    # an edit at the top moves every note; every 10th passage also has a word changed
    edited = list("Update: a paragraph was added at the top.\n\n" + text)
    shift = len("Update: a paragraph was added at the top.\n\n")
    for i in range(0, 1000, 10):
        edited[shift + i * step + 20] = "#"
    new_text = "".join(edited)
    started = time.perf_counter()
    result = reanchor_document(context.db, doc_id, new_text)
    elapsed = time.perf_counter() - started
    context.close()
    figures = [_figure("notes.reanchor_1000_notes", [elapsed], moved=result.moved,
                       orphaned=result.orphaned)]

    big = _article(random.Random(5), 3000 if quick else 7000)  # ~2-5 MB
    start = len(big) // 2
    selectors = describe(big, start, start + 120)
    changed = "Intro. " + big[: start + 30] + "CHANGED" + big[start + 37 :]
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        found = anchor(changed, selectors)
        samples.append(time.perf_counter() - started)
    figures.append(_figure("notes.fuzzy_anchor_in_large_text", samples,
                           text_mb=len(big) / 1e6, found=found is not None))
    return figures


def run(quick: bool = False) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="reader-bench-notes-") as tmp:
        root = Path(tmp)
        return [bench_save(root, quick), *bench_open(root, quick),
                *bench_reanchor(root, quick)]


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        extra = "".join(f"  {k}={v:.3f}" if isinstance(v, float) else f"  {k}={v}"
                        for k, v in figure.items() if k not in {"name", "median_s", "min_s",
                                                                "max_s"})
        print(f"{figure['name']:<30} median {figure['median_s'] * 1000:8.2f} ms"
              f"  (min {figure['min_s'] * 1000:.2f}, max {figure['max_s'] * 1000:.2f}){extra}")
