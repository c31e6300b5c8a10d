"""Web pages in the library: fetched from a local server, stored with metadata, versioned."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.classify.verdicts import LibraryClassifier
from reader.core.library.pages import structure_of, version_text, versions
from reader.core.library.web_import import add_url
from reader.core.notes.storage import NoteStore
from reader.core.store.database import _SAME_TITLES, MIGRATIONS, SCHEMA_VERSION, open_store
from reader.core.web.fetch import USER_AGENT, FetchError, fetch_url
from tests.stores import add_one_document, store_before
from tests.web_server import Route, page_server


def page(headline: str, body: str, site: str = "Gazette", date: str = "2024-05-01") -> bytes:
    return (
        f"<html lang=en><head><title>{headline} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{date}T08:00:00Z">'
        f"</head><body><nav><a href=/>Home</a> <a href=/w>World</a></nav>"
        f"<article><h1>{headline}</h1><p>{body}</p>"
        "<p>Officials said the talks, which began on Monday, would resume next week, "
        "and that a statement would follow.</p></article>"
        "<footer>© Gazette, all rights reserved</footer></body></html>"
    ).encode()


FIRST = "The council met on Tuesday and voted, after a long debate, to repair the old bridge."
SECOND = "The council met on Tuesday and voted, after a long debate, to replace the old bridge."


def test_add_url_stores_metadata_structure_and_html(core) -> None:  # type: ignore[no-untyped-def]
    library = core.library
    with page_server() as server:
        server.routes["/story"] = Route(body=page("Bridge to be repaired", FIRST))
        doc_id, outcome = add_url(library, server.url("/story#comments"))
        assert server.seen_agents == [USER_AGENT]
    assert outcome == "added"
    entry = library.entry(doc_id)
    assert entry is not None
    assert entry.path == server.url("/story")  # the fragment is not part of the key
    assert (entry.title, entry.site, entry.published) == (
        "Bridge to be repaired",
        "Gazette",
        "2024-05-01T08:00",
    )
    document = library.document(doc_id)
    assert document.meta is not None and document.meta.language == "en"
    assert document.text.startswith("Home World\n\nBridge to be repaired\n\n")
    assert structure_of(core.db, doc_id)
    segments = LibraryClassifier(core.db).segments(doc_id)
    kinds = {document.text[s.start : s.end].split("\n")[0]: s.kind for s in segments}
    assert kinds["Home World"] == "furniture"
    assert kinds["Bridge to be repaired"] == "reporting"
    assert kinds["© Gazette, all rights reserved"] == "furniture"
    html = core.db.execute("SELECT html FROM page_sources WHERE doc_id = ?", (doc_id,)).fetchone()
    assert bytes(html[0]).startswith(b"<html lang=en>")
    assert [e.id for e in library.entries(contains="gazette")] == [doc_id]  # filter on site
    assert [e.id for e in library.entries("site")][-1] == doc_id


def test_refetch_keeps_the_old_text_as_a_version_and_notes_move_on(core) -> None:  # type: ignore[no-untyped-def]
    library = core.library
    notes = NoteStore(core.db)
    with page_server() as server:
        server.routes["/story"] = Route(body=page("Bridge to be repaired", FIRST))
        doc_id, _ = add_url(library, server.url("/story"))
        old_text = library.document(doc_id).text
        start = old_text.index("a long debate")
        note = notes.highlight(doc_id, old_text, start, start + len("a long debate"), "blue", "n")
        assert add_url(library, server.url("/story")) == (doc_id, "unchanged")
        server.routes["/story"] = Route(body=page("Bridge to be replaced", SECOND))
        assert add_url(library, server.url("/story")) == (doc_id, "refreshed")
    listed = versions(core.db, doc_id)
    assert [(v.number, v.title, v.current, v.has_html) for v in listed] == [
        (1, "Bridge to be repaired", False, True),
        (2, "Bridge to be replaced", True, True),
    ]
    assert version_text(core.db, doc_id, 1) == old_text
    new_text = library.document(doc_id).text
    assert "replace the old bridge" in new_text and version_text(core.db, doc_id, 2) == new_text
    moved = notes.get(note.uuid)
    assert moved is not None and not moved.orphaned
    assert new_text[moved.start : moved.end] == "a long debate"


def test_a_changed_file_keeps_its_earlier_text(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.txt"
    path.write_text("Bridge vote\n\nThe first text of the story.\n", encoding="utf-8")
    library = core.library
    doc_id = library.add_files([path]).added[0]
    path.write_text("Bridge vote\n\nThe second text of the story, longer.\n", encoding="utf-8")
    assert library.add_files([path]).refreshed == [doc_id]
    assert [v.word_count for v in versions(core.db, doc_id)] == [8, 9]
    assert "first text" in (version_text(core.db, doc_id, 1) or "")


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(404, b"<h1>gone</h1>"), "not found"),
        (Route(500, b"oops"), r"the server failed \(500\)"),
        (Route(body=b"%PDF-1.4 binary", content_type="application/pdf"), "not a web page"),
        (Route(body=b"x" * 5000), "too large"),
        (Route(body=b"<p>" + b"x" * 1000, endless=True), "too large"),
        (Route(body=b"<p>late</p>", delay=2.0), "did not answer"),
        (Route(302, headers=(("Location", "file:///etc/passwd"),)), r"not http\(s\)"),
        (Route(302, headers=(("Location", "/loop"),)), "redirect"),
        (Route(body=b"   "), "empty page"),
    ],
)
def test_fetch_errors_are_clear(route: Route, reason: str) -> None:
    with page_server() as server:
        server.routes["/p"] = route
        server.routes["/loop"] = Route(302, headers=(("Location", "/p"),))
        with pytest.raises(FetchError, match=reason):
            fetch_url(server.url("/p"), timeout=0.5, max_bytes=4096)


def test_only_http_urls_and_no_network_is_said_plainly() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http://"):
        with pytest.raises(FetchError):
            fetch_url(url)
    with page_server() as server:
        port = server.httpd.server_address[1]
    with pytest.raises(FetchError, match="refused the connection"):
        fetch_url(f"http://127.0.0.1:{port}/closed", timeout=2)


def test_redirects_are_followed_up_to_the_limit() -> None:
    with page_server() as server:
        server.routes["/a"] = Route(301, headers=(("Location", "/b"),))
        server.routes["/b"] = Route(body=b"<h1>Arrived here</h1>")
        fetched = fetch_url(server.url("/a"))
        assert fetched.final_url == server.url("/b") and fetched.url == server.url("/a")


def test_migration_from_version_two(tmp_path: Path) -> None:
    """The web-pages migration on a store written before it: rows keep their text."""
    path = tmp_path / "old.db"
    old = store_before(path, MIGRATIONS[2])
    add_one_document(old, 5)
    old.commit()
    old.close()
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    row = db.execute("SELECT site, published, meta, structure, text FROM documents").fetchone()
    assert tuple(row) == ("", "", None, None, "one two.")
    assert [(v.number, v.stored_at, v.current) for v in versions(db, 1)] == [(1, 5.0, True)]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_users_title_survives_a_refetch_and_empty_gives_the_pages_back(core) -> None:  # type: ignore[no-untyped-def]
    library = core.library
    with page_server() as server:
        server.routes["/story"] = Route(body=page("Bridge to be repaired", FIRST))
        doc_id, _ = add_url(library, server.url("/story"))
        assert library.rename(doc_id, "  My   own name ") is True
        assert library.entry(doc_id).title == "My own name"
        assert [e.id for e in library.entries(contains="own name")] == [doc_id]
        server.routes["/story"] = Route(body=page("Bridge to be replaced", SECOND))
        assert add_url(library, server.url("/story"))[1] == "refreshed"
    assert library.entry(doc_id).title == "My own name"
    assert library.rename(doc_id, "") is True
    assert library.entry(doc_id).title == "Bridge to be replaced"
    assert library.rename(9999, "x") is False


def test_a_saved_page_added_from_disk_keeps_its_metadata_and_structure(  # type: ignore[no-untyped-def]
    core, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.html"
    saved.write_bytes(page("Bridge to be repaired", FIRST, site="The Courier", date="2023-02-03"))
    doc_id = core.library.add_files([tmp_path]).added[0]
    entry = core.library.entry(doc_id)
    assert (entry.title, entry.site, entry.published) == (
        "Bridge to be repaired",
        "The Courier",
        "2023-02-03T08:00",
    )
    assert structure_of(core.db, doc_id)[0][2:] == ("furniture", "page structure: navigation")
    segments = LibraryClassifier(core.db).segments(doc_id)
    assert segments[0].reason == "page structure: navigation"


def _store(library, path: str, title: str, site: str = "", published: str = "") -> int:  # type: ignore[no-untyped-def]
    from reader.core.library.pages import WebColumns

    doc_id, _ = library.store_text(
        path, f"{title}\n\nBody of {path}.", title, f"hash {path}", 4, 10, 0.0,
        web=WebColumns(site=site, published=published),
    )
    return int(doc_id)


def test_documents_of_one_title_are_told_apart_by_site_and_date_else_file_name(core) -> None:  # type: ignore[no-untyped-def]
    library = core.library
    guardian = _store(library, "/saved/a.html", "Summit ends", "The Guardian", "2024-03-01T09:30")
    post = _store(library, "/saved/b.html", "Summit ends", "NY Post", "2024-03-02")
    again = _store(library, "/saved/c.html", "Summit ends", "NY Post", "2024-03-02")
    plain = _store(library, "/notes/one.txt", "Budget passes")
    url = _store(library, "https://planet.example/world/budget-passes", "Budget passes")
    alone = _store(library, "/notes/two.txt", "Storm hits")
    told = {e.id: e.told_apart for e in library.entries_for([guardian, post, again, plain, url])}
    assert told[guardian] == "The Guardian, 2024-03-01"
    # Site and date do not tell these two apart: their file names do.
    assert told[post] == "NY Post, 2024-03-02, b.html"
    assert told[again] == "NY Post, 2024-03-02, c.html"
    assert told[plain] == "one.txt" and told[url] == "budget-passes"
    assert library.entry(alone).told_apart == ""
    assert {e.id: e.told_apart for e in library.entries()} [guardian] == told[guardian]
    # Renaming one away leaves the other alone in its title.
    library.rename(plain, "Budget passes at last")
    assert library.entry(url).told_apart == ""
    # Each row asks the title index, never scans the library.
    plan = " ".join(
        str(row[3])
        for row in library.db.execute(
            "EXPLAIN QUERY PLAN SELECT EXISTS (SELECT 1 FROM documents AS other"
            " WHERE other.title = documents.title AND other.site = documents.site"
            " AND other.published = documents.published AND other.id <> documents.id)"
            " FROM documents WHERE id = 1"
        )
    )
    assert "documents_title" in plan and "SCAN other" not in plan


def test_migration_adds_the_title_index_to_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = store_before(path, _SAME_TITLES)
    add_one_document(old, 5)
    old.commit()
    old.close()
    db = open_store(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "documents_title" in names
    assert db.execute("SELECT text FROM documents").fetchone()[0] == "one two."
