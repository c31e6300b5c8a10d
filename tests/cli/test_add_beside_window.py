"""`reader add` gives way to a window that has the same library open (its lock file, read
without Qt), so a terminal's big import does not make the window's event loop late."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.store.window_lock import LOCK_NAME, window_open
from tests.faults import reader_env, window_holding


def test_a_live_window_is_seen_and_a_crashed_one_is_not(tmp_path: Path) -> None:
    assert not window_open(tmp_path)  # no lock at all
    with window_holding(tmp_path) as holder:
        assert window_open(tmp_path)
    holder.wait(timeout=10)
    assert (tmp_path / LOCK_NAME).exists()  # killed: the lock file stays, its pid is gone
    assert not window_open(tmp_path)
    (tmp_path / LOCK_NAME).write_text("not a pid\n", encoding="utf-8")
    assert not window_open(tmp_path)


def test_giving_way_lowers_the_priority_only_beside_a_window(tmp_path: Path) -> None:
    """In a child process: the niceness is the process's for good (and its workers'); a CI
    runner already at the lowest priority cannot go lower."""
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from reader.core.store.window_lock import give_way_to_window\n"
        "before = os.nice(0)\n"
        "print(give_way_to_window(Path(sys.argv[1])), os.nice(0) > before or before >= 19)\n"
    )

    def child() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
            env=reader_env(), timeout=60, check=True,
        )
        return done.stdout.strip()

    assert child() == "False False" or os.nice(0) >= 19  # not lowered without a window
    with window_holding(tmp_path):
        assert child() == "True True"


def test_reader_add_asks_before_it_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[Path] = []
    monkeypatch.setattr("reader.cli.library.give_way_to_window", asked.append)
    article = tmp_path / "a.txt"
    article.write_text("A headline\n\nSome words of an article.", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(article)]) == 0
    assert asked == [data] and "1 added" in capsys.readouterr().out
