"""Adding a page from its URL: fetch, convert, store, keep the HTML; a re-fetch is a version.

The document's key is the URL as asked for (less its #fragment), so fetching it again finds
the same document: a changed page keeps the old text as an earlier version, and the notes
move onto the new text (`Library.store_document` does both).
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.library.documents import LIBRARY_COLLECTION, Library
from reader.core.library.pages import keep_source
from reader.core.text.document import DocumentError, document_from_html
from reader.core.web.fetch import Fetched, FetchError, fetch_url

Fetcher = Callable[[str], Fetched]


def add_url(
    library: Library, url: str, collection: str = LIBRARY_COLLECTION, fetch: Fetcher = fetch_url
) -> tuple[int, str]:
    """Fetch and store a page: (doc id, 'added'/'refreshed'/'unchanged'); raises FetchError."""
    fetched = fetch(url)
    try:
        document = document_from_html(fetched.data, fetched.url, fetched.final_url, fetched.charset)
    except DocumentError as error:
        raise FetchError(fetched.url, error.reason) from None
    with library.batch():
        doc_id, outcome = library.store_document(document, collection)
        keep_source(library.db, doc_id, document.content_hash, fetched.final_url, fetched.data)
    return doc_id, outcome
