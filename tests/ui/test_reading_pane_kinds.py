"""The reading pane shows the classifier's verdict: kinds, filters, reasons, originals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import ORIGINAL, REPUBLISHED


def open_republished(qtbot, window):  # type: ignore[no-untyped-def]
    view = window.library_panel.view
    view.setFocus()
    with qtbot.waitSignal(window.classification.document_classified, timeout=20000):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: bool(window.reading_view.segments), timeout=20000)
    assert Path(window.reading_view.current.path).name == REPUBLISHED.name


def test_republished_copy_shows_commentary_with_reasons(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    open_republished(qtbot, main_window)
    view = main_window.reading_view
    text = view.toPlainText()
    offset = text.index("Comment: Crimea voted")
    segment = view.segment_at(offset)
    assert segment.kind == "commentary"
    assert "Commentary" in main_window.reading_pane.explanation(offset)
    # passages matched to the original name it and can open it at the passage
    body = text.index("Russia denies that it has fresh plans")
    matched = view.segment_at(body)
    assert matched.kind == "reporting" and matched.source
    assert "Original:" in main_window.reading_pane.explanation(body)
    view.go_to_offset(body)
    main_window.open_original_of_current_passage()
    assert Path(view.current.path).name == ORIGINAL.name
    landed = view.textCursor().position()
    assert view.toPlainText()[landed:].startswith("Russia denies")
    # the kinds layer decorates commentary and furniture
    assert view.layer("kinds")
    assert "commentary" in main_window.reading_pane.legend.summary.text()


def test_library_rows_show_commentary_share(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    model = main_window.library_model
    qtbot.waitUntil(
        lambda: all(model.entry_at(r).commentary_share is not None for r in range(2)),
        timeout=20000,
    )
    entries = [model.entry_at(row) for row in range(2)]
    shares = {Path(entry.path).name: entry.commentary_share for entry in entries}
    assert shares[ORIGINAL.name] == 0.0
    assert 0.15 < shares[REPUBLISHED.name] < 0.4
    assert model.index(model.row_of(model.entry_at(1).id), 2).data().endswith("%")


def test_view_filters_hide_and_show_kinds(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    open_republished(qtbot, main_window)
    view = main_window.reading_view
    document = view.document()
    comment_block = document.findBlock(view.toPlainText().index("Comment: Crimea voted"))
    report_block = document.findBlock(view.toPlainText().index("Russia denies"))
    main_window.action_table.actions["view.reporting_only"].trigger()
    assert not comment_block.isVisible() and report_block.isVisible()
    main_window.action_table.actions["view.commentary_only"].trigger()
    assert comment_block.isVisible() and not report_block.isVisible()
    main_window.action_table.actions["view.show_all"].trigger()
    assert comment_block.isVisible() and report_block.isVisible()
    assert main_window.reading_pane.legend.filter_box.currentData() == "all"


def test_classification_is_cached_for_the_next_launch(qtbot, core, main_window) -> None:  # type: ignore[no-untyped-def]
    open_republished(qtbot, main_window)
    doc_id = core.library.id_for_path(main_window.reading_view.current.path)
    from reader.core.classify.verdicts import LibraryClassifier

    cached = LibraryClassifier(core.db).cached(doc_id)
    assert cached and any(s.kind == "commentary" for s in cached)


def test_hovering_a_passage_says_why_even_with_the_notes_feature_built(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    """The hover goes through Qt as a ToolTip event on the viewport: the notes layer adds its
    notes to the kind's reason instead of taking the event over (it used to, silently)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    open_republished(qtbot, main_window)
    assert main_window.completed
    view = main_window.reading_view
    offset = view.toPlainText().index("Comment: Crimea voted") + 3
    view.go_to_offset(offset)
    qtbot.waitUntil(lambda: view.has_painted)  # hover help is installed after the first paint
    qtbot.wait(20)

    def hover() -> str:
        QToolTip.hideText()
        cursor = view.textCursor()
        cursor.setPosition(view.to_qt(offset))
        pos = view.cursorRect(cursor).center()
        viewport = view.viewport()
        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                    viewport.mapToGlobal(pos)))
        return QToolTip.text()

    assert hover().startswith("<qt>Commentary — marker: Comment:")
    view.select_offsets(offset - 3, offset + 20)
    note = main_window.notes.highlight("yellow")
    main_window.notes.controller.set_body(note.uuid, "Whose *comment*?")
    shown = hover()
    assert shown.startswith("<qt>Commentary — marker: Comment:")
    assert "<hr>" in shown and "<em>comment</em>" in shown
