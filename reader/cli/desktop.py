"""`reader install-desktop [--uninstall]`: the app menu entry, the `reader://` URL handler,
file associations, AppStream metainfo and icons, from the installed package itself.

`pip`/`pipx` install only Python files, so a user runs this once. Files go under
$XDG_DATA_HOME (default ~/.local/share) as the freedesktop specs lay them out; reader is made
the default handler of `x-scheme-handler/reader` in $XDG_CONFIG_HOME/mimeapps.list (only
that line is touched, and only removed again if it still names reader). The desktop and
icon caches are refreshed when their tools exist.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from reader import APP_ID
from reader.core.store.paths import bundled_dir
from reader.core.text.terminal import shown

DESKTOP_NAME = f"{APP_ID}.desktop"
METAINFO_NAME = f"{APP_ID}.metainfo.xml"
SCHEME_MIME = "x-scheme-handler/reader"


def _resources() -> Traversable:
    """The shipped resources folder, found the way the GUI finds its icons (an installed
    package, an editable checkout, a bundle): `importlib.resources` missed it when the
    source tree shadows an installed package."""
    return bundled_dir("resources")


def default_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _icon_files(folder: Traversable, relative: tuple[str, ...] = ()
                ) -> list[tuple[tuple[str, ...], Traversable]]:
    found: list[tuple[tuple[str, ...], Traversable]] = []
    for child in folder.iterdir():
        if child.is_dir():
            found += _icon_files(child, (*relative, child.name))
        elif child.name == f"{APP_ID}.png":
            found.append(((*relative, child.name), child))
    return found


def planned_files(data_home: Path) -> dict[Path, Traversable]:
    """Destination -> packaged source for everything this installs."""
    package = _resources()
    icons = package / "icons"
    plan: dict[Path, Traversable] = {
        data_home / "applications" / DESKTOP_NAME: package / "desktop" / DESKTOP_NAME,
        data_home / "metainfo" / METAINFO_NAME: package / "desktop" / METAINFO_NAME,
        data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg":
            icons / f"{APP_ID}.svg",
    }
    for relative, source in sorted(_icon_files(icons / "hicolor"), key=lambda f: f[0]):
        plan[data_home / "icons" / "hicolor" / Path(*relative)] = source
    return plan


def desktop_text(executable: str | None) -> str:
    """The desktop entry, launching `executable` instead of `reader` when one is given."""
    text = (_resources() / "desktop" / DESKTOP_NAME).read_text(encoding="utf-8")
    if executable is None:
        return text
    quoted = f'"{executable}"' if " " in executable else executable
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quoted} %U"
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _mimeapps(config_home: Path) -> tuple[Path, configparser.ConfigParser]:
    path = config_home / "mimeapps.list"
    parser = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # case-sensitive keys
    if path.is_file():
        parser.read(path, encoding="utf-8")
    return path, parser


def _write_mimeapps(path: Path, parser: configparser.ConfigParser) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    with temp.open("w", encoding="utf-8") as out:
        parser.write(out, space_around_delimiters=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)


def set_url_handler(config_home: Path, install: bool) -> bool:
    """Make reader the default for reader:// links (or stop being it). True if changed."""
    path, parser = _mimeapps(config_home)
    section = "Default Applications"
    if install:
        if not parser.has_section(section):
            parser.add_section(section)
        if parser.get(section, SCHEME_MIME, fallback=None) == DESKTOP_NAME:
            return False
        parser.set(section, SCHEME_MIME, DESKTOP_NAME)
    else:
        if parser.get(section, SCHEME_MIME, fallback=None) != DESKTOP_NAME:
            return False
        parser.remove_option(section, SCHEME_MIME)
    _write_mimeapps(path, parser)
    return True


def refresh_caches(data_home: Path) -> None:
    """Best effort: menus and icon themes pick new files up without these, only later."""
    commands = [
        ["update-desktop-database", "-q", str(data_home / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(data_home / "icons" / "hicolor")],
    ]
    for command in commands:
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True, timeout=60)


def install(data_home: Path, config_home: Path, executable: str | None) -> list[Path]:
    written = []
    for target, source in planned_files(data_home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.name == DESKTOP_NAME:
            target.write_text(desktop_text(executable), encoding="utf-8")
        else:
            target.write_bytes(source.read_bytes())
        written.append(target)
    if set_url_handler(config_home, install=True):
        written.append(config_home / "mimeapps.list")
    refresh_caches(data_home)
    return written


def uninstall(data_home: Path, config_home: Path) -> list[Path]:
    removed = []
    for target in planned_files(data_home):
        if target.exists():
            target.unlink()
            removed.append(target)
    if set_url_handler(config_home, install=False):
        removed.append(config_home / "mimeapps.list")
    refresh_caches(data_home)
    return removed


def _run(args: argparse.Namespace) -> int:
    data_home = (args.data_home or default_data_home()).expanduser()
    config_home = (args.config_home or default_config_home()).expanduser()
    if args.uninstall:
        changed = [str(p) for p in uninstall(data_home, config_home)]
        verb = "removed"
    else:
        executable = args.executable
        if executable is not None:
            resolved = Path(executable).expanduser().resolve()
            if not resolved.is_file() or not os.access(resolved, os.X_OK):
                print(f"reader: {shown(resolved)} is not an executable file", file=sys.stderr)
                return 2
            executable = str(resolved)
        elif shutil.which("reader") is None:
            print("reader: note: `reader` is not on PATH yet; the menu entry needs it "
                  "(pipx puts it in ~/.local/bin)", file=sys.stderr)
        changed = [str(p) for p in install(data_home, config_home, executable)]
        verb = "installed"
    if args.json:
        print(json.dumps({verb: changed}))
    else:
        for path in changed:
            print(f"{verb} {shown(path)}")
    return 0


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--uninstall", action="store_true",
                        help="remove what install-desktop put in place")
    parser.add_argument("--exec", dest="executable", metavar="PROGRAM",
                        help="launch PROGRAM (a standalone bundle) instead of `reader`")
    parser.add_argument("--data-home", type=Path, metavar="DIR",
                        help="install under DIR (default: $XDG_DATA_HOME or ~/.local/share)")
    parser.add_argument("--config-home", type=Path, metavar="DIR",
                        help="the URL handler default goes in DIR/mimeapps.list "
                        "(default: $XDG_CONFIG_HOME or ~/.config)")
    parser.add_argument("--json", action="store_true", help="list the files as JSON")


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "install-desktop", help="add reader to the app menu and as the reader:// handler",
        description="Put the desktop entry (files and reader:// links), the AppStream "
        "metainfo and the icons in your XDG folders, from this installed package, and make "
        "reader the handler of reader:// links. --uninstall takes them away again.")
    add_options(parser)
    parser.set_defaults(run=_run)
