"""Web pages: visible text kept with exact offsets, structure as evidence, metadata, charsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.classify import classify
from reader.core.text.document import DocumentError, load_document
from reader.core.web.convert import read_page
from reader.core.web.encoding import decode_html
from reader.core.web.metadata import iso_date, strip_site

BODY = (
    "<p>BRUSSELS &mdash; Leaders met on\nFriday&nbsp;to talk about the budget, the war and "
    "the weather, and agreed on very little.</p>"
    "<p>&ldquo;We agreed,&rdquo; she said, after a long night of talks, and then left.<br>"
    "Then the others left too, one by one, into the rain.</p>"
    "<figure><img src=x.jpg><figcaption>Leaders at the summit. Photo: Agency</figcaption>"
    "</figure>"
    "<p>The next meeting, officials said, will be held in the spring, if at all, in Rome.</p>"
)
PAGE = f"""<!doctype html><html lang="en-GB"><head><title>Summit ends | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<link rel="canonical" href="https://planet.example/world/summit">
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "Summit ends & leaders leave",
 "author": [{{"@type": "Person", "name": "Jane Doe"}}],
 "datePublished": "2024-03-01T09:30:00Z", "dateModified": "2024-03-02T10:00:00+01:00"}}
</script>
<style>p {{ color: red }}</style><script>var x = "<p>not text</p>";</script></head>
<body><header><a href="/">Home</a> <a href="/s">Sections</a></header>
<nav><ul><li><a href="/w">World</a></li><li><a href="/p">Politics</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience on this site.</div>
<main><article><h1>Summit ends &amp; leaders leave</h1>
<p class="standfirst">Talks broke up without a deal after two days.</p>
<div class="article-body">{BODY}
<div class="share-tools"><a href="#">Share on Facebook</a></div></div>
</article></main>
<aside><h2>Most popular</h2><ul><li><a href="/a">Other news one</a></li></ul></aside>
<div hidden>Invisible text</div><div style="display: none">Also invisible</div>
<noscript>Enable JS</noscript>
<footer>&copy; 2024 Daily Planet</footer></body></html>"""


def _kinds(text: str, hints: tuple[tuple[int, int, str, str], ...]) -> dict[str, str]:
    return {text[s:e]: kind for s, e, kind, _ in hints}


def test_every_visible_paragraph_is_kept_and_the_invisible_is_not() -> None:
    page = read_page(PAGE)
    for kept in (
        "Home Sections",
        "World",
        "We use cookies",
        "Summit ends & leaders leave",
        "Talks broke up without a deal after two days.",
        "BRUSSELS — Leaders met on Friday to talk",
        "Leaders at the summit. Photo: Agency",
        "Share on Facebook",
        "Most popular",
        "© 2024 Daily Planet",
    ):
        assert kept in page.text
    for dropped in ("not text", "color", "Invisible", "Also invisible", "Enable JS"):
        assert dropped not in page.text
    # A <br> is a line break inside the paragraph's block, a new block a blank line.
    assert "and then left.\nThen the others" in page.text
    assert page.text.startswith("Home Sections\n\nWorld\n\nPolitics\n\n")


def test_hints_cover_exact_paragraphs_and_say_what_the_structure_says() -> None:
    page = read_page(PAGE)
    for start, end, _kind, reason in page.hints:
        piece = page.text[start:end]
        assert piece == piece.strip() and piece
        assert reason.startswith("page structure: ")
    kinds = _kinds(page.text, page.hints)
    assert kinds["Summit ends & leaders leave"] == "reporting"
    # The standfirst sits inside the article: reporting, by hint or by the classifier.
    assert kinds.get("Talks broke up without a deal after two days.") != "furniture"
    for chrome in (
        "Home Sections",
        "World",
        "We use cookies to improve your experience on this site.",
        "Leaders at the summit. Photo: Agency",
        "Share on Facebook",
        "Most popular",
        "Other news one",
        "© 2024 Daily Planet",
    ):
        assert kinds[chrome] == "furniture", chrome
    # The body is left to the classifier's own rules (no hint).
    assert not any(page.text[s:e].startswith("BRUSSELS") for s, e, _, _ in page.hints)


def test_classifier_takes_the_structure_as_evidence() -> None:
    page = read_page(PAGE)
    segments = classify(page.text, structure=page.hints)
    reporting = " ".join(page.text[s.start : s.end] for s in segments if s.kind == "reporting")
    assert reporting.startswith("Summit ends & leaders leave")
    assert "Rome." in reporting and "Talks broke up" in reporting
    for chrome in ("Home", "World", "cookies", "Photo: Agency", "Most popular", "Daily Planet"):
        assert chrome not in reporting
    nav = next(s for s in segments if page.text[s.start : s.end].startswith("World"))
    assert nav.kind == "furniture" and nav.reason == "page structure: navigation"
    # Without the structure the same text reads the menu as reporting: the hints decide.
    plain = classify(page.text)
    world = page.text.index("World")
    assert any(s.kind == "reporting" and s.start <= world < s.end for s in plain)


def test_metadata_from_json_ld_meta_tags_and_link() -> None:
    meta = read_page(PAGE).meta
    assert meta.title == "Summit ends & leaders leave"
    assert meta.site == "Daily Planet"
    assert meta.author == "Jane Doe"
    assert meta.published == "2024-03-01T09:30"
    assert meta.modified == "2024-03-02T10:00"
    assert meta.url == "https://planet.example/world/summit"
    assert meta.language == "en-GB"


def test_title_prefers_og_title_then_heading_then_title_less_site() -> None:
    og = read_page(
        '<html><head><meta property="og:title" content="Real headline here">'
        "<title>Real headline here - The Gazette</title></head>"
        "<body><h1>Real headline here</h1><p>Body text of the article.</p></body></html>"
    )
    assert og.meta.title == "Real headline here"
    assert og.meta.site == ""  # no site name given, no URL: nothing invented
    only_title = read_page(
        "<html><head><title>Storm hits the coast | Gazette</title>"
        '<meta name="application-name" content="Gazette"></head>'
        "<body><p>Body text of the article, long enough.</p></body></html>"
    )
    assert only_title.meta.title == "Storm hits the coast"
    # No visible headline: the title opens the text, marked as coming from the metadata.
    assert only_title.text.startswith("Storm hits the coast\n\n")
    assert only_title.hints[0][3] == "page structure: the headline (page title)"
    site_title = read_page(
        "<html><head><title>Gazette</title></head><body><nav>Menu</nav>"
        "<h1>Council approves the bridge</h1><p>Body text of the article.</p></body></html>"
    )
    assert site_title.meta.title == "Council approves the bridge"
    assert strip_site("Gazette: Storm hits", "Gazette", "") == "Storm hits"
    assert strip_site("A - B test", "Gazette", "gazette.example") == "A - B test"


def test_dates_are_normalised() -> None:
    assert iso_date("2015-01-02T10:30:00Z") == "2015-01-02T10:30"
    assert iso_date("2015-1-2") == "2015-01-02"
    assert iso_date("1420194600") == "2015-01-02T10:30"
    assert iso_date("yesterday") == ""
    assert iso_date("2015-13-45") == ""


@pytest.mark.parametrize(
    ("data", "encoding", "text", "noted"),
    [
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "utf-8", "café", False),
        ("\ufeff<p>café</p>".encode("utf-16-le"), "utf-16-le", "café", False),
        (b'<meta charset="windows-1252"><p>\x93caf\xe9\x94</p>', "cp1252", "“café”", False),
        (b'<meta charset="iso-8859-1"><p>\x93quoted\x94</p>', "cp1252", "“quoted”", False),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">'
            b"<p>\xb3\xf3d\xbc</p>",
            "iso8859-2",
            "łódź",
            False,
        ),
        (b"<p>caf\xc3\xa9</p>", "utf-8", "café", False),
        (b"<p>caf\xe9</p>", "cp1252", "café", True),
        (b'<meta charset="utf-8"><p>caf\xe9</p>', "cp1252", "café", True),
        (b'<meta charset="no-such-thing"><p>caf\xc3\xa9</p>', "utf-8", "café", False),
    ],
)
def test_charsets(data: bytes, encoding: str, text: str, noted: bool) -> None:
    decoded = decode_html(data)
    assert decoded.encoding == encoding
    assert text in decoded.text
    assert (decoded.note is not None) == noted


def test_a_lying_charset_gets_a_best_guess_and_a_note_not_a_refusal(tmp_path: Path) -> None:
    page = tmp_path / "liar.html"
    page.write_bytes(b'<meta charset="utf-8"><h1>Caf\xe9 owners protest</h1><p>Body.</p>')
    document = load_document(page)
    assert document.title == "Café owners protest"
    assert document.meta is not None
    assert (
        document.meta.encoding_note == "the page says utf-8 but the bytes are not; read as cp1252"
    )
    assert decode_html(b"<p>x</p>", header_charset="utf-8").note is None


def test_load_document_reads_html_by_suffix_or_doctype(tmp_path: Path) -> None:
    page = tmp_path / "article.HTML"
    page.write_text(PAGE, encoding="utf-8")
    document = load_document(page)
    assert document.title == "Summit ends & leaders leave"
    assert document.hints and document.meta is not None
    start, end = document.hints[0][:2]
    assert document.text[start:end] == "Home Sections"
    saved = tmp_path / "saved-page"  # a browser's save without a suffix
    saved.write_text(PAGE, encoding="utf-8")
    assert load_document(saved).title == document.title
    typed = tmp_path / "markup.html.txt"  # a text file holding markup is shown as typed
    typed.write_text(PAGE, encoding="utf-8")
    assert load_document(typed).text == PAGE
    markdown = tmp_path / "notes.md"
    markdown.write_text("# Heading <b>kept</b>\n\nBody text here.\n", encoding="utf-8")
    assert load_document(markdown).text.startswith("# Heading <b>kept</b>")


def test_a_page_without_text_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><script>x()</script><style>p{}</style></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="no text"):
        load_document(page)


def test_broken_markup_and_pre_keep_their_lines() -> None:
    assert read_page("<p>open <b>never closed<p>next").text == "open never closed\n\nnext\n"
    assert read_page("<pre>line one\n  line two</pre>").text == "line one\nline two\n"
    assert read_page("<script>only script</script>").text == ""
    assert read_page("").text == ""


def test_hostile_markup_that_made_html_parser_quadratic_is_read_in_one_pass(
    tmp_path: Path,
) -> None:
    """Issue 21 #13: 300 KB of '<a' took 64 s through html.parser; lxml reads it at once."""
    page = tmp_path / "bomb.html"
    page.write_text("<p>Before the bomb, a sentence.</p>" + "<a" * 150_000, encoding="utf-8")
    assert load_document(page).text.startswith("Before the bomb")
    deep = read_page("<div>" * 1000 + "deep text" + "</div>" * 1000 + "<p>after</p>")
    assert "deep text" in deep.text and "after" in deep.text
    # Past 2,048 levels the parser stops (libxml2's bound); what came before is kept.
    bomb = read_page("<p>Before it.</p>" + "<div>" * 100_000 + "deep")
    assert bomb.text.startswith("Before it.")


