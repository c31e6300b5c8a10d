"""Score `reader classify` against the hand-labelled evaluation set in tests/data/eval/.

Why through the CLI: the set is written blind, like the hidden held-out set the product is
judged on, so it is scored through the public contract only
(`reader classify [--corpus DIR]... [--json] FILE...`), never by importing the classifier.

Each group is classified twice: all its files named together (so they are each other's corpus:
provenance can work) and each file alone (only markers and layout can work). Scores are per
non-whitespace character against labels.json.

    python benchmarks/eval_classifier.py [--verbose] [--group NAME] [--python EXE]

`score_file()` and `load_groups()` are importable for tests and other scripts.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO / "tests" / "data" / "eval"
KINDS = ("reporting", "commentary", "furniture")
DEV_FROM = 19
"""Groups numbered from here on: the dev set (reworded, fisked, sibling, multilingual copies)."""
NONE = "none"  # a non-whitespace character no segment covered
CONFLICT = "conflict"  # a character two segments of different kinds covered
SHORT = {"reporting": "R", "commentary": "C", "furniture": "F", NONE: "-", CONFLICT: "!"}


class ClassifierUnavailable(RuntimeError):
    """`reader classify` cannot be run (not written yet, crashed, or broke the contract)."""


@dataclass
class Group:
    name: str
    directory: Path
    labels: dict[str, list[tuple[int, int, str]]]

    @property
    def files(self) -> list[Path]:
        """The group's files, originals first (the order does not matter to the contract)."""
        names = sorted(self.labels, key=lambda n: (not n.startswith("original"), n))
        return [self.directory / n for n in names]


@dataclass
class Score:
    """Per-character result for one file: confusion[(gold, predicted)] = character count."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[tuple[int, int, str, str]] = field(default_factory=list)  # runs, in order

    @property
    def total(self) -> int:
        return sum(self.confusion.values())

    @property
    def correct(self) -> int:
        return sum(n for (gold, pred), n in self.confusion.items() if gold == pred)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, other: Score) -> None:
        self.confusion.update(other.confusion)


def read_text(path: Path) -> str:
    """The file as the contract sees it: UTF-8, no newline translation."""
    return path.read_bytes().decode("utf-8")


def load_groups(root: Path = EVAL_DIR) -> list[Group]:
    groups = []
    for directory in sorted(p for p in root.iterdir() if (p / "labels.json").is_file()):
        raw = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
        labels = {
            name: [(int(s), int(e), str(k)) for s, e, k in spans] for name, spans in raw.items()
        }
        groups.append(Group(directory.name, directory, labels))
    return groups


def gold_kinds(text: str, spans: Sequence[tuple[int, int, str]]) -> list[str | None]:
    """Kind per character from labels (None for whitespace, which is never scored)."""
    kinds: list[str | None] = [None] * len(text)
    for start, end, kind in spans:
        for i in range(start, end):
            if not text[i].isspace():
                kinds[i] = kind
    return kinds


def predicted_kinds(text: str, segments: Sequence[dict[str, Any]]) -> list[str]:
    """Kind per character from classifier segments; NONE if uncovered, CONFLICT if contested."""
    kinds = [NONE] * len(text)
    for seg in segments:
        start, end, kind = int(seg["start"]), int(seg["end"]), str(seg["kind"])
        for i in range(max(0, start), min(len(text), end)):
            kinds[i] = kind if kinds[i] in (NONE, kind) else CONFLICT
    return kinds


def score_file(
    text: str, gold_spans: Sequence[tuple[int, int, str]], segments: Sequence[dict[str, Any]]
) -> Score:
    """Compare a classifier's segments with gold labels over every non-whitespace character."""
    gold = gold_kinds(text, gold_spans)
    pred = predicted_kinds(text, segments)
    score = Score()
    run: list[Any] | None = None
    for i, g in enumerate(gold):
        if text[i].isspace():
            continue
        label = g if g is not None else NONE
        p = pred[i]
        score.confusion[(label, p)] += 1
        if label == p:
            continue
        if run and run[2] == label and run[3] == p and not text[run[1] : i].strip():
            run[1] = i + 1
        else:
            if run:
                score.errors.append(tuple(run))  # type: ignore[arg-type]
            run = [i, i + 1, label, p]
    if run:
        score.errors.append(tuple(run))  # type: ignore[arg-type]
    return score


