"""`paused_collector` gives the cycle collector back as it found it, whatever happens inside."""

from __future__ import annotations

import gc

import pytest

from reader.core.collector import paused_collector
from reader.core.compare.ops import compare_texts


def test_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_comes_back_after_an_error() -> None:
    with pytest.raises(ValueError), paused_collector():
        raise ValueError("inside")
    assert gc.isenabled()


def test_collector_left_off_when_it_was_off() -> None:
    """The GUI holds automatic collection off (it collects on its own thread): a comparison
    in a worker must not switch it back on."""
    gc.disable()
    try:
        with paused_collector():
            pass
        compare_texts("The minister said so.\n", "The minister said so, twice.\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_comparison_leaves_the_collector_on() -> None:
    compare_texts("The minister said so.\n", "The minister said so, twice.\n")
    assert gc.isenabled()
