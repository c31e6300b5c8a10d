"""A private Xvfb server for tests that need a real window and a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks import xvfb as benchmarks_xvfb

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("READER_TEST_ARTIFACTS", REPO / "tests" / "artifacts"))


def require_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")


@contextmanager
def xvfb_display(size: str = "1280x800x24") -> Iterator[str]:
    """Start Xvfb on a free display number and yield ':N' (skips, or fails in CI, without it)."""
    require_tools("Xvfb")
    with benchmarks_xvfb.xvfb_display(size) as display:
        yield display


def screenshot(display: str, name: str) -> Path:
    require_tools("import")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    subprocess.run(
        ["import", "-display", display, "-window", "root", str(target)], check=True, timeout=30
    )
    return target


def app_command() -> list[str]:
    """The installed `reader` command when there is one, else the module."""
    installed = shutil.which("reader")
    return [installed] if installed else [sys.executable, "-m", "reader"]


@contextmanager
def running_app(
    display: str, data_dir: Path
) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """The installed app in a real X window on `display`, past its first paint; stopped after."""
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    process = subprocess.Popen(
        [*app_command(), "--data-dir", str(data_dir), "--print-first-paint"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("first-paint"), process.stderr.read()  # type: ignore[union-attr]
        yield process, env
    finally:
        process.terminate()
        process.wait(timeout=10)
