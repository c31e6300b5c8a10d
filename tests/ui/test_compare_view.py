"""The comparison window driven from keys in the real app, on the seed pair and on a
reworded copy: open it, step through differences, switch sides, expand an omission, open a
document at the passage, and close back to where you were."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from reader.core.compare.ops import Comparison
from reader.ui.reading.passage_style import STYLES
from tests.conftest import ORIGINAL, REPUBLISHED
from tests.keyboard_helpers import active_window

REWORDED = Path(__file__).resolve().parent.parent / "data" / "compare" / "reworded_copy.txt"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _open(qtbot, core, path: Path):  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    doc_id = core.library.id_for_path(path)
    assert doc_id is not None and window.library_panel.select_document(doc_id)
    window.reading_view.setFocus()
    return window, doc_id


def _compare(qtbot, window):  # type: ignore[no-untyped-def]
    compare = window.compare.window
    qtbot.keyClick(window.reading_view, Qt.Key.Key_C, CTRL_SHIFT)
    qtbot.waitUntil(compare.isVisible)
    assert compare.isVisible(), window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: compare.view.hasFocus())
    qtbot.waitUntil(lambda: compare.comparison is not None)  # cold: compared in a worker
    return compare


def test_seed_pair_from_keys(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, copy_id = _open(qtbot, core, REPUBLISHED)
    compare = _compare(qtbot, window)
    view = compare.view
    # the first screenful is painted at once, the rest fills in between events
    qtbot.waitUntil(lambda: compare.table is not None and compare.table.complete)
    table_text = view.toPlainText()
    assert table_text.count("Comment:") >= 4
    assert "Original:" in compare.header.text() and "Copy:" in compare.header.text()
    kinds = [row.op.op for row in compare.rows]
    assert kinds.count("added") >= 4 and "left-out" in kinds
    # D walks the differences in reading order; the status line says where we are.
    qtbot.keyClick(view, Qt.Key.Key_D)
    first = compare.current_op()
    assert first is not None and first.op != "same"
    assert compare.status.text().startswith("Difference 1 of")
    seen = [first.op]
    for _ in range(len(compare.differences()) - 1):
        qtbot.keyClick(view, Qt.Key.Key_D)
        op = compare.current_op()
        assert op is not None
        seen.append(op.op)
    assert seen.count("added") == kinds.count("added")
    # the last difference is the credit line the copy dropped; E unfolds it in place
    last = compare.current_op()
    assert last is not None and last.op == "left-out"
    assert compare.column == 0
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert compare.is_expanded(compare.current)
    assert "AP writers Samuel Petrequin" in view.textCursor().selectedText()
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert not compare.is_expanded(compare.current)
    # Shift+D goes back; S switches to the copy's column
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert compare.status.text().startswith(f"Difference {len(seen) - 1} of")
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert compare.column == 2 and "copy side" in compare.status.text()
    # Esc closes back to the reading pane, on the same document
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not compare.isVisible())
    assert window.reading_view.current.path == str(REPUBLISHED)


def test_open_the_original_at_the_passage_from_the_comparison(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, copy_id = _open(qtbot, core, REPUBLISHED)
    compare = _compare(qtbot, window)
    view = compare.view
    while True:  # to the first matched passage the copy changed... or to a left-out one
        qtbot.keyClick(view, Qt.Key.Key_D)
        op = compare.current_op()
        assert op is not None
        if op.op == "left-out":
            break
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not compare.isVisible())
    reading = window.reading_view
    assert reading.current.path == str(ORIGINAL)
    assert reading.caret_offset() == op.a_start
    # Alt+Left: back to the copy where we were; Alt+Right: forward to the original again
    qtbot.waitUntil(lambda: window.isActiveWindow())
    copy_place = window.history.back_places[-1]
    assert copy_place.path == str(REPUBLISHED)
    qtbot.keyClick(reading, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert reading.current.path == str(REPUBLISHED)
    assert reading.caret_offset() == copy_place.offset
    qtbot.keyClick(reading, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert reading.current.path == str(ORIGINAL) and reading.caret_offset() == op.a_start
    qtbot.keyClick(reading, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert "Nothing to go forward to" in window.statusBar().currentMessage()


def test_reworded_copy_shows_words(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "reworded.txt"
    copy.write_text(REWORDED.read_text(encoding="utf-8"), encoding="utf-8")
    core.library.ensure_seeds()
    core.library.add_files([str(copy)])
    window, _ = _open(qtbot, core, copy)
    compare = _compare(qtbot, window)
    changed = [row for row in compare.rows if row.op.op == "changed"]
    assert changed
    view = compare.view
    qtbot.keyClick(view, Qt.Key.Key_D)
    while compare.current_op() is not None and compare.current_op().op != "changed":
        qtbot.keyClick(view, Qt.Key.Key_D)
    assert "changed:" in compare.status.text()
    # struck-out and underlined words are in the document, not only colours
    document = view.document()
    struck, underlined = set(), set()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().fontStrikeOut():
                struck.add(fragment.text())
            if fragment.charFormat().fontUnderline():
                underlined.add(fragment.text())
            it += 1
        block = block.next()
    assert "told reporters" in struck and "claimed" in underlined
    assert "baseless" in underlined
    assert any("moved" in row.op.op for row in compare.rows)


def test_a_document_with_no_relatives_says_so(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lone = tmp_path / "lone.txt"
    lone.write_text("A short note about gardening in spring, and nothing else.\n", "utf-8")
    core.library.ensure_seeds()
    core.library.add_files([str(lone)])
    window, _ = _open(qtbot, core, lone)
    qtbot.keyClick(window.reading_view, Qt.Key.Key_C, CTRL_SHIFT)
    # the candidates are compared in a worker: the GUI thread only says it is looking
    assert "Looking for" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "No original" in window.statusBar().currentMessage())
    assert not window.compare.window.isVisible()


def test_reading_pane_marks_changed_words_and_gaps(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "reworded.txt"
    copy.write_text(REWORDED.read_text(encoding="utf-8"), encoding="utf-8")
    core.library.ensure_seeds()
    core.library.add_files([str(copy)])
    window, _ = _open(qtbot, core, copy)
    marks = window.compare.marks
    qtbot.waitUntil(lambda: marks.comparison is not None)
    assert marks.original_path == str(ORIGINAL)
    provenance = window.compare.provenance.text()
    assert provenance.startswith("Copy of NATO Secretary General") and "left out" in provenance
    view = window.reading_view
    text = view.current.text
    claimed = text.index("claimed")
    assert "The original says “told reporters”" in view.hover_html(claimed + 2)
    baseless = text.index("baseless")
    assert "Not in the original" in view.hover_html(baseless)
    assert any(m.hover.startswith("Left out after this") and "Crimean" in m.hover
               for m in marks.marks)
    shown = view.layer("changes")
    assert shown and any(s.format.underlineStyle() == s.format.UnderlineStyle.DotLine
                         for s in shown)
    # Ctrl+Enter on the reworded sentence opens the original at its passage and flashes it
    view.go_to_offset(claimed)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.current.path == str(ORIGINAL)
    original = view.current.text
    assert original[view.caret_offset() :].startswith("“We will not compromise")
    assert view.layer("current")
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current.path == str(copy.resolve()) and view.caret_offset() == claimed


def test_library_says_which_is_the_copy_and_which_the_original(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, copy_id = _open(qtbot, core, REPUBLISHED)
    model = window.library_model
    original_id = core.library.id_for_path(ORIGINAL)
    qtbot.waitUntil(lambda: model.relation_of(copy_id) is not None, timeout=10000)
    copy_row = model.index(model.row_of(copy_id), model.TITLE)
    original_row = model.index(model.row_of(original_id), model.TITLE)
    assert copy_row.data().startswith("copy · ")
    assert "Copy of NATO Secretary General" in copy_row.data(Qt.ItemDataRole.ToolTipRole)
    assert "4 omissions" in copy_row.data(Qt.ItemDataRole.ToolTipRole)
    assert original_row.data().startswith("original — 1 copy · ")


def test_overview_strip_shows_the_make_up_and_scrolls(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, _ = _open(qtbot, core, REPUBLISHED)
    window.resize(1200, 500)
    strip = window.compare.strip
    view = window.reading_view
    qtbot.waitUntil(lambda: view.segments != [] and window.compare.marks.comparison is not None)
    assert strip.isVisible() and strip.width() > 0
    # beside the scroll bar, right of the text
    bar = view.verticalScrollBar()
    assert bar.isVisible()
    bar_left = bar.mapTo(view, QPoint(0, 0)).x()
    assert bar_left - 2 <= strip.geometry().right() < bar_left
    image = strip.picture()
    commentary = STYLES["commentary"].bar.rgb()
    lane = {image.pixelColor(1, y).rgb() for y in range(image.height())}
    assert commentary in lane
    builds = strip.builds
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    strip.repaint()
    assert strip.builds == builds  # scrolling redraws the frame, not the picture
    top = view.first_visible_offset()
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(5, strip.height() - 3))
    assert view.first_visible_offset() > top
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(5, 2))
    assert view.first_visible_offset() < top


def test_long_comparison_paints_its_first_rows_and_fills_the_rest(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import compare_texts
    from reader.ui.compare.table import FIRST_ROWS, first_rows
    from reader.ui.compare.window import CompareWindow

    a = "\n\n".join(f"Paragraph {n} tells of harbour {n} and its cranes, ships and quays."
                    for n in range(150))
    b = a.replace("Paragraph 140 tells", "Paragraph 140 claims")
    window = CompareWindow()
    qtbot.addWidget(window)
    comparison = compare_texts(a, b)
    window.show_comparison(comparison, (1, "A"), (2, "B"), QFont())
    assert window.table is not None and 0 < window.table.filled <= FIRST_ROWS
    assert first_rows(comparison) == FIRST_ROWS  # short rows: twelve fit the default screen
    window.step(1)  # the only difference is far past the first rows: filled on demand
    op = window.current_op()
    assert op is not None and op.op == "changed" and window.current == 140
    assert "claims" in window.view.textCursor().selectedText()
    qtbot.waitUntil(lambda: window.table is not None and window.table.complete)


def test_compare_any_two_documents_picked_in_the_library(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window, copy_id = _open(qtbot, core, REPUBLISHED)
    panel = window.library_panel
    qtbot.keyClick(window.reading_view, Qt.Key.Key_M, CTRL_SHIFT)
    assert "Select two documents" in window.statusBar().currentMessage()
    original_id = core.library.id_for_path(ORIGINAL)
    panel.select_document(copy_id)
    selection = panel.view.selectionModel()
    index = panel.proxy.mapFromSource(window.library_model.index(
        window.library_model.row_of(original_id), 0))
    selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert sorted(panel.selected_ids()) == sorted([copy_id, original_id])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_M, CTRL_SHIFT)
    compare = window.compare.window
    qtbot.waitUntil(lambda: compare.comparison is not None)
    assert compare.doc_ids == (original_id, copy_id)  # the original on the left


def test_why_this_kind_on_a_reworded_passage_quotes_the_original(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "reworded.txt"
    copy.write_text(REWORDED.read_text(encoding="utf-8"), encoding="utf-8")
    core.library.ensure_seeds()
    core.library.add_files([str(copy)])
    window, _ = _open(qtbot, core, copy)
    qtbot.waitUntil(lambda: window.compare.marks.comparison is not None)
    offset = window.reading_view.current.text.index("claimed")
    said = window.reading_pane.explanation(offset)
    assert "Reworded from the original, which says: ““We will not compromise" in said
    assert "told reporters" in said


def test_first_table_holds_about_a_screenful(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Long paragraphs fill a screen in fewer rows: the first paint lays out only those."""
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import compare_texts
    from reader.ui.compare.table import FIRST_ROWS, first_rows, screen_chars

    long = "\n\n".join(
        f"Paragraph {n} tells of harbour {n}, " + "its cranes, ships, quays and tides " * 12
        for n in range(40)
    )
    comparison = compare_texts(long, long.replace("Paragraph 30 tells", "Paragraph 30 says"))
    screen = screen_chars(900, 700, QFont())
    assert 1 < first_rows(comparison, screen) < FIRST_ROWS
    assert screen_chars(1800, 1400, QFont()) > 3 * screen
    assert first_rows(comparison, 10 * screen) == FIRST_ROWS


