"""Start-up bookkeeping for PySide's `__feature__` hook (see reader/ui/app/feature_scan.py)."""

from __future__ import annotations

import pkgutil
import sys

import reader
from reader.ui.app.feature_scan import IGNORE, USES_PYSIDE, declare_modules, package_modules


def test_package_modules_lists_every_module_without_importing_them() -> None:
    walked = {
        info.name
        for info in pkgutil.walk_packages(reader.__path__, prefix="reader.")
        if not info.name.rsplit(".", 1)[-1].startswith("_")
    }
    listed = set(package_modules())
    assert walked <= listed
    assert {"reader", "reader.ui.app.main_window", "reader.core.classify.segments"} <= listed
    assert all(name == "reader" or name.startswith("reader.") for name in listed)


def test_declared_modules_are_never_scanned() -> None:
    import PySide6.QtCore  # noqa: F401  (installs the hook)

    table = sys.modules["__feature__"].pyside_feature_dict
    declare_modules()
    assert table["reader.ui.app.main_window"] == USES_PYSIDE
    assert table["json"] == IGNORE
    feature = sys.modules["shibokensupport.feature"]
    scanned: list[str] = []
    original = feature._mod_uses_pyside
    feature._mod_uses_pyside = lambda module: scanned.append(module.__name__) or True  # type: ignore[attr-defined]
    try:
        from textwrap import dedent  # noqa: F401  (the hook sees the module `from` names)

        from reader.ui.library.search_dialog import SearchDialog  # noqa: F401
    finally:
        feature._mod_uses_pyside = original  # type: ignore[attr-defined]
    assert "reader.ui.library.search_dialog" not in scanned and "textwrap" not in scanned


def test_the_switch_off_leaves_pysides_table_alone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app import feature_scan

    calls: list[bool] = []
    monkeypatch.setattr(feature_scan, "declare_modules", lambda: calls.append(True))
    monkeypatch.setattr(feature_scan, "SKIP_PYSIDE_SOURCE_SCAN", False)
    feature_scan.load_pyside()
    assert calls == []
    monkeypatch.setattr(feature_scan, "SKIP_PYSIDE_SOURCE_SCAN", True)
    feature_scan.load_pyside()
    assert calls == [True]
