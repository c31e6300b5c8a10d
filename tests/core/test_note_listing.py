"""Which notes a sidebar lists, answered by SQLite: scopes, filters, order, orphans."""

from __future__ import annotations

from pathlib import Path

from reader.core.notes.listing import (
    NoteQuery,
    count_notes,
    highlight_spans,
    highlight_spans_of,
    list_notes,
)
from reader.core.notes.storage import NoteStore

TEXT = ("Headline\n\nThe council voted on the budget on Tuesday. Officials said the "
        "harbour plan was delayed. Résidents of Zürich were not asked.\n")


def _library(core, tmp_path: Path):  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text("Zebra title\n\nAnother text about a harbour.\n", encoding="utf-8")
    a, b = core.library.add_files([first, second]).added
    store = NoteStore(core.db)
    notes = {
        "budget": store.highlight(a, TEXT, TEXT.index("budget"), TEXT.index("budget") + 6,
                                  "green", "Check the *numbers*"),
        "harbour": store.highlight(a, TEXT, TEXT.index("harbour"), TEXT.index("harbour") + 7,
                                   "pink", ""),
        "zurich": store.highlight(a, TEXT, TEXT.index("Zürich"), TEXT.index("Zürich") + 6,
                                  "blue", "ÉTÉ in ZÜRICH"),
        "general": store.document_note(a, "about the whole piece"),
        "other": store.highlight(b, "Zebra title\n\nAnother text about a harbour.\n", 0, 5,
                                 "yellow", "50%_done"),
    }
    store.set_tags(notes["harbour"].uuid, ["To Check"])
    store.update(notes["budget"].uuid, orphaned=True, touch=False)
    return a, b, store, {k: store.id_of(n.uuid) for k, n in notes.items()}


def test_scopes_order_and_orphans_match_the_store(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, ids = _library(core, tmp_path)
    listing = list_notes(core.db, NoteQuery(doc_id=a))
    assert listing.placed + listing.orphaned == store.places(a)
    assert [p[0] for p in listing.orphaned] == [ids["budget"]]
    assert listing.total == 4 == count_notes(core.db, NoteQuery(doc_id=a))
    every = list_notes(core.db, NoteQuery(every_document=True))
    assert sorted(every.placed + every.orphaned) == sorted(store.places()) and every.total == 5
    assert list_notes(core.db, NoteQuery()).total == 0  # nothing asked: nothing listed


def test_words_colours_and_tags_filter_in_sql(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _b, _store, ids = _library(core, tmp_path)

    def found(**filters: object) -> set[int]:
        listing = list_notes(core.db, NoteQuery(doc_id=a, **filters))  # type: ignore[arg-type]
        assert listing.total == 4
        return {p[0] for p in listing.placed + listing.orphaned}

    assert found(words=("NUMBERS",)) == {ids["budget"]}  # body, any case
    assert found(words=("HARBOUR", "check")) == {ids["harbour"]}  # quote and tag: each word
    assert found(words=("harbour", "plan")) == set()  # the context around a quote is not
    assert found(words=("zürich",)) == {ids["zurich"]}  # non-ASCII case folded
    assert found(words=("été",)) == {ids["zurich"]}
    assert found(words=("pink",)) == {ids["harbour"]}  # the colour's name
    assert found(words=("%",)) == set()  # LIKE's wildcards are plain characters
    assert found(colors=frozenset({"blue"})) == {ids["zurich"], ids["general"]}
    assert found(tag="to check") == {ids["harbour"]}
    assert found(tag="check") == set()  # a whole tag, not part of one
    assert found(words=("whole",), colors=frozenset({"green"})) == {ids["general"]}


def test_every_note_filter_matches_the_document_title(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _a, _b, _store, ids = _library(core, tmp_path)
    listing = list_notes(core.db, NoteQuery(every_document=True, words=("zebra",)))
    assert [p[0] for p in listing.placed] == [ids["other"]] and listing.total == 5
    listing = list_notes(core.db, NoteQuery(every_document=True, words=("50%_",)))
    assert [p[0] for p in listing.placed] == [ids["other"]]


def test_highlight_spans_are_the_placed_ones_in_order(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _b, _store, ids = _library(core, tmp_path)
    spans = highlight_spans(core.db, NoteQuery(doc_id=a), len(TEXT))
    assert [s[2] for s in spans.spans] == [ids["harbour"], ids["zurich"]]  # no orphan, no
    assert spans.spans == sorted(spans.spans)                              # document note
    assert spans.noted == {ids["budget"], ids["zurich"], ids["general"]}
    short = highlight_spans(core.db, NoteQuery(doc_id=a), TEXT.index("Zürich"))
    assert [s[2] for s in short.spans] == [ids["harbour"]]  # beyond the text shown: left out


def test_highlight_spans_from_the_sidebar_listing_are_the_same(core, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opening a document paints its highlights from the rows the sidebar just listed."""
    a, _b, store, _ids = _library(core, tmp_path)
    same_start = TEXT.index("harbour")
    store.highlight(a, TEXT, same_start, same_start + 4, "yellow", "")  # shorter, same start
    store.highlight(a, TEXT, same_start, same_start + 4, "purple", "a note")  # same place
    query = NoteQuery(doc_id=a)
    placed = list_notes(core.db, query).placed
    for limit in (len(TEXT), TEXT.index("Zürich"), same_start + 5, 0):
        assert highlight_spans_of(core.db, query, placed, limit) == \
            highlight_spans(core.db, query, limit)
    every = NoteQuery(every_document=True)
    assert highlight_spans_of(core.db, every, list_notes(core.db, every).placed, 99) == \
        highlight_spans(core.db, every, 99)  # none for every document, as from SQL


def test_recent_listings_are_reused_only_while_the_store_is_unchanged(  # type: ignore[no-untyped-def]
        core, tmp_path: Path) -> None:
    """Going back to a document re-reads nothing while no note changed; a change made on this
    connection, or committed by another one (a worker, another reader), reads afresh."""
    import sqlite3

    from reader.core.notes.listing import RecentListings
    from reader.core.store.paths import store_path

    a, b, store, ids = _library(core, tmp_path)
    recent = RecentListings(core.db)
    query, other = NoteQuery(doc_id=a), NoteQuery(doc_id=b)
    first = recent.list_notes(query)
    spans = recent.highlight_spans_of(query, first.placed, len(TEXT))
    recent.list_notes(other)  # another document in between
    assert recent.list_notes(query) is first and recent.reads == 2
    assert recent.highlight_spans_of(query, first.placed, len(TEXT)) is spans
    assert first == list_notes(core.db, query)

    store.set_body(store.by_ids([ids["harbour"]])[ids["harbour"]].uuid, "now with a note")
    again = recent.list_notes(query)
    assert recent.reads == 3 and again == list_notes(core.db, query)
    fresh = recent.highlight_spans_of(query, again.placed, len(TEXT))
    assert ids["harbour"] in fresh.noted and ids["harbour"] not in spans.noted

    elsewhere = sqlite3.connect(store_path(core.data_dir))
    try:
        with elsewhere:
            elsewhere.execute("UPDATE notes SET color = 'purple' WHERE id = ?", (ids["zurich"],))
    finally:
        elsewhere.close()
    last = recent.list_notes(query)
    assert recent.reads == 4
    assert [place[3] for place in last.placed if place[0] == ids["zurich"]] == ["purple"]