def _pick_pair(qtbot, core, tmp_path):  # type: ignore[no-untyped-def]
    """A lone document open, the seed original and a reworded copy of it picked in the
    library (neither open, so nothing has compared them yet: a cold open)."""
    lone = tmp_path / "lone.txt"
    lone.write_text("A short note about gardening in spring, and nothing else.\n", "utf-8")
    copy = tmp_path / "reworded.txt"
    copy.write_text(REWORDED.read_text(encoding="utf-8"), encoding="utf-8")
    second = tmp_path / "reworded_again.txt"  # a second pair, for a request after the first
    second.write_text(REWORDED.read_text("utf-8").replace("claimed", "insisted"), "utf-8")
    core.library.ensure_seeds()
    core.library.add_files([str(lone), str(copy), str(second)])
    window, _ = _open(qtbot, core, lone)
    ids = [core.library.id_for_path(path) for path in (ORIGINAL, copy)]
    _select_only(window, ids)
    return window, ids


def _select_only(window, ids):  # type: ignore[no-untyped-def]
    """Select these rows without making either current (which would open it)."""
    panel = window.library_panel
    selection = panel.view.selectionModel()
    flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
    for doc_id in ids:
        index = panel.proxy.mapFromSource(
            window.library_model.index(window.library_model.row_of(doc_id), 0)
        )
        selection.select(index, flags)
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    assert sorted(panel.selected_ids()) == sorted(ids)
    panel.view.setFocus()


