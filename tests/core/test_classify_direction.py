"""Issue 15: publication dates, sites and a third text as evidence of which version is the
original (`classify.dating`, `provenance.decide`)."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.classify import MemoryCorpus, analyse
from reader.core.classify.dating import Dating, date_vote, parse_date
from reader.core.classify.segments import Segment

HEAD = "Port of Vellmar to turn away large cruise ships from 2027\n\n"
P1 = (
    "The town council of Vellmar voted on Monday to close its old harbour to cruise ships "
    "carrying more than 1,000 passengers from the start of the 2027 season.\n\n"
)
P2 = (
    "The measure passed by 19 votes to 12 after a four-hour debate. Ships above the limit "
    "will be sent to the container terminal at Brask, 14 kilometres to the south.\n\n"
)
P3 = (
    "Mayor Ilse Varga said the old harbour had received 212 cruise calls last year, up from "
    "74 in 2015, and that residents had asked the council for relief every summer.\n\n"
)
SURVEY = (
    "The harbour quarter has about 3,400 residents. A survey by the council last autumn "
    "found that 68% of them supported a limit on the size of ships.\n\n"
)
ADDED = (
    "Vellmar is not the first port on this coast to limit cruise traffic. Two other harbour "
    "towns introduced similar caps in the past three years, and both later extended them.\n\n"
)
ORIGINAL = HEAD + P1 + P2 + SURVEY + P3
COPY = HEAD + P1 + P2 + ADDED + P3  # trims the survey, adds a paragraph of its own


def _at(segments: list[Segment], text: str, needle: str) -> Segment:
    start = text.index(needle)
    return next(s for s in segments if s.start <= start < s.end)


def _corpus(
    original: str = ORIGINAL, copy: str = COPY, original_meta: tuple[str, str] = ("", ""),
    copy_meta: tuple[str, str] = ("", ""),
) -> MemoryCorpus:
    corpus = MemoryCorpus()
    corpus.add("o.txt", "Vellmar harbour", original, *original_meta)
    corpus.add("c.txt", "Cruise copy", copy, *copy_meta)
    return corpus


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published March 2, 2026", date(2026, 3, 2)),
        ("By JANE DOE MAR. 2, 2026", date(2026, 3, 2)),
        ("Publié le 3 mars 2026 à 07h12", date(2026, 3, 3)),
        ("Veröffentlicht am 4. März 2026", date(2026, 3, 4)),
        ("Stand: 05.03.2026, 16:45 Uhr", date(2026, 3, 5)),
        ("Publicado el 6 de setiembre de 2026", date(2026, 9, 6)),
        ("2026-03-07T10:00", date(2026, 3, 7)),
        ("The 19 votes to 12", None),
        ("February 30, 2026", None),
    ],
)
def test_dates_are_read_in_each_tables_language(line: str, expected: date | None) -> None:
    assert parse_date(line) == expected


def test_the_earlier_of_two_sites_is_the_original_and_the_reason_says_so() -> None:
    corpus = _corpus(
        original_meta=("example.com", "2026-03-01"), copy_meta=("Travel Wire", "2026-03-04")
    )
    copy = analyse(COPY, corpus, key="c.txt", site="Travel Wire", published="2026-03-04")
    assert copy.relation.role == "copy" and copy.relation.other == "o.txt"
    added = _at(copy.segments, COPY, "Vellmar is not the first")
    assert added.kind == "commentary"
    assert "earlier: published 2026-03-01 on example.com" in added.reason
    original = analyse(ORIGINAL, corpus, key="o.txt", site="example.com", published="2026-03-01")
    assert original.relation.role == "original"
    assert _at(original.segments, ORIGINAL, "A survey by").kind == "reporting"


def test_without_dates_the_two_versions_stay_siblings() -> None:
    corpus = _corpus()
    copy = analyse(COPY, corpus, key="c.txt")
    assert copy.relation.role == "sibling"
    added = _at(copy.segments, COPY, "Vellmar is not the first")
    assert added.kind == "reporting" and added.reason.startswith("only in this version")


def test_a_date_line_in_the_header_is_a_date_too() -> None:
    original = HEAD + "Published March 2, 2026\n\n" + P1 + P2 + SURVEY + P3
    copy = HEAD + "March 4, 2026\n\n" + P1 + P2 + ADDED + P3
    result = analyse(copy, _corpus(original, copy), key="c.txt")
    assert result.relation.role == "copy"
    added = _at(result.segments, copy, "Vellmar is not the first")
    assert added.kind == "commentary" and "earlier: published 2026-03-02" in added.reason


def test_one_sites_two_dates_are_versions_not_a_copy() -> None:
    corpus = _corpus(
        original_meta=("example.com", "2026-03-01"), copy_meta=("www.Example.com", "2026-03-04")
    )
    copy = analyse(COPY, corpus, key="c.txt", site="www.Example.com", published="2026-03-04")
    assert copy.relation.role == "sibling"
    added = _at(copy.segments, COPY, "Vellmar is not the first")
    assert added.kind == "reporting" and "two versions on" in added.reason


def test_a_marker_outweighs_a_contrary_date() -> None:
    marked = HEAD + P1 + "Editor's note: the ships will not go quietly.\n\n" + P2 + P3
    corpus = _corpus(
        ORIGINAL, marked, ("example.com", "2026-03-05"), ("Travel Wire", "2026-03-01")
    )
    result = analyse(ORIGINAL, corpus, key="o.txt", site="example.com", published="2026-03-05")
    assert result.relation.role == "original"
    assert all(s.kind != "commentary" for s in result.segments)


def test_a_later_version_that_adds_reporting_is_not_made_a_copy_by_its_date() -> None:
    extra = (
        "The Baltic Cruise Association said on Tuesday it would ask the regional government "
        "to review the decision, its spokesman told reporters.\n\n"
    )
    fuller = HEAD + P1 + P2 + extra + P3
    trimmed = HEAD + P1 + P2 + P3
    corpus = _corpus(trimmed, fuller, ("example.com", "2026-03-01"), ("Wire", "2026-03-03"))
    result = analyse(fuller, corpus, key="c.txt", site="Wire", published="2026-03-03")
    assert _at(result.segments, fuller, "The Baltic Cruise").kind == "reporting"


def test_a_repost_line_naming_the_others_site_marks_the_copy() -> None:
    # Both carry a repost line (the original's own cross-post line): the one that names
    # the other's site is the copy.
    original = ORIGINAL + "This post originally appeared on the author's newsletter.\n"
    copy = COPY + "Originally published at example.com.\n"
    corpus = _corpus(original, copy, ("example.com", ""), ("Travel Wire", ""))
    result = analyse(copy, corpus, key="c.txt", site="Travel Wire")
    assert result.relation.role == "copy"
    added = _at(result.segments, copy, "Vellmar is not the first")
    assert added.kind == "commentary" and "repost line names example.com" in added.reason


def test_an_originals_own_repost_line_against_its_dates_calls_nothing_commentary() -> None:
    original = ORIGINAL + "This post originally appeared on the author's newsletter.\n"
    corpus = _corpus(original, COPY, ("example.com", "2026-03-01"), ("Wire", "2026-03-04"))
    result = analyse(original, corpus, key="o.txt", site="example.com", published="2026-03-01")
    assert all(s.kind != "commentary" for s in result.segments)
    assert _at(result.segments, original, "A survey by").kind == "reporting"


def test_date_votes() -> None:
    early, late = Dating("a.com", date(2026, 3, 1)), Dating("b.com", date(2026, 3, 2))
    assert date_vote(late, early) == ("copy", "earlier: published 2026-03-01 on a.com")
    assert date_vote(early, late) == ("original", "earlier: published 2026-03-01 on a.com")
    assert date_vote(early, Dating("b.com", date(2026, 3, 1))) is None
    assert date_vote(early, Dating("b.com", None)) is None


def test_a_third_text_tells_which_version_kept_the_original() -> None:
    # Undecided between the original and a copy that trims one paragraph and adds one;
    # a third copy keeps the trimmed paragraph, not the added one.
    third = HEAD + P1 + SURVEY + P3 + "Reposted from example.com\n"
    corpus = _corpus()
    corpus.add("t.txt", "Third copy", third)
    copy = analyse(COPY, corpus, key="c.txt")
    assert copy.relation.role == "copy" and copy.relation.other == "o.txt"
    added = _at(copy.segments, COPY, "Vellmar is not the first")
    assert added.kind == "commentary" and "third text: Third copy" in added.reason
    original = analyse(ORIGINAL, corpus, key="o.txt")
    assert original.relation.role == "original"
    assert all(s.kind != "commentary" for s in original.segments)
