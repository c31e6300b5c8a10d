"""The standalone bundle's contents plan: nothing the app imports is left out, junk is."""

from __future__ import annotations

import re
from pathlib import Path

from tests.packaging_files import load

plan = load("bundle_plan")
REPO = Path(__file__).resolve().parents[2]


def test_finds_both_import_styles(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from PySide6.QtSvg import QSvgRenderer\n")
    (tmp_path / "b.py").write_text("from PySide6 import QtPrintSupport, QtSvgWidgets\n")
    used = plan.qt_modules_used(tmp_path)
    assert {"QtSvg", "QtPrintSupport", "QtSvgWidgets", "QtCore", "QtGui", "QtWidgets"} <= used


def test_never_excludes_a_qt_module_the_app_imports() -> None:
    imported = set()
    for path in (REPO / "reader").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    excluded = plan.qt_excludes(plan.available_qt_modules(), plan.qt_modules_used())
    assert imported, "the app imports Qt somewhere"
    assert not {f"PySide6.{name}" for name in imported} & set(excluded)
    assert "PySide6.QtQml" in excluded and "PySide6.QtQuick" in excluded


def test_subcommand_modules_are_hidden_imports() -> None:
    modules = plan.app_modules()
    assert "reader.cli.library" in modules and "reader.cli.main" in modules


def test_data_files_cover_seeds_and_icons_under_reader() -> None:
    pairs = plan.data_files()
    sources = {Path(source) for source, _ in pairs}
    assert set((REPO / "seeds").glob("*.txt")) <= sources
    assert set((REPO / "resources" / "icons").rglob("*.png")) <= sources
    assert set((REPO / "reader" / "core" / "classify" / "vocab").glob("*.json")) <= sources
    assert all(dest.startswith("reader/") for _, dest in pairs)
    assert not any("__pycache__" in source or source.endswith(".py") for source, _ in pairs)
    assert not [s for s in sources if s.suffix == ".py"]


def test_prune_drops_unwanted_plugins_and_libraries_only_they_needed() -> None:
    binaries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/src/libQt6XcbQpa.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"),
        ("libcairo.so.2", "/lib/libcairo.so.2", "BINARY"),
        ("libpng16.so.16", "/lib/libpng16.so.16", "BINARY"),
        ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", "/src/libtuio.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/src/libQt6Network.so.6", "BINARY"),
    ]
    links = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6", "libpng16.so.16"],
        "/src/libqxcb.so": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6"],
        "/src/libqgtk3.so": ["libcairo.so.2", "libpng16.so.16"],
        "/src/libtuio.so": ["libQt6Network.so.6"],
    }
    kept = {entry[0] for entry in plan.prune_binaries(binaries, lambda s: links.get(s, []))}
    assert kept == {
        "PySide6/QtGui.abi3.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libpng16.so.16",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    }


def test_prune_datas_drops_dangling_symlinks_and_unused_translations(tmp_path: Path) -> None:
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/src/core", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_de.qm", "/src/qtbase_de.qm", "DATA"),
        ("reader/seeds/a.txt", "/src/a.txt", "DATA"),
    ]
    (tmp_path / "app.py").write_text("print('no translator')\n")
    kept = [entry[0] for entry in plan.prune_datas(datas, binaries, tmp_path)]
    assert kept == ["libQt6Core.so.6", "reader/seeds/a.txt"]
    (tmp_path / "i18n.py").write_text("from PySide6.QtCore import QTranslator\n")
    assert len(plan.prune_datas(datas, binaries, tmp_path)) == 3
