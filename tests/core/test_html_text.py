from __future__ import annotations

from pathlib import Path

from reader.core.text.document import load_document
from reader.core.text.html_text import html_to_text

PAGE = """<!doctype html><html><head><title>Site name</title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><header><a href="/">Home</a> | Sections</header>
<nav><ul><li>World</li><li>Politics</li></ul></nav>
<article><h1>Summit ends &amp; leaders leave</h1>
<p>BRUSSELS &mdash; Leaders met on
Friday&nbsp;to talk.</p>
<p>&ldquo;We agreed,&rdquo; she said.<br>Then left.</p>
<aside>Related: other news</aside><form><input name=q><button>Search</button></form>
<noscript>Enable JS</noscript>
<blockquote>Quoted <em>words</em></blockquote><ul><li>one</li><li>two</ul>
</article><footer>&copy; 2024 Site</footer></body></html>"""


def test_html_becomes_paragraphs_without_page_chrome() -> None:
    text = html_to_text(PAGE)
    assert text.split("\n\n") == [
        "Summit ends & leaders leave",
        "BRUSSELS — Leaders met on Friday to talk.",
        "“We agreed,” she said. Then left.",
        "Quoted words",
        "one",
        "two\n",
    ]
    for dropped in (
        "Home",
        "World",
        "not text",
        "color",
        "Related",
        "Search",
        "Enable JS",
        "2024",
        "Site name",
    ):
        assert dropped not in text


def test_broken_markup_and_pre_keep_their_lines() -> None:
    assert html_to_text("<p>open <b>never closed<p>next") == "open never closed\n\nnext\n"
    assert html_to_text("<pre>line one\n  line two</pre>") == "line one\nline two\n"
    assert html_to_text("<script>only script</script>") == ""


def test_load_document_dispatches_html_and_offsets_index_converted_text(tmp_path: Path) -> None:
    page = tmp_path / "article.HTML"
    page.write_text(PAGE, encoding="utf-8")
    document = load_document(page)
    assert document.title == "Summit ends & leaders leave"
    first = document.paragraphs[1]
    assert document.text[first.start : first.end].startswith("BRUSSELS")
    markdown = tmp_path / "notes.md"
    markdown.write_text("# Heading <b>kept</b>\n\nBody text here.\n", encoding="utf-8")
    assert load_document(markdown).text.startswith("# Heading <b>kept</b>")


def test_html_without_article_text_is_refused(tmp_path: Path) -> None:
    import pytest

    from reader.core.text.document import DocumentError

    page = tmp_path / "empty.html"
    page.write_text("<html><nav>menu</nav><script>x()</script></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="no article text"):
        load_document(page)
