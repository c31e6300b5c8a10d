"""The benchmark harness's plumbing: table columns, ratio maths, verdicts, isolation of a
broken module. Never timing: speed targets are checked by `python -m benchmarks`, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

from benchmarks.figures import Figure, complete, timing
from benchmarks.floors import disk
from benchmarks.processes import ProcessFailed, time_process
from benchmarks.run import discover, select
from benchmarks.table import COLUMNS, cells, format_table, verdict

REPO = Path(__file__).resolve().parents[2]

FAKE_MODULE = """
from benchmarks.figures import timing

def run(quick):
    floor = timing("fake floor", [0.10, 0.20, 0.30])
    floor["floor_name"] = "fake"
    return [
        floor,
        timing("fake figure", [0.25, 0.26, 0.40], floor=floor, target="≤ 1.3× floor",
               rss_mb=42.0, note="quick" if quick else "full"),
        {"name": "given ratio", "median_s": 1.0, "min_s": 1.0, "max_s": 1.0, "ratio": 9.0},
    ]
"""

BROKEN_MODULE = "def run(quick):\n    raise RuntimeError('corpus missing')\n"


def rows(table: str) -> dict[str, list[str]]:
    """Table lines by figure name, split on the column gaps."""
    found = {}
    for line in table.splitlines()[2:]:
        if not line.strip() or line.startswith(("-", "Machine")):
            continue
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        found[cells[0]] = cells
    return found


def test_table_has_the_columns_in_order() -> None:
    header = format_table([]).splitlines()[0].split()
    assert header[:4] == ["figure", "n", "median", "min–max"]
    assert COLUMNS == (
        "figure",
        "n",
        "median",
        "min–max",
        "floor",
        "ratio",
        "peak RSS",
        "target",
        "verdict",
    )


def test_ratio_is_median_over_floor_median() -> None:
    floor = timing("floor", [0.1, 0.2, 0.9])
    figure = timing("figure", [0.3, 0.5, 0.7], floor=floor, target="≤ 2× floor")
    assert figure["floor_s"] == pytest.approx(0.2)
    assert figure["ratio"] == pytest.approx(2.5)
    assert (figure["min_s"], figure["max_s"], figure["runs"]) == (0.3, 0.7, 3)
    assert verdict(figure) == "✗"
    line = rows(format_table([figure]))["figure"]
    assert "2.50×" in line and "500 ms" in line and "300 ms–700 ms" in line


def test_a_module_given_ratio_is_kept_and_a_missing_one_is_filled() -> None:
    given: Figure = {
        "name": "g",
        "median_s": 1.0,
        "min_s": 1.0,
        "max_s": 1.0,
        "floor_s": 0.5,
        "ratio": 3.0,
    }
    missing: Figure = {"name": "m", "median_s": 1.0, "min_s": 1.0, "max_s": 1.0, "floor_s": 0.5}
    assert complete(given)["ratio"] == 3.0
    assert complete(missing)["ratio"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("≤ 1.3× floor", "✓"),  # the ratio is exactly 1.3: on the line passes
        ("≤ 1.2× floor", "✗"),
        ("< 1.3x floor", "✗"),
        ("≤ 0.26 s", "✓"),
        ("≤ 250 ms", "✗"),
        ("≤ 1.3× floor; ≤ 200 MB", "✓"),
        ("≤ 1.3× floor; ≤ 100 MB", "✗"),
        ("fast enough", "?"),
        (None, ""),
    ],
)
def test_verdicts(target: str | None, expected: str) -> None:
    figure: Figure = {
        "name": "f",
        "median_s": 0.26,
        "min_s": 0.2,
        "max_s": 0.3,
        "floor_s": 0.2,
        "rss_mb": 150.0,
        "target": target,
    }
    assert verdict(complete(figure)) == expected


def test_memory_target_without_a_memory_figure_is_unknown() -> None:
    figure: Figure = {
        "name": "f",
        "median_s": 0.1,
        "min_s": 0.1,
        "max_s": 0.1,
        "target": "≤ 200 MB",
    }
    assert verdict(figure) == "?"


def test_the_library_memory_row_is_in_megabytes_and_checked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """It once went through the timing row: "106.11 s" in the table and "?" for "< 300 MB"."""
    from benchmarks import bench_library

    peaks = {tmp_path / "work" / "empty": (0, 104.7), tmp_path / "lib": (981, 106.1)}
    monkeypatch.setattr(bench_library, "_peak_rss", lambda folder: peaks[folder])
    row = cast(Figure, bench_library.bench_rss(tmp_path / "lib", tmp_path / "work"))
    shown = cells(row)
    assert shown[6] == "106 MB" and verdict(row) == "✓"
    assert not any(cell.endswith(" s") for cell in shown)


def test_harness_runs_modules_isolated_and_never_fails_on_them(tmp_path: Path) -> None:
    fake = tmp_path / "bench_fake.py"
    fake.write_text(FAKE_MODULE, encoding="utf-8")
    broken = tmp_path / "bench_broken.py"
    broken.write_text(BROKEN_MODULE, encoding="utf-8")
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--no-floors",
            "--modules",
            str(fake),
            str(broken),
            "--json",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert table["fake figure"][1:] == [
        "3",
        "260 ms",
        "250 ms–400 ms",
        "200 ms (fake)",
        "1.30×",
        "42 MB",
        "≤ 1.3× floor",
        "✓",
    ]
    assert "9.00×" in table["given ratio"]
    assert table["bench_broken (module)"][-1] == "error"
    assert "RuntimeError: corpus missing" in result.stdout
    assert "Machine:" in result.stdout and "cores" in result.stdout
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert [f["name"] for f in saved["figures"]][:2] == ["fake floor", "fake figure"]
    assert saved["figures"][1]["note"] == "quick" and saved["quick"] is True


def test_discovery_finds_bench_modules_and_only_selects_by_short_name() -> None:
    modules = discover()
    assert all(path.name.startswith("bench_") for path in modules)
    assert [p.stem for p in select(modules, ["app"])] == ["bench_app"]
    assert select(modules, ["bench_app"]) == select(modules, ["app"])


def test_process_timing_reads_the_first_paint_line_and_the_exit() -> None:
    child = "import time; print(f'first-paint {time.time():.6f} 0.0', flush=True)"
    timed = time_process([sys.executable, "-c", child])
    assert 0 < timed.first_paint_s <= timed.exit_s
    assert timed.rss_mb > 1


def test_process_without_a_first_paint_is_a_clear_failure() -> None:
    with pytest.raises(ProcessFailed, match="no first-paint line"):
        time_process([sys.executable, "-c", "import sys; sys.stderr.write('boom\\n')"])


def test_disk_floor_reads_every_byte(tmp_path: Path) -> None:
    from benchmarks._corpus_fallback import write_corpus

    paths = write_corpus(tmp_path, 12, 3)
    assert write_corpus(tmp_path / "again", 12, 3)[5].read_text() == paths[5].read_text()
    figure = disk(paths, runs=2)
    size = sum(p.stat().st_size for p in paths)
    assert figure["runs"] == 2 and figure["floor_name"] == "disk"
    assert f"{size / 1e6:.1f} MB" in figure["note"] and "12 files" in figure["note"]


def test_runs_option_reaches_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.floors import RUNS_ENV, runs_for

    monkeypatch.delenv(RUNS_ENV, raising=False)
    assert (runs_for(quick=True), runs_for(quick=False)) == (3, 5)
    monkeypatch.setenv(RUNS_ENV, "9")
    assert runs_for(quick=True) == 9


def test_a_hanging_module_times_out_into_an_error_row(tmp_path: Path) -> None:
    hanging = tmp_path / "bench_hang.py"
    hanging.write_text("import time\ndef run(quick):\n    time.sleep(60)\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--no-floors",
            "--timeout",
            "1",
            "--modules",
            str(hanging),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert "bench_hang (module): timed out after 1 s" in result.stdout
