"""What each library document is to another, stored for the library's labels:
"copy of <title> (3 additions, 2 omissions, 5 changes)", "original — 2 copies",
"sibling of <title>".

Filled when a document that the classifier matched to an original is classified (`record`
compares the two and keeps the counts); read in one query for the whole list (`labels`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.core.collector import paused_collector
from reader.core.library.documents import Library

if TYPE_CHECKING:  # the library list reads labels before the first paint: nothing heavy here
    from reader.core.classify.shingles import CorpusDoc
    from reader.core.classify.verdicts import Verdict
    from reader.core.compare.ops import Comparison


class Label(NamedTuple):
    short: str
    """For the list's title column: "copy", "original, 2 copies", "sibling"."""
    long: str
    """For the tooltip and screen readers: what it is and of which document."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def counts(comparison: Comparison) -> tuple[int, int, int]:
    """(added, left out, changed or moved) ops."""
    kinds = [op.op for op in comparison.ops]
    return (
        kinds.count("added"),
        kinds.count("left-out"),
        kinds.count("changed") + kinds.count("moved"),
    )


class Measured(NamedTuple):
    """What a document is to one of its sources, measured where both texts are at hand (an
    import's classifying worker) and stored later by the one writer (`store_measured`)."""

    source: str
    """The source's path, as the classifier named it."""
    kind: str
    """"copy" or "sibling"; "unrelated" when nothing is to be stored."""
    mine_is_copy: bool
    """False when the source turned out to be the copy (this one is the original)."""
    added: int = 0
    left_out: int = 0
    changed: int = 0


def measure(mine: str, theirs: str, source: str) -> Measured:
    """Compare a document's text with its source's, the way `record` stores it: which is
    the copy (or siblings) and the counts of the copy's differences.

    The collector stays off until the comparison is gone (`compare_texts` holds it off while
    it builds it): back on while its objects live, it walked them all to free nothing, a
    tenth of an import's comparing."""
    with paused_collector():
        return _measure(mine, theirs, source)


def _measure(mine: str, theirs: str, source: str) -> Measured:
    from reader.core.compare.ops import compare_texts  # rapidfuzz: only when comparing

    comparison = compare_texts(theirs, mine)
    if comparison.relation == "unrelated":
        return Measured(source, "unrelated", True)
    if comparison.relation == "b-original":  # this one is the original after all
        comparison = compare_texts(mine, theirs)
        return Measured(source, "copy", False, *counts(comparison))
    kind = "copy" if comparison.relation == "a-original" else "sibling"
    return Measured(source, kind, True, *counts(comparison))


def store_measured(
    db: sqlite3.Connection, doc_id: int, other_id: int, measured: Measured
) -> bool:
    """Store a measured relation between `doc_id` and its source `other_id` (replacing
    either direction's earlier row); False when there is nothing to store."""
    if measured.kind == "unrelated" or other_id == doc_id:
        return False
    copy_id, original_id = (doc_id, other_id) if measured.mine_is_copy else (other_id, doc_id)
    with db:
        db.execute(
            "DELETE FROM relations WHERE copy_id = ? AND original_id = ? "
            "OR copy_id = ? AND original_id = ?",
            (original_id, copy_id, copy_id, original_id),
        )
        db.execute(
            "INSERT INTO relations (copy_id, original_id, kind, added, left_out, changed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (copy_id, original_id, measured.kind, measured.added, measured.left_out,
             measured.changed),
        )
    return True


def record(db: sqlite3.Connection, library: Library, doc_id: int, source_path: str) -> bool:
    """Compare a classified document with the document its reporting came from and store
    what each is to the other (False when they turn out unrelated or one is gone)."""
    other_id = library.id_for_path(source_path)
    if other_id is None or other_id == doc_id:
        return False
    try:
        mine, theirs = library.document(doc_id), library.document(other_id)
    except KeyError:
        return False
    return store_measured(db, doc_id, other_id, measure(mine.text, theirs.text, source_path))


def unnamed_relatives(
    db: sqlite3.Connection, text: str, path: str, named: Sequence[str], limit: int | None = None
) -> list[CorpusDoc]:
    """The documents sharing the most text with this one in the provenance index (the
    first `limit` it gives), less those the classifier named as sources: it may name a
    sibling copy, and the original is then among these. Both `record_related` and the
    reading pane's search for a copy's original (`original.find_original`) try them."""
    from reader.core.classify.shingles import StoreCorpus

    found = StoreCorpus(db).related(text, path)
    return [doc for doc in found[:limit] if doc.key not in named]


def named_sources(segments: Sequence[Any], limit: int = 3) -> list[str]:
    """The documents the classifier named as the sources of a document's passages, the
    most quoted first, at most `limit`."""
    sources = Counter(s.source for s in segments if getattr(s, "source", None))
    return [path for path, _ in sources.most_common(limit)]