def test_a_page_of_too_many_elements_is_read_up_to_the_bound_and_says_so() -> None:
    from reader.core.web.walk import MAX_ELEMENTS

    many = read_page("<p>First paragraph.</p>" + "<p>x</p>" * (MAX_ELEMENTS + 10))
    assert many.text.startswith("First paragraph.")
    assert many.text.count("x") < MAX_ELEMENTS
    assert "more than 100,000 elements" in many.meta.note
    assert read_page("<p>x</p>" * 100).meta.note == ""


def test_two_pages_of_one_template_are_not_taken_for_copies_of_each_other() -> None:
    """Two real pages of one newspaper group's template (the dev set's cleveland.com and
    nj.com pages: the same menus and footers word for word, different stories): each page's
    article stays reporting; the shared chrome is no evidence that they share an article."""
    import gzip

    from reader.core.classify import MemoryCorpus
    from reader.core.text.document import document_from_html

    folder = Path(__file__).resolve().parents[1] / "data" / "webpages"
    pages = {}
    corpus = MemoryCorpus()
    for name in ("newspaper-cleveland.com1", "newspaper-nj.com1"):
        raw = gzip.decompress((folder / f"{name}.html.gz").read_bytes())
        pages[name] = document_from_html(raw, name)
        corpus.add(name, pages[name].title, pages[name].text)
    for name, document in pages.items():
        segments = classify(document.text, corpus, key=name, structure=document.hints)
        assert not any(s.kind == "commentary" for s in segments), name
        start = document.headline_start()
        assert start is not None
        assert next(s for s in segments if s.start <= start < s.end).kind == "reporting"


