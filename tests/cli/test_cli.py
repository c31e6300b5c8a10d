from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader import __version__
from reader.cli.main import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60
    )


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"reader {__version__}"
    helped = run("--help")
    assert helped.returncode == 0
    assert "--data-dir" in helped.stdout


def test_list_uses_data_dir_and_opens_seeds(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "elsewhere"
    assert main(["list", "--json", "--data-dir", str(target)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [Path(e["path"]).name for e in listed] == [
        "000_13833ca8f1272f69.txt",
        "003_9da5be969268c11d.txt",
    ]
    assert (target / "library.sqlite3").exists()


def test_data_dir_env_var_is_honoured(data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["list"]) == 0
    assert "000_13833ca8f1272f69.txt" in capsys.readouterr().out
    assert (data_dir / "library.sqlite3").exists()


def test_removed_seeds_stay_removed(tmp_path: Path) -> None:
    """Issue 19 item 12: `reader remove` of the seeds said "2 removed" and they came back."""
    data = ["--data-dir", str(tmp_path / "d")]
    listed = json.loads(run("list", "--json", *data).stdout)
    ids = [str(entry["id"]) for entry in listed]
    assert len(ids) == 2
    removed = run("remove", *ids, *data)
    assert removed.returncode == 0 and removed.stdout.startswith("2 removed")
    assert json.loads(run("list", "--json", *data).stdout) == []  # still empty, not re-seeded
