"""GUI figures on a big library (issue 20): the longest event-loop stall while typing in the
filter, sorting, searching and while a terminal adds documents; launch to first paint against
an empty library; the GUI's peak memory.

    python -m benchmarks.scale_gui DATA_DIR [--add FOLDER] [--json OUT]

Stalls are measured as `bench_library.py` measures them: a 10 ms timer on the GUI thread,
and how late its ticks come while the action runs; `_busy` figures are the GUI thread's own
CPU time between two ticks, which a loaded machine cannot inflate. Each action is driven the
way a person drives it (one key at a time, 120 ms apart), so the figure is what they feel.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.figures import print_result  # noqa: E402

_SCRIPT = r"""
import json, subprocess, sys, time
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from reader.core.context import open_context
from reader.ui.app.launch import create_window

from pathlib import Path
from reader.ui.app.instance_lock import acquire_primary

app = QApplication([])
lock = acquire_primary(Path(sys.argv[1]))  # held as the app holds it: a terminal sees the window
core = open_context(sys.argv[1])
add_folder = sys.argv[2] if len(sys.argv) > 2 else ""
window = create_window(core)
window.show()
lateness = []
busy = []
state = {"last": time.perf_counter(), "cpu": time.thread_time()}
def tick():
    # lateness: what the person sees; busy: the GUI thread's own CPU between two ticks,
    # which other programs on the machine cannot inflate
    now, cpu = time.perf_counter(), time.thread_time()
    lateness.append(now - state["last"] - 0.010)
    busy.append(cpu - state["cpu"])
    state["last"], state["cpu"] = now, cpu
timer = QTimer(); timer.setInterval(10); timer.timeout.connect(tick)
results = {}
panel = window.library_panel
steps = []

def measure(name, actions, gap=120, settle=800):
    # run each action `gap` ms apart, then wait `settle` ms for background answers
    def begin():
        lateness.clear(); busy.clear(); timer.start()
        state["last"], state["cpu"] = time.perf_counter(), time.thread_time()
        for i, act in enumerate(actions):
            QTimer.singleShot(gap * i, act)
        QTimer.singleShot(gap * len(actions) + settle, end)
    def end():
        timer.stop()
        results[name] = round(max(lateness) * 1000, 1) if lateness else 0.0
        results[name + "_busy"] = round(max(busy) * 1000, 1) if busy else 0.0
        nxt()
    steps.append(begin)

def typing(text):
    return [lambda n=n: panel.filter_edit.setText(text[:n]) for n in range(1, len(text) + 1)]

def clear_filter():
    panel.filter_edit.setText("")

measure("idle", [lambda: None] * 5)
measure("filter_typing", typing("report 12"), settle=1500)
measure("filter_clear", [clear_filter], settle=1500)
measure("sort_title", [lambda: panel.sort_by(0)], settle=1500)
measure("sort_words_desc", [lambda: panel.sort_by(1, True)], settle=1500)
measure("scroll_end", [lambda: panel.view.scrollToBottom(), lambda: panel.view.scrollToTop()])

def open_search():
    window.open_search()
def search_key(text):
    return lambda: window.search_dialog.edit.setText(text)
measure("search_open", [open_search])  # builds the dialog on first use
measure("search_typing", [search_key("the"[:n]) for n in range(1, 4)]
        + [search_key("the minister"[:n]) for n in range(5, 13)], settle=1500)

def outside_add():  # a terminal beside the GUI: the GUI notices on its own timer
    import threading
    threading.Thread(target=lambda: subprocess.run(
        [sys.executable, "-m", "reader", "add", add_folder, "--data-dir", sys.argv[1]],
        check=True, capture_output=True)).start()
if add_folder:
    def close_search():
        if window.search_dialog is not None:
            window.search_dialog.close()
    measure("outside_add", [close_search, outside_add], settle=9000)

def nxt():
    if steps:
        steps.pop(0)()
    else:
        with open("/proc/self/status") as status:
            results["peak_rss_mb"] = round(next(int(l.split()[1]) for l in status
                                               if l.startswith("VmHWM:")) / 1024, 1)
        results["rows"] = panel.proxy.rowCount()
        print(json.dumps(results), flush=True)
        window.close(); app.quit()

QTimer.singleShot(1500, nxt)
app.exec()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env.pop("READER_DATA_DIR", None)
    return env


def stalls(data_dir: Path, add_folder: Path | None) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(data_dir), str(add_folder or "")],
        capture_output=True, text=True, env=_env(), timeout=1200, check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def launch(data_dir: Path, runs: int) -> dict[str, Any]:
    from benchmarks.bench_app import app_command
    from benchmarks.processes import time_process

    empty = Path(tempfile.mkdtemp(prefix="reader-empty-"))
    try:
        def once(folder: Path) -> float:
            return time_process(app_command(folder), env=_env(), timeout=300).first_paint_s

        once(empty)
        once(data_dir)
        floors, times = [], []
        for _ in range(runs):
            floors.append(once(empty))
            times.append(once(data_dir))
        return {
            "launch_s": statistics.median(times),
            "empty_s": statistics.median(floors),
            "ratio": statistics.median(times) / statistics.median(floors),
        }
    finally:
        shutil.rmtree(empty, ignore_errors=True)


def main_result(data_dir: Path, add: Path | None, runs: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="reader-scale-gui-"))
    try:  # on a copy: the outside add must not change the kept library
        copy = work / "library"
        shutil.copytree(data_dir, copy)
        result: dict[str, Any] = {"launch": launch(copy, runs)}
        result["stall_ms"] = stalls(copy, add)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_gui", description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--add", type=Path, help="a folder a terminal adds while the GUI runs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = main_result(args.data_dir, args.add, args.runs)
    print_result(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
