"""Annotations from outside: Hypothesis's formats and the W3C model's corners come in whole,
go out as valid W3C, and hostile files give clear messages (issue 18; issue 21 items 2, 9)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from reader.core.context import CoreContext, open_context
from reader.core.notes.incoming import ImportFormatError, load_json, parse
from reader.core.notes.interchange import document_infos, import_annotations, to_collection
from reader.core.notes.storage import Note, NoteStore
from tests.w3c_validity import annotation_problems, collection_problems

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "annotations"
TEXT = ("The mayor said the budget was balanced.\n\nCritics said it relied on one-off sales.\n\n"
        "The vote is on Tuesday.\n")
H_ID = "https://hypothes.is/a/Qx7dWl3mEe-8aGvJm2Xk1w"


def _fixture(name: str) -> Any:
    return load_json((FIXTURES / name).read_bytes())


@pytest.fixture
def library(tmp_path: Path) -> Iterator[CoreContext]:
    doc = tmp_path / "budget.txt"
    doc.write_text(TEXT, encoding="utf-8")
    context = open_context(tmp_path / "data")
    context.library.add_files([doc])
    yield context
    context.close()


def _exported(context: CoreContext) -> dict[str, Any]:
    data = to_collection(NoteStore(context.db).all_notes(), document_infos(context.db))
    assert collection_problems(data) == []
    return data


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in data.get("first", {}).get("items", [])}


# -- the checker itself catches what the issue found -------------------------------------


def test_the_w3c_checker_rejects_each_broken_must() -> None:
    good = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:"
            "0a6f3c1e-1b7e-4c52-9d51-2b8d8a8d0f11", "type": "Annotation",
            "target": "https://example.org/"}
    assert annotation_problems(good) == []
    broken: list[dict[str, Any]] = [
        {"id": "urn:uuid:https://hypothes.is/a/abc"},  # blind prefix: not a UUID
        {"target": {"source": ""}},  # unknown source exported as ""
        {"target": []},
        {"bodyValue": "x", "body": {"type": "TextualBody", "value": "y"}},
        {"motivation": "shouting"},
        {"created": "0000-01-01T00:00:00"},
        {"target": {"source": "https://e.org/", "selector": {"type": "TextPositionSelector",
                                                             "start": -11, "end": -1}}},
        {"target": {"source": "https://e.org/", "selector": {"type": "RangeSelector"}}},
    ]
    for change in broken:
        assert annotation_problems({**good, **change}) != [], change
    assert collection_problems({"@context": "http://www.w3.org/ns/anno.jsonld",
                                "type": "AnnotationCollection", "total": 0}) != []  # no id
    empty_page = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:c",
                  "type": "AnnotationCollection", "total": 0,
                  "first": {"id": "urn:x:p", "type": "AnnotationPage", "partOf": "urn:x:c",
                            "items": []}}
    assert collection_problems(empty_page) != []


def test_empty_export_is_a_valid_collection_without_a_page(library: CoreContext) -> None:
    data = _exported(library)
    assert data["total"] == 0 and "first" not in data


# -- Hypothesis ---------------------------------------------------------------------------


def test_h_api_annotation_is_matched_by_quote_and_exports_without_loss(
        library: CoreContext) -> None:
    result = import_annotations(library.db, _fixture("h_api_annotation.json"))
    assert (result.format, result.added, result.orphaned, result.skipped) == (
        "Hypothesis API annotation", 1, 0, [])
    note = NoteStore(library.db).get(H_ID)
    assert note is not None and note.doc_id is not None and not note.orphaned
    assert TEXT[note.start:note.end] == "relied on one-off sales"  # type: ignore[misc]
    assert note.body.startswith("Which **one-off sales**?")
    assert note.tags == ("budget", "follow up")
    assert note.created == pytest.approx(1709634093.123456)

    exported = _by_id(_exported(library))[H_ID]
    assert exported["creator"] == "acct:alice@hypothes.is"
    assert exported["created"] == "2024-03-05T10:21:33.123Z"
    assert exported["modified"] == "2024-03-06T08:00:00.500Z"
    bodies = exported["body"]
    assert [b["value"] for b in bodies if b.get("purpose") == "tagging"] == ["budget",
                                                                            "follow up"]
    kinds = [s["type"] for s in exported["target"]["selector"]]
    # the client's DOM range cannot place text here, but it is kept (as h's JSON-LD writes it)
    assert sorted(kinds) == ["TextPositionSelector", "TextQuoteSelector", "XPathSelector"]


def test_h_jsonld_and_api_forms_of_one_annotation_merge(library: CoreContext) -> None:
    first = import_annotations(library.db, _fixture("h_annotation.jsonld"))
    assert (first.format, first.added, first.orphaned) == ("W3C annotation", 1, 0)
    again = import_annotations(library.db, _fixture("h_api_annotation.json"))
    assert (again.added, again.unchanged) == (0, 1)
    exported = _by_id(_exported(library))[H_ID]
    selectors = exported["target"]["selector"]
    xpath = next(s for s in selectors if s["type"] == "XPathSelector")
    assert xpath["refinedBy"] == {"type": "TextPositionSelector", "start": 21, "end": 44}


def test_client_export_file_and_search_result(library: CoreContext) -> None:
    result = import_annotations(library.db, _fixture("client_export.json"))
    assert (result.format, result.added, result.orphaned, result.skipped) == (
        "Hypothesis client export", 3, 1, [])
    store = NoteStore(library.db)
    page_note = store.get("https://hypothes.is/a/Xd4mSo6pEe-1dJyMp5an4z")
    assert page_note is not None and page_note.is_document_note and not page_note.orphaned
    elsewhere = store.get("https://hypothes.is/a/Ye5nTp7qEe-2eKzNq6bo5a")
    assert elsewhere is not None and elsewhere.orphaned and elsewhere.doc_id is None
    assert elsewhere.doc_path == "https://elsewhere.example.com/other-story"
    # the orphan's source is still its page's URL in the export
    exported = _by_id(_exported(library))
    assert exported[elsewhere.uuid]["target"]["source"] == elsewhere.doc_path

    search = import_annotations(library.db, _fixture("h_api_search.json"))
    assert (search.format, search.added) == ("Hypothesis API search result", 1)
    assert len(search.skipped) == 1 and "reply" in search.skipped[0]


# -- the W3C model's corners --------------------------------------------------------------


def test_w3c_full_model_comes_in_and_goes_out_whole(tmp_path: Path,
                                                    library: CoreContext) -> None:
    data = _fixture("w3c_full.json")
    # positions alone place a passage only in a known document: this one's source is ours
    data["items"][0]["target"]["source"] = (tmp_path / "budget.txt").as_uri()
    result = import_annotations(library.db, data)
    assert (result.added, result.skipped) == (2, [])
    store = NoteStore(library.db)
    plain = store.get("https://annotations.example.net/anno/body-value")
    assert plain is not None and plain.body == "A plain comment given as bodyValue."
    # a RangeSelector of two positions is a passage, not a whole-document note
    assert (plain.start, plain.end, plain.orphaned) == (0, 39, False)
    assert plain.exact == "The mayor said the budget was balanced."
    # no `created`: the annotation's own `modified`, not the time of the import
    assert plain.created == plain.updated == pytest.approx(1698915600.0)

    rich = store.get("https://annotations.example.net/anno/html-two-targets")
    assert rich is not None and rich.tags == ("comparison",)
    assert rich.exact == "Critics said" and not rich.orphaned  # found through refinedBy
    out = _by_id(_exported(library))[rich.uuid]
    html = out["body"][0]
    assert (html["value"], html["format"], html["language"]) == (
        "<p>See <em>both</em> stories.</p>", "text/html", "en")
    assert "https://links.example.net/related-story" in out["body"]
    assert out["target"][1] == "https://elsewhere.example.com/other-story"
    assert out["target"][0]["selector"][-1]["type"] == "FragmentSelector"
    assert out["creator"]["name"] == "Dana" and out["motivation"] == "describing"


def test_ours_to_ours_round_trip_keeps_every_field(tmp_path: Path, library: CoreContext) -> None:
    store = NoteStore(library.db)
    doc_id = library.library.id_for_path(str(tmp_path / "budget.txt"))
    assert doc_id is not None
    start = TEXT.index("Critics")
    made = store.highlight(doc_id, TEXT, start, start + 7, color="green", body="# Heading")
    made = store.set_tags(made.uuid, ["Budget", "  two  words ", "budget"])
    assert made.tags == ("Budget", "two words")
    data = _exported(library)
    other = open_context(tmp_path / "other")
    other.library.add_files([tmp_path / "budget.txt"])
    import_annotations(other.db, json.loads(json.dumps(data)))
    again = NoteStore(other.db).get(made.uuid)
    other.close()
    assert again is not None
    fields = ("exact", "prefix", "suffix", "start", "end", "color", "body", "tags", "created",
              "updated", "orphaned")
    for name in fields:
        expected, got = getattr(made, name), getattr(again, name)
        assert got == (pytest.approx(expected, abs=1e-3) if isinstance(expected, float)
                       else expected), name


# -- hostile input: a clear message, never a traceback, never a broken export --------------

HOSTILE: dict[str, str] = {
    "date before year 1 in UTC": '{"type":"Annotation","id":"urn:x:1",'
    '"created":"0001-01-01T00:00:00+14:00","target":"https://e.org/"}',
    "date after year 9999 in UTC": '{"type":"Annotation","id":"urn:x:1",'
    '"created":"9999-12-31T23:59:59-14:00","target":"https://e.org/"}',
    "selectors as strings": '{"type":"Annotation","id":"urn:x:1",'
    '"target":{"source":"https://e.org/","selector":["TextQuoteSelector"]}}',
    "selector as a string": '{"type":"Annotation","id":"urn:x:1",'
    '"target":{"source":"https://e.org/","selector":"exact=hello"}}',
    "huge offsets": '{"type":"Annotation","id":"urn:x:1","target":{"source":"https://e.org/",'
    '"selector":{"type":"TextPositionSelector","start":1e300,"end":1e301}}}',
    "infinite offsets": '{"type":"Annotation","id":"urn:x:1","target":{"source":"https://e.org/",'
    '"selector":{"type":"TextPositionSelector","start":0,"end":Infinity}}}',
    "overflowing offsets": '{"type":"Annotation","id":"urn:x:1","target":{"source":'
    '"https://e.org/","selector":{"type":"TextPositionSelector","start":0,"end":1e400}}}',
    "negative offsets": '{"type":"Annotation","id":"urn:x:1","target":{"source":"file:///b.txt",'
    '"selector":[{"type":"TextPositionSelector","start":-11,"end":-1},'
    '{"type":"TextQuoteSelector","exact":"vote"}]}}',
    "a 5,000-digit offset": '{"type":"Annotation","id":"urn:x:1","target":{"source":'
    '"https://e.org/","selector":{"type":"TextPositionSelector","start":0,"end":'
    + "9" * 5000 + "}}}",
    "items not a list": '{"type":"AnnotationPage","items":{"id":"urn:x:1"}}',
    "items of numbers": '{"type":"AnnotationPage","id":"urn:x:p","items":[1,2,3]}',
    "lone surrogate": '{"type":"Annotation","id":"urn:x:1","bodyValue":"bad \\ud800 text",'
    '"target":"https://e.org/"}',
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "nesting within an annotation": '{"type":"Annotation","id":"urn:x:1","target":'
    '"https://e.org/","creator":' + '{"a":' * 200 + "1" + "}" * 200 + "}",
    "target a number": '{"type":"Annotation","id":"urn:x:1","target":7}',
    "body of numbers": '{"type":"Annotation","id":"urn:x:1","body":[1],"target":"https://e.org/"}',
    "tags not a list": '{"id":"abc","uri":"https://e.org/","text":"x","tags":"a,b"}',
    "NaN date": '{"type":"Annotation","id":"urn:x:1","created":NaN,"target":"https://e.org/"}',
    "not UTF-8": "\udcff",
    "not JSON": "{not json",
    "a JSON string": '"hello"',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_annotation_files_give_a_message_and_exports_keep_working(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    doc = tmp_path / "b.txt"
    doc.write_text(TEXT, encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "add", str(doc)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_bytes(HOSTILE[case].encode("utf-8", "surrogateescape"))
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "notes", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "Traceback" not in err, err
    assert len(err) < 2000  # a message, not a dump of the input
    out = tmp_path / "out.json"
    assert main(["--data-dir", str(data_dir), "notes", "export", "--format", "json",
                 "-o", str(out)]) == 0
    assert collection_problems(json.loads(out.read_text(encoding="utf-8"))) == []
    assert main(["--data-dir", str(data_dir), "notes", "export", "-o",
                 str(tmp_path / "out.md")]) == 0


def test_one_bad_annotation_is_skipped_and_the_others_import(library: CoreContext) -> None:
    good = {"type": "Annotation", "id": "urn:x:good", "bodyValue": "fine",
            "target": {"source": "https://e.org/", "selector": {
                "type": "TextQuoteSelector", "exact": "The vote is on Tuesday."}}}
    bad = {**good, "id": "urn:x:bad", "created": "0001-01-01T00:00:00+14:00"}
    result = import_annotations(library.db, [bad, good, "stray"])
    assert result.added == 1
    assert len(result.skipped) == 2
    assert "urn:x:bad" in result.skipped[0] and "created" in result.skipped[0]
    assert "annotation 3" in result.skipped[1]


def test_a_store_with_an_out_of_range_date_still_exports(library: CoreContext) -> None:
    """Notes written before imports were validated must not stop an export either."""
    store = NoteStore(library.db)
    odd = "0a6f3c1e-1b7e-4c52-9d51-2b8d8a8d0f11"
    store.insert(Note(uuid=odd, doc_id=None, doc_path="/gone.txt", body="old",
                      created=-62135596800.0 - 50400, updated=1e18))
    data = _exported(library)
    assert _by_id(data)[f"urn:uuid:{odd}"]["created"].startswith("1900-")


def test_parse_refuses_non_annotations_as_a_whole() -> None:
    for data in ({"type": "Something"}, 5, {"rows": 3}, {"export_date": "2024-01-01T00:00:00Z",
                                                        "annotations": {"a": 1}}):
        with pytest.raises(ImportFormatError):
            parse(data)


def test_two_imports_of_one_file_at_once_both_succeed(tmp_path: Path) -> None:
    """Issue 21 item 9: the second import died on UNIQUE constraint failed: notes.uuid."""
    items = [{"type": "Annotation", "id": f"urn:x:note-{n}", "bodyValue": f"note {n}",
              "target": {"source": "https://e.org/", "selector": {
                  "type": "TextQuoteSelector", "exact": f"passage {n}"}}}
             for n in range(600)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    data_dir = tmp_path / "data"
    open_context(data_dir).close()
    command = [sys.executable, "-m", "reader", "--data-dir", str(data_dir), "notes", "import",
               str(path)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    added = sorted(int(out.split()[0]) for out, _err in outputs)
    assert sum(added) == 600
    context = open_context(data_dir)
    assert NoteStore(context.db).count() == 600
    context.close()


def test_an_html_body_is_shown_as_its_text_never_as_markup(library: CoreContext) -> None:
    from reader.core.notes.markdown_render import render_note_body

    import_annotations(library.db, _fixture("w3c_full.json"))
    note = NoteStore(library.db).get("https://annotations.example.net/anno/html-two-targets")
    assert note is not None and note.body_format == "text/html"
    shown = render_note_body('<p>See <em>both</em> <img src="file:///etc/passwd"> stories.</p>',
                             note.body_format)
    assert "See both stories." in shown and "<img" not in shown and "<em>" not in shown


def test_a_quote_cut_inside_words_is_still_found_across_the_library(
        library: CoreContext) -> None:
    """Full-text search narrows the library by the quote's words; a quote that starts or
    ends inside a word ("ayor said the budget was bal") must not be orphaned for it."""
    cut = {"type": "Annotation", "id": "urn:x:cut", "target": {
        "source": "https://elsewhere.example.com/", "selector": {
            "type": "TextQuoteSelector", "exact": "ayor said the budget was bal"}}}
    result = import_annotations(library.db, cut)
    assert (result.added, result.orphaned) == (1, 0)
    note = NoteStore(library.db).get("urn:x:cut")
    assert note is not None and TEXT[note.start:note.end] == "ayor said the budget was bal"  # type: ignore[misc]
