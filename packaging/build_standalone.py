"""Build the one-folder standalone app (`dist/reader/reader`) with PyInstaller, then smoke it.

    python packaging/build_standalone.py            # build into dist/reader/, then --smoke it
    python packaging/build_standalone.py --no-smoke
    python packaging/build_standalone.py --dist DIR --work DIR

Needs PyInstaller (in the `dev` extra: `pip install -e '.[dev]'`). The smoke run starts the
bundle the way a user's machine would: no venv on PATH, no PYTHONPATH, another cwd, an empty
data dir, offscreen, and expects the bundled corpus's first document to be shown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "reader.spec"
SMOKE_LINE = "smoke ok:"


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, check=True, cwd=REPO)
    return dist / "reader"


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a machine that never saw our venv: system PATH, no PYTHON*."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    if "TMPDIR" in os.environ:
        env["TMPDIR"] = os.environ["TMPDIR"]
    return env


def smoke(bundle: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    """Start the bundle once with --smoke on a fresh data dir, from an unrelated cwd."""
    home = scratch / "home"
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [str(bundle / "reader"), "--smoke", "--data-dir", str(scratch / "data")],
        cwd=scratch,
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=120,
    )


def folder_size(folder: Path) -> int:
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder")
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "build" / "pyinstaller",
        help="PyInstaller's scratch folder",
    )
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    args = parser.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "build_standalone: PyInstaller is not installed; pip install -e '.[dev]'",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    bundle = build(args.dist.resolve(), args.work.resolve())
    print(
        f"built {bundle} in {time.perf_counter() - started:.0f} s, "
        f"{folder_size(bundle) / 1e6:.0f} MB"
    )
    if args.no_smoke:
        return 0
    with tempfile.TemporaryDirectory(prefix="reader-smoke-") as scratch:
        result = smoke(bundle, Path(scratch))
    if result.returncode != 0 or SMOKE_LINE not in result.stdout:
        print(
            f"smoke FAILED (exit {result.returncode})\n{result.stdout}\n{result.stderr}",
            file=sys.stderr,
        )
        return 1
    print(result.stdout.strip())
    print(f"app menu entry: python packaging/install_desktop.py --exec {bundle / 'reader'}")
    return 0


if __name__ == "__main__":
    missing = [tool for tool in ("ldd", "objdump") if shutil.which(tool) is None]
    if missing and sys.platform.startswith("linux"):
        print(
            f"build_standalone: PyInstaller needs {', '.join(missing)} (libc-bin, binutils)",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.exit(main())
