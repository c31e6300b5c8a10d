"""Spare PySide its per-module source scan at start-up.

Once PySide is loaded, every `import` statement in the process goes through its
`__feature__` hook, which, for any module it has not met yet, reads that module's whole
source to see whether it mentions PySide6 (PYSIDE-2029: a module may opt into `snake_case`
or `true_property`), re-imports of modules loaded before PySide included. reader never
opts into a feature, so the hook's answer is known in advance: our own modules get 0
("uses PySide, no features"), the standard library -1 ("ignore"). Both are the values the
scan itself would store; nothing else changes. Whether it is done, and what it saves: the
switch `SKIP_PYSIDE_SOURCE_SCAN`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

SKIP_PYSIDE_SOURCE_SCAN = True
"""The one switch for this module's trick, which reaches into PySide internals (its
`__feature__.pyside_feature_dict`). It still earns its place: measured 2026-12-05 on the
2-core machine, 10 alternating launches each way to the first paint (seed library,
offscreen, timing PySide's scan function), the hook's work before the first paint took
12.6 ms with the switch off (95 modules scanned) and 8.1 ms with it on (66 scanned,
declaring costs 0.4 ms): ~4.5 ms saved, about 2.5% of the launch's CPU time to first paint,
which sits at its 1.3x limit. Turn it off if a PySide upgrade changes the hook."""

PACKAGE = "reader"
PACKAGE_DIR = Path(__file__).resolve().parents[2]
USES_PYSIDE = 0
IGNORE = -1


def package_modules(root: Path = PACKAGE_DIR, package: str = PACKAGE) -> Iterator[str]:
    """Dotted names of every module and package under `root`, without importing any."""
    yield package
    stack = [(str(root), package)]
    while stack:
        directory, prefix = stack.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir() and not entry.name.startswith(("_", ".")):
                    if os.path.exists(os.path.join(entry.path, "__init__.py")):
                        yield f"{prefix}.{entry.name}"
                        stack.append((entry.path, f"{prefix}.{entry.name}"))
                elif entry.name.endswith(".py") and entry.name != "__init__.py":
                    yield f"{prefix}.{entry.name[:-3]}"


def load_pyside() -> None:
    """Import PySide's widgets, then declare our modules. Import this module before PySide,
    so that it is not scanned either."""
    import PySide6.QtWidgets  # noqa: F401

    if SKIP_PYSIDE_SOURCE_SCAN:
        declare_modules()


def declare_modules() -> None:
    """Record the feature selection of our modules and the loaded standard library up
    front (nothing when this PySide has no such hook)."""
    feature = sys.modules.get("__feature__")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in package_modules():
        table.setdefault(name, USES_PYSIDE)
    stdlib = sys.stdlib_module_names
    for name in stdlib:
        table.setdefault(name, IGNORE)
    for name in list(sys.modules):
        if name.partition(".")[0] in stdlib:
            table.setdefault(name, IGNORE)
