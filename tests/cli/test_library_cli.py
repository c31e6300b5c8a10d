"""`reader add/list/remove/search/watch` on a temporary store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from reader.core.library.search import fts_query, search_library


def json_out(capsys: pytest.CaptureFixture[str], *args: str, status: int = 0) -> Any:
    assert main(list(args)) == status
    return json.loads(capsys.readouterr().out)


def test_add_list_search_remove(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "summit.txt").write_text(
        "Leaders gather for the summit\n\nThe walrus delegation arrived late on Friday.\n"
    )
    (folder / "sub" / "page.html").write_text(
        "<nav>Menu kelp</nav><h1>Fisheries talks collapse today</h1><p>No deal reached.</p>"
    )
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    assert main(["add", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "2 added, 0 refreshed, 0 unchanged, 1 failed." in captured.out
    assert "bad.txt: the text is UTF-16" in captured.err  # named, with the fix

    listed = json_out(capsys, "list", "--json", "--collection", "library", "--sort", "title")
    assert [e["title"] for e in listed] == [  # type: ignore[index]
        "Fisheries talks collapse today",
        "Leaders gather for the summit",
    ]
    assert len(json_out(capsys, "list", "--json")) == 4  # type: ignore[arg-type]

    hits = json_out(capsys, "search", "walrus", "--json")
    assert [Path(h["path"]).name for h in hits] == ["summit.txt"]  # type: ignore[index]
    assert "[walrus]" in hits[0]["snippet"]  # type: ignore[index]
    # punctuation and FTS operators in a query cannot break the search
    # (no match: an empty list, and exit 1 as grep does)
    assert json_out(capsys, "search", 'walrus" OR (NEAR "*', "--json", status=1) == []
    both = json_out(capsys, "search", "walrus", "Friday", "--json")  # every word required
    assert [h["id"] for h in both] == [hits[0]["id"]]  # type: ignore[index]
    assert "[Friday]" in both[0]["snippet"]  # type: ignore[index]
    assert json_out(capsys, "search", "walrus", "Fisheries", "--json", status=1) == []
    # A page's menu is kept in its text (shown as furniture), so search finds it too.
    menu = json_out(capsys, "search", "kelp", "--json")
    assert [Path(h["path"]).name for h in menu] == ["page.html"]  # type: ignore[index]

    doc_id = hits[0]["id"]  # type: ignore[index]
    assert main(["remove", str(doc_id), "9999"]) == 1
    captured = capsys.readouterr()
    assert "1 removed" in captured.out and "no document with id 9999" in captured.err
    assert (folder / "summit.txt").exists()
    assert json_out(capsys, "search", "walrus", "--json", status=1) == []


def test_re_add_refreshes_changed_text(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.txt"
    path.write_text("A first version of the story\n\nBody words.\n")
    assert main(["add", str(path)]) == 0
    path.write_text("A second version of the story\n\nBody words, now longer than before.\n")
    assert main(["add", str(path)]) == 0
    assert "0 added, 1 refreshed" in capsys.readouterr().out
    hits = json_out(capsys, "search", "longer", "--json")
    assert [h["title"] for h in hits] == ["A second version of the story"]  # type: ignore[index]


def test_watch_command_lists_folders(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["watch", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path.resolve())
    assert main(["watch", "--stop", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == ""


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('NATO "summit* OR -x') == '"NATO" "summit" "OR" "x"'
    assert fts_query("!!!") == ""
    db = sqlite3.connect(":memory:")
    assert search_library(db, "  ") == []


def test_a_locked_store_gives_a_message_not_a_traceback(
    data_dir: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from reader.core.library import importer

    def locked(*_args: object, **_kwargs: object) -> object:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(importer.Importer, "run", locked)
    (tmp_path / "a.txt").write_text("Some words for a story\n")
    assert main(["add", str(tmp_path / "a.txt")]) == 1
    assert "another program is holding the library" in capsys.readouterr().err


def test_titles_and_file_names_cannot_drive_the_terminal(data_dir: Path, tmp_path: Path) -> None:
    """Issue 21 #6: an ESC sequence in a title (set the terminal title, clear the screen)
    and a newline in a file name (a forged row) are printed as visible escapes."""
    from tests.faults import run_reader

    folder = tmp_path / "hostile"
    folder.mkdir()
    escape = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
    (folder / "title.txt").write_text(f"{escape}Harbour wall\n\nThe council met at the harbour.\n")
    forged = folder / "a\n  999  Forged row  (forged.txt, 1 words).txt"
    forged.write_text("Plain headline\n\nThe harbour body.\n")
    added = run_reader("add", "--verbose", str(folder), READER_DATA_DIR=str(data_dir))
    assert added.returncode == 0, added.stderr
    for args in (("list", "--collection", "library"), ("search", "harbour"), ("add", "-v",
                                                                            str(folder))):
        out = run_reader(*args, READER_DATA_DIR=str(data_dir)).stdout
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m" in out or args[0] == "add"
        assert not any(line.lstrip().startswith("999") for line in out.splitlines())
    listed = run_reader("list", "--collection", "library", READER_DATA_DIR=str(data_dir)).stdout
    assert len(listed.splitlines()) == 2  # one line per document, however they are named
    assert "a\\x0a  999  Forged row" in listed


def test_a_file_name_that_is_not_utf8_does_not_stop_reader_add(
    data_dir: Path, tmp_path: Path
) -> None:
    """Issue 21 #7, from the command line: 500 files, one named in Latin-1 bytes."""
    import os

    from tests.faults import run_reader

    folder = tmp_path / "five-hundred"
    folder.mkdir()
    for n in range(500):
        (folder / f"{n:03}.txt").write_text(f"Story {n}\n\nBody {n}.\n")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Named in Latin-1\n\nBody.\n")
    added = run_reader("add", str(folder), READER_DATA_DIR=str(data_dir))
    assert added.returncode == 1  # one failure
    assert "Traceback" not in added.stderr
    assert "500 added, 0 refreshed, 0 unchanged, 1 failed." in added.stdout
    assert "caf\\xe9.txt: its name is not valid UTF-8" in added.stderr


def test_a_data_dir_with_uri_characters_imports_through_workers(tmp_path: Path) -> None:
    """Issue 21 #8: `#`, `?` and `%` in the data dir's path, and enough files (over
    `MIN_DOCUMENTS`) that worker processes open the store by a `file:` URI."""
    from reader.core.library.import_workers import MIN_DOCUMENTS
    from tests.faults import run_reader

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(MIN_DOCUMENTS + 20):
        (folder / f"{n:03}.txt").write_text(f"Story {n}\n\nBody of story {n}.\n")
    parent = tmp_path / "home"
    data = parent / "data#1?mode=rw%25"
    added = run_reader("add", str(folder), READER_DATA_DIR=str(data))
    assert added.returncode == 0, added.stderr
    assert f"{MIN_DOCUMENTS + 20} added" in added.stdout
    assert sorted(p.name for p in parent.iterdir()) == [data.name]  # nothing made beside it
    assert not list(tmp_path.glob("data*")) and not list(Path.cwd().glob("data#*"))
