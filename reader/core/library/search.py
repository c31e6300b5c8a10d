"""Searching the whole library and the notes with SQLite FTS5: ranked hits with snippets.

The user's words are tokenised here and each one quoted, so no punctuation (`"`, `AND(`,
`*`, `NEAR`) can reach FTS5 as syntax; the last word matches as a prefix so results appear
as the user types.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Literal

SNIPPET_START = "\x02"
SNIPPET_END = "\x03"
"""Snippet match markers: control characters never found in text, escaped by the UI."""
SNIPPET_TOKENS = 14
TITLE_WEIGHT = 8.0
"""A word in the title counts this many times one in the body (bm25 column weight)."""

RANK_ALL_LIMIT = 1000
"""Above this many matching documents the newest matches are listed unranked
(`_document_hits`): bm25 over 3,000 took 40 ms, over 1,000 about 12."""
MIN_PREFIX_CHARS = 3
"""A last word shorter than this matches whole words only: 'o*' would expand to thousands of
terms and take a second on a large library, and tells the reader nothing yet."""

MAX_QUERY_WORDS = 12
"""Distinct words of a query that count; the rest are ignored. A pasted page of 3,000 words
made 3,000 FTS5 phrases, 3,000 vocabulary lookups and a 3,000-part regular expression (past
two minutes); twelve distinct words already pick out any document."""
MAX_WORD_CHARS = 64
"""Longer "words" are cut: no real word is this long, and FTS5 would never match one."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
"""A word as the index splits them: letters and digits (unicode61 also splits at `_`). Each
word is its own one-token phrase: the library's index keeps no positions (detail=column)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: int | None
    title: str
    path: str
    snippet: str
    """Text around the match; matched words are wrapped in SNIPPET_START/SNIPPET_END."""
    score: float
    """Higher is better (negated bm25)."""
    kind: Literal["document", "note"]
    note_id: int | None
    offset: int | None
    """Character offset in the document's text to open at (None: start of the document)."""


def query_words(query: str) -> list[str]:
    """The words that count: distinct (ignoring case), in order, at most MAX_QUERY_WORDS, each
    at most MAX_WORD_CHARS. Bounded however long the query, so every search is quick."""
    words: dict[str, str] = {}
    for match in _WORD.finditer(query):
        word = match.group()[:MAX_WORD_CHARS]
        words.setdefault(word.casefold(), word)
        if len(words) >= MAX_QUERY_WORDS:
            break
    return list(words.values())


def fts_query(query: str, prefix_last: bool | None = None) -> str:
    """A safe FTS5 MATCH string: every word quoted; the last one a prefix while typing."""
    words = query_words(query)
    if not words:
        return ""
    if prefix_last is None:
        prefix_last = _prefix_last(query, words)
    quoted = [f'"{word}"' for word in words]
    if prefix_last:
        quoted[-1] += "*"
    return " ".join(quoted)


def _prefix_last(query: str, words: list[str]) -> bool:
    return (
        not query[-1:].isspace()
        and len(words[-1]) >= MIN_PREFIX_CHARS
        and _last_word(query) == words[-1].casefold()  # not one kept from earlier on
    )


def _last_word(query: str) -> str:
    tail = _WORD.findall(query[-4 * MAX_WORD_CHARS :])
    return tail[-1][:MAX_WORD_CHARS].casefold() if tail else ""


def first_match_offset(text: str, query: str) -> int | None:
    """Where the reader should land: the first place all words are near, else the first word.

    FTS5 ignores case and (by default) accents; this search ignores case only, so a match
    FTS found on an accent-folded word may have no offset here (None: open at the top).
    """
    words = query_words(query)
    if not words:
        return None
    prefix_last = _prefix_last(query, words)
    patterns = [
        re.compile(
            r"\b" + re.escape(w) + (r"\w*" if prefix_last and i == len(words) - 1 else r"\b"),
            re.IGNORECASE,
        )
        for i, w in enumerate(words)
    ]
    first = patterns[0].search(text)
    if first is None:
        found = [m.start() for p in patterns[1:] if (m := p.search(text))]
        return min(found) if found else None
    if len(patterns) > 1:
        # Prefer a place where the whole phrase occurs together.
        phrase = re.compile(r"\W+".join(p.pattern for p in patterns), re.IGNORECASE).search(text)
        if phrase is not None:
            return phrase.start()
    return first.start()


