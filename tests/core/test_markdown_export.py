"""Markdown for note-taking apps, read back the way Obsidian reads it (issue 18): frontmatter
that parses as YAML, unique stable block ids, `reader://` links that resolve to the passage,
the passage's kind, and a note's own headings kept out of the outline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reader.cli.main import main
from reader.core.classify.verdicts import classify_and_cache
from reader.core.context import CoreContext, open_context
from reader.core.notes.interchange import export_markdown, export_markdown_files
from reader.core.notes.links import LinkError, parse_link, resolve
from reader.core.notes.storage import NoteStore
from tests.conftest import ORIGINAL, REPUBLISHED

BLOCK_ID = re.compile(r"^\^([A-Za-z0-9-]+)$", re.MULTILINE)
LINK = re.compile(r"\]\((reader://[^)\s]+)\)")


def _frontmatter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    head, _sep, _rest = text[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[CoreContext]:
    """The two seed articles (an original and a republished copy with the same headline),
    classified, with notes on reporting and on the copy's commentary."""
    context = open_context(tmp_path / "data")
    ids = context.library.add_files([ORIGINAL, REPUBLISHED]).added
    store = NoteStore(context.db)
    for doc_id in ids:
        segments = classify_and_cache(context.db, doc_id)
        text = context.db.execute("SELECT text FROM documents WHERE id = ?",
                                  (doc_id,)).fetchone()[0]
        for segment in segments[:40]:
            if segment.kind in ("reporting", "commentary") and segment.end - segment.start > 20:
                note = store.highlight(doc_id, text, segment.start, segment.start + 20,
                                       body=f"# A heading in a {segment.kind} note\n\nBody "
                                       f"with ---\nand: colons")
                store.set_tags(note.uuid, ["to check", segment.kind])
    store.document_note(ids[0], "Whole-document thoughts")
    yield context
    context.close()


def test_per_document_files_read_as_obsidian_would(seeded: CoreContext) -> None:
    notes = NoteStore(seeded.db).all_notes()
    files = export_markdown_files(seeded.db, notes)
    assert len(files) == 2  # same headline, two files: the names carry the content hash
    kinds_seen: set[str] = set()
    all_ids: list[str] = []
    for name, text in files.items():
        assert name.endswith(".md") and "/" not in name
        meta = _frontmatter(text)
        assert {"title", "source", "reader", "tags", "notes", "updated"} <= set(meta)
        assert "to check" in meta["tags"]  # type: ignore[operator]
        assert parse_link(str(meta["reader"])).content_hash is not None
        body = text.split("\n---\n", 1)[1]
        # the note's own "# A heading" never becomes a heading of the file
        headings = [line for line in body.splitlines() if line.startswith("#")]
        assert len(headings) == 1 and headings[0].startswith("# ")
        assert "**A heading in a" in body
        all_ids += BLOCK_ID.findall(body)
        links = LINK.findall(body)
        assert links and len(links) == meta["notes"]
        for link in links:
            target = resolve(seeded.db, parse_link(link))
            note = NoteStore(seeded.db).get(target.note or "")
            assert note is not None and (target.start, target.end) == (note.start, note.end)
        kinds_seen |= {kind for kind in ("Reporting", "Commentary (added by the republisher)")
                       if f"[!quote] {kind}" in body}
        assert "#to-check" in body
    assert len(all_ids) == len(set(all_ids)) == len(notes)
    assert kinds_seen == {"Reporting", "Commentary (added by the republisher)"}
    # stable: a second export is byte-identical
    assert export_markdown_files(seeded.db, notes) == files


PAGE = """<html><head><title>Harbour reopens - Coast Gazette</title>
<meta property="og:site_name" content="Coast: "Gazette" #1">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<link rel="canonical" href="https://gazette.example/harbour?a=1&amp;b=2">
</head><body><article><h1>Harbour reopens</h1><p>The harbour reopened on Tuesday after
three weeks of repairs to the sea wall, the port authority said.</p></article></body></html>
"""


def test_frontmatter_carries_the_pages_own_metadata(seeded: CoreContext, tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(PAGE.replace('"Gazette"', "&quot;Gazette&quot;"), encoding="utf-8")
    doc_id = seeded.library.add_files([str(page)]).added[0]
    text = seeded.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    start = text.index("The harbour")
    store = NoteStore(seeded.db)
    store.highlight(doc_id, text, start, start + 20, body="check the date")
    files = export_markdown_files(seeded.db, store.for_document(doc_id))
    meta = _frontmatter(next(iter(files.values())))
    assert meta["url"] == "https://gazette.example/harbour?a=1&b=2"
    assert meta["site"] == 'Coast: "Gazette" #1'  # quotes, colon and hash stay YAML-safe
    assert meta["published"] == "2024-03-05T09:30"
    assert meta["source"] == str(page.resolve())
    # the seed files say nothing about their site or date, so neither appears
    for name, body in export_markdown_files(seeded.db, store.all_notes()).items():
        if "harbour" not in name.lower():
            assert not {"site", "published", "url"} & set(_frontmatter(body))
    single = export_markdown(seeded.db, store.all_notes())
    assert "Site: Coast" in single and "Published: 2024-03-05T09:30" in single


def test_one_file_export_and_folder_refresh_through_the_cli(
        seeded: CoreContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = NoteStore(seeded.db).all_notes()
    single = export_markdown(seeded.db, notes)
    assert _frontmatter(single)["notes"] == len(notes)
    data = str(tmp_path / "data")
    vault = tmp_path / "vault"
    seeded.close()
    assert main(["--data-dir", data, "notes", "export", "-o", f"{vault}/"]) == 0
    first = {p.name: p.stat().st_mtime_ns for p in vault.iterdir()}
    assert len(first) == 2 and "2 files written" in capsys.readouterr().err
    # refresh after one note changes: only that document's file is rewritten
    again = open_context(data)
    store = NoteStore(again.db)
    changed = store.for_document(1)[0]
    store.set_body(changed.uuid, "Changed")
    again.close()
    assert main(["--data-dir", data, "notes", "export", "-o", str(vault)]) == 0
    assert "1 files written" in capsys.readouterr().err


def test_reader_links_are_parsed_strictly() -> None:
    good = "reader://open?hash=" + "a" * 64 + "&path=%2Ftmp%2Fx.txt&start=3&end=9"
    link = parse_link(good)
    assert (link.path, link.start, link.end) == ("/tmp/x.txt", 3, 9)
    for bad in ("http://x", "reader://open?start=1&end=2", "reader://open?hash=zz",
                "reader://open?path=/a&start=9&end=3", "reader://open?path=/a&start=-1&end=2",
                "reader://open?path=/a&start=99999999999&end=99999999999", "reader://note/",
                "reader://what/x", "reader://open?path=/a&start=1", "reader://" + "a" * 9000):
        with pytest.raises(LinkError):
            parse_link(bad)
