from __future__ import annotations

from html.parser import HTMLParser

import pytest

from reader.core.notes.markdown_render import render_markdown, safe_url


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](javascript:alert(1))",
        "![x](https://tracker.example/pixel.png)",
        "<div onclick='alert(1)'>hi</div>\n\ntext",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_no_raw_html_or_unsafe_links_survive(source: str) -> None:
    """Parse the output as a browser would: only harmless tags, only safe link targets."""
    parser = _Elements()
    parser.feed(render_markdown(source))
    for tag, attrs in parser.found:
        assert tag in SAFE_TAGS, (source, tag)
        for name, value in attrs:
            assert name == "href" and tag == "a", (source, tag, name)
            assert (value or "").startswith(("http://", "https://", "mailto:")), (source, value)


SAFE_TAGS = {"p", "strong", "em", "a", "span", "blockquote", "ul", "ol", "li", "code", "pre",
             "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_markdown_still_renders_and_safe_links_stay() -> None:
    html = render_markdown("**bold** and [site](https://example.org) <mailto:a@b.org>\n\n> q")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org">site</a>' in html
    assert 'href="mailto:a@b.org"' in html
    assert "<blockquote>" in html
    assert "&lt;b&gt;" in render_markdown("<b>x</b>")


def test_safe_url() -> None:
    assert safe_url("https://a.b/c") == "https://a.b/c"
    assert safe_url("mailto:x@y.z") == "mailto:x@y.z"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "http:relative", "/local", "",
                "vbscript:x", "java\tscript:x"):
        assert safe_url(bad) is None