def classifier_available(python: str) -> str | None:
    """None if `reader classify` is registered, else a reason to show the user."""
    probe = (
        "from reader.cli.main import SUBCOMMAND_MODULES; "
        "print('classify' in SUBCOMMAND_MODULES)"
    )
    try:
        out = subprocess.run(
            [python, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run {python}: {exc}"
    if out.returncode != 0:
        return f"cannot import reader.cli.main with {python}: {out.stderr.strip()[-300:]}"
    if out.stdout.strip() != "True":
        return (
            "`reader classify` is not available yet"
            " (no 'classify' in reader.cli.main.SUBCOMMAND_MODULES)"
        )
    return None


def run_classify(
    paths: Sequence[Path], reader_cmd: Sequence[str], data_dir: str
) -> list[dict[str, Any]]:
    """One `reader classify --json FILE...` call, checked against the contract."""
    cmd = [*reader_cmd, "classify", "--json", *map(str, paths)]
    env = dict(os.environ, READER_DATA_DIR=data_dir, QT_QPA_PLATFORM="offscreen")
    try:
        out = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired as exc:
        raise ClassifierUnavailable(f"timed out after 300 s: {' '.join(cmd)}") from exc
    if out.returncode != 0:
        raise ClassifierUnavailable(
            f"exit {out.returncode} from {' '.join(cmd)}\n{out.stderr.strip()[-1000:]}"
        )
    try:
        result = json.loads(out.stdout)
    except json.JSONDecodeError as exc:
        raise ClassifierUnavailable(f"output is not JSON ({exc}): {out.stdout[:300]!r}") from exc
    if not isinstance(result, list) or len(result) != len(paths):
        raise ClassifierUnavailable(f"expected a JSON array of {len(paths)} objects")
    for obj, path in zip(result, paths, strict=True):
        if not isinstance(obj, dict) or not isinstance(obj.get("segments"), list):
            raise ClassifierUnavailable(f"no 'segments' list for {path}")
        if Path(str(obj.get("path", ""))).resolve() != path.resolve():
            raise ClassifierUnavailable(
                f"object {paths.index(path)} has path {obj.get('path')!r}, expected {path}"
            )
    return result


@dataclass
class FileResult:
    group: str
    name: str
    text: str
    together: Score
    alone: Score


def evaluate(groups: Sequence[Group], reader_cmd: Sequence[str]) -> list[FileResult]:
    """Classify every group together and each file alone; score every file both ways."""
    results: list[FileResult] = []
    with tempfile.TemporaryDirectory(prefix="reader-eval-") as data_dir:
        for group in groups:
            files = group.files
            together = run_classify(files, reader_cmd, data_dir)
            for path, obj in zip(files, together, strict=True):
                text = read_text(path)
                spans = group.labels[path.name]
                alone = together if len(files) == 1 else run_classify([path], reader_cmd, data_dir)
                alone_obj = obj if len(files) == 1 else alone[0]
                results.append(
                    FileResult(
                        group.name,
                        path.name,
                        text,
                        score_file(text, spans, obj["segments"]),
                        score_file(text, spans, alone_obj["segments"]),
                    )
                )
    return results


def _errors_summary(score: Score) -> str:
    counts = Counter[str]()
    for (gold, pred), n in score.confusion.items():
        if gold != pred:
            counts[f"{SHORT[gold]}>{SHORT[pred]}"] += n
    return " ".join(f"{k}:{n}" for k, n in counts.most_common()) or "-"


def _matrix(title: str, score: Score) -> list[str]:
    preds = [*KINDS, NONE] + ([CONFLICT] if any(p == CONFLICT for _, p in score.confusion) else [])
    lines = [f"{title} (rows gold, columns predicted; non-whitespace characters)"]
    lines.append(f"  {'':<11}" + "".join(f"{p:>12}" for p in preds) + f"{'recall':>9}")
    for gold in KINDS:
        row = [score.confusion[(gold, p)] for p in preds]
        total = sum(row)
        recall = f"{100 * row[KINDS.index(gold)] / total:.1f}%" if total else "n/a"
        lines.append(f"  {gold:<11}" + "".join(f"{n:>12}" for n in row) + f"{recall:>9}")
    precision = []
    for p in KINDS:
        col = sum(score.confusion[(g, p)] for g in KINDS)
        precision.append(f"{100 * score.confusion[(p, p)] / col:.1f}%" if col else "n/a")
    lines.append(f"  {'precision':<11}" + "".join(f"{x:>12}" for x in precision))
    return lines


def prf(score: Score, kind: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of one kind over the pooled characters (1.0 when undefined)."""
    hit = score.confusion[(kind, kind)]
    predicted = sum(n for (_, p), n in score.confusion.items() if p == kind)
    gold = sum(n for (g, _), n in score.confusion.items() if g == kind)
    precision = hit / predicted if predicted else 1.0
    recall = hit / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def is_original(name: str) -> bool:
    """An original, or one of two outlets' versions of a wire story: none of it is commentary."""
    return name.startswith(("original", "outlet"))


def summary(results: Sequence[FileResult]) -> list[str]:
    """The issue's figures: accuracy, commentary and furniture P/R/F1, originals' commentary."""
    lines = [
        "mode      accuracy  commentary P / R / F1   furniture P / R / F1   originals called "
        "commentary"
    ]
    for mode in ("together", "alone"):
        total = Score()
        wrong = originals = 0
        for r in results:
            score: Score = getattr(r, mode)
            total.add(score)
            if is_original(r.name):
                originals += score.total
                wrong += sum(n for (_, p), n in score.confusion.items() if p == "commentary")
        cp, cr, cf = prf(total, "commentary")
        fp, fr, ff = prf(total, "furniture")
        share = 100 * wrong / originals if originals else 0.0
        lines.append(
            f"{mode:<9} {total.accuracy:>8.3f}  {cp:.2f} / {cr:.2f} / {cf:.2f}"
            f"{'':>8}{fp:.2f} / {fr:.2f} / {ff:.2f}{'':>7}{share:.2f}% ({wrong} of {originals})"
        )
    return lines


def report(results: Sequence[FileResult], verbose: bool = False) -> str:
    lines = [
        f"{'group':<34} {'file':<13} {'together':>9} {'alone':>7}  "
        "errors together (gold>predicted: chars) | alone"
    ]
    together_total, alone_total = Score(), Score()
    for r in results:
        together_total.add(r.together)
        alone_total.add(r.alone)
        lines.append(
            f"{r.group:<34} {r.name:<13} {100 * r.together.accuracy:>8.1f}% "
            f"{100 * r.alone.accuracy:>6.1f}%  {_errors_summary(r.together)} | "
            f"{_errors_summary(r.alone)}"
        )
    lines.append(
        f"{'TOTAL':<34} {f'{len(results)} files':<13} {100 * together_total.accuracy:>8.1f}% "
        f"{100 * alone_total.accuracy:>6.1f}%  ({together_total.total} characters)"
    )
    lines.append("")
    lines += summary(results)
    lines.append("")
    lines += _matrix("Together", together_total)
    lines.append("")
    lines += _matrix("Alone", alone_total)
    if verbose:
        for r in results:
            for mode, score in (("together", r.together), ("alone", r.alone)):
                if not score.errors:
                    continue
                lines.append(f"\n== {r.group}/{r.name} ({mode}): mislabelled spans")
                for start, end, gold, pred in score.errors:
                    snippet = r.text[start:end]
                    if len(snippet) > 160:
                        snippet = snippet[:75] + " ... " + snippet[-75:]
                    lines.append(
                        f"  {start:>5}-{end:<5} gold {gold:<10} got {pred:<10} {snippet!r}"
                    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print mislabelled spans")
    parser.add_argument("--group", action="append", help="only groups whose name contains this")
    parser.add_argument("--python", default=sys.executable, help="interpreter that has `reader`")
    parser.add_argument(
        "--reader-cmd",
        help="command that runs `reader` (default: PYTHON -m reader), e.g. for another build",
    )
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument(
        "--set",
        choices=("all", "today", "dev"),
        default="all",
        help="today: the first 18 groups (verbatim copies, English markers); dev: the "
        "republishing patterns of issue 15 (groups 19 on)",
    )
    args = parser.parse_args(argv)
    groups = load_groups(args.eval_dir.resolve())
    if args.set != "all":
        groups = [g for g in groups if (int(g.name[:2]) < DEV_FROM) == (args.set == "today")]
    if args.group:
        groups = [g for g in groups if any(s in g.name for s in args.group)]
    if not groups:
        print(f"no groups found under {args.eval_dir}", file=sys.stderr)
        return 2
    reader_cmd = shlex.split(args.reader_cmd) if args.reader_cmd else [args.python, "-m", "reader"]
    reason = None if args.reader_cmd else classifier_available(args.python)
    if reason:
        print(f"Cannot evaluate: {reason}.", file=sys.stderr)
        print(
            f"({len(groups)} groups, {sum(len(g.labels) for g in groups)} files are ready.)",
            file=sys.stderr,
        )
        return 1
    try:
        results = evaluate(groups, reader_cmd)
    except ClassifierUnavailable as exc:
        print(f"Cannot evaluate: reader classify failed: {exc}", file=sys.stderr)
        return 1
    print(report(results, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
