"""What a `pip install .` ships: every package, the seeds and the resources, found at run time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from reader import __version__
from reader.core.store import paths

REPO = Path(__file__).resolve().parents[2]


def setuptools_config() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def data_files(folder: Path) -> set[Path]:
    return {
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }


def test_every_package_under_reader_is_listed() -> None:
    """A package missing from the list works editable and is absent from the wheel."""
    listed = set(setuptools_config()["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "reader").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert {"reader.seeds", "reader.resources"} <= listed


@pytest.mark.parametrize(
    "package, folder", [("reader.seeds", "seeds"), ("reader.resources", "resources")]
)
def test_package_data_globs_cover_every_data_file(package: str, folder: str) -> None:
    root = REPO / folder
    patterns = setuptools_config()["package-data"][package]
    matched = {path for pattern in patterns for path in root.glob(pattern) if path.is_file()}
    missing = sorted(str(path.relative_to(REPO)) for path in data_files(root) - matched)
    assert not missing, f"not shipped by package-data[{package!r}]: {missing}"


def test_frozen_bundle_looks_under_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.bundled_dir("seeds") == tmp_path / "reader" / "seeds"
    assert (
        paths.resource_path("icons", "x.png")
        == tmp_path / "reader" / "resources" / "icons" / "x.png"
    )


def test_installed_reader_finds_seeds_and_icons_from_another_cwd(tmp_path: Path) -> None:
    """Runs the venv's installed reader (a wheel in CI, editable here), not the source tree."""
    probe = (
        "import json, reader; from reader.core.store.paths import bundled_dir, app_icon_files; "
        "print(json.dumps({'file': reader.__file__, "
        "'seeds': [p.name for p in bundled_dir('seeds').glob('*.txt')], "
        "'icons': len(app_icon_files())}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["seeds"], f"no seeds next to {found['file']}"
    assert found["icons"] == 8
    version = subprocess.run(
        [sys.executable, "-m", "reader", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert version.stdout.strip() == f"reader {__version__}"


@pytest.mark.slow
def test_wheel_ships_code_seeds_and_icons_but_no_caches(tmp_path: Path) -> None:
    """Built from a clean copy: an in-tree build/ can carry stale files into a wheel."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("reader", "seeds", "resources"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 and not os.environ.get("CI"):
        pytest.skip(f"cannot build a wheel here (no package index?): {result.stderr[-300:]}")
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("reader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in (REPO / "reader").rglob("*.py"):
        assert module.relative_to(REPO).as_posix() in names, f"{module} not in the wheel"
    for folder in ("seeds", "resources"):
        for path in data_files(REPO / folder):
            assert f"reader/{path.relative_to(REPO).as_posix()}" in names, path
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[gui_scripts]" in text and "reader = reader.cli.main:main" in text