def _answers_delivered(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every comparison started so far has finished and its answer reached the GUI thread
    (a task's answer is queued in order after those of tasks that finished before it)."""
    from PySide6.QtCore import QThreadPool

    from reader.ui.tasks import run_in_background

    QThreadPool.globalInstance().waitForDone()
    arrived: list[bool] = []
    run_in_background(lambda _report: True, arrived.append, lambda _error: None)
    qtbot.waitUntil(lambda: arrived == [True])


def _hold_pool():  # type: ignore[no-untyped-def]
    """Keep every pool thread busy until the returned event is set: the comparison asked
    for meanwhile waits its turn, as a long one would, so the test can act before it ends."""
    import threading

    from PySide6.QtCore import QThreadPool

    from reader.ui.tasks import run_in_background

    release = threading.Event()
    for _ in range(QThreadPool.globalInstance().maxThreadCount()):
        run_in_background(lambda _report: release.wait(20), lambda _r: None, lambda _e: None)
    return release


def test_cold_open_paints_at_once_then_fills_the_rows(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.compare.window import STILL_COMPARING

    window, (original_id, copy_id) = _pick_pair(qtbot, core, tmp_path)
    panel = window.library_panel
    release = _hold_pool()
    qtbot.keyClick(panel.view, Qt.Key.Key_M, CTRL_SHIFT)
    compare = window.compare.window
    qtbot.waitUntil(lambda: compare.view.hasFocus())
    # shown before the comparison is in: both texts, unaligned, and "Comparing…"
    assert compare.isVisible() and compare.pending and compare.comparison is None
    assert "Comparing…" in compare.header.text()
    shown = compare.view.toPlainText()
    assert "Comparing…" in shown
    assert ORIGINAL.read_text("utf-8").split()[0] in shown
    assert REWORDED.read_text("utf-8").split()[0] in shown
    # keys before the rows arrive do nothing harmful and say so
    view = compare.view
    for key in (Qt.Key.Key_D, Qt.Key.Key_S, Qt.Key.Key_E, Qt.Key.Key_Return):
        qtbot.keyClick(view, key)
        assert compare.status.text() == STILL_COMPARING and compare.current == -1
    assert compare.isVisible()
    release.set()
    # then the rows arrive, the original on the left, and the keys step through them
    qtbot.waitUntil(lambda: compare.comparison is not None)
    assert not compare.pending and "Comparing…" not in compare.header.text()
    assert compare.doc_ids == (original_id, copy_id)
    assert "Original:" in compare.header.text()
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert compare.status.text().startswith("Difference 1 of")
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert compare.current_op() is not None
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not compare.isVisible())


def test_a_stale_comparison_is_dropped(qtbot, core, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, (original_id, copy_id) = _pick_pair(qtbot, core, tmp_path)
    panel = window.library_panel
    compare = window.compare.window
    shown: list[object] = []
    window.compare.comparison_shown.connect(shown.append)
    # closed before the answer: it is dropped, the view stays closed
    release = _hold_pool()
    qtbot.keyClick(panel.view, Qt.Key.Key_M, CTRL_SHIFT)
    assert compare.isVisible() and compare.pending
    qtbot.waitUntil(lambda: compare.view.hasFocus() and not compare.waiting_for_paint)
    qtbot.keyClick(compare.view, Qt.Key.Key_Escape)  # the comparison has started: now stale
    assert not compare.isVisible()
    release.set()
    _answers_delivered(qtbot)
    assert shown == [] and compare.comparison is None and not compare.isVisible()
    # another pair asked for before the first answer: only the latest is shown
    release = _hold_pool()
    qtbot.keyClick(panel.view, Qt.Key.Key_M, CTRL_SHIFT)
    assert compare.pending
    qtbot.waitUntil(lambda: not compare.waiting_for_paint)  # the first one has started
    second_id = core.library.id_for_path(tmp_path / "reworded_again.txt")
    _select_only(window, [original_id, second_id])
    window.activateWindow()
    window.compare.compare_selected()  # what Ctrl+Shift+M does from the library
    assert compare.pending and compare.doc_ids == (original_id, second_id)
    release.set()
    qtbot.waitUntil(lambda: compare.comparison is not None)
    _answers_delivered(qtbot)
    assert len(shown) == 1 and compare.comparison is shown[0]
    assert compare.doc_ids == (original_id, second_id)
    latest = shown[0]
    assert isinstance(latest, Comparison)
    assert latest.b.text == core.library.document(second_id).text


def test_looking_for_relatives_is_answered_by_the_comparison(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    """Nothing stored: Ctrl+Shift+C on the original searches in a worker ("Looking for…"),
    then opens the comparison, and the message goes with it (it used to stay up to 15 s,
    hiding the document's path and position in the status bar)."""
    core.library.ensure_seeds()
    with core.db:
        core.db.execute("DELETE FROM relations")
    window, _ = _open(qtbot, core, ORIGINAL)
    bar = window.statusBar()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_C, CTRL_SHIFT)
    assert "Looking for" in bar.currentMessage()
    qtbot.waitUntil(window.compare.window.isVisible, timeout=20000)
    assert "Looking for" not in bar.currentMessage()
    assert window.status_label.isVisible()


def test_an_answered_search_leaves_a_newer_message_up(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    """"Looking for…" is taken down when the comparison opens, but a problem reported while
    the search ran is news: it stays (clearing the bar with an empty message wiped it)."""
    core.library.ensure_seeds()
    with core.db:
        core.db.execute("DELETE FROM relations")
    window, _ = _open(qtbot, core, ORIGINAL)
    bar = window.statusBar()
    release = _hold_pool()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_C, CTRL_SHIFT)
    assert "Looking for" in bar.currentMessage()
    window.show_problem("The note could not be saved: the disk is full.")
    release.set()
    qtbot.waitUntil(window.compare.window.isVisible, timeout=20000)
    assert bar.currentMessage() == "The note could not be saved: the disk is full."
    window.withdraw_message("Some other message")  # not the one showing: it stays
    assert bar.currentMessage() == "The note could not be saved: the disk is full."
    window.withdraw_message("The note could not be saved: the disk is full.")
    assert bar.currentMessage() == ""


def _pending_window(qtbot, size: tuple[int, int], a: str, b: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont

    from reader.ui.compare.window import CompareWindow

    window = CompareWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    font = QFont()
    font.setPointSizeF(13)
    window.show_pending((1, "The original, with a title long enough to wrap in its column " * 2,
                         a), (2, "The copy", b), font)
    return window


def test_comparing_page_fits_the_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The "Comparing…" page shows what fits and no more (it ran past the view's bottom: a
    half-cut last line, and a scroll range over text about to be replaced), ending in "…"
    where a text is cut; for long paragraphs, short lines and a short text alike."""
    long = " ".join(f"Sentence {n} of a paragraph about harbours and tides." for n in range(300))
    lines = "\n".join(f"Line {n}" for n in range(400))
    news = ORIGINAL.read_text("utf-8")
    for size in ((1280, 800), (700, 500), (1000, 420)):
        for a, b in ((long, lines), (news, REPUBLISHED.read_text("utf-8")), (lines, "Short.")):
            window = _pending_window(qtbot, size, a, b)
            view = window.view
            assert view.document().size().height() <= view.viewport().height(), (size, a[:20])
            assert view.verticalScrollBar().maximum() == 0
            shown = view.toPlainText()
            cut = sum(1 for text in (a, b) if len(text) > 4000)  # more than any of these fits
            assert shown.count("…") >= 1 + cut, (size, shown[-200:])  # 1: "Comparing…"
            assert b != "Short." or "Short." in shown
            window.close()
    window = _pending_window(qtbot, (1280, 800), "A short original.", "A short copy.")
    assert "A short original." in window.view.toPlainText()
    assert "…" not in window.view.toPlainText().replace("Comparing…", "")


def test_the_comparing_label_stays_on_one_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The middle column's "Comparing…" wrapped, its "…" alone on a second line: it is kept
    on one line, shrunk to fit a narrow column, or a bare "…" in a very narrow one."""
    from PySide6.QtGui import QTextTable

    shown = set()
    for size in ((1280, 800), (1000, 420), (700, 500), (420, 400)):
        window = _pending_window(qtbot, size, "An original.", "A copy.")
        document = window.view.document()
        table = document.rootFrame().childFrames()[0]
        assert isinstance(table, QTextTable)
        block = table.cellAt(0, 1).firstCursorPosition().block()
        document.documentLayout().blockBoundingRect(block)  # laid out
        assert block.layout().lineCount() == 1, (size, block.text())
        shown.add(block.text())
        window.close()
    assert "Comparing…" in shown and shown <= {"Comparing…", "…"}


def test_the_view_lays_out_its_own_document_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The rows go into the view's own document (already at the view's width) in one edit:
    a new document handed over with setDocument was laid out twice, half the open's cost."""
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import compare_texts
    from reader.ui.compare.window import CompareWindow

    window = CompareWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    document = window.view.document()
    changes: list[tuple[int, int, int]] = []
    document.contentsChange.connect(lambda *change: changes.append(change))
    a, b = ORIGINAL.read_text("utf-8"), REPUBLISHED.read_text("utf-8")
    window.show_comparison(compare_texts(a, b), (1, "A"), (2, "B"), QFont())
    assert window.view.document() is document
    assert len([change for change in changes if change[2]]) == 1  # one edit, one layout
    window.close()
    qtbot.waitUntil(lambda: document.isEmpty())  # emptied once hidden, not on the next open


def test_the_alignment_starts_after_the_first_paint_is_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Not inside the paint event, which comes before the frame is put on screen: a worker
    started there took the interpreter from the GUI thread before the frame was shown."""
    from PySide6.QtGui import QFont

    from reader.ui.compare.window import CompareWindow

    window = CompareWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    started: list[bool] = []
    at_paint: list[int] = []  # how many had started as each paint event ended
    window.view.painted.connect(lambda: at_paint.append(len(started)))
    window.show_pending((1, "A", "The original text."), (2, "B", "The copy's text."), QFont())
    window.after_paint(lambda: started.append(True))
    qtbot.waitUntil(lambda: started == [True])
    assert at_paint and at_paint[0] == 0
    assert not window.waiting_for_paint


def test_the_rest_fills_in_after_the_first_screenful_is_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    """As Ctrl+Shift+C opens it (filled while hidden, then shown): the first paint shows the
    first screenful alone. The filler's first pass used to come first, before the window's
    paint events, and held the first paint back by six rows' layout (24 ms against 7)."""
    from PySide6.QtGui import QFont

    from reader.core.compare.ops import compare_texts
    from reader.ui.compare.window import CompareWindow

    a = "\n\n".join(f"Paragraph {n} tells of harbour {n} and its cranes, ships and quays."
                    for n in range(150))
    window = CompareWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    at_paint: list[int] = []
    window.view.painted.connect(
        lambda: at_paint.append(window.table.filled if window.table is not None else -1)
    )
    window.show_comparison(compare_texts(a, a.replace("harbour 140", "port 140")),
                           (1, "A"), (2, "B"), QFont())
    first = window.table.filled if window.table is not None else -1
    window.show()
    qtbot.waitUntil(lambda: window.table is not None and window.table.complete)
    assert at_paint and at_paint[0] == first
