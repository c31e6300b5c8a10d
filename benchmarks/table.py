"""Turning figures into the one printed table, with informational ✓/✗ against each target."""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchmarks.figures import Figure, complete

COLUMNS = ("figure", "n", "median", "min–max", "floor", "ratio", "peak RSS", "target", "verdict")

_CLAUSE = re.compile(r"^\s*(≤|<=|<)\s*([0-9]*\.?[0-9]+)\s*(×|x|ms|s|MB)\s*(floor)?\s*$")


def _clause_passes(clause: str, figure: Figure) -> bool | None:
    """True/False for one target clause, None when it cannot be checked."""
    match = _CLAUSE.match(clause)
    if not match:
        return None
    op, number, unit = match.group(1), float(match.group(2)), match.group(3)
    if unit in ("×", "x"):
        value = figure.get("ratio")
    elif unit == "MB":
        value = figure.get("rss_mb")
    else:
        value = figure.get("median_s")
        number = number / 1000 if unit == "ms" else number
    if value is None:
        return None
    return value < number if op == "<" else value <= number


def target_text(figure: Figure) -> str:
    """The target as a clause string; a bare number is a time limit in seconds."""
    target = figure.get("target")
    if isinstance(target, int | float):
        return f"< {target * 1000:g} ms"
    return str(target or "")


def verdict(figure: Figure) -> str:
    """'✓' when every clause of the target holds, '✗' when one fails, '?' when unknowable."""
    if figure.get("error"):
        return "error"
    target = target_text(figure)
    if not target:
        return ""
    results = [_clause_passes(clause, figure) for clause in target.split(";")]
    if False in results:
        return "✗"
    return "✓" if results and all(r is True for r in results) else "?"


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.2f} ms"
    return f"{value:.2f} s"


def cells(figure: Figure) -> list[str]:
    figure = complete(dict(figure))  # type: ignore[arg-type]
    if figure.get("error"):
        return [figure["name"], "", "", "", "", "", "", target_text(figure), "error"]
    low, high = figure.get("min_s"), figure.get("max_s")
    spread = "—" if low is None or high is None else f"{seconds(low)}–{seconds(high)}"
    floor_s = figure.get("floor_s")
    floor = "—" if floor_s is None else f"{seconds(floor_s)} ({figure.get('floor_name', '')})"
    ratio = figure.get("ratio")
    rss = figure.get("rss_mb")
    return [
        figure["name"],
        str(figure.get("runs", "")),
        seconds(figure.get("median_s")),
        spread,
        floor,
        "—" if ratio is None else f"{ratio:.2f}×",
        "—" if rss is None else f"{rss:.0f} MB",
        target_text(figure) or "—",
        verdict(figure),
    ]


def format_table(figures: Sequence[Figure], machine: str = "") -> str:
    """One aligned plain-text table, then notes and errors, then the machine line."""
    rows = [list(COLUMNS)] + [cells(figure) for figure in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    notes = [
        f"- {figure['name']}: {figure.get('error') or figure.get('note')}"
        for figure in figures
        if figure.get("error") or figure.get("note")
    ]
    if notes:
        lines += ["", *notes]
    if machine:
        lines += ["", machine]
    return "\n".join(lines)
