"""The installed app, as a process in a real X window: it paints the three panes."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.xvfb import app_command, screenshot, xvfb_display

pytestmark = pytest.mark.xvfb


def distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_installed_app_paints_three_panes_under_xvfb(tmp_path: Path) -> None:
    with xvfb_display() as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        process = subprocess.Popen(
            [*app_command(), "--data-dir", str(tmp_path / "data"), "--print-first-paint"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            line = process.stdout.readline()  # type: ignore[union-attr]
            assert line.startswith("first-paint"), process.stderr.read()  # type: ignore[union-attr]
            time.sleep(0.5)  # first paint is the reading pane; let the side panes finish
            shot = screenshot(display, "launch.png")
        finally:
            process.terminate()
            process.wait(timeout=10)
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 1000
    assert distinct_colours(image) > 20, "the screenshot looks blank"
