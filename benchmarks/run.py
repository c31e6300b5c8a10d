"""The harness: measure the floors, run every `benchmarks/bench_*.py`, print one table.

Each module runs in its own process (`python -m benchmarks.run --child FILE`), so a crash, a
hang or a module that is not merged yet costs one error row, never the table. Verdicts are
informational: the exit status is 0 unless the harness itself is broken, because timings on
a shared CI machine are noisy.
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import machine
from benchmarks.figures import Figure, complete, print_result
from benchmarks.floors import FLOOR_CACHE_ENV, RUNS_ENV
from benchmarks.table import format_table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REQUIRED_KEYS = ("name", "median_s", "min_s", "max_s")


def discover(folder: Path = HERE) -> list[Path]:
    return sorted(folder.glob("bench_*.py"))


def select(modules: list[Path], only: list[str]) -> list[Path]:
    """`--only app` and `--only bench_app` both pick bench_app.py."""
    if not only:
        return modules
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in only}
    return [path for path in modules if path.stem.removeprefix("bench_") in wanted]


def load(path: Path) -> ModuleType:
    """Modules inside this package import as `benchmarks.<name>`; others by file path."""
    if path.resolve().parent == HERE:
        return importlib.import_module(f"benchmarks.{path.stem}")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def validate(rows: Any, source: str) -> list[Figure]:
    if not isinstance(rows, list):
        raise TypeError(f"{source}.run() returned {type(rows).__name__}, not a list of figures")
    for row in rows:
        missing = [key for key in REQUIRED_KEYS if not isinstance(row, dict) or key not in row]
        if missing:
            raise TypeError(f"{source}: a figure lacks {', '.join(missing)}: {row!r}")
    return [complete(row) for row in rows]


def child(path: Path, quick: bool, out: Path) -> int:
    """Inside the module's own process: run it and write its figures as JSON."""
    rows = validate(load(path).run(quick), path.stem)
    out.write_text(json.dumps(rows), encoding="utf-8")
    # Skip interpreter teardown: PySide6 6.12's refcount bug on None (each
    # setExtraSelections()/processEvents() call drops one reference) can abort there, after
    # the figures are safely written.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def error_figure(path: Path, message: str) -> Figure:
    return {
        "name": f"{path.stem} (module)",
        "median_s": None,
        "min_s": None,
        "max_s": None,
        "error": message,
    }


def run_module(
    path: Path, quick: bool, env: dict[str, str], timeout: float, verbose: bool
) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch:
        out = Path(scratch) / "figures.json"
        command = [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--child",
            str(path),
            "--out",
            str(out),
        ] + (["--quick"] if quick else [])
        # A session of its own, so a timeout ends the module and every process it started.
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return [error_figure(path, f"timed out after {timeout:.0f} s")]
        if verbose and stderr:
            print(stderr, file=sys.stderr)
        if not out.exists():
            lines = [line for line in stderr.splitlines() if line.strip()]
            cause = lines[-1] if lines else f"exit status {process.returncode}"
            return [error_figure(path, cause)]
        return [complete(row) for row in json.loads(out.read_text(encoding="utf-8"))]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run reader's benchmarks and print one table of figures against floors "
        "measured in the same run. Verdicts are informational; timing never fails the run.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a reduced run (fewer repeats, smaller library) for CI"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only bench_NAME.py (repeatable); the floors always run",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write figures as JSON")
    parser.add_argument(
        "--xvfb",
        action="store_true",
        help="run everything under a private Xvfb (xcb) instead of offscreen",
    )
    parser.add_argument(
        "--modules",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="run these module files instead of benchmarks/bench_*.py",
    )
    parser.add_argument(
        "--no-floors",
        action="store_true",
        help="skip the shared floors step (modules measure what they need)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="per-module time limit (default 60 s quick, 1800 s full)",
    )
    parser.add_argument(
        "--runs", type=int, metavar="N", help="timed repeats per figure (default 5, 3 with --quick)"
    )
    parser.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="instead of the table: a library of N documents (benchmarks/scale.py, then "
        "benchmarks/scale_gui.py on it); the corpus is written once and kept in the cache",
    )
    parser.add_argument("--verbose", action="store_true", help="show the modules' stderr")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def child_env(scratch: Path, display: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env[FLOOR_CACHE_ENV] = str(scratch / "floors.json")
    env["READER_DATA_DIR"] = str(scratch / "data")  # never the user's library
    if display:
        env["DISPLAY"], env["QT_QPA_PLATFORM"] = display, "xcb"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def scale_run(n_docs: int, out: Path | None) -> int:
    """Issue 20's figures for a library of `n_docs` (import, store, queries, GUI stalls)."""
    from benchmarks import scale, scale_gui

    work = scale.DEFAULT_ROOT / "work"
    work.mkdir(parents=True, exist_ok=True)
    result = scale.run_scale(n_docs, scale.DEFAULT_ROOT, work, reuse=False, batches=True)
    library = work / f"library-{n_docs}"
    extra = scale.batch_folder(scale.DEFAULT_ROOT)  # a terminal adds these beside the GUI
    result["gui"] = scale_gui.main_result(library, extra, runs=3)
    print_result(result, out)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args.child, args.quick, args.out)
    if args.scale:
        return scale_run(args.scale, args.json)
    # An installed reader has bytecode (pip compiles on install); a checkout run with
    # PYTHONDONTWRITEBYTECODE would recompile every module on each launch. Measure the former.
    compileall.compile_dir(str(HERE.parent / "reader"), quiet=1)
    modules = select(args.modules or discover(), args.only)
    if args.only and not modules:
        print(f"benchmarks: no bench_*.py module matches {', '.join(args.only)}", file=sys.stderr)
    if not args.no_floors:
        modules = [HERE / "floors.py", *modules]
    timeout = args.timeout or (60.0 if args.quick else 1800.0)
    load_before = machine.load()
    figures: list[Figure] = []
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="reader-bench-")))
        display = None
        plugin = "offscreen"
        if args.xvfb:
            from benchmarks import xvfb

            if xvfb.available():
                display = stack.enter_context(xvfb.xvfb_display())
                plugin = f"xcb on Xvfb {display}"
            else:
                print(
                    "benchmarks: --xvfb asked for but Xvfb is not installed; offscreen",
                    file=sys.stderr,
                )
        env = child_env(scratch, display)
        if args.runs:
            env[RUNS_ENV] = str(max(1, args.runs))
        started = time.perf_counter()
        for path in modules:
            began = time.perf_counter()
            print(f"benchmarks: {path.stem} …", file=sys.stderr, flush=True)
            figures += run_module(path, args.quick, env, timeout, args.verbose)
            print(
                f"benchmarks: {path.stem} took {time.perf_counter() - began:.1f} s",
                file=sys.stderr,
                flush=True,
            )
    info = machine.describe(plugin)
    info["load"] = f"{load_before} at start, {machine.load()} at end"
    mode = "quick" if args.quick else "full"
    print(
        format_table(
            figures, f"{machine.line(info)}; {mode} run, {time.perf_counter() - started:.0f} s"
        )
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": info, "quick": args.quick, "figures": figures},
                indent=1,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
