"""Issue 15: publication dates, sites and a third text as evidence of which version is the
original (`classify.dating`, `provenance.decide`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.core.classify import MemoryCorpus, StoreCorpus, analyse, index_document
from reader.core.classify.dating import Dating, date_vote, parse_date
from reader.core.classify.segments import Segment
from reader.core.classify.shingles import MAX_WORD_RELATED, name_sample, text_sample
from reader.core.store.database import open_store

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


# A reworded copy that shares no five words in a row with its original, and two round-ups
# that mention every name and figure the copy does (more than the original, which lacks
# the copy's own credit line): by names the original ranks third.
REWORDED_ORIGINAL = (
    "Tessaly council approves Brennmoor tram extension\n\n"
    "Councillors in Tessaly voted 31 to 14 on Tuesday to extend the Brennmoor tram line by "
    "4.2 kilometres to the Oskarfeld hospital, at a cost of 188 million crowns.\n\n"
    "Transport chief Liv Aasgard said construction would begin in March 2027 and the first "
    "trams would run to Oskarfeld in late 2029, carrying about 9,000 riders a day.\n\n"
    "The opposition Greens had asked for a cheaper bus link instead. Their leader, Per "
    "Holmvik, said the tram would take money from road repairs across Tessaly.\n"
)
REWORDED_COPY = (
    "Brennmoor trams will reach Oskarfeld hospital\n\n"
    "On Tuesday the Tessaly council backed, by 31 votes against 14, a 4.2 km lengthening of "
    "the Brennmoor line out to Oskarfeld hospital, priced at 188 million crowns.\n\n"
    "Building starts in March 2027 according to Liv Aasgard, who runs transport, and trams "
    "should reach Oskarfeld late in 2029 with some 9,000 passengers daily.\n\n"
    "A cheaper bus connection proposed by the Greens was rejected; Per Holmvik, who leads "
    "them, warned that road repairs all over Tessaly would lose funds.\n\n"
    "Via Nordfjell Courier Weekly Digest\n"
)
ROUNDUP = (
    "{tag} round-up: Tessaly, Brennmoor, Oskarfeld, Liv Aasgard, Per Holmvik, the Greens, "
    "March 2027, 2029, 31, 14, 4.2, 188, 9,000, Tuesday, Nordfjell Courier Weekly Digest, "
    "Via.\n\nOther items this week: a {tag} bakery fair, a chess final and a choir tour "
    "of the northern valleys.\n"
)


@pytest.mark.parametrize("kind", ["memory", "store"])
def test_a_reworded_original_ranked_third_by_names_is_found(tmp_path: Path, kind: str) -> None:
    texts = {
        "roundup1.txt": ROUNDUP.format(tag="Monday"),
        "roundup2.txt": ROUNDUP.format(tag="Friday"),
        "original.txt": REWORDED_ORIGINAL,
        "copy.txt": REWORDED_COPY,
    }
    corpus: MemoryCorpus | StoreCorpus
    if kind == "memory":
        corpus = MemoryCorpus()
        for key, text in texts.items():
            corpus.add(key, key, text)
    else:
        db = open_store(tmp_path / "s.sqlite3").db
        for doc_id, (key, text) in enumerate(texts.items(), 1):
            db.execute(
                "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
                " packed_text)"
                " VALUES (?, ?, '', ?, 0, 0, ?)",
                (doc_id, key, key, text),
            )
            index_document(db, doc_id, text)
        corpus = StoreCorpus(db)
    assert not corpus.related_by_sample(text_sample(REWORDED_COPY), "copy.txt")
    by_names = _names_ranked(texts, "copy.txt")
    assert by_names.index("original.txt") >= MAX_WORD_RELATED  # ranked out by names alone
    found = [doc.key for doc in corpus.related_by_words(REWORDED_COPY, "copy.txt")]
    assert "original.txt" in found
    result = analyse(REWORDED_COPY, corpus, key="copy.txt")
    assert result.relation.other == "original.txt"
    assert _at(result.segments, REWORDED_COPY, "Building starts").kind == "reporting"


def _names_ranked(texts: dict[str, str], key: str) -> list[str]:
    mine = name_sample(texts[key])
    shared = {k: len(mine & name_sample(t)) for k, t in texts.items() if k != key}
    return sorted(shared, key=lambda k: (-shared[k], k))


def test_a_later_reworded_copys_merged_sentence_and_headline_stay_reporting() -> None:
    original = "Published 3 March 2026\n\n" + REWORDED_ORIGINAL
    copy = "5 March 2026\n\n" + REWORDED_COPY.replace(
        "Via Nordfjell", "Another grand project, another promise of trams by 2029. Readers in "
        "Brennmoor will remember the last one.\n\nVia Nordfjell"
    )
    corpus = MemoryCorpus()
    corpus.add("o.txt", "Tram extension", original)
    corpus.add("c.txt", "Trams copy", copy)
    result = analyse(copy, corpus, key="c.txt")
    assert result.relation.role == "copy"
    merged = _at(result.segments, copy, "A cheaper bus connection")
    assert merged.kind == "reporting" and merged.reason.startswith("reworded from the original")
    assert _at(result.segments, copy, "Brennmoor trams will").kind == "reporting"
    assert _at(result.segments, copy, "Another grand project").kind == "commentary"


def test_a_sentence_split_off_a_reworded_one_stays_reporting() -> None:
    original = (
        "Published 11 February 2025\n\n"
        "Pesticide study finds bumblebee colonies halved\n\n"
        "Researchers at the University of Westmarch placed 240 bumblebee colonies next to "
        "fields of oilseed rape treated with thiacloprid, a neonicotinoid, and next to "
        "untreated fields across three regions. Colonies near treated fields produced 52% "
        "fewer new queens, the team found.\n"
    )
    copy = (
        "12 February 2025\n\n"
        "Pesticide study finds bumblebee colonies halved\n\n"
        "The University of Westmarch team put 240 colonies beside oilseed rape fields sprayed "
        "with the neonicotinoid thiacloprid. It also put colonies beside unsprayed fields. "
        "Colonies near treated fields produced 52% fewer new queens, the team found.\n"
    )
    corpus = MemoryCorpus()
    corpus.add("o.txt", "Bees", original)
    corpus.add("c.txt", "Bees copy", copy)
    result = analyse(copy, corpus, key="c.txt")
    assert result.relation.role == "copy"
    split = _at(result.segments, copy, "It also put colonies")
    assert split.kind == "reporting"
