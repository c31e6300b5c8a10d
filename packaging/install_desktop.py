"""Put reader in the desktop's app menu: desktop entry, icons and AppStream metadata.

`pip`/`pipx` install only Python files, so a source checkout runs this once per user:

    python packaging/install_desktop.py                       # uses `reader` on PATH
    python packaging/install_desktop.py --exec ~/apps/reader/reader   # a standalone bundle
    python packaging/install_desktop.py --uninstall

Files go under $XDG_DATA_HOME (default ~/.local/share) or --data-home, as the freedesktop
specs lay them out; the desktop and icon caches are refreshed when their tools exist.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP_ID = "io.github.reader.Reader"
DESKTOP = REPO / "packaging" / f"{APP_ID}.desktop"
METAINFO = REPO / "packaging" / f"{APP_ID}.metainfo.xml"
ICONS = REPO / "resources" / "icons"


def default_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def planned_files(data_home: Path) -> dict[Path, Path]:
    """Destination -> source for everything this script installs."""
    plan = {
        data_home / "applications" / DESKTOP.name: DESKTOP,
        data_home / "metainfo" / METAINFO.name: METAINFO,
        data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": ICONS
        / f"{APP_ID}.svg",
    }
    for png in sorted((ICONS / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        plan[data_home / "icons" / png.relative_to(ICONS)] = png
    return plan


def desktop_text(executable: str | None) -> str:
    """The desktop entry, launching `executable` instead of `reader` when one is given."""
    text = DESKTOP.read_text(encoding="utf-8")
    if executable is None:
        return text
    quoted = f'"{executable}"' if " " in executable else executable
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quoted} %F"
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def refresh_caches(data_home: Path) -> None:
    """Best effort: menus and icon themes pick new files up without these, only later."""
    commands = [
        ["update-desktop-database", "-q", str(data_home / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(data_home / "icons" / "hicolor")],
    ]
    for command in commands:
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True, timeout=60)


def install(data_home: Path, executable: str | None) -> list[Path]:
    written = []
    for target, source in planned_files(data_home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source == DESKTOP:
            target.write_text(desktop_text(executable), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    refresh_caches(data_home)
    return written


def uninstall(data_home: Path) -> list[Path]:
    removed = []
    for target in planned_files(data_home):
        if target.exists():
            target.unlink()
            removed.append(target)
    refresh_caches(data_home)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-home", type=Path, default=None, help="default: $XDG_DATA_HOME")
    parser.add_argument("--exec", dest="executable", help="launch this program, not `reader`")
    parser.add_argument("--uninstall", action="store_true")
    args = parser.parse_args(argv)
    data_home = (args.data_home or default_data_home()).expanduser()
    if args.uninstall:
        for path in uninstall(data_home):
            print(f"removed {path}")
        return 0
    executable = args.executable
    if executable is not None:
        resolved = Path(executable).expanduser().resolve()
        if not os.access(resolved, os.X_OK):
            print(f"install_desktop: {resolved} is not an executable file", file=sys.stderr)
            return 2
        executable = str(resolved)
    elif shutil.which("reader") is None:
        print(
            "install_desktop: note: `reader` is not on PATH yet; the menu entry needs it "
            "(pipx install . puts it in ~/.local/bin)",
            file=sys.stderr,
        )
    for path in install(data_home, executable):
        print(f"installed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
