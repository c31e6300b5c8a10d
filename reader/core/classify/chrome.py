"""Page chrome that only the layout reveals: the header zone above the body, the footer below.

`furniture_lines` settles what each line says by itself; these rules then look at where a
short, non-sentence line sits. Above the article's body a page stacks section labels, the
author's name, the outlet's desk, credibility badges; below it, newsletter boxes and social
links. Every rule needs a neighbour that is already furniture or a clear headline, so that a
short headline, a subhead or an in-body list item on its own stays reporting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.classify.patterns import BIO, FUNCTION_WORDS
from reader.core.classify.units import Line

_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
SOCIAL_NAMES = frozenset(
    {
        *("x", "twitter", "facebook", "instagram", "youtube", "tiktok", "linkedin", "threads"),
        *("bluesky", "mastodon", "reddit", "pinterest", "whatsapp", "telegram", "email"),
        *("e-mail", "rss", "flipboard"),
    }
)
_OWN_CREDIT = re.compile(
    r"\b(?:contributed|reporting by|editing by|writing by|compiled by|additional reporting)\b",
    re.IGNORECASE,
)
_HEADER_KINDS = ("byline", "date line", "update line", "read time", "outlet label")


def _open_ended(text: str) -> bool:
    """No sentence ending (an abbreviation such as 'U.S.' still counts as open)."""
    return text[-1] not in ".!?" or _ACRONYM.match(text) is not None


def _is_label(text: str, size: int) -> bool:
    """One or two words ('Housing', 'World news'), or up to three in capitals: a three-word
    title-case line is as likely a terse headline ('Trump Fires Comey')."""
    if not _open_ended(text) or text[-1] in '"”’':
        return False
    return size <= 2 or (size == 3 and not any(ch.islower() for ch in text))


def header_end(sizes: list[int], reasons: list[str | None]) -> int:
    """Index of the first body paragraph: a long line whose next (non-furniture) line is long.

    A standfirst, a caption or a credibility box can be as long as a paragraph, but the page
    puts bylines and dates after them; the body is where long paragraphs follow each other.
    """
    n = len(sizes)
    long = [size >= 20 and reasons[i] is None for i, size in enumerate(sizes)]
    for i in range(n):
        if not long[i]:
            continue
        nxt = next((j for j in range(i + 1, n) if reasons[j] is None), None)
        if nxt is not None and long[nxt]:
            return i
    return next((i for i, size in enumerate(sizes) if size >= 20), n)


def _top_labels(lines: Sequence[Line], sizes: list[int], reasons: list[str | None]) -> None:
    """Section labels at the very top ('Housing', 'World news / Australia', 'U.S.'): a run of
    one-to-three-word lines, possibly among other furniture, above a headline-shaped line."""
    run: list[int] = []
    for i, line in enumerate(lines):
        if reasons[i] is not None:
            continue
        if _is_label(line.text, sizes[i]):
            run.append(i)
            continue
        if run and _open_ended(line.text) and 4 <= sizes[i] <= 30:
            for j in run:
                reasons[j] = "furniture: section label"
        return


def _top_keywords(lines: Sequence[Line], sizes: list[int], reasons: list[str | None]) -> None:
    """'Russia grain wheat' opening the text right above a photo credit: image keywords."""
    if len(lines) < 2 or reasons[0] is not None or lines[0].block != lines[1].block:
        return
    text = lines[0].text
    words = [w.lower() for w in text.split()]
    if (
        sizes[0] <= 3
        and text[-1].isalnum()
        and not any(w in FUNCTION_WORDS for w in words)
        and (reasons[1] or "").startswith("caption pattern: photo credit")
    ):
        reasons[0] = "caption pattern: image keywords"


def _name_shaped(text: str, size: int) -> bool:
    if not 2 <= size <= 3:
        return False
    words = text.split()
    return (
        text[-1].isalpha()
        and all(w[0].isupper() and w.lower() not in FUNCTION_WORDS for w in words)
        and not any(ch.isdigit() for ch in text)
    )


def _is_header_kind(reason: str | None) -> bool:
    return reason is not None and any(kind in reason for kind in _HEADER_KINDS)


def _header_people(
    lines: Sequence[Line], sizes: list[int], reasons: list[str | None], end: int
) -> None:
    """An author's name on its own line over the date ('Jess Harding' / 'Fri 24 Nov 2023'),
    and a desk or outlet line between the byline and the date ('BBC News, The Hague')."""
    headline_above = False
    for i in range(1, min(end, len(lines) - 1)):
        prev = i - 1
        if reasons[prev] is None and sizes[prev] >= 4 and _open_ended(lines[prev].text):
            headline_above = True
        if reasons[i] is not None:
            continue
        text = lines[i].text
        below = _is_header_kind(reasons[i + 1])
        above = _is_header_kind(reasons[i - 1])
        name = headline_above and _name_shaped(text, sizes[i])
        desk = above and sizes[i] <= 5 and _open_ended(text)
        if below and (name or desk):
            reasons[i] = "furniture: byline"


def _bio_names(lines: Sequence[Line], sizes: list[int], reasons: list[str | None]) -> None:
    """The author's name as the heading of a bio box ('Dan Kessler' / 'Dan is a …')."""
    n = len(lines)
    for i in range(n - 1):
        name, text = lines[i].text, lines[i + 1].text
        if i < n * 0.6 or reasons[i] is not None or not _name_shaped(name, sizes[i]):
            continue
        first = name.split()[0]
        if (
            reasons[i + 1] is None
            and text.startswith(first + " ")
            and sizes[i + 1] <= 60
            and BIO.match(name + text[len(first) :])  # 'Dan is a …' read as 'Dan Kessler is a …'
        ):
            reasons[i + 1] = "furniture: author bio"
        if reasons[i + 1] == "furniture: author bio":
            reasons[i] = "furniture: author bio"


