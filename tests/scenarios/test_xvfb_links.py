"""`reader open reader://…` in the real app under Xvfb: the running window shows the passage
(issue 18). The screenshot is kept as tests/artifacts/reader-link.png."""

from __future__ import annotations

import select
import subprocess
import time
from pathlib import Path

import pytest

from reader.core.context import open_context
from reader.core.notes.links import note_link
from reader.core.notes.storage import NoteStore
from tests.conftest import REPUBLISHED
from tests.xvfb import app_command, running_app, screenshot, xvfb_display

pytestmark = pytest.mark.xvfb


def test_reader_open_hands_the_link_to_the_running_app(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_PRINT_FIRST_PAINT", "1")  # the app says where a link landed
    data = tmp_path / "data"
    context = open_context(data)
    context.library.ensure_seeds()
    doc_id = context.library.id_for_path(str(REPUBLISHED))
    assert doc_id is not None
    text = context.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    start = text.index("Comment:")
    note = NoteStore(context.db).highlight(doc_id, text, start, start + 120, color="pink",
                                           body="The republisher's own view, not the news.")
    context.close()
    with xvfb_display() as display, running_app(display, data) as (process, env):
        opened = subprocess.run([*app_command(), "--data-dir", str(data), "open",
                                 note_link(note.uuid)], env=env, capture_output=True,
                                text=True, timeout=60)
        assert opened.returncode == 0, opened.stderr
        assert "handed over" in opened.stderr
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the running app never reported the link"
        line = process.stdout.readline()
        assert line.split()[:2] == ["opened-link", str(doc_id)], line
        assert f"({start}, {start + 120})" in line
        time.sleep(0.5)  # the flash and the sidebar settle
        shot = screenshot(display, "reader-link.png")
    assert shot.stat().st_size > 10_000
