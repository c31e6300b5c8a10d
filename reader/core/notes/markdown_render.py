"""Note Markdown to HTML that is safe to show: no raw HTML, only http(s)/mailto links.

Raw HTML in a note is shown as text (the html block/inline parsers are removed, so `<`
is escaped), images become their alt text (nothing is fetched), and a link whose scheme
is not http, https or mailto loses its target and stays plain text.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def safe_url(url: str) -> str | None:
    """The URL if a click may open it in the system browser/mail client, else None."""
    # Markdown hides "&" of entity-obfuscated mailto links behind a placeholder.
    cleaned = _CONTROL.sub("", html.unescape((url or "").replace(AMP_SUBSTITUTE, "&")))
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in {"http", "https"} and not urlsplit(cleaned).netloc:
        return None
    return cleaned


class _SanitizeLinks(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, element in enumerate(list(parent)):
                if element.tag == "img":
                    span = etree.Element("span")
                    span.text = element.get("alt") or ""
                    span.tail = element.tail
                    parent.remove(element)
                    parent.insert(index, span)
                    continue
                for name in list(element.attrib):
                    if name.lower().startswith("on") or name.lower() in {"style", "src"}:
                        del element.attrib[name]
                if element.tag == "a":
                    url = safe_url(element.get("href", ""))
                    element.attrib.clear()
                    if url is None:
                        element.tag = "span"
                    else:
                        element.set("href", url)


class _SafeExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SanitizeLinks(md), "reader_sanitize", 0)


class _Engines(threading.local):
    """One converter per thread: building one costs four times a short note's conversion,
    and a converter is not safe to share between threads."""

    engine: markdown.Markdown | None = None


_ENGINES = _Engines()


def _engine() -> markdown.Markdown:
    engine = _ENGINES.engine
    if engine is None:
        engine = markdown.Markdown(
            extensions=[
                _SafeExtension(),
                "markdown.extensions.fenced_code",
                "markdown.extensions.sane_lists",
            ],
            output_format="html",
        )
        _ENGINES.engine = engine
    return engine


def render_markdown(text: str) -> str:
    """HTML for a note's Markdown, safe to put in a Qt rich-text widget."""
    engine = _engine()
    try:
        return str(engine.reset().convert(text))
    except Exception:
        _ENGINES.engine = None  # a converter left half-way is not reused
        raise


def plain_excerpt(text: str, limit: int = 160) -> str:
    """A one-line plain-text glimpse of a Markdown body (tooltips, lists)."""
    flat = " ".join(re.sub(r"[#>*_`\[\]]", "", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
