"""Where user data lives: platformdirs by default, overridable for tests and portable use."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from pathlib import Path

from reader import APP_ID, APP_NAME
from reader.core.store.window_lock import LOCK_NAME

DATA_DIR_ENV = "READER_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory that holds the store, settings and backups; created owner-only."""
    path = find_data_dir(override)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def find_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where `data_dir` is, without creating it: for a command that only reads a library
    if there is one (`reader classify --corpus`)."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs  # only here: ~2 ms of every launch that names its data dir

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).expanduser().resolve()


def store_path(root: Path) -> Path:
    return root / "library.sqlite3"


def seeds_marker(store: Path) -> Path:
    """Beside the store: the library was seeded (or had documents) once, so an emptied
    library stays empty. A store created anew (first start, or a damaged one set aside)
    removes it, so a new library is seeded again."""
    return store.with_name("seeds-offered")


def settings_path(root: Path) -> Path:
    return root / "settings.ini"


def backups_dir(root: Path) -> Path:
    path = root / "backups"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resource_path(*parts: str) -> Path:
    """A file under `resources/` (icons, themes), however reader was installed."""
    return bundled_dir("resources").joinpath(*parts)


def app_icon_files() -> list[tuple[int, Path]]:
    """The app icon's PNG renderings with their sizes, smallest first (PNG so no SVG plugin
    is needed)."""
    sized = {}
    for path in resource_path("icons", "hicolor").glob(f"*/apps/{APP_ID}.png"):
        width, _, height = path.parent.parent.name.partition("x")
        if width.isdigit() and width == height:
            sized[int(width)] = path
    return [(size, sized[size]) for size in sorted(sized)]


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
    # find_spec, not importlib.resources.files(): the same folder without importing the
    # resources machinery (zipfile and friends) on the start-up path.
    spec = importlib.util.find_spec(f"reader.{name}")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[3] / name


def private_file(path: Path) -> Path:
    """Create `path` empty and owner-only if missing.

    Writers that replace the file (QSaveFile, so QSettings) keep the mode they find.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


def restrict_data_dir(root: Path) -> None:
    """Take group/other permissions off everything reader keeps in the data dir.

    Only reader's own entries are touched (a data dir may be a folder the user chose);
    a file we cannot change is left as it is.
    """
    names = (
        "library.sqlite3",
        "library.sqlite3-wal",
        "library.sqlite3-shm",
        "settings.ini",
        LOCK_NAME,
        "backups",
        "exports",
    )
    for name in names:
        top = root / name
        if not top.exists() or top.is_symlink():
            continue
        walked = [top] + (list(top.rglob("*")) if top.is_dir() else [])
        for path in walked:
            if path.is_symlink():
                continue
            try:
                mode = path.stat().st_mode
                if mode & 0o077:
                    path.chmod(mode & 0o700)
            except OSError:
                continue
