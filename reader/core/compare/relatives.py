"""A library document's relatives: its original, its copies, its siblings.

Candidates come from the shingle index (`StoreCorpus.related`, the classifier's own net); each
is then compared with the document to say which is the original. The comparison view opens
on the first relative; the library's labels and the provenance header read the same list.
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
    return (relative.doc_id, doc_id) if relative.role == "original" else (doc_id, relative.doc_id)
