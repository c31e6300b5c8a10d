"""Starting the GUI: open the services, build the window, handle command-line paths."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from reader import APP_ID, APP_NAME, __version__
from reader.core.context import CoreContext, open_context
from reader.core.store import StoreError

FIRST_PAINT_ENV = "READER_PRINT_FIRST_PAINT"


def _open_paths(core: CoreContext, paths: list[str]) -> tuple[int | None, list[str]]:
    """Add files named on the command line; returns the first one's id and any problems."""
    result = core.library.add_files([Path(p) for p in paths])
    problems = [f"{error.path}: {error.reason}" for error in result.failed]
    opened = result.added + result.refreshed + result.unchanged
    return (opened[0] if opened else None), problems


def create_window(core: CoreContext, paths: list[str] | None = None):  # type: ignore[no-untyped-def]
    """Build the main window on an open core context (tests use this directly)."""
    from reader.ui.context import make_app_context
    from reader.ui.main_window import MainWindow

    core.library.ensure_seeds()
    # Files open at once (the first is shown); folders import in the background.
    folders = [p for p in paths or [] if Path(p).is_dir()]
    first_id, problems = _open_paths(core, [p for p in paths or [] if p not in folders])
    window = MainWindow(make_app_context(core))
    window.open_initial_document(first_id)
    if folders:
        window.library_feature.import_paths(folders)
    for message in core.warnings + problems:
        print(f"reader: {message}", file=sys.stderr)
        window.show_problem(message)
    if core.warnings:
        window.show_warning_dialog("\n\n".join(core.warnings))
    return window


def run_gui(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    try:
        core = open_context(args.data_dir)
    except StoreError as error:
        print(f"reader: {error.message}", file=sys.stderr)
        QMessageBox.critical(None, "reader", error.message)
        return 1
    window = create_window(core, args.paths)

    if args.print_first_paint or os.environ.get(FIRST_PAINT_ENV) or args.smoke:

        def on_first_paint() -> None:
            if args.print_first_paint or os.environ.get(FIRST_PAINT_ENV):
                print(f"first-paint {time.time():.6f} {time.perf_counter() - started:.6f}",
                      flush=True)
            if args.smoke:
                print(f"smoke ok: {window.reading_view.current.title}", flush=True)
                window.close()
                app.quit()

        window.reading_view.first_painted.connect(on_first_paint)
    window.show()
    status = app.exec()
    core.close()
    return int(status)
