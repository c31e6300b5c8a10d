"""Dates and sites as evidence of which of two related texts is the original.

A page's metadata (its site and publication date, stored with web pages) or, for a plain
text, the date line in its header ('Published 1 March 2026', '3. März 2026', 'Publié le 4
mars 2026') says when and where each version appeared. The earlier of two versions from
different sites is evidence of being the original; two dates on one site are two versions
of one story (siblings); a repost line that names the other text's site marks its carrier
as the copy. Each is one vote in `provenance.direction`, never stronger than a commentary
marker, and the reason says which vote it was ("earlier: published 2026-03-01 on
example.com").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal, NamedTuple

from reader.core.classify.units import Line
from reader.core.classify.vocabulary import vocabulary

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:er|st|nd|rd|th|º)?\.?\s+(?:de\s+)?([^\W\d_]{3,})\.?,?\s+(?:de\s+)?(\d{4})\b"
)
_MONTH_DAY = re.compile(r"\b([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_UPDATED = re.compile(
    r"^\W*(?:updated|last updated|modified|mis à jour|modifié|aktualisiert|stand|geändert"
    r"|actualizado|modificado)\b",
    re.IGNORECASE,
)
_HEADER_LINES = 12
"""Lines read for a date at the top of a text: a page header, not the body's own dates."""
_DATED_REASONS = ("date line", "byline")


def parse_date(text: str) -> date | None:
    """The first calendar date written in `text` in a table's language or as ISO or
    dotted digits ('2026-03-01', '01.03.2026', 'March 1, 2026', '1 de marzo de 2026')."""
    months = vocabulary().months
    found: list[tuple[int, date | None]] = []
    for match in _ISO.finditer(text):
        found.append((match.start(), _day(match[1], match[2], match[3])))
        break
    for match in _DOTTED.finditer(text):
        found.append((match.start(), _day(match[3], match[2], match[1])))
        break
    for match in _DAY_MONTH.finditer(text):
        month = months.get(match[2].lower())
        if month is not None:
            found.append((match.start(), _day(match[3], str(month), match[1])))
            break
    for match in _MONTH_DAY.finditer(text):
        month = months.get(match[1].lower())
        if month is not None:
            found.append((match.start(), _day(match[3], str(month), match[2])))
            break
    valid = sorted((at, day) for at, day in found if day is not None)
    return valid[0][1] if valid else None  # the first written, whatever its form


def _day(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def header_date(lines: Sequence[Line], furniture: Sequence[str | None]) -> date | None:
    """The publication date a text's header gives: the first date line or dated byline
    among its first lines, leaving out 'Updated …' lines (an original may be updated after
    its copies appeared)."""
    for line, reason in zip(lines[:_HEADER_LINES], furniture[:_HEADER_LINES], strict=False):
        if reason is None or not any(kind in reason for kind in _DATED_REASONS):
            continue
        if _UPDATED.match(line.text):
            continue
        found = parse_date(line.text)
        if found is not None:
            return found
    return None


def page_date(published: str) -> date | None:
    """A stored 'YYYY-MM-DD[THH:MM]' publication date."""
    match = _ISO.match(published.strip())
    return _day(match[1], match[2], match[3]) if match else None


def site_key(site: str) -> str:
    """'www.Example.com', 'Example.com' and 'example.com' are one site."""
    key = " ".join(site.lower().split())
    for prefix in ("https://", "http://", "www."):
        key = key.removeprefix(prefix)
    return key.rstrip("/")


class Dating(NamedTuple):
    """Where and when a text appeared, as far as it is known ('' and None when not)."""

    site: str
    day: date | None

    def described(self) -> str:
        where = f" on {self.site}" if self.site else ""
        return f"published {self.day.isoformat() if self.day else 'on an unknown date'}{where}"


Vote = tuple[Literal["copy", "original", "sibling"], str]
"""A role for the first text and the reason, as a reader would read it."""


def date_vote(mine: Dating, theirs: Dating) -> Vote | None:
    """The earlier of two dated versions from different sites is the original; one site's
    two dates are two versions of its story. None when either date is unknown or both are
    the same day (a republisher often copies the original's date)."""
    if mine.day is None or theirs.day is None or mine.day == theirs.day:
        return None
    if mine.site and site_key(mine.site) == site_key(theirs.site):
        first, last = sorted((mine.day, theirs.day))
        return ("sibling", f"two versions on {mine.site} ({first}, {last})")
    if mine.day > theirs.day:
        return ("copy", f"earlier: {theirs.described()}")
    return ("original", f"earlier: {mine.described()}")


def names_site(lines: Sequence[str], site: str) -> bool:
    """A repost line of this text names the other's site ('Originally published at
    example.com', 'Reposted from the Daily Planet')."""
    key = site_key(site)
    if len(key) < 4:
        return False
    return any(key in " ".join(text.lower().split()) for text in lines)