def _badges(lines: Sequence[Line], sizes: list[int], reasons: list[str | None]) -> None:
    """Lower-case tags right under a furniture line ('fact-checked', 'trusted source')."""
    for i in range(1, len(lines)):
        text = lines[i].text
        if (
            reasons[i] is None
            and reasons[i - 1] is not None
            and lines[i].block == lines[i - 1].block
            and sizes[i] <= 3
            and text[0].islower()
            and _open_ended(text)
        ):
            reasons[i] = "furniture: badge"


def _social(lines: Sequence[Line], sizes: list[int], reasons: list[str | None]) -> None:
    """Bare network names ('X', 'Instagram') next to share or follow furniture."""
    n = len(lines)
    names = [
        i
        for i in range(n)
        if reasons[i] is None
        and sizes[i] <= 4
        and all(w.strip(":|·•,").lower() in SOCIAL_NAMES for w in lines[i].text.split())
    ]
    for _ in range(2):  # a list of names: each one makes its neighbour's case
        for i in names:
            if reasons[i] is None and any(
                0 <= j < n and reasons[j] is not None for j in (i - 1, i + 1)
            ):
                reasons[i] = "furniture: share buttons"


def _footer_boxes(
    lines: Sequence[Line], sizes: list[int], reasons: list[str | None], end: int
) -> None:
    """After the last body paragraph, a block that is mostly furniture (a newsletter box, a
    topics list) is furniture throughout, except the article's own credit lines."""
    n = len(lines)
    last_body = max((i for i in range(n) if sizes[i] >= 20 and reasons[i] is None), default=-1)
    if last_body < end:
        return
    blocks: dict[int, list[int]] = {}
    for i in range(last_body + 1, n):
        blocks.setdefault(lines[i].block, []).append(i)
    for members in blocks.values():
        if lines[members[0]].block == lines[last_body].block:
            continue
        furniture = sum(1 for i in members if reasons[i] is not None)
        if len(members) < 3 or furniture * 2 < len(members):
            continue
        for i in members:
            if reasons[i] is None and sizes[i] <= 25 and not _OWN_CREDIT.search(lines[i].text):
                reasons[i] = "furniture: footer box"


def chrome_lines(lines: Sequence[Line], sizes: list[int], reasons: list[str | None]) -> None:
    """Apply the header and footer layout rules to `reasons` in place."""
    if not lines:
        return
    end = header_end(sizes, reasons)
    _top_keywords(lines, sizes, reasons)
    _top_labels(lines, sizes, reasons)
    _header_people(lines, sizes, reasons, end)
    _bio_names(lines, sizes, reasons)
    _badges(lines, sizes, reasons)
    _social(lines, sizes, reasons)
    _footer_boxes(lines, sizes, reasons, end)
