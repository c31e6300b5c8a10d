"""What goes into the standalone bundle, worked out from the source tree (no PyInstaller import).

`reader.spec` calls these; tests call them too, so a new Qt module or a new data folder is
picked up (or caught) without anyone remembering to edit the spec.

Not a package: `packaging` is also the name of a PyPI library, so this file is loaded by path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

QT_IMPORT = re.compile(r"\bPySide6\.(Qt\w+)|\bfrom\s+PySide6\s+import\s+([\w\s,()]+)")
ALWAYS_QT = frozenset({"QtCore", "QtGui", "QtWidgets"})
QT_NEEDS = {
    # Python-level dependencies between PySide6 modules: keeping one keeps these too.
    "QtSvgWidgets": {"QtSvg"},
    "QtOpenGLWidgets": {"QtOpenGL"},
    "QtQuickWidgets": {"QtQuick", "QtQml"},
    "QtQuick": {"QtQml"},
    "QtQuickControls2": {"QtQuick", "QtQml"},
    "QtWebEngineWidgets": {"QtWebEngineCore", "QtWebChannel", "QtNetwork", "QtPrintSupport"},
}
DATA_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".svg", ".png", ".qss", ".json"})
STDLIB_EXCLUDES = (
    "tkinter",
    "unittest",
    "pydoc",
    "pydoc_data",
    "doctest",
    "lib2to3",
    "xmlrpc",
    "ensurepip",
    "idlelib",
    "distutils",
    "setuptools",
    "pip",
)


def qt_modules_used(source: Path = REPO / "reader") -> set[str]:
    """Every `PySide6.QtX` module the app's code imports, plus what those need."""
    used = set(ALWAYS_QT)
    for path in source.rglob("*.py"):
        for dotted, listed in QT_IMPORT.findall(path.read_text(encoding="utf-8")):
            if dotted:
                used.add(dotted)
            used.update(re.findall(r"Qt\w+", listed))
    for name in list(used):
        used |= QT_NEEDS.get(name, set())
    return used


def qt_excludes(available: set[str], used: set[str]) -> list[str]:
    """PySide6 modules to leave out: everything installed that the app never imports."""
    return sorted(f"PySide6.{name}" for name in available - used)


def available_qt_modules() -> set[str]:
    """The PySide6 binding modules installed next to the running interpreter."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(next(iter(spec.submodule_search_locations)))
    return {path.name.split(".")[0] for path in folder.glob("Qt*.so")} | {
        path.name.split(".")[0] for path in folder.glob("Qt*.pyd")
    }


def app_modules(source: Path = REPO / "reader") -> list[str]:
    """Dotted names of every module in `reader/`: subcommands are imported by name at run
    time (`reader.cli.main.SUBCOMMAND_MODULES`), which PyInstaller's static analysis cannot see."""
    names = []
    for path in sorted(source.rglob("*.py")):
        parts = path.relative_to(source.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def data_files(repo: Path = REPO) -> list[tuple[str, str]]:
    """(source file, destination folder) for the seeds and resources, laid out as
    `reader/seeds` and `reader/resources`, where `reader.core.store.paths.bundled_dir` looks when
    frozen, and the data files inside reader's packages. Code and caches are left out."""
    pairs = []
    for folder in ("seeds", "resources"):
        root = repo / folder
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix.lower() in DATA_SUFFIXES:
                destination = Path("reader") / folder / path.parent.relative_to(root)
                pairs.append((str(path), destination.as_posix()))
    # Data inside the code's own packages (the classifier's vocabulary tables), where
    # `importlib.resources.files(package)` finds them in the bundle too.
    code = repo / "reader"
    for path in sorted(code.rglob("*")):
        if (path.is_file() and path.suffix.lower() in DATA_SUFFIXES
                and "__pycache__" not in path.parts):
            destination = Path("reader") / path.parent.relative_to(code)
            pairs.append((str(path), destination.as_posix()))
    return pairs


# Qt plugins a desktop app never loads: embedded/kiosk platforms (eglfs, linuxfb, vnc, KMS),
# raw evdev/TUIO input (TUIO drags in QtNetwork), and the GTK3 platform theme, which would pair
# the host's libgtk-3 with the bundle's own copies of glib/cairo/pango: a known crash source.
DROPPED_PLUGINS = (
    "egldeviceintegrations/",
    "generic/",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqvnc.so",
    "platformthemes/libqgtk3.so",
)
PLUGINS_DIR = "PySide6/Qt/plugins/"
TRANSLATIONS_DIR = "PySide6/Qt/translations/"

TocEntry = tuple[str, str, str]  # (destination, source, typecode), as PyInstaller keeps them


def is_dropped_plugin(destination: str) -> bool:
    if not destination.startswith(PLUGINS_DIR):
        return False
    return destination[len(PLUGINS_DIR) :].startswith(DROPPED_PLUGINS)


def prune_binaries(
    binaries: list[TocEntry], needed: Callable[[str], Iterable[str]]
) -> list[TocEntry]:
    """Drop the unwanted plugins, then every shared library nothing kept still links to.

    Roots are Python extensions, the kept plugins and the interpreter's own library; a plain
    library (Qt's or the system's) stays only if some root needs it, directly or not.
    `needed(source)` gives the library names a binary links against (ldd, transitively).
    """
    kept = [entry for entry in binaries if not is_dropped_plugin(entry[0])]
    by_name = {Path(entry[0]).name: entry for entry in kept}

    def is_root(entry: TocEntry) -> bool:
        destination, _, typecode = entry
        return (
            typecode == "EXTENSION"
            or destination.startswith(PLUGINS_DIR)
            or Path(destination).name.startswith(("libpython", "libpyside", "libshiboken"))
        )

    reached: set[str] = set()
    pending = [entry for entry in kept if is_root(entry)]
    while pending:
        entry = pending.pop()
        if entry[0] in reached:
            continue
        reached.add(entry[0])
        for name in needed(entry[1]):
            dependency = by_name.get(Path(name).name)
            if dependency is not None and dependency[0] not in reached:
                pending.append(dependency)
    return [entry for entry in kept if entry[0] in reached]


def prune_datas(
    datas: list[TocEntry], binaries: list[TocEntry], source: Path = REPO / "reader"
) -> list[TocEntry]:
    """Drop symlinks to pruned libraries, and Qt's translations unless the app installs a
    QTranslator (it does not yet: nothing would ever load them)."""
    present = {entry[0] for entry in binaries}
    uses_translator = any(
        "QTranslator" in path.read_text(encoding="utf-8") for path in source.rglob("*.py")
    )
    kept = []
    for entry in datas:
        destination, target, typecode = entry
        if typecode == "SYMLINK" and target not in present:
            continue
        if destination.startswith(TRANSLATIONS_DIR) and not uses_translator:
            continue
        kept.append(entry)
    return kept
