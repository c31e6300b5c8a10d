"""Notes speed: saving a note, and opening a document with 1,000 notes vs without.

Targets (issue 4): note save median under 5 ms; opening a document with 1,000 notes shows
the text and the sidebar in under 1.5x the time without notes (the floor is the same
document opened without notes, measured in the same run).

`run(quick)` returns figures for the `python -m benchmarks` harness; `python -m
benchmarks.bench_notes [--quick]` prints them.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WARM_UP_ROUNDS = 2
"""Untimed rounds before the samples (see `bench_open`)."""

WORDS = [
    "minister", "officials", "said", "on", "Tuesday", "the", "council", "report", "vote",
    "parliament", "talks", "budget", "spokesman", "statement", "election", "court", "ruling",
    "police", "residents", "energy", "prices", "market", "workers", "strike", "hospital",
    "schools", "funding", "plan", "opposition", "leader", "agency", "data",
]


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
    from reader.core.notes.storage import NoteStore

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
    """Select a document in the window until its text and sidebar have been painted.

    The clock runs from asking the library panel for the document until (1) the reading
    pane has painted its text with the highlights layer applied and (2) the notes sidebar
    has painted: its note cards (at least the first screenful, counted by the delegate), or
    the "no notes" placeholder for the floor. The reading pane is repainted synchronously,
    which paints every dirty widget of the window (one paint pass, as the event loop would
    do, not a second forced repaint of the sidebar); pending update requests are then
    delivered. If no card has been drawn yet (the list's layout still pending), the event
    loop runs and the card list is repainted until they are.
    Pending layout requests are applied before the first repaint, so the cards are drawn
    at the list's final size.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QEventLoop
    from PySide6.QtWidgets import QApplication

    from benchmarks.painting import settle
    from reader.core.context import open_context
    from reader.core.notes.storage import NoteStore
    from reader.ui.app.launch import create_window

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
    window.resize(1280, 800)
    window.show()
    settle(0.2)
    panel, view = window.notes_panel, window.reading_view
    cards = panel.view.itemDelegate()  # counts the cards it paints

    def open_once(doc_id: int, expect_notes: bool, cpu: list[float]) -> float:
        window.library_panel.select_document(added[2])  # start from another document
        settle(0.05)
        # The last open's garbage is collected here, untimed, so a collection never lands
        # inside one sample and not another (a full one is milliseconds with 1,000 notes).
        gc.collect()
        painted = cards.painted
        cpu_started = time.thread_time()
        started = time.perf_counter()
        window.library_panel.select_document(doc_id)
        # geometry first, as the event loop would (e.g. the Orphaned list shows or hides)
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        # the text, with the highlights layer already set; Qt paints every other dirty
        # widget of the window in the same pass (the sidebar: cards or placeholder) ...
        view.viewport().repaint()
        # ... and whatever is still waiting to be painted, as the event loop would next
        app.sendPostedEvents(None, QEvent.Type.UpdateRequest)
        while expect_notes and cards.painted == painted:
            if time.perf_counter() - started > 10:
                raise TimeoutError("the notes sidebar painted no card in 10 s")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            panel.view.viewport().repaint()
        elapsed = time.perf_counter() - started
        cpu.append(time.thread_time() - cpu_started)
        shown = view.current is not None and Path(view.current.path).name == (
            with_notes.name if expect_notes else without_notes.name)
        assert shown, "the reading pane does not show the document asked for"
        assert bool(view.layer("highlights")) == expect_notes, "highlights layer not applied"
        assert panel.model.rowCount() == (1000 if expect_notes else 0)
        assert bool(panel.view.placeholder) != expect_notes
        return elapsed

    # Untimed warm-up rounds first: the first open of each document builds what later opens
    # reuse (card pixmaps, fonts, Python types), 10-20x a warm open, and would skew a median
    # of few samples. Then many cheap rounds (~30 ms each), alternating, for a steady median.
    cold: list[float] = []
    for _ in range(WARM_UP_ROUNDS):
        open_once(added[1], False, [])
        cold.append(open_once(added[0], True, []))
    rounds = 15 if quick else 31
    floor, loaded = [], []
    floor_cpu: list[float] = []
    loaded_cpu: list[float] = []
    for _ in range(rounds):
        floor.append(open_once(added[1], False, floor_cpu))
        loaded.append(open_once(added[0], True, loaded_cpu))
    window.close()
    context.close()
    ratio = statistics.median(loaded) / statistics.median(floor)
    per_round = statistics.median(w / wo for w, wo in zip(loaded, floor, strict=True))
    cpu_with, cpu_without = statistics.median(loaded_cpu), statistics.median(floor_cpu)
    return [
        _figure("notes.open_without_notes", floor, runs=rounds),
        _figure("notes.open_with_1000_notes", loaded, floor_s=statistics.median(floor),
                floor_name="open without notes", ratio=ratio, runs=rounds,
                target="≤ 1.5× floor",
                note=f"the first (cold-cache) open took {cold[0] * 1000:.1f} ms (warm-up, "
                     f"not counted); median of the per-round ratios {per_round:.2f}×; GUI-thread "
                     f"CPU time (steady on a loaded machine): {cpu_with * 1000:.1f} ms with "
                     f"notes vs {cpu_without * 1000:.1f} ms without = "
                     f"{cpu_with / cpu_without:.2f}×"),
    ]


def bench_reanchor(root: Path, quick: bool) -> list[dict[str, Any]]:
    """Re-anchoring after an edit: 1,000 notes on a long article; one fuzzy match in 5 MB."""
    from reader.core.context import open_context
    from reader.core.notes.anchoring import anchor, describe
    from reader.core.notes.storage import NoteStore, reanchor_document

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


MANY_NOTES = 50_000


def _insert_many(context: Any, doc_id: int, text: str, count: int) -> None:
    """`count` highlights (every third with a note) in one transaction: fast to build."""
    from reader.core.notes.storage import Note, NoteStore, new_uuid
    from reader.core.store.database import transaction

    store = NoteStore(context.db)
    doc_hash, doc_path = store._document_identity(doc_id)
    step = len(text) // count
    with transaction(context.db):
        for i in range(count):
            start = i * step
            end = start + min(40, step - 1)
            store.insert(Note(uuid=new_uuid(), doc_id=doc_id, doc_hash=doc_hash,
                              doc_path=doc_path, exact=text[start:end], start=start, end=end,
                              color=("yellow", "green", "blue", "pink", "purple")[i % 5],
                              body=f"note {i} on the budget" if i % 3 else "",
                              created=float(i), updated=float(i)))


def bench_many_notes(root: Path, quick: bool) -> list[dict[str, Any]]:
    """Issue 21 #17: the longest event-loop stall of each action on a document with 50,000
    notes, from the action until its answer is on screen (the sidebar and the highlights
    are listed on a worker), against the floor: opening the same text without notes (most of
    opening a 1.1 MB document is loading its text, notes or not).

    A 1 ms timer runs on the GUI thread throughout; a stall is the longest gap between two
    of its ticks, and `cpu_ms` the most GUI-thread CPU time between two ticks (the work
    itself: on two cores at load 12 a 30 ms piece of work can wait 300 ms for a CPU). Each
    action is started from the event loop (as a key press would be) and the clock runs
    until its result is shown and 150 ms more have passed. Before issue 21 #17 the same
    run (at d39e857, load 13) gave a worst stall of 2.66 s and 508 ms of CPU.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from benchmarks.painting import settle
    from reader.core.context import open_context
    from reader.ui.app.launch import create_window

    QApplication.instance() or QApplication([])
    context = open_context(root / "many")
    text = _article(random.Random(4), 3000)  # ~1.1 MB: room for 50,000 highlights
    big, bare, small = root / "many.txt", root / "bare.txt", root / "small.txt"
    big.write_text(text, encoding="utf-8")
    bare.write_text(_article(random.Random(5), 3000), encoding="utf-8")  # as long, not a copy
    small.write_text("A short article\n\nWith one paragraph and no notes.\n", encoding="utf-8")
    big_id, bare_id, small_id = context.library.add_files([big, bare, small]).added
    _insert_many(context, big_id, text, MANY_NOTES)
    window = create_window(context)
    window.resize(1280, 800)
    window.show()
    settle(0.3)
    panel, view = window.notes_panel, window.reading_view
    gaps: list[float] = []
    busy: list[float] = []
    """GUI-thread CPU time between two ticks: the work itself, without the time a loaded
    machine (or another thread holding the GIL) kept the thread waiting."""
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append(now - last[0])
        busy.append(cpu - last[1])
        last[0], last[1] = now, cpu

    meter = QTimer()
    meter.setInterval(1)
    meter.timeout.connect(tick)

    def stall(action: Any, done: Any) -> float:
        """The longest gap between ticks from `action` until `done()` (+150 ms); the longest
        GUI-thread CPU time between two ticks goes to `cpu_worst`."""
        loop = QEventLoop()
        finished: list[float] = []

        def check() -> None:
            if not finished and done():
                finished.append(time.perf_counter())
            if finished and time.perf_counter() - finished[0] > 0.15:
                loop.quit()
            elif time.perf_counter() - started > 20:
                raise TimeoutError("the action did not finish in 20 s")

        checker = QTimer()
        checker.setInterval(5)
        checker.timeout.connect(check)
        gaps.clear()
        busy.clear()
        last[0] = started = time.perf_counter()
        last[1] = time.thread_time()
        meter.start()
        checker.start()
        QTimer.singleShot(0, action)
        loop.exec()
        meter.stop()
        checker.stop()
        cpu_worst.append(max(busy))
        return max(gaps)

    def listed(doc_id: int | None, count: int | None = None) -> Any:
        def done() -> bool:
            if getattr(panel, "lister", None) is None:  # before issue 21 #17: all at once
                return True
            listing = panel.listing
            return (listing is not None and not panel.lister.pending
                    and (doc_id is None or listing.query.doc_id == doc_id)
                    and (count is None or panel.model.rowCount() == count))
        return done

    def painted() -> bool:
        return listed(big_id)() and len(getattr(view, "note_spans", ())) == MANY_NOTES

    def key(widget: Any, name: str) -> Any:
        return lambda: QTest.keyClick(widget, getattr(Qt.Key, f"Key_{name}"))

    figures: list[dict[str, Any]] = []
    cpu_worst: list[float] = []
    cpu_of: dict[str, list[float]] = {}
    rounds = 2 if quick else 4
    floor: list[float] = []
    floor_cpu: list[float] = []
    worst: dict[str, list[float]] = {}

    def record(name: str, value: float) -> None:
        worst.setdefault(name, []).append(value)
        cpu_of.setdefault(name, []).append(cpu_worst[-1])

    for _ in range(rounds):
        window.library_panel.select_document(small_id)
        settle(0.05)
        floor.append(stall(lambda: window.library_panel.select_document(bare_id),
                           listed(bare_id, 0)))
        floor_cpu.append(cpu_worst[-1])
        window.library_panel.select_document(small_id)
        settle(0.05)
        record("open the document", stall(
            lambda: window.library_panel.select_document(big_id), painted))
        view.setFocus()
        record("N (next note)", stall(key(view, "N"), lambda: True))
        record("All Notes on", stall(panel.all_button.click, lambda: listed(None)() and (
            getattr(panel, "lister", None) is None or panel.listing.query.every_document)))
        panel.filter_edit.setFocus()
        for letter in "bud":
            record("filter, per key", stall(
                key(panel.filter_edit, letter.upper()),
                lambda: listed(None)() and (getattr(panel, "lister", None) is None
                                            or bool(panel.listing.query.words))))
        record("filter cleared", stall(panel.filter_edit.clear, lambda: listed(None)() and (
            getattr(panel, "lister", None) is None or not panel.listing.query.words)))
        record("All Notes off", stall(panel.all_button.click, listed(big_id, MANY_NOTES)))
        record("next document", stall(lambda: window.library_panel.select_document(small_id),
                                      listed(small_id, 0)))
        settle(0.05)
    window.close()
    context.close()
    floor_s = statistics.median(floor)
    overall = max(max(samples) for samples in worst.values())
    floor_cpu_s = statistics.median(floor_cpu)
    for name, samples in worst.items():
        cpu = cpu_of[name]
        figures.append(_figure(f"notes.50k.{name}", samples, floor_s=floor_s,
                               floor_name="open the same text without notes",
                               ratio=statistics.median(samples) / floor_s,
                               unit="longest event-loop stall",
                               cpu_ms=round(statistics.median(cpu) * 1000, 1),
                               cpu_ratio=round(statistics.median(cpu) / floor_cpu_s, 2)))
    worst_floor = max(floor)
    worst_cpu = max(max(samples) for samples in cpu_of.values())
    figures.append(_figure("notes.50k.worst_stall", [overall], floor_s=worst_floor,
                           floor_name="open the same text without notes (longest stall)",
                           ratio=overall / worst_floor,
                           target="GUI-thread work between two event-loop turns < 100 ms "
                                  "(cpu_ms); the wall stall also counts a loaded machine",
                           ok=worst_cpu < 0.100, notes=MANY_NOTES,
                           cpu_ms=round(worst_cpu * 1000, 1),
                           floor_cpu_ms=round(max(floor_cpu) * 1000, 1),
                           cpu_ratio=round(worst_cpu / max(floor_cpu), 2)))
    return figures


def run(quick: bool = False) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="reader-bench-notes-") as tmp:
        root = Path(tmp)
        return [bench_save(root, quick), *bench_open(root, quick),
                *bench_reanchor(root, quick), *bench_many_notes(root, quick)]


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        extra = "".join(f"  {k}={v:.3f}" if isinstance(v, float) else f"  {k}={v}"
                        for k, v in figure.items() if k not in {"name", "median_s", "min_s",
                                                                "max_s"})
        print(f"{figure['name']:<30} median {figure['median_s'] * 1000:8.2f} ms"
              f"  (min {figure['min_s'] * 1000:.2f}, max {figure['max_s'] * 1000:.2f}){extra}")
