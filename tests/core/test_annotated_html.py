"""The annotated-document HTML export (issue 18): self-contained, kinds marked with labels
and a legend (not colour alone), highlights numbered with their notes, provenance, and
every user-written string escaped."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.classify.verdicts import classify_and_cache
from reader.core.context import open_context
from reader.core.notes.annotated_html import annotated_document_html
from reader.core.notes.storage import NoteStore
from tests.conftest import ORIGINAL, REPUBLISHED


class _Checker(html.parser.HTMLParser):
    """Tags balance (void elements aside) and nothing is loaded from anywhere."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "img", "link", "iframe", "object"):
            self.problems.append(f"<{tag}> in the page")
        if any(name in ("src", "onload", "onclick") for name, _ in attrs):
            self.problems.append(f"<{tag}> loads or runs something")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"</{tag}> does not close the open element")


def test_the_republished_copy_exported_as_evidence(tmp_path: Path) -> None:
    context = open_context(tmp_path / "data")
    original, copy = context.library.add_files([ORIGINAL, REPUBLISHED]).added
    for doc_id in (original, copy):
        classify_and_cache(context.db, doc_id)
    text = context.db.execute("SELECT text FROM documents WHERE id = ?", (copy,)).fetchone()[0]
    start = text.index("Comment:")
    store = NoteStore(context.db)
    note = store.highlight(copy, text, start, start + 40, color="pink",
                           body="<script>alert(1)</script> **spin**, not news")
    store.set_tags(note.uuid, ["<b>tag</b>"])
    store.document_note(copy, "Whole <img src=x> document")
    page = annotated_document_html(context.db, copy, 0.0)
    context.close()

    checker = _Checker()
    checker.feed(page)
    assert checker.problems == [] and checker.stack == []
    assert "default-src 'none'" in page  # loads nothing even if something slipped in
    # the three kinds: labelled, explained in a legend, not told by colour alone
    assert 'class="legend"' in page and "dashed underline" in page and "grey italic" in page
    assert page.count('<span class="tag">COMMENT</span>') >= 2
    # the highlight is numbered, and its note (rendered safely) is listed with its tags
    assert re.search(r'<mark style="background:#ffb3c8">Comment:', page)
    assert '<a href="#note-2">2</a>' in page and 'id="note-2"' in page
    assert "<strong>spin</strong>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;img src=x&gt;" in page and "#&lt;b&gt;tag&lt;/b&gt;" in page
    # provenance: the original it was compared with, what it added and left out
    assert "Compared with the original in the library" in page
    assert "passages of commentary" in page and "Left out:" in page


def test_html_export_through_the_cli_needs_one_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    doc = tmp_path / "story.txt"
    doc.write_text("Headline\n\nA paragraph of reporting.\n", encoding="utf-8")
    assert main(["--data-dir", data, "add", str(doc)]) == 0
    out = tmp_path / "story.html"
    assert main(["--data-dir", data, "notes", "export", "--format", "html", "-o", str(out),
                 str(doc)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Provenance" in out.read_text(encoding="utf-8")
    assert main(["--data-dir", data, "notes", "export", "--format", "html"]) == 2
    assert "exactly one PATH" in capsys.readouterr().err