def _reporting(page_html: str) -> str:
    page = read_page(page_html)
    segments = classify(page.text, structure=page.hints)
    return "\n".join(page.text[s.start : s.end] for s in segments if s.kind == "reporting")


def test_a_small_notice_scored_high_by_its_class_does_not_pull_in_the_whole_page() -> None:
    # The body's paragraphs each sit in wrappers of their own; the notice's box is named
    # 'content': it outscores them, but holds too little of the page's prose to be the article.
    sentence = "The council met on Monday, and after a long debate, it voted for the bridge."
    body = "".join(
        f"<div><div><p>{sentence} Paragraph {i}, with more words.</p></div></div>"
        for i in range(6)
    )
    notice = (
        "<div class='notice'><div class='content-box'><div class='content-text'>"
        "<h4>You are using an ad blocker.</h4><p>Ads pay for our journalism, and without them,"
        " we cannot keep this site free for everyone, so please, turn it off.</p>"
        "<p>Thank you for your understanding, dear reader.</p></div></div></div>"
    )
    reporting = _reporting(
        "<html><head><title>Council votes</title></head><body><div class='wrap'>"
        f"<div><article><h2>Council votes for the bridge</h2>{body}</article></div>"
        f"{notice}</div></body></html>"
    )
    assert "Paragraph 5" in reporting
    assert "ad blocker" not in reporting and "understanding" not in reporting


