"""The one background-task helper: work runs off the GUI thread, and its reports and its
result (or error) arrive on the GUI thread, in order."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool

from reader.ui.tasks import Report, run_in_background


def test_reports_and_result_arrive_on_the_gui_thread_in_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    gui = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []
    worker_threads: list[int] = []

    def work(report: Report) -> str:
        worker_threads.append(threading.get_ident())
        for step in range(3):
            report(step)
        return "done"

    done: list[str] = []
    run_in_background(
        work,
        lambda result: (seen.append(("result", result, threading.get_ident() == gui)),
                        done.append(result)),
        lambda error: seen.append(("error", error, True)),
        on_report=lambda step: seen.append(("report", step, threading.get_ident() == gui)),
    )
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert worker_threads and worker_threads[0] != gui
    assert seen == [("report", 0, True), ("report", 1, True), ("report", 2, True),
                    ("result", "done", True)]


def test_an_exception_is_reported_not_raised(qtbot) -> None:  # type: ignore[no-untyped-def]
    errors: list[Exception] = []
    pool = QThreadPool()

    def work(_report: Report) -> None:
        raise ValueError("no such document")

    run_in_background(work, lambda _r: None, errors.append, pool=pool)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and "no such document" in str(errors[0])
    pool.waitForDone()


def test_a_big_document_is_read_in_the_background_and_arrives_with_its_id(
    qtbot, core, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.reading import document_opener
    from reader.ui.reading.document_opener import DocumentOpener

    monkeypatch.setattr(document_opener, "BACKGROUND_CHARS", 10)  # every seed is "big"
    core.library.ensure_seeds()
    first, second = (entry.id for entry in core.library.entries()[:2])
    opener = DocumentOpener(core)
    loading: list[int] = []
    opener.loading.connect(loading.append)
    with qtbot.waitSignal(opener.document_ready, timeout=10_000) as ready:
        opener.open(first)
        opener.open(second)  # a quick reader moved on: only the latest is delivered
    assert loading == [first, second]
    doc_id, document = ready.args
    assert doc_id == second
    assert document.text == core.library.document(second).text
    QThreadPool.globalInstance().waitForDone()
