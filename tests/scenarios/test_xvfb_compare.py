"""The comparison window in a real X window, driven by real key presses (xdotool): opened
from the reading pane with Ctrl+Shift+C, stepped with D, in the light, dark and sepia
themes; the screenshots are kept in tests/artifacts for a person to look at."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.scenarios.test_xvfb_keyboard import _window, _xdotool
from tests.xvfb import ARTIFACTS, REPO, require_tools, running_app, screenshot, xvfb_display

pytestmark = pytest.mark.xvfb


def _tinted(image: QImage) -> int:
    """Pixels of the added rows' green tint (any theme: green above red and blue)."""
    return sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if (c := image.pixelColor(x, y)).green() > c.red() + 10 and c.green() > c.blue() + 5
    )


def test_comparison_from_real_keys_in_three_themes(tmp_path: Path) -> None:
    require_tools("Xvfb", "xdotool", "import")
    shots: list[Path] = []
    with xvfb_display() as display, running_app(display, tmp_path / "data") as (_, env):
        main = _window(env, "— reader")
        assert main
        # Next Theme from the desktop's light: dark, sepia, then light again.
        for theme, presses in (("dark", 1), ("sepia", 1), ("light", 1)):
            _xdotool(env, "windowfocus", "--sync", main)
            for _ in range(presses):
                _xdotool(env, "key", "ctrl+shift+t")
            _xdotool(env, "key", "alt+2")  # the reading pane
            _xdotool(env, "key", "ctrl+shift+c")
            compare = _window(env, "Comparison — reader")
            assert compare, "Ctrl+Shift+C did not open the comparison"
            _xdotool(env, "windowfocus", "--sync", compare)
            for _ in range(3):
                _xdotool(env, "key", "d")
            time.sleep(0.5)
            shots.append(screenshot(display, f"compare_xvfb_{theme}.png"))
            _xdotool(env, "key", "Escape")
            time.sleep(0.3)
    for shot in shots:
        image = QImage(str(shot))
        assert not image.isNull()
        assert _tinted(image) > 200, f"{shot.name}: no added passages marked"


REWORDED = Path(__file__).resolve().parent.parent / "data" / "compare" / "reworded_copy.txt"


def _changed_tint(image: QImage) -> int:
    """Pixels of the changed words' amber tint over the page (any theme)."""
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(340, min(image.width(), 1000), 2)
        if (c := image.pixelColor(x, y)).red() > c.blue() + 25 and c.green() > c.blue() + 10
        and abs(c.red() - c.green()) < 60
    )


def test_reading_pane_marks_in_three_themes(tmp_path: Path) -> None:
    """A reworded copy added while the app runs, opened from the library with keys: its
    changed words are tinted and underlined in the light, dark and sepia themes."""
    require_tools("Xvfb", "xdotool", "import")
    copy = tmp_path / "reworded_copy.txt"
    shutil.copy(REWORDED, copy)
    data = tmp_path / "data"
    shots: list[Path] = []
    with xvfb_display() as display, running_app(display, data) as (_, env):
        main = _window(env, "— reader")
        assert main
        subprocess.run([sys.executable, "-m", "reader", "add", "--data-dir", str(data), str(copy)],
                       check=True, env=env, capture_output=True, timeout=60)
        time.sleep(3)  # the window notices the library changed within two seconds
        _xdotool(env, "windowfocus", "--sync", main)
        _xdotool(env, "key", "alt+1", "End")  # the newest document, last in the list
        time.sleep(1.0)
        for theme in ("dark", "sepia", "light"):  # Next Theme from light
            _xdotool(env, "windowfocus", "--sync", main)
            _xdotool(env, "key", "ctrl+shift+t")
            _xdotool(env, "key", "alt+2")
            time.sleep(1.0)
            shots.append(screenshot(display, f"reading_marks_xvfb_{theme}.png"))
    for shot in shots:
        image = QImage(str(shot))
        assert not image.isNull()
        assert _changed_tint(image) > 40, f"{shot.name}: no changed words marked"


def _bar_pixels(image: QImage) -> int:
    """Pixels of the share bars' commentary hatching (orange, any theme) in the library."""
    return sum(
        1
        for y in range(0, image.height())
        for x in range(0, min(image.width(), 420))
        if (c := image.pixelColor(x, y)).red() > 190 and 110 < c.green() < 170 and c.blue() < 80
    )


def test_library_and_provenance_panel_in_three_themes(tmp_path: Path) -> None:
    """The seed pair as imported: the library's labels and share bars, and the provenance
    panel focused with Ctrl+Shift+R, in the light, dark and sepia themes."""
    require_tools("Xvfb", "xdotool", "import")
    shots: list[Path] = []
    with xvfb_display() as display, running_app(display, tmp_path / "data") as (_, env):
        main = _window(env, "— reader")
        assert main
        for theme in ("dark", "sepia", "light"):  # Next Theme from the desktop's light
            _xdotool(env, "windowfocus", "--sync", main)
            _xdotool(env, "key", "ctrl+shift+t")
            _xdotool(env, "key", "alt+2")
            _xdotool(env, "key", "ctrl+shift+r")
            time.sleep(0.8)
            shots.append(screenshot(display, f"provenance_xvfb_{theme}.png"))
    for shot in shots:
        image = QImage(str(shot))
        assert not image.isNull()
        assert _bar_pixels(image) > 3, f"{shot.name}: no share bar with commentary"


def _brightness(image: QImage) -> float:
    """Mean lightness of the page, sampled: tells the themes apart."""
    samples = [
        image.pixelColor(x, y).lightness()
        for y in range(60, image.height() - 40, 16)
        for x in range(20, image.width() - 20, 16)
    ]
    return sum(samples) / len(samples)


def test_comparing_and_filled_in_three_themes(tmp_path: Path) -> None:
    """Two documents picked in the library, Ctrl+Shift+M, in a real X window: the
    "Comparing…" page (the alignment held back) fits the view, then the rows come in; each
    state photographed in light, dark and sepia for a person to look at."""
    require_tools("Xvfb", "import")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "data"
    data.mkdir()
    with xvfb_display() as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        done = subprocess.run(
            [sys.executable, "-m", "tests.scenarios.compare_window_shots", str(data),
             str(REWORDED), str(ARTIFACTS)],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=180,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [entry["theme"] for entry in seen] == ["light", "dark", "sepia"]
    lightness = {}
    for entry in seen:
        assert entry["pending"], entry  # photographed while it said "Comparing…"
        assert entry["document_height"] <= entry["viewport_height"], entry
        assert entry["scroll_range"] == 0, entry
        assert entry["filled"] and entry["status"].startswith("Difference 3 of"), entry
        pending = QImage(str(ARTIFACTS / f"compare_pending_xvfb_{entry['theme']}.png"))
        filled = QImage(str(ARTIFACTS / f"compare_filled_xvfb_{entry['theme']}.png"))
        assert not pending.isNull() and not filled.isNull()
        assert _tinted(filled) > 200, f"{entry['theme']}: no added passages marked"
        lightness[entry["theme"]] = _brightness(pending)
    assert lightness["dark"] < 100 < lightness["sepia"] and lightness["dark"] < lightness["light"]
