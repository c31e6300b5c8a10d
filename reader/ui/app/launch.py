"""The start-up: open the services, build the window in stages, handle command-line paths.

This module owns the staged build and the launch-speed rules (launch must stay within 1.3x
of a bare PySide window's first paint; `python -m benchmarks` measures it). The rules, each
enforced by a test where one can be (tests/ui/test_startup.py):

1. Collection is held off from the first line (`gc_collector.hold_for_startup`); from then
   on gc has one owner, the window's `MainThreadCollector` (tests/ui/test_gc_owner.py).
2. The Qt-free core loads first; then `feature_scan`, before any PySide module, so PySide's
   `__feature__` hook never scans our sources (its switch and figure: `feature_scan`).
   Tested: the import order of a real launch.
3. Before the first paint only what it shows is built: the library list, the reading pane
   with its passage kinds, the status bar, the menu bar's titles. Menus' actions, notes,
   find, navigation, import, search, the shortcut sheet, QtNetwork, the window icon, the
   signal wake-up socket and the library rows' delegates (share bars, the title's cut: the
   rows paint as plain text until then) come after it (`MainWindow.complete_startup`,
   `when_complete`). No Python call before it makes PySide build QStyle, a style option,
   an item delegate or QGradient (its enums: QStyle ~6 ms, QGradient's presets ~2 ms;
   `QBrush(colour)` and `QPainter.fillRect` build QGradient to choose an overload).
   Tested: which modules a real launch has imported, and which Qt classes PySide has
   built, at its first paint.
4. Nothing before the first paint asks a scroll area for its `viewport()`: PySide would
   build Python types for every QWidget subclass (~15 ms). Tested.
5. Nothing before the first paint writes settings that did not change (`remember`): a
   QSettings write is an fdatasync.
6. The window completes right after its first paint (`stage`), or `COMPLETION_FALLBACK_MS`
   after it is shown if nothing paints (a big document still loading, a minimised start).
7. No widget built before the first paint handles a generic event in Python (an `event()`
   or `eventFilter()` override; typed handlers such as `paintEvent` are fine): the first
   one makes PySide build a Python type for every QEvent subclass (~45 types, ~2 ms, and a
   Python call per event after). Tooltips go through the view's `HoverHelp`, installed
   after the paint. Tested: no rare event type exists at the first paint.
8. A store that needs migrating is migrated on a worker before the window is built, under
   a progress dialog the GUI thread keeps painting (`migration.migrate_with_progress`); a
   current store only has its schema version read, and the migration module is not even
   imported. Tested: a real launch of an older store, and a slow migration under a live
   event loop.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.context import CoreContext, open_context
from reader.core.library.documents import AddResult
from reader.core.notes.link_scheme import is_reader_link
from reader.core.store.database import StoreAccessError, StoreError
from reader.core.store.paths import data_dir, restrict_data_dir
from reader.core.text.terminal import shown

if TYPE_CHECKING:  # Qt modules load inside run_gui, after the Qt-free core
    from reader.ui.app.main_window import MainWindow
    from reader.ui.app.single_instance import InstanceServer

FIRST_PAINT_ENV = "READER_PRINT_FIRST_PAINT"
COMPLETION_FALLBACK_MS = 400
"""Complete the window this long after it is shown even if nothing was painted yet."""
SINGLE_INSTANCE_ENV = "READER_SINGLE_INSTANCE"
"""Set to 0 to let a second reader run beside the first (both share the store safely)."""


def _describe(result: AddResult) -> tuple[int | None, list[str]]:
    problems = [f"{error.path}: {error.reason}" for error in result.failed]
    opened = result.added + result.refreshed + result.unchanged
    return (opened[0] if opened else None), problems


INLINE_ADD_BYTES = 64 * 1024
"""New or changed files named on the command line up to this size in all are added before
the window is built (a few ms, and the first paint shows the file). Bigger ones are added
on a worker once the window has painted, then shown: converting an HTML page can take a
second or two, and the first paint and the event loop must not wait on it."""


def _costly(core: CoreContext, paths: list[str]) -> bool:
    """Whether adding these files may take long: new or changed files over the budget (a
    file already stored and unchanged costs nothing; an unreadable one is reported at once)."""
    budget = INLINE_ADD_BYTES
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        doc_id = core.library.id_for_path(path)
        if doc_id is not None and core.library.file_state(doc_id) == (stat.st_size,
                                                                      stat.st_mtime):
            continue
        budget -= stat.st_size
        if budget < 0:
            return True
    return False


def _add_after_paint(window: MainWindow, paths: list[str]) -> None:
    """Add the files on a worker, then show the first one named (the hand-off's way)."""
    from reader.ui.app.handoff import HandoffReceiver

    names = ", ".join(Path(p).name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
    adding = f"Adding {names} to the library…"
    window.statusBar().showMessage(adding, 10000)
    receiver = HandoffReceiver(
        window, window.context.core, window.library_model, window.library_panel,
        window.show_problem, window.notes.open_link,
    )

    def added(_result: object) -> None:
        window.withdraw_message(adding)  # a problem reported meanwhile stays

    receiver.files_added.connect(added)
    receiver.add_in_background(paths)


def _open_paths(core: CoreContext, paths: list[str]) -> tuple[int | None, list[str]]:
    """Add files named on the command line; returns the first one's id and any problems."""
    if not paths:
        return None, []
    if core.read_only:
        return None, [f"{p}: not added, because the library is read-only" for p in paths]
    try:
        result = core.library.add_files([Path(p) for p in paths])
    except StoreAccessError as error:
        return None, [f"The files could not be added to the library ({error})."]
    return _describe(result)


def _open_link(window: MainWindow, link: str) -> None:
    window.notes.open_link(link)


def create_window(
    core: CoreContext, paths: list[str] | None = None, *, staged: bool = False
) -> MainWindow:
    """Build the main window on an open core context (tests use this directly).

    `staged`: build only what the first paint shows; the rest follows that paint."""
    from reader.ui.app.main_window import MainWindow
    from reader.ui.context import make_app_context

    if not core.read_only:
        core.library.ensure_seeds()
    # Files open at once (the first is shown) unless they are costly to add, when a worker
    # adds them after the first paint; folders import in the background; a reader:// link
    # opens its passage once the window is complete.
    links = [p for p in paths or [] if is_reader_link(p)]
    paths = [p for p in paths or [] if not is_reader_link(p)]
    folders = [p for p in paths if Path(p).is_dir()]
    files = [p for p in paths if p not in folders]
    later = files if files and not core.read_only and _costly(core, files) else []
    first_id, problems = _open_paths(core, [] if later else files)
    window = MainWindow(make_app_context(core), staged=staged)
    if staged:
        stage(window)
    if core.read_only:
        from PySide6.QtWidgets import QLabel

        from reader.ui.plain_text import tooltip

        badge = QLabel("Read-only")
        badge.setObjectName("read_only_badge")
        badge.setToolTip(tooltip(core.read_only))
        window.statusBar().addPermanentWidget(badge)
    window.open_initial_document(first_id)
    window.when_complete(window.classification.request_all_unclassified)
    if later:
        window.when_complete(lambda: _add_after_paint(window, later))
    if folders:
        window.when_complete(lambda: window.library_feature.import_paths(folders))
    for link in links:
        window.when_complete(functools.partial(_open_link, window, link))
    for message in core.warnings + problems:
        print(f"reader: {shown(message)}", file=sys.stderr)
        window.show_problem(message)
    if core.warnings:
        window.show_warning_dialog("\n\n".join(core.warnings))
    return window


def stage(window: MainWindow) -> None:
    """Complete the window on the turn of the event loop after its first paint."""
    from PySide6.QtCore import QTimer

    window.reading_view.first_painted.connect(
        lambda: QTimer.singleShot(0, window.complete_startup)
    )


def run_gui(
    args: argparse.Namespace, *, when_started: Callable[[MainWindow], object] | None = None
) -> int:
    """Run the app until its window closes. `when_started(window)`: an embedder's step once
    every feature is built (the crash tests drive the real app with one)."""
    started = time.perf_counter()
    from reader.ui.app import gc_collector  # Qt-free: no collections from here on

    gc_collector.hold_for_startup()
    from reader.ui.app.feature_scan import load_pyside

    load_pyside()  # before the other reader.ui imports
    from reader.ui.app.application import make_application, set_window_icon

    app = make_application()
    lock = None
    name = ""
    if os.environ.get(SINGLE_INSTANCE_ENV, "1") != "0" and not args.smoke:
        from reader.ui.app.instance_lock import (
            CannotLock,
            UnsafeSocketDir,
            acquire_primary,
            server_name,
        )

        root = data_dir(args.data_dir)
        try:
            name = server_name(root)
        except UnsafeSocketDir as error:
            name = ""  # no hand-offs either way: never a socket another user could own
            print(f"reader: {shown(error)}; running on its own", file=sys.stderr)
        try:
            lock = acquire_primary(root)
        except CannotLock as error:  # not another reader: no hand-off to wait for
            print(f"reader: {shown(error)}; running on its own", file=sys.stderr)
            lock, name = None, ""
        if lock is None and name:
            from reader.ui.app.single_instance import hand_off

            if name and hand_off(name, list(args.paths)):
                print("reader: handed over to the reader already running", file=sys.stderr)
                return 0
            print("reader: another reader on this library does not answer; running beside "
                  "it (both share the library safely)", file=sys.stderr)
    _migrate_first(args.data_dir)  # rule 8
    try:
        core = open_context(args.data_dir, defer_check=True)  # checked once the window is up
    except StoreError as error:
        print(f"reader: {shown(error.message)}", file=sys.stderr)
        if not args.smoke:  # an install check has nobody to click OK
            from reader.ui.plain_text import critical

            critical(None, "reader", error.message)
        if lock is not None:
            lock.unlock()
        return 1
    window = create_window(core, args.paths, staged=True)
    from reader.ui.app.termination import Termination

    termination = Termination(app, window)
    window.when_complete(termination.arm)
    window.when_complete(set_window_icon)
    servers: list[InstanceServer] = []
    if lock is not None and name:
        window.when_complete(lambda: servers.extend(_serve_handoffs(window, name)))

    def after_startup() -> None:
        if args.smoke:
            current = window.reading_view.current
            print(f"smoke ok: {current.title if current else 'no document to show'}",
                  flush=True)
            window.close()
            app.quit()

    window.when_complete(after_startup)
    if when_started is not None:
        window.when_complete(lambda: when_started(window))
    if args.print_first_paint or os.environ.get(FIRST_PAINT_ENV):

        def on_first_paint() -> None:
            print(f"first-paint {time.time():.6f} {time.perf_counter() - started:.6f}",
                  flush=True)

        window.reading_view.first_painted.connect(on_first_paint)
    window.show()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(COMPLETION_FALLBACK_MS, window.complete_startup)  # rule 6
    status = app.exec()
    termination.uninstall()
    if args.print_first_paint or os.environ.get(FIRST_PAINT_ENV):
        from reader.core.peak_memory import own_peak_mb

        print(f"peak-rss {own_peak_mb():.1f}", flush=True)
    for server in servers:
        server.close()
    if lock is not None:
        lock.unlock()
    core.close()
    restrict_data_dir(core.data_dir)
    return int(status)


def _migrate_first(override: str | None) -> None:
    """A store an older reader wrote is migrated on a worker under a progress dialog before
    the window is built (half a minute at 100,000 documents: never on the GUI thread). A
    current store costs one read of its schema version here."""
    from reader.core.store.database import pending_migrations
    from reader.core.store.paths import store_path

    try:
        store = store_path(data_dir(override))
    except OSError:
        return  # opening the store says what is wrong
    if pending_migrations(store):
        from reader.ui.app.migration import migrate_with_progress

        migrate_with_progress(store)


def _serve_handoffs(window: MainWindow, name: str) -> list[InstanceServer]:
    """Listen for later launches (after the first paint: QtNetwork is not needed before)."""
    from reader.ui.app.handoff import HandoffReceiver
    from reader.ui.app.single_instance import InstanceServer

    server = InstanceServer(name)
    if not server.listen():
        message = (f"Later launches cannot hand their files to this window "
                   f"({server.server.errorString()}); each runs on its own.")
        print(f"reader: {shown(message)}", file=sys.stderr)
        window.show_problem(message)
        return []
    receiver = HandoffReceiver(
        window, window.context.core, window.library_model, window.library_panel,
        window.show_problem, window.notes.open_link,
    )
    server.paths_received.connect(receiver.on_paths_received)
    return [server]
