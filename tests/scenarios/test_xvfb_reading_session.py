"""Issue 19's closing check: a keyboard-only reading session in the real app under Xvfb, in
each theme, with screenshots to look at (tests/artifacts/session_<theme>_<step>.png)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import SEEDS
from tests.xvfb import require_tools, running_app, screenshot, xvfb_display

pytestmark = pytest.mark.xvfb

OWN = ("Ferry timetable changes\n\nThe harbour board said on Monday that the winter timetable "
       "starts a week early.\n\nEditor's note: we asked the board twice for the figures.\n\n"
       "Photo: Harbour Board\n\nPassengers said the late ferry was often full.\n")


def _key(env: dict[str, str], *keys: str) -> None:
    for key in keys:
        subprocess.run(["xdotool", "key", "--delay", "60", key], env=env, check=True, timeout=20)
        time.sleep(0.25)


def _type(env: dict[str, str], text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "30", "--", text], env=env, check=True,
                   timeout=60)
    time.sleep(0.3)


def _main_window(env: dict[str, str]) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "— reader"],
                               env=env, capture_output=True, text=True).stdout.split()
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError("no main window")


@pytest.mark.parametrize("presses,theme", [(0, "light"), (1, "dark"), (2, "sepia")])
def test_keyboard_session_in_each_theme(tmp_path: Path, presses: int, theme: str) -> None:
    require_tools("Xvfb", "xdotool", "import")
    data = tmp_path / "data"
    own = tmp_path / "ferry.txt"
    own.write_text(OWN, encoding="utf-8")
    originals = [str(SEEDS / name) for name in ("000_13833ca8f1272f69.txt",
                                                "003_9da5be969268c11d.txt")]
    subprocess.run([sys.executable, "-m", "reader", "add", *originals, str(own)], check=True,
                   capture_output=True, timeout=120,
                   env={**os.environ, "READER_DATA_DIR": str(data)})
    shots = []
    with xvfb_display() as display, running_app(display, data) as (_process, env):
        main = _main_window(env)
        subprocess.run(["xdotool", "windowfocus", "--sync", main], env=env, timeout=20)
        _key(env, *["ctrl+shift+t"] * presses)
        _key(env, "alt+1", "Home", "Down")  # the republished copy
        time.sleep(2.0)  # classified (cached after the first run)
        _key(env, "alt+2", "c", "ctrl+i")
        time.sleep(0.5)
        shots.append(screenshot(display, f"session_{theme}_1_why.png"))
        _key(env, "Escape", "ctrl+shift+n")
        _type(env, "Check **this** against the original:")
        _key(env, "Return")
        _type(env, "- the date")
        _key(env, "Return")
        _type(env, "- the `byline`")
        time.sleep(0.5)
        shots.append(screenshot(display, f"session_{theme}_2_note.png"))
        _key(env, "alt+2", "ctrl+3")
        time.sleep(0.5)
        shots.append(screenshot(display, f"session_{theme}_3_hidden.png"))
        _key(env, "ctrl+1", "alt+3", "ctrl+alt+f")
        _type(env, "date")
        _key(env, "shift+Tab")
        time.sleep(0.4)
        shots.append(screenshot(display, f"session_{theme}_4_focus.png"))
    for shot in shots:
        assert not QImage(str(shot)).isNull()
