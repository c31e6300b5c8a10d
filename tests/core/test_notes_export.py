from __future__ import annotations

import json
from pathlib import Path

from reader.cli.main import main
from reader.core.context import open_context
from reader.core.notes.interchange import document_infos, import_annotations, to_collection
from reader.core.notes.storage import NoteStore

TEXT = ("The mayor said the budget was balanced.\n\nCritics said it relied on one-off sales.\n\n"
        "The vote is on Tuesday.\n")


def _setup(data_dir: Path, doc: Path):  # type: ignore[no-untyped-def]
    context = open_context(data_dir)
    doc_id = context.library.add_files([doc]).added[0]
    store = NoteStore(context.db)
    start = TEXT.index("relied on one-off sales")
    hl = store.highlight(
        doc_id, TEXT, start, start + 23, color="blue", body="Check **which** sales"
    )
    general = store.document_note(doc_id, "A general note")
    return context, doc_id, hl, general


def test_cli_json_export_is_w3c_and_round_trips(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "budget.txt"
    doc.write_text(TEXT, encoding="utf-8")
    source_dir = tmp_path / "a"
    context, _doc_id, hl, general = _setup(source_dir, doc)
    context.close()

    out = tmp_path / "notes.json"
    assert main(["notes", "export", "--format", "json", "--output", str(out),
                 "--data-dir", str(source_dir), str(doc)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    items = {item["id"]: item for item in data["first"]["items"]}
    annotation = items[f"urn:uuid:{hl.uuid}"]
    assert annotation["type"] == "Annotation"
    target = annotation["target"]
    assert target["source"] == doc.resolve().as_uri()
    assert len(target["contentHash"]) == 64
    kinds = {s["type"]: s for s in target["selector"]}
    assert kinds["TextQuoteSelector"]["exact"] == "relied on one-off sales"
    position = kinds["TextPositionSelector"]
    assert TEXT[position["start"] : position["end"]] == "relied on one-off sales"
    assert annotation["body"]["value"] == "Check **which** sales"
    assert "selector" not in items[f"urn:uuid:{general.uuid}"]["target"]

    # import into another library that has the same document: all added, nothing orphaned
    target_dir = tmp_path / "b"
    other = open_context(target_dir)
    other.library.add_files([doc])
    other.close()
    capsys.readouterr()
    assert main(["notes", "import", str(out), "--data-dir", str(target_dir)]) == 0
    assert "2 added, 0 updated, 0 orphaned" in capsys.readouterr().out
    # again: merged, no duplicates
    assert main(["notes", "import", str(out), "--data-dir", str(target_dir)]) == 0
    assert "0 added, 0 updated, 0 orphaned" in capsys.readouterr().out
    again = open_context(target_dir)
    notes = NoteStore(again.db).all_notes()
    assert len(notes) == 2
    imported = next(n for n in notes if n.uuid == hl.uuid)
    assert (imported.start, imported.end, imported.color, imported.body) == (
        hl.start, hl.end, "blue", "Check **which** sales")
    again.close()


def test_import_matches_by_hash_updates_newer_and_keeps_unknown_as_orphans(tmp_path: Path) -> None:
    doc = tmp_path / "budget.txt"
    doc.write_text(TEXT, encoding="utf-8")
    context, _doc_id, hl, _general = _setup(tmp_path / "a", doc)
    data = to_collection(NoteStore(context.db).all_notes(), document_infos(context.db))
    context.close()
    # the same content under another path: matched by content hash
    copy = tmp_path / "elsewhere.txt"
    copy.write_text(TEXT, encoding="utf-8")
    other = open_context(tmp_path / "b")
    copy_id = other.library.add_files([copy]).added[0]
    result = import_annotations(other.db, data)
    assert (result.added, result.orphaned) == (2, 0)
    assert NoteStore(other.db).get(hl.uuid).doc_id == copy_id  # type: ignore[union-attr]
    # an edited, newer version updates in place
    item = next(i for i in data["first"]["items"] if i["id"].endswith(hl.uuid))
    item["body"]["value"] = "Edited elsewhere"
    item["modified"] = "2099-01-01T00:00:00.000Z"
    result = import_annotations(other.db, data)
    assert (result.added, result.updated) == (0, 1)
    assert NoteStore(other.db).get(hl.uuid).body == "Edited elsewhere"  # type: ignore[union-attr]
    # a document nobody has: kept, orphaned, never dropped
    item["id"] = "urn:uuid:11111111-2222-3333-4444-555555555555"
    item["target"]["source"] = "file:///nowhere/gone.txt"
    item["target"]["contentHash"] = "0" * 64
    for selector in item["target"]["selector"]:
        if selector["type"] == "TextQuoteSelector":
            selector["exact"] = "a passage no document holds"
    result = import_annotations(other.db, {"type": "Annotation", **item})
    assert (result.added, result.orphaned) == (1, 1)
    kept = NoteStore(other.db).get("11111111-2222-3333-4444-555555555555")
    assert kept is not None and kept.orphaned and kept.exact == "a passage no document holds"
    other.close()


def test_markdown_export_has_quote_note_and_link(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "budget.txt"
    doc.write_text(TEXT, encoding="utf-8")
    context, _doc_id, hl, _general = _setup(tmp_path / "a", doc)
    context.close()
    capsys.readouterr()
    assert main(["notes", "export", "--data-dir", str(tmp_path / "a")]) == 0
    text = capsys.readouterr().out
    assert "> relied on one-off sales" in text
    assert "> Check **which** sales" in text
    assert f"(reader://note/{hl.uuid})" in text  # opens the app at the passage
    assert "> A general note" in text


def test_import_of_bad_json_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["notes", "import", str(bad), "--data-dir", str(tmp_path / "d")]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    bad.write_text('{"type": "Something"}', encoding="utf-8")
    assert main(["notes", "import", str(bad), "--data-dir", str(tmp_path / "d")]) == 1
    assert "not a W3C Web Annotation" in capsys.readouterr().err