def _matches_up_to(db: sqlite3.Connection, match: str, cap: int) -> int:
    """How many documents match, counting no further than `cap`: FTS5 walks the doclists
    only that far, so the answer costs at most `cap` rows however common the words are.
    (fts5vocab's document counts read a word's whole doclist: 10 ms per common word at
    100,000 documents.)"""
    row = db.execute(
        "SELECT count(*) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"
        " LIMIT ?)",
        (match, cap),
    ).fetchone()
    return int(row[0])


OFFSET_HITS = 10
"""Hits whose landing offset is found here (reading their text); the rest get theirs when
opened (`first_match_offset` on the text the reading pane then holds). Reading 50 texts to
search each one was two thirds of a search's cost."""


def _document_hits(db: sqlite3.Connection, query: str, limit: int) -> list[SearchHit]:
    """The best `limit` documents with snippets, in one FTS5 pass.

    FTS5 sorts `ORDER BY rank ... LIMIT` internally and computes `snippet()` only for the rows
    it returns. bm25 must still score every matching document, so when only the commonest
    words were typed and thousands match (ranking nearly alike), the newest matches are
    ranked instead: typing "the" costs milliseconds rather than most of a second. A last word
    whose prefix alone matches that many documents ("the" on the way to "theatre") is matched
    as a whole word: merging the lists of every word it begins costs ~60 ms at 100,000
    documents and tells the reader nothing yet.
    """
    words = query_words(query)
    prefix_last = _prefix_last(query, words)
    if prefix_last and _matches_up_to(db, f'"{words[-1]}"', RANK_ALL_LIMIT + 1) > RANK_ALL_LIMIT:
        prefix_last = False  # the word itself is everywhere: its prefix adds nothing yet
    match = fts_query(query, prefix_last)
    many = _matches_up_to(db, match, RANK_ALL_LIMIT + 1) > RANK_ALL_LIMIT
    order = "rowid DESC" if many else "rank"
    rows = db.execute(
        "SELECT best.rowid, best.rank, best.snip, d.title, d.path FROM ("
        "  SELECT rowid, rank, snippet(documents_fts, 1, ?, ?, '…', ?) AS snip"
        "  FROM documents_fts WHERE documents_fts MATCH ? AND rank MATCH ?"
        f" ORDER BY {order} LIMIT ?"
        ") AS best JOIN documents d ON d.id = best.rowid",
        (SNIPPET_START, SNIPPET_END, SNIPPET_TOKENS, match, f"bm25({TITLE_WEIGHT}, 1.0)", limit),
    ).fetchall()
    rows.sort(key=lambda row: float(row[1]))  # best first (bm25 ranks are negative)
    hits = []
    for place, row in enumerate(rows):
        offset = None
        if place < OFFSET_HITS:
            text = db.execute("SELECT text FROM documents WHERE id = ?", (row[0],)).fetchone()
            offset = first_match_offset(text[0], query) if text else None
        hits.append(
            SearchHit(
                doc_id=int(row[0]),
                title=row[3],
                path=row[4],
                snippet=row[2],
                score=-float(row[1]),
                kind="document",
                note_id=None,
                offset=offset,
            )
        )
    return hits


def _note_hits(db: sqlite3.Connection, match: str, limit: int) -> list[SearchHit]:
    rows = db.execute(
        "SELECT n.id, n.doc_id, n.start, n.doc_path, d.title, d.path, bm25(notes_fts),"
        " snippet(notes_fts, -1, ?, ?, '…', ?)"
        " FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid"
        " LEFT JOIN documents d ON d.id = n.doc_id"
        " WHERE notes_fts MATCH ? ORDER BY bm25(notes_fts) LIMIT ?",
        (SNIPPET_START, SNIPPET_END, SNIPPET_TOKENS, match, limit),
    ).fetchall()
    return [
        SearchHit(
            doc_id=None if row[1] is None else int(row[1]),
            title=row[4] or row[3] or "(document no longer in the library)",
            path=row[5] or row[3],
            snippet=row[7],
            score=-float(row[6]),
            kind="note",
            note_id=int(row[0]),
            offset=None if row[2] is None else int(row[2]),
        )
        for row in rows
    ]


def search_library(db: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Documents and notes matching every word of `query`, best first (notes interleaved).

    Never raises on what the user typed: a query with no words returns no hits.
    """
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    hits = _document_hits(db, query, limit) + _note_hits(db, match, limit)
    hits.sort(key=lambda hit: -hit.score)
    return hits[:limit]


def plain_snippet(snippet: str) -> str:
    """The snippet without match markers (for the CLI and accessible text)."""
    return snippet.replace(SNIPPET_START, "").replace(SNIPPET_END, "")
