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


PROSE = (
    "The council voted on Tuesday to close the old bridge to traffic for a year, after "
    "engineers found cracks in two of its piers and warned that heavy lorries could make them "
    "worse. Residents on the far bank said the detour would add half an hour to every trip "
    "into town, and shopkeepers feared the quieter streets would cost them customers."
)


def test_a_paywall_wrapper_round_the_body_does_not_make_it_furniture() -> None:
    page = read_page(
        "<html><body><article><h1>Bridge to close for a year</h1>"
        + "".join(f"<p>{n}. {PROSE}</p>" for n in range(3))  # the free part
        +         f'<div class="paywall"><p>{PROSE}</p><p>Officials said: {PROSE}</p></div>'
        '<div class="newsletter"><p>Sign up for our newsletter.</p></div>'
        "</article></body></html>"
    )
    kinds = {page.text[s:e]: kind for s, e, kind, _ in page.hints}
    assert kinds.get(PROSE) != "furniture"
    assert kinds["Sign up for our newsletter."] == "furniture"


def _kind_of(page_text: str, hints: tuple[tuple[int, int, str, str], ...], piece: str) -> str:
    start = page_text.index(piece)
    return next((kind for s, e, kind, _ in hints if s <= start < e), "none")


def test_related_links_set_into_the_body_do_not_end_the_article() -> None:
    story = "".join(f"<p>{n}. {PROSE}</p>" for n in range(4))
    related = (
        '<div class="box"><p>Related</p><p><a href="/a">Storm closes the coast road</a></p>'
        '<p><a href="/b">Ferry fares to rise in spring</a></p></div>'
    )
    page = read_page(
        "<html><body><article><h1>Bridge to close for a year</h1>"
        f'<div class="article-body">{story}{related}<p>Last. {PROSE}</p></div>'
        "</article><div><p>Comments</p><p>First! What a shame for the town.</p></div>"
        "</body></html>"
    )
    assert _kind_of(page.text, page.hints, "Last. The council") != "furniture"
    assert _kind_of(page.text, page.hints, "Storm closes") == "furniture"


def test_a_related_box_at_the_end_still_ends_the_article() -> None:
    story = "".join(f"<p>{n}. {PROSE}</p>" for n in range(4))
    page = read_page(
        "<html><body><article><h1>Bridge to close for a year</h1>"
        f'<div class="article-body">{story}</div><div><p>Related</p>'
        '<p><a href="/a">Storm closes the coast road</a></p>'
        "<p>Readers asked what the closure means for the school run, and the council said "
        "buses would run every ten minutes from the far bank during the works.</p></div>"
        "</article></body></html>"
    )
    assert _kind_of(page.text, page.hints, "Storm closes") == "furniture"


def test_a_body_cut_into_modules_of_one_template_is_one_article() -> None:
    plain = "Residents on the far bank said the detour would add half an hour to every trip."
    rich = PROSE + " " + PROSE.replace("The council", "Later, the mayor, the council")
    modules = [plain, rich, plain.replace("Residents", "Drivers"), rich.replace("year", "time")]
    body = '<div class="ad">Advertisement</div>'.join(
        f'<div class="mod modParagraph"><div class="box"><p class="text">{t}</p></div></div>'
        for t in modules
    )
    page = read_page(
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Bridge to close</h1>"
        f'<div class="con">{body}</div></article>'
        "<div class='teasers'><p><a href='/x'>Other story one</a></p></div></body></html>"
    )
    assert _kind_of(page.text, page.hints, "Drivers on the far bank") != "furniture"
    assert _kind_of(page.text, page.hints, "Residents on the far bank") != "furniture"


def test_the_kicker_over_the_headline_is_reporting_when_the_title_says_them_as_one() -> None:
    page = read_page(
        '<html><head><meta property="og:title" content="Nach dem Sturm: Brücke bleibt '
        'ein Jahr gesperrt"></head><body><header><p>Nach dem Sturm</p>'
        "<h1>Brücke bleibt ein Jahr gesperrt</h1></header><article>"
        f"<p>{PROSE}</p><p>Officials said: {PROSE}</p></article></body></html>"
    )
    assert _kind_of(page.text, page.hints, "Nach dem Sturm") == "reporting"
    other = read_page(
        "<html><head><title>Brücke bleibt ein Jahr gesperrt</title></head><body><header>"
        "<p>Nach dem Sturm</p><h1>Brücke bleibt ein Jahr gesperrt</h1></header><article>"
        f"<p>{PROSE}</p><p>Officials said: {PROSE}</p></article></body></html>"
    )
    assert _kind_of(other.text, other.hints, "Nach dem Sturm") == "furniture"


@pytest.mark.parametrize(
    "box",
    ["whatsapp-group", "namps-single-cta", "council-disclaimer", "recirc-module", "donate-box"],
)
def test_boxes_of_chrome_inside_the_article_are_furniture(box: str) -> None:
    page = read_page(
        "<html><body><article><h1>Bridge to close for a year</h1>"
        + "".join(f"<p>{n}. {PROSE}</p>" for n in range(3))
        + f'<div class="{box}"><p>Join us and get the news first, every day.</p></div>'
        "</article></body></html>"
    )
    assert _kind_of(page.text, page.hints, "Join us and get") == "furniture"


def test_the_body_going_on_in_a_later_block_of_the_same_template_is_the_article() -> None:
    links = "".join(f'<li><a href="/s{n}">Another story number {n}</a></li>' for n in range(8))
    part_one = "".join(f"<p>{n}. {PROSE}</p>" for n in range(4))
    page = read_page(
        "<html><body><main><article><h1>Bridge to close for a year</h1>"
        f'<div class="row"><div class="col"><div>{part_one}</div></div>'
        f"<aside><ul>{links}</ul></aside></div>"
        '<div class="embed"><p>Watch the video</p></div>'
        f'<div class="row"><div class="col"><div><p>Later. {PROSE}</p></div></div>'
        f"<aside><ul>{links}</ul></aside></div>"
        "</article></main></body></html>"
    )
    assert _kind_of(page.text, page.hints, "Later. The council") != "furniture"


def test_a_notice_after_the_closing_share_and_related_boxes_is_not_the_article() -> None:
    story = "".join(f"<p>{n}. {PROSE}</p>" for n in range(3))
    page = read_page(
        "<html><body><article><h1>Bridge to close for a year</h1>"
        f'{story}<div class="share"><a href="/f">Share on Facebook</a></div>'
        '<div class="related"><p><a href="/r">Ferry fares to rise in spring</a></p></div>'
        "<p>Please keep your comments on topic: the authors of comments are responsible for "
        "what they write, and we remove insults, advertising and anything unlawful at once "
        "without notice.</p></article></body></html>"
    )
    assert _kind_of(page.text, page.hints, "Please keep your comments") == "furniture"
    assert _kind_of(page.text, page.hints, "2. The council") != "furniture"
