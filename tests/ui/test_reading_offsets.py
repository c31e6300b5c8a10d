"""Document offsets (code points, CRLF kept) against Qt positions (UTF-16, CRLF merged):
every feature of the reading pane must land on the same characters in texts with emoji and
Windows line endings. Assertions read the text Qt selected, not only the offsets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from reader.core.classify import Segment
from reader.ui.reading import text_offsets
from reader.ui.reading.text_offsets import OffsetMap, may_have_astral

EMOJI_CRLF = (
    "Bridge 🌉 reopens after 🚧 month-long works 👷🏽‍♀️\r\n"
    "\r\n"
    "Officials said on Monday 📅 that the bridge would reopen next week.\r\n"
    "\r\n"
    "Residents 🏘️ said the closure had cut the town in two for a month.\r\n"
    "\r\n"
    "Comment: the council 🙄 should have acted sooner, and everyone knows it.\r\n"
    "\r\n"
    "Traffic 🚗 will use both lanes again from Friday.\r\n"
)
COMMENT = "Comment: the council 🙄 should have acted sooner, and everyone knows it."


def reference_to_qt(text: str, offset: int) -> int:
    """Qt's position, counted the slow obvious way: UTF-16 units, a CRLF's LF counts 0."""
    head = text[:offset]
    merged = sum(1 for i in range(1, len(head)) if head[i] == "\n" and head[i - 1] == "\r")
    return len(head.encode("utf-16-le")) // 2 - merged


SAMPLES = [
    "",
    "plain ascii\nlines\n",
    "latin-1 café and naïve\n",
    "BMP only: 中文 — “quotes” …\n",
    EMOJI_CRLF,
    "old mac\rline ends\r\rand 😀 emoji\r",
    "\r\n\r\n😀\r\n😀😀\r\n",
    "ends with CR\r",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("chunk", [3, 7, 1 << 16])
def test_offset_map_matches_the_reference_and_qt(
    text: str, chunk: int, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    monkeypatch.setattr(text_offsets, "CHUNK", chunk)  # chunk edges inside CRLFs and pairs
    offsets = OffsetMap(text)
    document = QTextDocument()
    document.setPlainText(text)
    assert offsets.to_qt(len(text)) == document.characterCount() - 1
    for offset in range(len(text) + 1):
        position = offsets.to_qt(offset)
        assert position == reference_to_qt(text, offset), offset
        lf_of_crlf = 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"
        assert offsets.to_doc(position) == offset + (1 if lf_of_crlf else 0)
        if offset < len(text) and text[offset] not in "\r\n":
            cursor = QTextCursor(document)
            cursor.setPosition(position)
            cursor.setPosition(offsets.to_qt(offset + 1), QTextCursor.MoveMode.KeepAnchor)
            assert cursor.selectedText() == text[offset], offset
            if len(text[offset].encode("utf-16-le")) == 4:  # either half maps to the char
                assert offsets.to_doc(position + 1) == offset


def test_random_texts_match_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_offsets, "CHUNK", 5)
    rng = random.Random(8)
    alphabet = ["a", " ", "\n", "\r", "\r\n", "é", "中", "😀", "👍🏽"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        offsets = OffsetMap(text)
        for offset in range(len(text) + 1):
            assert offsets.to_qt(offset) == reference_to_qt(text, offset), (text, offset)
            assert offsets.to_doc(offsets.to_qt(offset)) >= offset


def test_fast_path_is_taken_for_plain_texts() -> None:
    assert OffsetMap("ascii\n" * 1000).trivial
    assert OffsetMap("café — 中文\n" * 1000).trivial
    assert not OffsetMap("a 😀").trivial
    assert not OffsetMap("a\r\nb").trivial
    assert not may_have_astral("中文 €") and may_have_astral("x 😀")
    assert OffsetMap("ascii").to_qt(99) == 5 and OffsetMap("ascii").to_doc(-3) == 0


# -- the reading pane -----------------------------------------------------------------------


def _blocks(view):  # type: ignore[no-untyped-def]
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def _shown_view(qtbot, width: int, height: int):  # type: ignore[no-untyped-def]
    """A bare reading view, shown at this size."""
    from reader.ui.reading.view import ReadingView

    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def _selected(cursor: QTextCursor) -> str:
    return cursor.selectedText().replace("\u2029", "\n")


@pytest.fixture
def emoji_window(qtbot, core, tmp_path: Path):  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import create_window

    path = tmp_path / "bridge.txt"
    path.write_bytes(EMOJI_CRLF.encode("utf-8"))
    window = create_window(core, [str(path)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    view = window.reading_view
    assert view.current.text == EMOJI_CRLF  # CRLF kept, offsets are code points
    return window


def _classify(window) -> list[Segment]:  # type: ignore[no-untyped-def]
    """Paragraph passages, the comment one with an original (as provenance gives)."""
    document = window.reading_view.current
    segments = [
        Segment(p.start, p.end, "commentary", "marker: Comment:", "/elsewhere/original.txt",
                "Original", 7)
        if document.paragraph_text(p) == COMMENT else
        Segment(p.start, p.end, "reporting", "original reporting")
        for p in document.paragraphs
    ]
    window.reading_pane.set_segments(segments, {"commentary": 0.2})
    return segments


def test_kinds_find_and_navigation_land_on_the_right_characters(qtbot, emoji_window) -> None:  # type: ignore[no-untyped-def]
    window = emoji_window
    view = window.reading_view
    _classify(window)
    [tint] = view.layer("kinds")
    assert _selected(tint.cursor) == COMMENT
    comment_start = EMOJI_CRLF.index(COMMENT)
    assert view.segment_at(comment_start).kind == "commentary"
    block = view.document().findBlock(view.to_qt(comment_start))
    assert block.text() == COMMENT and view.block_offsets(block) == (
        comment_start, comment_start + len(COMMENT))

    # the view filter hides whole lines by the kinds of the characters on them
    window.action_table.actions["view.commentary_only"].trigger()
    shown = [b.text() for b in _blocks(view) if b.isVisible() and b.length() > 1]
    assert shown == [COMMENT]
    window.action_table.actions["view.show_all"].trigger()
    assert all(b.isVisible() for b in _blocks(view))

    # find: the mark and the selection left on close are the word itself
    window.find_bar.open_bar()
    window.find_bar.edit.setText("lanes")
    window.find_bar.search()
    assert [_selected(s.cursor) for s in view.layer("find")] == ["lanes"]
    window.find_bar.close_bar()
    assert _selected(view.textCursor()) == "lanes"

    # navigation: paragraph keys, commentary jumps and the announcement
    navigator = window.navigator
    view.select_offsets(0)
    navigator.paragraph(1)
    caret = view.textCursor()
    caret.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    assert _selected(caret).startswith("Officials said on Monday 📅")
    assert "Paragraph 2 of 5" in window.position_label.text()
    view.select_offsets(0)
    navigator.commentary(1)
    assert _selected(view.textCursor()) == COMMENT
    [band] = view.layer("current")
    assert _selected(band.cursor) == COMMENT
    assert "Paragraph 4 of 5 · Commentary" in window.position_label.text()
    navigator.extend(1)  # one more paragraph, keeping the anchor
    assert _selected(view.textCursor()).startswith(COMMENT + "\n\nTraffic 🚗")


def test_selection_becomes_a_note_on_the_same_characters(qtbot, emoji_window) -> None:  # type: ignore[no-untyped-def]
    window = emoji_window
    view = window.reading_view
    passage = "the bridge would reopen next week.\r\n\r\nResidents 🏘️ said"
    # select as a mouse would: in Qt positions (UTF-16 units, one separator per CRLF)
    units = view.toPlainText().encode("utf-16-le")
    wanted = passage.replace("\r\n", "\n").encode("utf-16-le")
    first = units.find(wanted)
    assert first >= 0 and first % 2 == 0
    cursor = QTextCursor(view.document())
    cursor.setPosition(first // 2)
    cursor.setPosition((first + len(wanted)) // 2, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert _selected(view.textCursor()) == passage.replace("\r\n", "\n")
    note = window.notes.highlight(None)
    start = EMOJI_CRLF.index(passage)
    assert note is not None and (note.start, note.end) == (start, start + len(passage))
    assert EMOJI_CRLF[note.start : note.end] == passage
    [painted] = view.layer("highlights")
    assert _selected(painted.cursor) == passage.replace("\r\n", "\n")
    assert view.createMimeDataFromSelection().text() == passage  # the file's own characters
    # the note keys (N) jump to it
    view.select_offsets(0)
    window.navigator.note(1)
    assert _selected(view.textCursor()) == passage.replace("\r\n", "\n")
    # the sidebar's "go to note" flashes the same characters
    view.select_offsets(0)
    window.notes.go_to_note(note.uuid)
    assert _selected(view.textCursor()) == passage.replace("\r\n", "\n")
    [flash] = view.layer("current")
    assert _selected(flash.cursor) == passage.replace("\r\n", "\n")


def test_hover_ctrl_click_explain_and_position_restore(qtbot, emoji_window) -> None:  # type: ignore[no-untyped-def]
    window = emoji_window
    view = window.reading_view
    _classify(window)
    comment_start = EMOJI_CRLF.index(COMMENT)
    word = comment_start + COMMENT.index("sooner")
    view.select_offsets(word)
    point = view.cursorRect().center() + QPoint(3, 0)
    assert view.offset_at(point) in range(word, word + len("sooner"))
    assert view.tooltip_text(view.offset_at(point)).startswith("Commentary — marker: Comment:")
    with qtbot.waitSignal(view.original_requested) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, point)
    assert opened.args == ["/elsewhere/original.txt", 7]
    assert "Commentary" in window.reading_pane.explanation(view.caret_offset())

    # the saved place is in document offsets and comes back on the same word
    view.select_offsets(word)
    window.positions.save(view)
    view.select_offsets(0)
    assert window.positions.restore(view)
    assert view.caret_offset() == word
    caret = view.textCursor()
    caret.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    assert _selected(caret) == "sooner"


def test_only_decorations_near_the_screen_reach_qt(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCharFormat

    from reader.core.text.document import document_from_text

    text = "".join(f"Paragraph {i} 😀 of a long article, with words.\r\n" for i in range(3000))
    document = document_from_text(text, "/tmp/long.txt")
    view = _shown_view(qtbot, 700, 500)
    view.show_document(document)
    style = QTextCharFormat()
    spans = [(p.start, p.start + 9, style) for p in document.paragraphs]
    view.set_spans("highlights", spans)
    near = view.layer("highlights")
    assert 0 < len(near) < len(spans) // 4
    assert all(_selected(s.cursor).startswith("Paragraph") for s in near)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    last = view.layer("highlights")
    assert _selected(last[-1].cursor) == "Paragraph"
    assert last[-1].cursor.block().text().startswith("Paragraph 2999 😀")
    # with no layer set, scrolling away and back still decorates what is on screen then
    view.set_spans("highlights", [])
    view.verticalScrollBar().setValue(0)
    view.set_spans("highlights", spans)
    assert view.layer("highlights")[0].cursor.block().text().startswith("Paragraph 0 😀")


def test_sliced_loading_keeps_crlf_whole_and_finishes_cut_spans(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A big text arrives in slices: a CRLF cut by a slice edge must still be one separator,
    and a span set before its end arrived is completed once the whole text is in place."""
    from PySide6.QtGui import QTextCharFormat

    from reader.core.text.document import document_from_text
    from reader.ui.reading import text_loading

    monkeypatch.setattr(text_loading, "SYNC_CHARS", 100)
    monkeypatch.setattr(text_loading, "SLICE_CHARS", 1000)
    monkeypatch.setattr(text_loading, "SLICE_BUDGET_S", 0.0)  # one slice per event-loop turn
    line = "Line 😀 with an emoji, ending CRLF.\r\n"
    text = "x" * ((999 - len(line) + 2) % len(line)) + line * 200
    assert text[999:1001] == "\r\n"  # the first slice ends between CR and LF
    document = document_from_text(text, "/tmp/sliced.txt")
    view = _shown_view(qtbot, 600, 400)
    with qtbot.waitSignal(view.document_shown, timeout=10000):
        view.show_document(document)
        assert view.is_loading
        start = text.index("Line", 900)
        end = text.index("CRLF.", 2500) + len("CRLF.")
        view.set_spans("highlights", [(start, end, QTextCharFormat())])
        [early] = view.layer("highlights")
        assert early.cursor.selectionEnd() < view.to_qt(end)  # cut at the loaded end
    assert view.document().characterCount() - 1 == view.to_qt(len(text))
    assert view.document().blockCount() == 201
    [done] = view.layer("highlights")
    assert _selected(done.cursor) == text[start:end].replace("\r\n", "\n")


def test_closing_the_window_while_a_big_text_loads_stops_the_loading(
    qtbot, core, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A text still arriving in slices when the window closes must not finish afterwards:
    what listens to `document_shown` (relatives, notes, find) reads the store, which closes
    right after the window. It once raised 'Cannot operate on a closed database' in the
    next test's event loop."""
    from reader.core.text.document import document_from_text
    from reader.ui.reading import text_loading
    from tests.keyboard_helpers import active_window

    monkeypatch.setattr(text_loading, "SYNC_CHARS", 100)
    monkeypatch.setattr(text_loading, "SLICE_CHARS", 1000)
    monkeypatch.setattr(text_loading, "SLICE_BUDGET_S", 0.0)  # one slice per event-loop turn
    window = active_window(qtbot, core)
    view = window.reading_view
    shown: list[bool] = []
    view.document_shown.connect(lambda: shown.append(True))
    view.show_document(document_from_text("A line of text.\n" * 2000, "/tmp/big.txt"))
    assert view.is_loading
    window.close()
    qtbot.wait(200)  # many event-loop turns: the slices would have finished by now
    assert not view.is_loading
    assert shown == []
