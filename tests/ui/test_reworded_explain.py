"""Ctrl+I on a reworded passage quotes the original's own words; siblings say so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

ORIGINAL = (
    "Central bank holds rates steady, signals cuts could come by summer\n\n"
    "The Northland Central Bank left its benchmark interest rate unchanged at 4.75% on "
    "Wednesday, but its governor said for the first time that borrowing costs could fall "
    "before the summer if inflation keeps cooling.\n\n"
    "Consumer prices rose 2.9% in December from a year earlier, down from a peak of 9.1% in "
    "late 2022. The bank targets inflation of 2%.\n\n"
    "Halvorsen said wage growth remained too strong for the bank to act at once, according to "
    "the national statistics office.\n"
)
COPY = (
    "Central bank holds rates steady, signals cuts could come by summer\n\n"
    "Loans may get cheaper by summer should price growth go on slowing, the governor of the "
    "Northland Central Bank told reporters Wednesday, as the bank kept its main rate unchanged "
    "at 4.75%.\n\n"
    "Notice what she did not say. Why should you believe a timetable from people who missed "
    "every turn of this cycle? We certainly do not.\n\n"
    "Reposted from Northland Business Daily\n"
)


def test_why_this_kind_quotes_the_original_wording(qtbot, core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    original = tmp_path / "original.txt"
    copy = tmp_path / "copy.txt"
    original.write_text(ORIGINAL, encoding="utf-8")
    copy.write_text(COPY, encoding="utf-8")
    core.library.add_files([original, copy])
    window = create_window(core, [str(copy)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.reading_view
    qtbot.waitUntil(
        lambda: view.current is not None
        and Path(view.current.path) == copy
        and bool(view.segments),
        timeout=20000,
    )
    text = view.toPlainText()
    offset = text.index("Loans may get cheaper")
    view.go_to_offset(offset)
    qtbot.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # "why this kind"
    explained = window.reading_pane.explanation(view.caret_offset())
    assert explained.startswith("Reporting — reworded from the original (")
    assert "In its words: “The Northland Central Bank left its benchmark" in explained
    assert "Original: " in explained and "Confidence: " in explained
    aside = window.reading_pane.explanation(text.index("Notice what she"))
    assert aside.startswith("Commentary — not in the original")
    window.close()
