"""Helpers for tests that drive the app from key events (shortcuts need an active window)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FakeSegment:
    """Stands in for `reader.core.classify.Segment` (same attributes) on this branch."""

    start: int
    end: int
    kind: str
    reason: str = ""


def active_window(qtbot: Any, core: Any, paths: list[str] | None = None) -> Any:
    """A real main window, shown and active, so window shortcuts fire."""
    from reader.app import create_window

    window = create_window(core, paths)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def paragraph_segments(document: Any, commentary: set[int]) -> list[FakeSegment]:
    """One segment per paragraph; those with the given indexes are commentary."""
    return [
        FakeSegment(
            p.start,
            p.end,
            "commentary" if i in commentary else "reporting",
            "marker: Comment:" if i in commentary else "original reporting",
        )
        for i, p in enumerate(document.paragraphs)
    ]
