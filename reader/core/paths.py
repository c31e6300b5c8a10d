"""Where user data lives: platformdirs by default, overridable for tests and portable use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from reader import APP_ID, APP_NAME

DATA_DIR_ENV = "READER_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory that holds the store, settings and backups; created owner-only."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store_path(root: Path) -> Path:
    return root / "library.sqlite3"


def settings_path(root: Path) -> Path:
    return root / "settings.ini"


def backups_dir(root: Path) -> Path:
    path = root / "backups"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resource_path(*parts: str) -> Path:
    """A file under `resources/` (icons, themes), however reader was installed."""
    return bundled_dir("resources").joinpath(*parts)


def app_icon_files() -> list[Path]:
    """The app icon's PNG renderings, smallest first (PNG so no SVG plugin is needed)."""
    sized = {}
    for path in resource_path("icons", "hicolor").glob(f"*/apps/{APP_ID}.png"):
        width, _, height = path.parent.parent.name.partition("x")
        if width.isdigit() and width == height:
            sized[int(width)] = path
    return [sized[size] for size in sorted(sized)]


def bundled_dir(name: str) -> Path:
    """A top-level data folder (`seeds`, `resources`) wherever reader runs from.

    A PyInstaller bundle keeps it in `sys._MEIPASS/reader/<name>` (packaging/reader.spec puts
    it there as plain data, so no frozen-importer resource support is needed); an installed
    wheel or editable install carries it as the package `reader.<name>`; a source checkout
    run in place has it beside the `reader/` package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "reader" / name
    from importlib import resources

    try:
        return Path(str(resources.files(f"reader.{name}")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / name
