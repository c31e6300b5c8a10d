"""Helpers for tests that drive the app from key events (shortcuts need an active window)."""

from __future__ import annotations

from typing import Any

from reader.core.classify import Segment


def active_window(qtbot: Any, core: Any, paths: list[str] | None = None) -> Any:
    """A real main window, shown and active, so window shortcuts fire."""
    from reader.ui.app.launch import create_window

    window = create_window(core, paths)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def window_on_republished_seed(qtbot: Any, core: Any) -> Any:
    """An active window showing the republished seed once it is classified, the text focused."""
    from tests.conftest import REPUBLISHED

    core.library.ensure_seeds()
    window = active_window(qtbot, core)
    doc_id = core.library.id_for_path(REPUBLISHED.resolve())
    with qtbot.waitSignal(window.classification.document_classified, timeout=20000):
        window.library_panel.select_document(doc_id)
    qtbot.waitUntil(lambda: bool(window.reading_view.segments), timeout=20000)
    window.reading_view.setFocus()
    return window


def paragraph_segments(document: Any, commentary: set[int]) -> list[Segment]:
    """One segment per paragraph; those with the given indexes are commentary."""
    return [
        Segment(
            p.start,
            p.end,
            "commentary" if i in commentary else "reporting",
            "marker: Comment:" if i in commentary else "original reporting",
        )
        for i, p in enumerate(document.paragraphs)
    ]
