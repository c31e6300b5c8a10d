"""gc has one owner in the GUI (reader/ui/app/gc_collector.py): start-up holds automatic
collection off, the window's collector takes the hold over, stopping gives gc back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject

from reader.ui.app import gc_collector
from reader.ui.app.gc_collector import MainThreadCollector


@pytest.fixture(autouse=True)
def fresh_owner(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As at process start: gc on, nobody holding it (other tests' windows may be alive)."""
    enabled = gc.isenabled()
    monkeypatch.setattr(gc_collector, "_holds", 0)
    monkeypatch.setattr(gc_collector, "_startup_hold", False)
    gc.enable()
    yield
    (gc.enable if enabled else gc.disable)()


def test_startup_hold_is_taken_over_and_stop_reenables_gc(qapp) -> None:  # type: ignore[no-untyped-def]
    gc_collector.hold_for_startup()
    assert not gc.isenabled()
    owner = QObject()
    collector = MainThreadCollector(owner)
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()  # before: run_gui's own gc.disable() meant it never came back
    collector.stop()  # twice is harmless
    assert gc.isenabled()


def test_two_collectors_share_the_hold(qapp) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    first, second = MainThreadCollector(owner), MainThreadCollector(owner)
    first.stop()
    assert not gc.isenabled()
    second.stop()
    assert gc.isenabled()
