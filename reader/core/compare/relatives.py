"""A library document's relatives: its original, its copies, its siblings.

Candidates come from the shingle index (`StoreCorpus.related`, the classifier's own net); each
is then compared with the document to say which is the original (`find_relatives`). What was
found and stored (`relations.record`) is listed again without comparing (`stored_relatives`):
the provenance panel and Compare with Original read that first.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from reader.core.classify.shingles import StoreCorpus
from reader.core.compare.ops import compare_texts
from reader.core.library.documents import Library

ROLES = {"a-original": "original", "b-original": "copy", "siblings": "sibling"}
"""What the other document is to this one, by the relation of compare(other, this)."""


class Relative(NamedTuple):
    doc_id: int
    path: str
    title: str
    role: str
    """What this relative is to the document: "original", "copy" or "sibling"."""


def find_relatives(library: Library, db: sqlite3.Connection, doc_id: int) -> list[Relative]:
    """Originals first, then copies, then siblings; unrelated candidates are dropped."""
    document = library.document(doc_id)
    found: list[Relative] = []
    for candidate in StoreCorpus(db).related(document.text, exclude_key=document.path):
        other_id = library.id_for_path(candidate.key)
        if other_id is None or other_id == doc_id:
            continue
        relation = compare_texts(candidate.text, document.text).relation
        role = ROLES.get(relation)
        if role is not None:
            found.append(Relative(other_id, candidate.key, candidate.title, role))
    order = {"original": 0, "copy": 1, "sibling": 2}
    found.sort(key=lambda r: order[r.role])
    return found


def comparison_sides(doc_id: int, relative: Relative) -> tuple[int, int]:
    """(A, B) ids for the comparison view: the original on the left whenever there is one."""
    return sides_with(doc_id, relative.doc_id, relative.role)


class Kin(NamedTuple):
    """A relative as stored (`relations`): no comparison is made to list it."""

    doc_id: int
    title: str
    role: str
    """What it is to the document: "original", "copy" or "sibling"."""
    added: int
    left_out: int
    changed: int
    """What the copy of the pair added, left out and changed (0 for siblings)."""


class Provenance(NamedTuple):
    relatives: list[Kin]
    """Originals first, then copies, then siblings, each by title."""
    versions: int
    """How many texts the document has had (the current one is the last)."""


def stored_relatives(library: Library, doc_id: int) -> Provenance:
    """What the library knows of a document's relatives, from the stored relations (two
    indexed lookups): for the provenance panel, opened with the document."""
    found: list[Kin] = []
    # (this document's column, the relative's column, what the relative is in a "copy" row)
    for mine, theirs, role_of_copy in (("copy_id", "original_id", "original"),
                                       ("original_id", "copy_id", "copy")):
        rows = library.db.execute(
            f"SELECT r.{theirs}, d.title, r.kind, r.added, r.left_out, r.changed"
            f" FROM relations r JOIN documents d ON d.id = r.{theirs} WHERE r.{mine} = ?",
            (doc_id,),
        )
        for other, title, kind, added, left_out, changed in rows:
            role = role_of_copy if kind == "copy" else "sibling"
            found.append(Kin(int(other), str(title), role, added, left_out, changed))
    order = {"original": 0, "copy": 1, "sibling": 2}
    found.sort(key=lambda kin: (order[kin.role], kin.title.casefold(), kin.doc_id))
    entry = library.entry(doc_id)
    return Provenance(found, entry.versions if entry is not None else 1)


def sides_with(doc_id: int, other_id: int, role: str) -> tuple[int, int]:
    """(A, B) ids for the comparison view with a relative in this role: the original on the
    left whenever there is one."""
    return (other_id, doc_id) if role == "original" else (doc_id, other_id)
