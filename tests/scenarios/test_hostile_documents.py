"""Documents that attack the reader: markup, scripts, remote images, file links, RTL
overrides, NUL bytes, a 10 MB line, a million paragraphs. They must show as plain text,
reach no network, and never freeze the window for more than a second."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QObject, QTimer
from PySide6.QtGui import QTextCursor

from reader.core.text.document import DocumentError, load_document
from reader.ui.reading.view import display_text
from tests.hostile import MARKUP, RTL, forbid_network, inet_sockets_of, write_hostile

MAX_STALL_MS = 1000
"""The promise: the window never stops answering for more than a second."""


class StallMeter(QObject):
    """Ticks every 10 ms on the UI thread; the longest gap between ticks is the stall."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = QElapsedTimer()
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.worst_ms = 0
        self.last = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.worst_ms = max(self.worst_ms, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.tick()
        self.timer.stop()
        return self.worst_ms


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_hostile(tmp_path_factory.mktemp("hostile"))


def open_in_window(qtbot, window, path: Path) -> int:  # type: ignore[no-untyped-def]
    """Add the file, then open it from the library as a reader would; returns the stall."""
    core = window.context.core
    result = core.library.add_files([path])
    assert not result.failed, result.failed
    window.library_model.reload()
    doc_id = (result.added + result.refreshed + result.unchanged)[0]
    meter = StallMeter()
    meter.start()
    with qtbot.waitSignal(window.reading_view.document_shown, timeout=120_000):
        assert window.library_panel.select_document(doc_id)
    # let paints and the rest of the event queue run while the meter watches
    qtbot.wait(50)
    window.reading_view.verticalScrollBar().setValue(
        window.reading_view.verticalScrollBar().maximum()
    )
    window.reading_view.repaint()
    qtbot.wait(50)
    return meter.stop()


def copied_text(view) -> str:  # type: ignore[no-untyped-def]
    view.selectAll()
    return view.createMimeDataFromSelection().text()


def test_markup_is_shown_as_typed_and_loads_nothing(  # type: ignore[no-untyped-def]
    qtbot, main_window, hostile, monkeypatch
) -> None:
    attempts = forbid_network(monkeypatch)
    stall = open_in_window(qtbot, main_window, hostile["markup.html.txt"])
    view = main_window.reading_view
    assert view.toPlainText() == MARKUP  # every tag, script and entity as characters
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.document().toHtml()
    block = view.document().begin()
    while block.isValid():  # no image, anchor or other rich format anywhere
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.isImageFormat() and not fmt.isAnchor()
            it += 1
        block = block.next()
    assert attempts == [] and inet_sockets_of() == []
    assert stall < MAX_STALL_MS
    main_window.grab().save("/tmp/reader-artifacts/hostile-markup.png")


def test_rtl_overrides_keep_every_character_and_offset(qtbot, main_window, hostile) -> None:  # type: ignore[no-untyped-def]
    open_in_window(qtbot, main_window, hostile["rtl.txt"])
    view = main_window.reading_view
    assert view.toPlainText() == RTL
    start = RTL.index("exe.txt")
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("exe.txt"), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "exe.txt"


def test_nul_bytes_mid_file_become_spaces_and_keep_offsets(hostile) -> None:  # type: ignore[no-untyped-def]
    path = hostile["nul-mid.txt"]
    raw = path.read_bytes()
    document = load_document(path)
    assert "\x00" not in document.text
    assert len(document.text) == len(raw.decode("utf-8"))
    assert document.text.endswith("   after the nul bytes\n")


def test_nul_bytes_at_the_start_are_called_binary_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "looks-like-text.txt"
    path.write_bytes(b"\x00\x00\x00\x01" + b"text after a binary header\n" * 10)
    with pytest.raises(DocumentError, match="binary file, not text .*zero bytes"):
        load_document(path)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Headline\nText\n".encode("utf-16"))
    with pytest.raises(DocumentError, match="UTF-16.*save the file as UTF-8"):
        load_document(utf16)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["long-line.txt", "blob-line.txt", "million-paragraphs.txt"])
def test_huge_documents_open_without_freezing_the_window(
    qtbot, main_window, hostile, monkeypatch, name: str  # type: ignore[no-untyped-def]
) -> None:
    attempts = forbid_network(monkeypatch)
    text = hostile[name].read_bytes().decode("utf-8")
    stall = open_in_window(qtbot, main_window, hostile[name])
    view = main_window.reading_view
    assert not view.is_loading
    assert view.document().characterCount() - 1 == len(text)  # every offset is there
    assert view.toPlainText() == display_text(text)
    if name == "million-paragraphs.txt":
        assert view.document().blockCount() == 1_000_001
        block = view.document().findBlockByNumber(765_432)
        assert block.text() == "Paragraph 765432."
        assert block.position() == text.index("Paragraph 765432.")
    assert copied_text(view) == text  # copying gives the document's own characters
    assert attempts == [] and inet_sockets_of() == []
    print(f"{name}: worst stall {stall} ms")
    assert stall < MAX_STALL_MS, f"{name} froze the window for {stall} ms"


@pytest.mark.slow
def test_the_classifier_finishes_on_hostile_documents(hostile) -> None:  # type: ignore[no-untyped-def]
    """A timeout guard, not a speed target: it must end, and keep its contract."""
    import subprocess
    import sys

    pytest.importorskip("reader.core.classify")
    script = (
        "import sys\n"
        "from reader.core.classify import classify\n"
        "from reader.core.text.document import load_document\n"
        "text = load_document(sys.argv[1]).text\n"
        "segments = classify(text)\n"
        "last = 0\n"
        "for s in segments:\n"
        "    assert last <= s.start < s.end <= len(text), s\n"
        "    last = s.end\n"
        "print(len(segments))\n"
    )
    for name, path in hostile.items():
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, f"{name}: {done.stderr[-2000:]}"
        print(f"classify {name}: {time.monotonic() - started:.1f} s")


def test_display_breaks_keep_length_and_only_replace_at_cuts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reader.ui.reading import text_loading

    monkeypatch.setattr(text_loading, "DISPLAY_LINE_CHARS", 20)

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="ab \t\n\r\u202e\x00é", max_size=400))
    def check(text: str) -> None:
        shown = text_loading.display_text(text)
        assert len(shown) == len(text)
        assert all(len(line) <= 20 for line in re.split("[\r\n]", shown))  # Qt's lines
        for original, displayed in zip(text, shown, strict=True):
            if original != displayed:
                assert displayed == "\n"  # a break, never any other change
        if all(len(line) <= 20 for line in re.split("[\r\n]", text)):
            assert shown is text

    check()
