"""Find in document: the core finder and the bar (count, stepping, Escape, painting)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.text.document import document_from_text
from reader.core.text.find import TextFinder, nearest_match
from tests.keyboard_helpers import active_window


def test_finder_ignores_case_and_keeps_offsets() -> None:
    text = "Nato, NATO and nato. İstanbul nato"
    finder = TextFinder(text)
    starts = finder.find_all("nato")
    assert [text[s : s + 4].lower() for s in starts] == ["nato"] * 4
    assert finder.find_all("NATO", case_sensitive=True) == [6]
    assert finder.find_all("") == []
    # 'İ'.lower() is two characters, so this text takes the regex path; offsets still hold
    assert finder.find_all("istanbul") == [text.index("İstanbul")]
    assert TextFinder("Nato NATO").find_all("nato") == [0, 5]


def test_finder_falls_back_when_lowercasing_changes_length() -> None:
    text = "İİ straße STRASSE"  # 'İ'.lower() is two characters
    starts = TextFinder(text).find_all("straße")
    assert starts == [3]
    assert TextFinder("aaaa").find_all("aa") == [0, 2]  # non-overlapping, like editors


def test_nearest_match_wraps() -> None:
    assert nearest_match([5, 10, 20], 0) == 0
    assert nearest_match([5, 10, 20], 11) == 2
    assert nearest_match([5, 10, 20], 21) == 0


def _big_document(window, repeats: int = 3000):  # type: ignore[no-untyped-def]
    text = "".join(f"Paragraph {i} about the alliance and its members.\n" for i in range(repeats))
    document = document_from_text(text, "/tmp/big.txt")
    window.reading_view.show_document(document)
    return document


def test_find_bar_counts_steps_and_closes(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    _big_document(window)
    bar = window.find_bar
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.edit.hasFocus()
    with qtbot.waitSignal(bar.matches_changed) as found:
        qtbot.keyClicks(bar.edit, "ALLIANCE")
    assert found.args == [3000]
    assert bar.count_label.text() == "1 of 3,000"
    # only matches on or near the screen are painted, and the current one among them
    painted = window.reading_view.layer("find")
    assert 0 < len(painted) < 3000
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "3,000 of 3,000"
    # the far end of the document is now on screen and marked
    first, last = window.reading_view.visible_range()
    assert any(
        first <= s.cursor.selectionStart() <= last for s in window.reading_view.layer("find")
    )
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert bar.count_label.text() == "2 of 3,000"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "1 of 3,000"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.reading_view.hasFocus()
    assert window.reading_view.textCursor().selectedText() == "alliance"


def test_find_reports_no_matches_and_case_option(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    _big_document(window, 50)
    bar = window.find_bar
    bar.open_bar()
    with qtbot.waitSignal(bar.matches_changed) as found:
        qtbot.keyClicks(bar.edit, "zzz-not-there")
    assert found.args == [0]
    assert bar.count_label.text() == "No matches"
    bar.edit.setText("Paragraph")
    bar.search()
    assert len(bar.starts) == 50
    bar.case_box.setChecked(True)
    bar.edit.setText("paragraph")
    bar.search()
    assert bar.starts == []


def test_find_follows_a_new_document(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    bar = window.find_bar
    bar.open_bar()
    bar.edit.setText("Stoltenberg")
    bar.search()
    before = len(bar.starts)
    window.library_panel.step(1)
    assert len(bar.starts) == window.reading_view.current.text.count("Stoltenberg") != 0
    assert before > 0


def test_large_text_marks_the_screen_first_then_counts_all(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    document = _big_document(window, 25_000)  # ~1.3 MB: the two-pass path
    bar = window.find_bar
    bar.open_bar()
    bar.edit.setText("Members")
    with qtbot.waitSignal(bar.matches_changed) as found:
        bar.search()
        assert not bar.complete
        assert 0 < len(bar.starts) < 25_000  # only the part around the screen so far
        assert window.reading_view.layer("find")
        assert bar.count_label.text().endswith("+ matches…")
    assert found.args == [25_000] == [document.text.count("members")]
    assert bar.complete and bar.count_label.text() == "1 of 25,000"


def test_escape_in_the_text_also_closes_the_bar(qtbot, core) -> None:  # type: ignore[no-untyped-def]
    window = active_window(qtbot, core)
    bar = window.find_bar
    bar.open_bar()
    bar.edit.setText("nato")
    bar.search()
    window.reading_view.setFocus()
    qtbot.keyClick(window.reading_view, Qt.Key.Key_F3)
    assert bar.index == 1
    qtbot.keyClick(window.reading_view, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.reading_view.layer("find") == []
