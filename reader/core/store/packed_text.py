"""Document text as stored: deflated, read back through a generated column.

Issue 20: a short article (3.7 KB) cost 2.6 times its text in the store, most of it the text
itself and the pages it half-filled. `documents.packed_text` holds the text deflated (raw
zlib, no header: a BLOB about half the size); `documents.text` is a generated column that
inflates it, so every reader of `text` (SQL, FTS5's external content, snippets) sees the
text unchanged. A plain TEXT value in `packed_text` is read back as it is, so rows written
before the migration, or by a test, stay readable.

The column calls `reader_text`, an SQL function every connection of reader's provides
(`database.add_store_functions`): another program can read every other column without it.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterable, Iterator

_WBITS = -15
"""Raw deflate: no zlib header or checksum (6 bytes a document; SQLite checks its pages)."""
_LEVEL = 6
MIN_PACKED_CHARS = 64
"""Shorter texts are kept as they are: deflate would not make them smaller."""


def pack(text: str) -> str | bytes:
    """What `packed_text` stores for `text`: deflated UTF-8, unless that is not smaller."""
    if len(text) < MIN_PACKED_CHARS:
        return text
    raw = text.encode("utf-8")
    squeezer = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WBITS)
    packed = squeezer.compress(raw) + squeezer.flush()
    return packed if len(packed) < len(raw) else text


def unpack(value: str | bytes | None) -> str | None:
    """The text a `packed_text` value holds (NULL stays NULL)."""
    if value is None or isinstance(value, str):
        return value
    if _known:
        known = _known.get(value)
        if known is not None:
            return known
    return zlib.decompress(value, _WBITS).decode("utf-8")


_known: dict[bytes, str] = {}


@contextlib.contextmanager
def known_texts(pairs: Iterable[tuple[str | bytes, str]]) -> Iterator[None]:
    """While a writer inserts rows whose texts it holds ((packed, text) pairs): `unpack` of
    one of those packed values returns its text instead of inflating it again. The search
    index's trigger reads each new row's generated `text`, so an import's writer inflated
    every text it had just been handed (5% of its CPU). A value's text is a function of the
    value alone, so a lookup from any thread is right, and a miss only costs the inflate."""
    _known.update((packed, text) for packed, text in pairs if isinstance(packed, bytes))
    try:
        yield
    finally:
        _known.clear()
