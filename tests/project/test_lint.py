"""The tree stays lint-clean (the rules in pyproject.toml), so style debt cannot pile up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is in the test extras: pip install '.[test]'")
    result = subprocess.run(
        [ruff, "check", "--output-format", "concise", "reader", "tests", "benchmarks",
         "packaging"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
