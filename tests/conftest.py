"""Shared fixtures: every test runs offscreen on its own temporary data dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ORIGINAL = SEEDS / "000_13833ca8f1272f69.txt"
REPUBLISHED = SEEDS / "003_9da5be969268c11d.txt"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Test the app as installed: pip compiles bytecode on install, but a checkout run with
    PYTHONDONTWRITEBYTECODE (as on CI machines) would compile each module from source on first
    import, holding the GIL for ~0.1 s a module and skewing every responsiveness test."""
    import compileall

    compileall.compile_dir(str(REPO / "reader"), quiet=1)


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    """pytest-qt's QApplication gets the app's own Qt command line (its style)."""
    from reader.ui.app.application import application_args

    return application_args("reader-tests")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir, also exported so any subprocess or default lookup uses it."""
    path = tmp_path / "data"
    monkeypatch.setenv("READER_DATA_DIR", str(path))
    return path


@pytest.fixture
def core(data_dir: Path) -> Iterator[object]:
    from reader.core.context import open_context

    context = open_context(data_dir)
    yield context
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():  # windows stop their workers on close
        widget.close()
    context.close()


@pytest.fixture
def main_window(qtbot, core):  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    window = create_window(core)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()  # stops background work before the store closes
