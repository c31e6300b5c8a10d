"""reader/core must never import Qt: the CLI, benchmarks and tests rely on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "reader" / "core"


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            qt = {"PySide6", "PyQt6", "shiboken6"}
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in qt]
    assert offenders == []


def test_importing_core_and_cli_loads_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, reader.core, reader.cli.main\n"
        "for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(any(name.startswith('PySide6') for name in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
