"""Web pages: bytes to text with the page's structure as evidence, metadata, and fetching.

No Qt. `read_page` turns saved or fetched HTML into a `WebPage`: the text a reader sees (every
visible paragraph kept, chrome included, with exact offsets), per-paragraph structural hints
for the classifier (navigation, asides, captions and what lies outside the article are
furniture; the headline and standfirst are reporting), and the page's metadata. `fetch_url`
gets a page over http(s) with every limit a hostile server needs.
"""