def test_an_inline_caption_is_a_paragraph_of_its_own_and_furniture() -> None:
    page = read_page(
        "<html><body><h1>Jets over the sea</h1><div class='body'><p><span class='image'>"
        "<img src=x.jpg><span class='caption'>A jet drops flares over the range</span></span>"
        "The air force may review its defences, officials said on Tuesday, after a long "
        "and difficult year of talks.</p></div></body></html>"
    )
    kinds = _kinds(page.text, page.hints)
    assert kinds["A jet drops flares over the range"] == "furniture"
    assert "\n\nThe air force may review" in page.text


def test_a_title_that_names_only_the_site_yields_to_the_pages_one_h1() -> None:
    page = read_page(
        "<html><head><title>| What's Cooking</title></head><body>"
        "<div class='blog-name'><a href='/'>What's Cooking</a></div>"
        "<h1>Make-ahead side: a root vegetable mash</h1>"
        "<p>With winter cooking in full swing, I have been making heartier dishes.</p>"
        "</body></html>"
    )
    assert page.meta.title == "Make-ahead side: a root vegetable mash"


def test_the_headline_said_again_above_the_body_is_said_once() -> None:
    sentence = "The council met on Monday, and after a long debate, it voted for the bridge."
    page = read_page(
        "<html><head><meta property='og:title' content='Council: votes for the bridge'></head>"
        "<body><header><h1>Council: votes for the bridge</h1></header><article>"
        "<h2><span>Council</span> votes for the bridge</h2>"
        + "".join(f"<p>{sentence} Paragraph {i}, and more.</p>" for i in range(5))
        + "<h3>Council votes, then what?</h3><p>Nobody knows, officials said, at all.</p>"
        "</article></body></html>"
    )
    kinds = _kinds(page.text, page.hints)
    assert kinds["Council: votes for the bridge"] == "reporting"
    assert kinds["Council votes for the bridge"] == "furniture"
    assert kinds.get("Council votes, then what?") != "furniture"  # a subheading, not a repeat


def test_a_linked_line_that_opens_a_paragraph_is_the_paragraphs_own() -> None:
    sentence = "The decals come in colour and in black and white, and they last, we found."
    body = "".join(f"<p>{sentence} Paragraph {i}, and more.</p>" for i in range(4))
    page = read_page(
        f"<html><body><h1>Five nail decals</h1><div class='post'>{body}"
        "<p><a href='/p/1'>Bell nail decals at the shop, $9<br></a>Zack and the gang reunite"
        " right here on your hands, printed in colour and in black and white, for fans.</p>"
        "<p><a href='/other'>Ten more nail designs that last a month</a></p>"
        f"<p>{sentence} The end.</p></div></body></html>"
    )
    kinds = _kinds(page.text, page.hints)
    assert kinds.get("Bell nail decals at the shop, $9") != "furniture"
    assert kinds["Ten more nail designs that last a month"] == "furniture"
