"""Which elements a desktop browser shows: class names count whole, not in pieces."""

from __future__ import annotations

import pytest

from reader.core.web.convert import read_page

STORY = "The council voted on Tuesday to close the old bridge to traffic for a year."


@pytest.mark.parametrize(
    "opening",
    [
        '<body class="!overflow-x-hidden bg-page">',  # Tailwind on the whole page
        '<body class="u-overflow-x-hidden is-template-article">',
        '<body><div class="hidden-xs">',  # hidden on phones only
        '<body><div class="hidden md:block">',  # Tailwind: shown from medium width up
        '<body><div class="d-none d-lg-block">',  # Bootstrap: shown on large screens
        '<body><div hidden id="S:1">',  # React's streamed part, moved into place by script
    ],
)
def test_text_a_desktop_browser_shows_is_kept(opening: str) -> None:
    assert STORY in read_page(f"<html>{opening}<p>{STORY}</p></body></html>").text


@pytest.mark.parametrize(
    "opening",
    [
        '<body><div class="hidden">',
        '<body><div class="visually-hidden">',
        '<body><div class="sr-only">',
        '<body><div class="md:hidden">',  # a phone-only copy of the menu
        '<body><div class="d-none">',
        "<body><div hidden>",
    ],
)
def test_text_a_desktop_browser_hides_stays_out(opening: str) -> None:
    page = read_page(f"<html>{opening}<p>{STORY}</p></div><p>Shown.</p></body></html>")
    assert STORY not in page.text and "Shown." in page.text