def record_named(
    db: sqlite3.Connection, library: Library, doc_id: int, named: list[str]
) -> list[int]:
    """`record_related` for a classified document's named sources: the ids whose labels
    changed (the document and every document a stored relation joins to it), [] when
    nothing was stored."""
    if not record_related(db, library, doc_id, named):
        return []
    return [doc_id, *related_ids(library, doc_id)]


def record_related(
    db: sqlite3.Connection, library: Library, doc_id: int, sources: list[str], limit: int = 3
) -> bool:
    """`record` with each document the classifier named as a source, then with the documents
    sharing the most text with this one (`unnamed_relatives`). True when anything was
    stored."""
    candidates = list(dict.fromkeys(sources))[:limit]
    try:
        document = library.document(doc_id)
    except KeyError:
        return False
    related = unnamed_relatives(db, document.text, document.path, candidates, limit)
    candidates += [doc.key for doc in related]
    stored = False
    for path in candidates:
        stored |= record(db, library, doc_id, path)
    return stored


def record_sources(
    db: sqlite3.Connection, library: Library, verdicts: Sequence[Verdict]
) -> int:
    """At import: what each newly classified copy is to the original its passages were
    matched to (its first named source only, so an import compares once per copy). How
    many relations were stored; a comparison that fails leaves that document unlabelled.

    A verdict from an import's worker carries the comparison (`Verdict.relation`, measured
    there with both texts at hand), so only the rows are written here; one without it is
    compared now."""
    stored = 0
    for verdict in verdicts:
        if not verdict.sources:
            continue
        try:
            measured = verdict.relation
            if measured is None:
                stored += record(db, library, verdict.doc_id, verdict.sources[0])
                continue
            other_id = library.id_for_path(measured.source)
            if other_id is not None:
                stored += store_measured(db, verdict.doc_id, other_id, measured)
        except (sqlite3.Error, ValueError, KeyError):
            continue
    return stored


def related_ids(library: Library, doc_id: int) -> list[int]:
    """The documents a stored relation joins to this one (their labels change with it)."""
    rows = library.db.execute(
        "SELECT original_id FROM relations WHERE copy_id = ?"
        " UNION SELECT copy_id FROM relations WHERE original_id = ?",
        (doc_id, doc_id),
    )
    return [int(row[0]) for row in rows]


_RELATED_ROWS = (
    "SELECT r.copy_id, r.original_id, r.kind, r.added, r.left_out, r.changed, c.title, o.title"
    " FROM relations r JOIN documents c ON c.id = r.copy_id"
    " JOIN documents o ON o.id = r.original_id WHERE r.{side} IN ({marks})"
)


def labels_for(library: Library, doc_ids: Sequence[int]) -> dict[int, Label]:
    """The labels of these documents only, read from the stored relations with two indexed
    queries per 400 ids: what the library list asks for the block of rows it paints."""
    wanted = sorted(set(doc_ids))
    rows: set[tuple[object, ...]] = set()
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        marks = ",".join("?" * len(chunk))
        for side in ("copy_id", "original_id"):
            sql = _RELATED_ROWS.format(side=side, marks=marks)
            rows.update(tuple(row) for row in library.db.execute(sql, chunk))
    found = _labels_of(sorted(rows, key=lambda row: (row[0], row[1])))
    return {doc_id: found[doc_id] for doc_id in wanted if doc_id in found}


def labels(db: sqlite3.Connection) -> dict[int, Label]:
    """Every related document's label, by id."""
    rows = db.execute(
        "SELECT r.copy_id, r.original_id, r.kind, r.added, r.left_out, r.changed, "
        "c.title, o.title FROM relations r "
        "JOIN documents c ON c.id = r.copy_id JOIN documents o ON o.id = r.original_id"
    ).fetchall()
    return _labels_of(rows)


def _labels_of(rows: Sequence[Sequence[Any]]) -> dict[int, Label]:
    """Labels from relation rows (copy, original, kind, added, left out, changed, titles)."""
    titles: dict[int, str] = {}
    copies: dict[int, int] = {}
    found: dict[int, Label] = {}
    for copy_id, original_id, kind, added, left_out, changed, copy_title, original_title in rows:
        titles[copy_id], titles[original_id] = copy_title, original_title
        if kind == "sibling":  # what a document is a copy of says more than a sibling
            found.setdefault(copy_id, Label("sibling", f"sibling of {original_title}"))
            found.setdefault(original_id, Label("sibling", f"sibling of {copy_title}"))
            continue
        copies[original_id] = copies.get(original_id, 0) + 1
        found[copy_id] = Label(
            "copy",
            f"copy of {original_title} ({_plural(added, 'addition')}, "
            f"{_plural(left_out, 'omission')}, {_plural(changed, 'change')})",
        )
    for original_id, count in copies.items():
        if original_id in found and found[original_id].short == "copy":
            continue  # a copy of a copy: what it copied says more
        text = f"original — {_plural(count, 'copy').replace('copys', 'copies')}"
        found[original_id] = Label(text, text)
    return found
