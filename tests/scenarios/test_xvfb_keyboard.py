"""Real key presses (xdotool) into the real app under Xvfb: '?' is typed as Shift+/ on an
X keyboard, which the offscreen tests cannot show; Ctrl+F and F1 go through X too."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.xvfb import require_tools, running_app, screenshot, xvfb_display

pytestmark = pytest.mark.xvfb


def _xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=20)
    return done.stdout.strip()


def _window(env: dict[str, str], name: str, timeout: float = 8.0) -> str:
    """Id of a visible window with this name, waiting for it to appear ('' if none)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _xdotool(env, "search", "--onlyvisible", "--name", name)
        if found:
            return found.splitlines()[0]
        time.sleep(0.1)
    return ""


def test_real_keys_open_the_sheet_and_find(tmp_path: Path) -> None:
    require_tools("Xvfb", "xdotool", "import")
    with xvfb_display() as display, running_app(display, tmp_path / "data") as (process, env):
        main = _window(env, "— reader")
        assert main
        _xdotool(env, "windowfocus", "--sync", main)
        _xdotool(env, "key", "question")  # Shift+slash on a US keyboard
        assert _window(env, "Keyboard Shortcuts"), "? did not open the shortcut sheet"
        shot = screenshot(display, "keyboard_xvfb_sheet.png")
        _xdotool(env, "key", "Escape")
        _xdotool(env, "windowfocus", "--sync", main)
        _xdotool(env, "key", "ctrl+f")
        _xdotool(env, "type", "--delay", "40", "nato")
        time.sleep(0.6)
        find_shot = screenshot(display, "keyboard_xvfb_find.png")
    assert not QImage(str(shot)).isNull()
    image = QImage(str(find_shot))
    marked = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if (c := image.pixelColor(x, y)).red() > 240 and 190 < c.green() < 225 and c.blue() < 120
    )
    assert marked > 100, "typing in the find bar marked no matches"
