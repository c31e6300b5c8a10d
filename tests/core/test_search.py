"""Library and notes search over FTS5: ranking, snippets, offsets, hostile queries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.core.library.search import (
    SNIPPET_END,
    SNIPPET_START,
    first_match_offset,
    fts_query,
    plain_snippet,
    search_library,
)


@pytest.fixture
def library(core, tmp_path: Path):  # type: ignore[no-untyped-def]
    texts = {
        "glaciers.txt": "Glaciers in retreat\n\nThe glaciers of the Alps are shrinking. Glaciers "
        "feed rivers; glaciers store water.\n",
        "budget.txt": "City budget approved\n\nThe council approved the budget. A note on "
        "glaciers appears once here.\n",
        "harbour.txt": "Harbour reopens\n\nFishing boats returned to the harbour on Monday.\n",
    }
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    core.library.add_files(paths)
    return core


def _add_note(db, doc_id, body, exact, start):  # type: ignore[no-untyped-def]
    now = time.time()
    db.execute(
        "INSERT INTO notes (uuid, doc_id, exact, start, end, body, created, updated)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (f"u{now}{start}", doc_id, exact, start, start + len(exact), body, now, now),
    )


def test_ranking_puts_the_most_relevant_document_first(library) -> None:  # type: ignore[no-untyped-def]
    hits = search_library(library.db, "glaciers")
    names = [Path(hit.path).name for hit in hits]
    assert names == ["glaciers.txt", "budget.txt"]
    assert hits[0].score > hits[1].score
    assert all(hit.kind == "document" for hit in hits)


def test_snippets_mark_the_match_and_offsets_point_at_it(library) -> None:  # type: ignore[no-untyped-def]
    hit = search_library(library.db, "harbour")[0]
    assert f"{SNIPPET_START}harbour{SNIPPET_END}".lower() in hit.snippet.lower()
    text = library.library.document(hit.doc_id).text
    assert hit.offset is not None
    assert text[hit.offset : hit.offset + 7].lower() == "harbour"
    assert "harbour" in plain_snippet(hit.snippet).lower()


def test_last_word_is_a_prefix_while_typing(library) -> None:  # type: ignore[no-untyped-def]
    assert [Path(h.path).name for h in search_library(library.db, "fish")] == ["harbour.txt"]
    assert search_library(library.db, "fish ") == []  # a finished word must match whole
    hit = search_library(library.db, "fishing boa")[0]
    text = library.library.document(hit.doc_id).text
    assert hit.offset is not None
    assert text[hit.offset :].startswith("Fishing boats")


def test_notes_are_searched_too(library) -> None:  # type: ignore[no-untyped-def]
    doc_id = library.library.entries()[2].id
    _add_note(library.db, doc_id, "Compare with the **port authority** statement", "boats", 40)
    hits = search_library(library.db, "authority")
    assert [(h.kind, h.doc_id, h.offset) for h in hits] == [("note", doc_id, 40)]
    assert SNIPPET_START in hits[0].snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND(",
        "*",
        "NEAR",
        "NEAR(a b)",
        "a OR",
        "-",
        "^",
        "title:x",
        "'",
        "((",
        ")",
        '"unterminated',
        "glaciers AND",
        "NOT glaciers",
        "\x00",
        "🙂",
        "   ",
        "",
    ],
)
def test_hostile_queries_never_raise(library, query: str) -> None:  # type: ignore[no-untyped-def]
    hits = search_library(library.db, query)
    assert isinstance(hits, list)


def test_operators_are_searched_as_words(library) -> None:  # type: ignore[no-untyped-def]
    assert fts_query('NEAR(a "b") OR cat*') == '"NEAR" "a" "b" "OR" "cat"*'
    assert fts_query("crimea c") == '"crimea" "c"'  # one letter is not yet a prefix
    # as an FTS operator, OR would return both documents; here it is a word nobody wrote
    assert [Path(h.path).name for h in search_library(library.db, "water")] == ["glaciers.txt"]
    assert search_library(library.db, "water OR harbour") == []


def test_first_match_offset_prefers_the_phrase() -> None:
    text = "boats were few. Later the fishing boats returned."
    assert first_match_offset(text, "fishing boats ") == text.index("fishing boats")
    assert first_match_offset(text, "zebra") is None
    assert first_match_offset(text, "!!") is None


def test_results_model_passes_the_model_tester(qtmodeltester, library) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.library.search_dialog import SearchResultsModel, snippet_html

    model = SearchResultsModel()
    model.set_hits(search_library(library.db, "glaciers"))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert snippet_html(f"<b>{SNIPPET_START}x{SNIPPET_END}") == "&lt;b&gt;<b>x</b>"


def test_a_query_of_thousands_of_words_is_bounded(library) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 #16: 3,000 repeated words (or 3,000 different ones) make a small query."""
    from reader.core.library.search import MAX_QUERY_WORDS, query_words

    assert query_words("glaciers " * 3000) == ["glaciers"]
    assert fts_query(("Glaciers glaciers GLACIERS " * 1000).rstrip()) == "\"Glaciers\"*"
    many = " ".join(f"w{i}" for i in range(3000))
    assert len(query_words(many)) == MAX_QUERY_WORDS
    assert fts_query(many).count('"') == 2 * MAX_QUERY_WORDS
    assert not fts_query(many).endswith("*")  # the last kept word is not the one typed last
    assert len(query_words("x" * 100_000)[0]) == 64
    hits = search_library(library.db, "glaciers " * 3000)
    assert [Path(h.path).name for h in hits if h.kind == "document"][:2] == [
        "glaciers.txt", "budget.txt"
    ]
    assert first_match_offset("The glaciers melt", "glaciers " * 3000) == 4


def test_a_word_everywhere_is_matched_whole_and_ranked_by_recency(
    core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Typing "the" on the way to "theatre": when the word itself is in more documents than
    are ranked (here 2), its prefix is not expanded and the newest matches come first."""
    from reader.core.library import search

    monkeypatch.setattr(search, "RANK_ALL_LIMIT", 2)
    paths = []
    for name, text in {"a.txt": "One\n\nthe cat sat", "b.txt": "Two\n\nthe dog ran",
                       "c.txt": "Three\n\nthe bird flew", "d.txt": "Four\n\ntheme park"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    core.library.add_files(paths)
    hits = [Path(h.path).name for h in search_library(core.db, "the") if h.kind == "document"]
    assert hits == ["c.txt", "b.txt", "a.txt"]  # not theme park; newest first
    hits = [Path(h.path).name for h in search_library(core.db, "them") if h.kind == "document"]
    assert hits == ["d.txt"]  # a rarer word is still a prefix
