"""A full disk on the side paths (issue 21 #11): `notes import`, `reader add`, a GUI start,
and the status bar after a retry. The disk is a real, small tmpfs filled to the brim (needs
root to mount; skipped otherwise)."""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.context import open_context
from tests.faults import run_reader


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of the disk; returns the filler (delete it to free space)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def new_store(data: Path) -> None:
    context = open_context(data)
    context.library.ensure_seeds()
    context.close()


def annotation_collection(count: int) -> dict[str, object]:
    body = "A long note about the harbour wall. " * 30
    return {
        "type": "AnnotationCollection",
        "first": {"items": [
            {"type": "Annotation", "id": f"urn:uuid:00000000-0000-4000-8000-{n:012x}",
             "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
             "body": {"type": "TextualBody", "value": f"{body} {n}", "format": "text/markdown"},
             "target": {"source": f"file:///nowhere/{n}.txt"}}
            for n in range(count)
        ]},
    }


def test_notes_import_on_a_full_disk_says_so_without_a_traceback(
    small_disk: Path, tmp_path: Path
) -> None:
    data = small_disk / "data"
    new_store(data)
    source = tmp_path / "many.json"
    source.write_text(json.dumps(annotation_collection(5000)), encoding="utf-8")
    done = run_reader("notes", "import", str(source), READER_DATA_DIR=str(data))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "disk is full" in done.stderr  # named, with how far it got (notes import's own)


def test_reader_add_on_a_full_disk_blames_the_disk(small_disk: Path, tmp_path: Path) -> None:
    data = small_disk / "data"
    new_store(data)
    folder = tmp_path / "articles"
    folder.mkdir()
    # Words that do not repeat: the store deflates texts, so a repeated sentence would fit.
    letters = random.Random(7)
    for n in range(300):
        words = ("".join(letters.choices(string.ascii_lowercase, k=7)) for _ in range(1500))
        (folder / f"{n:03}.txt").write_text(f"Story {n}\n\n" + " ".join(words) + ".")
    done = run_reader("add", str(folder), READER_DATA_DIR=str(data))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "is full; free some space" in done.stderr
    assert "another program" not in done.stderr


def test_gui_start_on_a_full_disk_does_not_wait_for_another_reader(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the lock file could not be written, which was taken for another reader; the
    start waited 5 s for its answer and then said "another reader does not answer"."""
    from PySide6.QtWidgets import QMessageBox

    from reader.cli.main import gui_parser
    from reader.ui.app.launch import run_gui

    data = small_disk / "data"
    new_store(data)
    fill(small_disk)
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()))
    monkeypatch.delenv("READER_SINGLE_INSTANCE", raising=False)
    assert run_gui(gui_parser().parse_args(["--data-dir", str(data)])) == 1
    errors = capsys.readouterr().err
    assert "does not answer" not in errors
    assert "instance.lock (the disk is full); running on its own" in errors
    assert len(boxes) == 1 and "the disk holding it is full" in boxes[0]


def test_status_bar_drops_the_failure_once_a_retry_saves(  # type: ignore[no-untyped-def]
    qtbot, small_disk: Path, tmp_path: Path
) -> None:
    from reader.ui.app.launch import create_window
    from tests.ui.test_notes_ui import ARTICLE, select

    data = small_disk / "data"
    core = open_context(data)
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    window = create_window(core, [str(path)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        select(window, "the bridge would reopen")
        note = window.notes.highlight("yellow", edit=True)
        editor = window.notes_panel.editor
        filler = fill(small_disk)
        text = "x" * 20_000  # more than the WAL's free pages can take
        editor.source.setPlainText(text)
        qtbot.waitUntil(lambda: "could not be saved" in window.statusBar().currentMessage(),
                        timeout=10000)
        assert "is full" in window.statusBar().currentMessage()
        filler.unlink()  # the user frees space; the editor's retry saves
        qtbot.waitUntil(lambda: not editor.dirty, timeout=10000)
        assert "could not be saved" not in window.statusBar().currentMessage()
        assert window.notes.controller.get(note.uuid).body == text
    finally:
        window.close()
        core.close()
