"""The app icon: every size is there, loads, still matches the SVG, and the app uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon, QImage

from reader import APP_ID
from reader.core.store.paths import app_icon_files, resource_path
from tests.packaging_files import load

render_icons = load("render_icons")


def test_every_size_exists_at_its_size() -> None:
    for size in render_icons.SIZES:
        image = QImage(str(render_icons.png_path(size)))
        assert not image.isNull(), f"{size}px icon missing or unreadable"
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel(), "icon corners must be transparent"


def test_resource_helper_finds_all_sizes_and_they_load_as_one_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    files = app_icon_files()
    assert [size for size, _path in files] == list(render_icons.SIZES)
    assert all(path.parent.parent.name == f"{size}x{size}" for size, path in files)
    icon = QIcon()
    for _size, path in files:
        icon.addFile(str(path))
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == set(render_icons.SIZES)
    assert resource_path("icons", f"{APP_ID}.svg").is_file()


@pytest.mark.parametrize("size", [16, 64, 256])
def test_pngs_are_up_to_date_with_the_svg(qapp, size: int) -> None:  # type: ignore[no-untyped-def]
    """A stale PNG (SVG edited, render_icons.py not re-run) shows up here."""
    fresh = render_icons.render(render_icons.svg_path(), size).convertToFormat(
        QImage.Format.Format_ARGB32
    )
    committed = QImage(str(render_icons.png_path(size))).convertToFormat(
        QImage.Format.Format_ARGB32
    )
    changed = 0
    for y in range(size):
        for x in range(size):
            a, b = fresh.pixel(x, y), committed.pixel(x, y)
            if max(abs(((a >> s) & 0xFF) - ((b >> s) & 0xFF)) for s in (0, 8, 16, 24)) > 32:
                changed += 1
    share = changed / (size * size)
    assert share < 0.002, f"{size}px PNG differs from the SVG ({share:.1%} of pixels): re-render"


def test_the_running_app_finds_its_icon(tmp_path: Path) -> None:
    """run_gui warns on stderr when no icon ships; a real start must not."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--smoke", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke ok:" in result.stdout
    assert "no app icon" not in result.stderr


def test_app_icon_holds_the_window_sizes(qapp) -> None:  # type: ignore[no-untyped-def]
    """run_gui sets this icon on the application (checked as a process above); running run_gui
    in-process would quit the shared test QApplication."""
    from reader.ui.app.app_icon import WINDOW_ICON_MAX, app_icon

    sizes = {size.width() for size in app_icon().availableSizes()}
    assert sizes == {size for size in render_icons.SIZES if size <= WINDOW_ICON_MAX}
    assert {16, 32, 48, 128} <= sizes
