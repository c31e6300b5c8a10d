"""The installed app, as a process in a real X window: it paints the three panes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.xvfb import running_app, screenshot, xvfb_display

pytestmark = pytest.mark.xvfb


def distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_installed_app_paints_three_panes_under_xvfb(tmp_path: Path) -> None:
    with xvfb_display() as display, running_app(display, tmp_path / "data") as (process, env):
        time.sleep(0.5)  # first paint is the reading pane; let the side panes finish
        shot = screenshot(display, "launch.png")
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 1000
    assert distinct_colours(image) > 20, "the screenshot looks blank"
