"""Relations and kind shares in the library, and the provenance panel, in the real app from
keys: labels read from the stored relations (nothing classified in this session), share
bars with their percentages in words, the panel listing the open document's relatives,
opening one with Enter and comparing with it with Ctrl+Shift+C."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from reader.core.compare.relatives import stored_relatives
from reader.ui.library.model import LibraryModel
from reader.ui.library.share_bar import bar_pieces
from tests.conftest import ORIGINAL, REPUBLISHED
from tests.keyboard_helpers import active_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _library_pair(core, tmp_path: Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The seed pair imported as ordinary files (classified by the import, as `reader add`
    does), before any window exists."""
    paths = []
    for seed, name in ((ORIGINAL, "original.txt"), (REPUBLISHED, "copy.txt")):
        target = tmp_path / name
        shutil.copy(seed, target)
        paths.append(str(target))
    core.library.add_files(paths)
    original = core.library.id_for_path(paths[0])
    copy = core.library.id_for_path(paths[1])
    assert original is not None and copy is not None
    return original, copy


def _cell(window, doc_id: int, column: int, role: Qt.ItemDataRole) -> object:  # type: ignore[no-untyped-def]
    model: LibraryModel = window.library_model
    return model.data(model.index(model.row_of(doc_id), column), role)


def test_library_says_what_each_document_is_from_the_store(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original, copy = _library_pair(core, tmp_path)
    window = active_window(qtbot, core)
    title = LibraryModel.TITLE
    # read with the rows, at once: no classification has run in this session
    copy_title = _cell(window, copy, title, Qt.ItemDataRole.DisplayRole)
    assert isinstance(copy_title, str) and copy_title.startswith("copy · NATO")
    about = _cell(window, copy, title, Qt.ItemDataRole.ToolTipRole)
    assert isinstance(about, str)
    assert "Copy of NATO Secretary General" in about and "(5 additions, 4 omissions" in about
    assert str(_cell(window, original, title, Qt.ItemDataRole.DisplayRole)).startswith(
        "original — 1 copy · "
    )
    spoken = _cell(window, copy, title, Qt.ItemDataRole.AccessibleTextRole)
    assert "copy of NATO" in str(spoken) and "commentary" in str(spoken)


def test_share_bar_says_its_percentages(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original, copy = _library_pair(core, tmp_path)
    window = active_window(qtbot, core)
    tip = str(_cell(window, copy, LibraryModel.COMMENTARY, Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("Reporting ") and ", commentary 2" in tip and "furniture" in tip
    entry = core.library.entry(copy)
    assert entry is not None and entry.shares is not None
    reporting, commentary, furniture = entry.shares
    assert abs(reporting + commentary + furniture - 1.0) < 0.01 and commentary > 0.1
    # the delegate paints without reading anything more (a grab paints every visible row)
    assert not window.library_panel.view.grab().isNull()


def test_bar_pieces_fill_the_bar_in_kind_order() -> None:
    pieces = bar_pieces((0.7, 0.2, 0.1), 100)
    assert [kind for kind, _, _ in pieces] == ["reporting", "commentary", "furniture"]
    assert pieces[0][1] == 0 and sum(size for _, _, size in pieces) == 100
    assert [x for _, x, _ in pieces] == [0, 70, 90]
    tiny = bar_pieces((0.998, 0.0, 0.002), 40)
    assert [kind for kind, _, _ in tiny] == ["reporting", "furniture"] and tiny[-1][2] >= 1
    assert bar_pieces((0.0, 0.0, 0.0), 40) == []


def test_provenance_panel_from_keys(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original, copy = _library_pair(core, tmp_path)
    window = active_window(qtbot, core)
    panel = window.compare.panel
    assert window.library_panel.select_document(copy)
    # read on a worker: the panel lists the copy's relatives once its answer arrives
    qtbot.waitUntil(lambda: panel.isVisible() and panel.list.item(0).text().startswith(
        "Original: NATO Secretary General"))
    first = panel.list.item(0).text()
    assert "this copy added 5, left out 4, changed 1" in first
    assert panel.heading.text().startswith("Relatives: 1 original")
    # Ctrl+Shift+R goes to the list; Enter opens the original
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_R, CTRL_SHIFT)
    assert panel.list.hasFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reading_view.current is not None
                    and window.reading_view.current.path == str(tmp_path / "original.txt"))
    qtbot.waitUntil(lambda: panel.list.count() > 0 and panel.list.item(0).text().startswith(
        "Copy: NATO"))
    # from the original's panel, Ctrl+Shift+C compares with the chosen copy, original left
    qtbot.keyClick(window.reading_view, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.keyClick(panel.list, Qt.Key.Key_C, CTRL_SHIFT)
    compare = window.compare.window
    qtbot.waitUntil(compare.isVisible)
    assert compare.doc_ids == (original, copy)
    # the header reads "Comparing…" until the worker's alignment arrives
    qtbot.waitUntil(lambda: compare.header.text().startswith("Original: "))
    qtbot.waitUntil(compare.view.hasFocus)
    qtbot.keyClick(compare.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not compare.isVisible())


def test_a_document_without_relatives_has_no_panel(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lone = tmp_path / "garden.txt"
    lone.write_text("Tomatoes want sun, water and patience in equal measure.\n", "utf-8")
    core.library.add_files([str(lone)])
    doc_id = core.library.id_for_path(lone)
    assert doc_id is not None and stored_relatives(core.library, doc_id).relatives == []
    window = active_window(qtbot, core)
    assert window.library_panel.select_document(doc_id)
    qtbot.waitUntil(lambda: window.reading_view.current is not None)
    assert not window.compare.panel.isVisible()
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_R, CTRL_SHIFT)
    assert "No original, copy, sibling" in window.statusBar().currentMessage()


def test_original_opens_its_comparison_from_one_made_ahead(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Opening a document with a stored relative compares the two in the background, so
    Ctrl+Shift+C shows that comparison instead of aligning on the GUI thread."""
    original, copy = _library_pair(core, tmp_path)
    window = active_window(qtbot, core)
    feature = window.compare
    assert window.library_panel.select_document(original)
    qtbot.waitUntil(lambda: feature._prefetched[0] == (original, copy)
                    and feature._prefetched[1] is not None, timeout=10000)
    made = feature._prefetched[1]
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_C, CTRL_SHIFT)
    qtbot.waitUntil(feature.window.isVisible)
    assert feature.window.comparison is made
    assert [op.op for op in made.ops].count("added") >= 4
