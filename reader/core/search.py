"""Full-text search of the library (FTS5, bm25-ranked, with snippets).

Minimal version for `reader search`; the user's words are quoted one by one so that
punctuation, quotes or FTS operators in a query can never break the FTS5 syntax.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)

SNIPPET_START = "["
SNIPPET_END = "]"


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: int
    title: str
    path: str
    snippet: str
    score: float
    """Higher is better (negated bm25)."""


def fts_query(query: str) -> str:
    """The user's words as quoted FTS5 strings, all required; '' when there are none."""
    return " ".join(f'"{token}"' for token in _TOKEN.findall(query))


def search_library(db: sqlite3.Connection, query: str, limit: int = 20) -> list[SearchHit]:
    match = fts_query(query)
    if not match:
        return []
    rows = db.execute(
        "SELECT d.id, d.title, d.path,"
        " snippet(documents_fts, 1, ?, ?, '…', 16) AS snip,"
        " bm25(documents_fts, 4.0, 1.0) AS rank"
        " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
        (SNIPPET_START, SNIPPET_END, match, limit),
    )
    return [
        SearchHit(int(r[0]), str(r[1]), str(r[2]), " ".join(str(r[3]).split()), -float(r[4]))
        for r in rows
    ]
