"""Spare PySide its per-module source scan at start-up.

Once PySide is loaded, every `import` statement in the process goes through its
`__feature__` hook, which, for any module it has not met yet, reads that module's whole
source to see whether it mentions PySide6 (PYSIDE-2029: a module may opt into `snake_case`
or `true_property`). Our start-up met 65 modules that way (re-imports of modules loaded
before PySide count too), 8.6 ms before the first paint. reader never opts into a feature,
so the hook's answer is known in advance: our own modules get 0 ("uses PySide, no
features"), the standard library -1 ("ignore"). Both are the values the scan itself would
store; nothing else changes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

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
