"""`reader add URL`, `reader text` and `reader versions`, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.cli.main import main
from reader.core.store.paths import store_path
from tests.core.test_web_library import FIRST, SECOND, page
from tests.web_server import Route, page_server


def _json(capsys, *args: str) -> Any:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_add_url_then_versions_then_text(data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with page_server() as server:
        server.routes["/story"] = Route(body=page("Bridge to be repaired", FIRST))
        url = server.url("/story")
        assert main(["add", url]) == 0
        assert "1 added, 0 refreshed, 0 unchanged, 0 failed." in capsys.readouterr().out
        server.routes["/story"] = Route(body=page("Bridge to be replaced", SECOND))
        assert main(["add", url]) == 0
        assert "0 added, 1 refreshed" in capsys.readouterr().out
        assert main(["add", server.url("/missing")]) == 1
        assert "/missing: not found" in capsys.readouterr().err

    listed = _json(capsys, "list", "--json", "--collection", "library")
    assert [(e["title"], e["site"], e["published"]) for e in listed] == [  # type: ignore[index]
        ("Bridge to be replaced", "Gazette", "2024-05-01T08:00")
    ]
    doc_id = str(listed[0]["id"])  # type: ignore[index]

    capsys.readouterr()
    assert main(["versions", url]) == 0
    out = capsys.readouterr().out
    assert "2 versions" in out and "Bridge to be repaired" in out
    assert out.rstrip().endswith("Bridge to be replaced  (current)")
    assert [v["current"] for v in _json(capsys, "versions", doc_id, "--json")] == [False, True]  # type: ignore[index]
    capsys.readouterr()
    assert main(["versions", doc_id, "--text", "1"]) == 0
    assert "repair the old bridge" in capsys.readouterr().out
    assert main(["versions", doc_id, "--text", "3"]) == 1
    assert "has no version 3" in capsys.readouterr().err

    [item] = _json(capsys, "text", "--kind", "reporting", "--json", doc_id)  # type: ignore[misc]
    assert item["url"] == url and item["site"] == "Gazette"
    assert item["text"].startswith("Bridge to be replaced\n\nThe council met")
    assert "Home" not in item["text"] and "Gazette, all rights" not in item["text"]
    capsys.readouterr()
    assert main(["text", url]) == 0
    assert capsys.readouterr().out.startswith("Home World\n\nBridge to be replaced\n\n")
    capsys.readouterr()
    assert main(["text", "--kind", "furniture", doc_id]) == 0
    assert capsys.readouterr().out == "Home World\n\n© Gazette, all rights reserved\n"


def test_text_of_files_not_in_the_library(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "saved.html"
    saved.write_bytes(page("Bridge to be repaired", FIRST))
    plain = tmp_path / "plain.txt"
    plain.write_text("A plain headline\n\nComment: my own aside here.\n\nThe body.\n")
    items = _json(capsys, "text", "--json", "--kind", "reporting", str(saved), str(plain))
    assert [i["title"] for i in items] == ["Bridge to be repaired", "A plain headline"]  # type: ignore[index]
    assert items[1]["text"] == "A plain headline\n\nThe body."  # type: ignore[index]
    assert items[0]["site"] == "Gazette" and items[1]["site"] == ""  # type: ignore[index]
    assert not store_path(data_dir).exists()  # reading files never creates a library
    capsys.readouterr()
    assert main(["text", str(tmp_path / "nope.html"), "12345"]) == 1
    err = capsys.readouterr().err
    assert "nope.html: the file does not exist" in err and "12345" in err


def test_versions_text_json_places_the_notes_in_that_version(
    data_dir: Path, tmp_path: Path, capsys  # type: ignore[no-untyped-def]
) -> None:
    from reader.core.notes.storage import NoteStore
    from reader.core.store.database import open_store

    story = tmp_path / "story.txt"
    story.write_text("Bridge vote\n\nThey voted, after a long debate, to repair it.\n")
    assert main(["add", str(story)]) == 0
    store = open_store(store_path(data_dir))
    try:
        text = store.db.execute("SELECT id, text FROM documents WHERE path LIKE '%story.txt'")
        doc_id, first = text.fetchone()
        start = first.index("a long debate")
        NoteStore(store.db).highlight(doc_id, first, start, start + 13, body="why so long?")
    finally:
        store.db.close()
    story.write_text("Bridge vote\n\nNews: a vote.\n\nThey voted, after a long debate, to fix.\n")
    assert main(["add", str(story)]) == 0
    old = _json(capsys, "versions", str(doc_id), "--text", "1", "--json")
    [note] = old["notes"]
    assert old["text"][note["start"] : note["end"]] == "a long debate" == note["quote"]
    assert note["body"] == "why so long?" and note["place"] == "recorded"
    new = _json(capsys, "versions", str(doc_id), "--text", "2", "--json")
    assert new["notes"][0]["start"] > note["start"] and new["absent"] == []
