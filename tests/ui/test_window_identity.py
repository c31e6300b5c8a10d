"""Under a real X server the window says who it is: WM_CLASS matches the desktop entry's
StartupWMClass (so docks group it with its launcher) and it carries the app icon (set just
after the first paint, so it is waited for)."""

from __future__ import annotations

import configparser
import subprocess
import time
from pathlib import Path

import pytest

from reader import APP_ID
from tests.xvfb import require_tools, running_app, xvfb_display

pytestmark = pytest.mark.xvfb

DESKTOP = Path(__file__).resolve().parents[2] / "resources" / "desktop" / f"{APP_ID}.desktop"


def x_property(display: str, window: str, name: str) -> str:
    return subprocess.run(
        ["xprop", "-display", display, "-id", window, name],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout


def test_window_has_the_desktop_entrys_wm_class_and_the_icon(tmp_path: Path) -> None:
    require_tools("xdotool", "xprop")
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    wm_class = entry["Desktop Entry"]["StartupWMClass"]
    with xvfb_display() as display, running_app(display, tmp_path / "data") as (process, env):
        windows = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(process.pid)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.split()
        assert windows, "no visible window for the app's process"
        classes = x_property(display, windows[0], "WM_CLASS")
        deadline = time.monotonic() + 15
        icon = x_property(display, windows[0], "_NET_WM_ICON")
        while "Icon (48 x 48)" not in icon and time.monotonic() < deadline:
            time.sleep(0.1)
            icon = x_property(display, windows[0], "_NET_WM_ICON")
    assert f'"{wm_class}"' in classes.split("=", 1)[1]
    assert "Icon (16 x 16)" in icon and "Icon (48 x 48)" in icon
