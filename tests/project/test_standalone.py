"""The PyInstaller one-folder app starts on a machine that never saw our venv.

Builds the bundle (about 20 s on 2 cores) and runs it with `--smoke` from a clean environment.
Runs in CI (`CI` set, installing PyInstaller into the running venv if needed; needs the
`binutils` Debian package) or when READER_BUILD_STANDALONE=1; otherwise skipped so the everyday
suite stays fast.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from tests.packaging_files import load
from tests.xvfb import require_tools

pytestmark = pytest.mark.slow

build_standalone = load("build_standalone")


def require_pyinstaller() -> None:
    if not (os.environ.get("CI") or os.environ.get("READER_BUILD_STANDALONE")):
        pytest.skip("builds the PyInstaller bundle: runs in CI or with READER_BUILD_STANDALONE=1")
    require_tools("objdump", "ldd")  # PyInstaller on Linux: binutils + libc-bin
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    if not os.environ.get("CI"):
        pytest.skip("PyInstaller is not installed: pip install -e '.[dev]'")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.0"], check=True, timeout=600
    )


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_pyinstaller()
    scratch = tmp_path_factory.mktemp("standalone")
    return build_standalone.build(scratch / "dist", scratch / "work")


def run_clean(bundle: Path, scratch: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = scratch / "home"
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [str(bundle / "reader"), *args],
        cwd=scratch,
        env=build_standalone.clean_env(home),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bundle_opens_the_bundled_corpus_offscreen(bundle: Path, tmp_path: Path) -> None:
    result = build_standalone.smoke(bundle, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke ok: "), result.stdout + result.stderr
    assert "no app icon" not in result.stderr
    assert (tmp_path / "data" / "library.sqlite3").is_file()


def test_bundle_runs_subcommands_and_version(bundle: Path, tmp_path: Path) -> None:
    """Subcommands are imported by name at run time: the spec must have collected them."""
    assert run_clean(bundle, tmp_path, "--version").stdout.strip() == f"reader {__version__}"
    listed = run_clean(bundle, tmp_path, "list", "--data-dir", str(tmp_path / "data"))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count(".txt") >= 1


def test_bundle_is_self_contained(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "reader" / "seeds").is_dir()
    assert list((internal / "reader" / "resources" / "icons").rglob("*.png"))
    qt = internal / "PySide6" / "Qt"
    assert not list(qt.rglob("libQt6Qml*")) and not list(qt.rglob("libQt6Quick*"))
    assert not list(qt.rglob("libqgtk3.so"))
