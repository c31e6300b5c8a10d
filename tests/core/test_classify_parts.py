"""The classifier's parts: markers, furniture patterns, the corpora and the store index."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.classify import (
    MemoryCorpus,
    Segment,
    StoreCorpus,
    classify,
    commentary_share,
    index_document,
    segments_from_json,
    segments_to_json,
)
from reader.core.classify.furniture import furniture_lines, line_reason
from reader.core.classify.markers import inline_markers, line_marker
from reader.core.classify.normalize import (
    TOKEN,
    ascii_spaced,
    normalized,
    spaced_separators,
    split_words,
    tokenize,
    word_runs,
)
from reader.core.classify.shingles import (
    MAX_WORD_RELATED,
    MIN_NAME_POSTING,
    SAMPLE,
    _stable,
    name_sample,
    sampled_hashes,
    text_sample,
    token_ids,
)
from reader.core.classify.units import split_lines
from reader.core.classify.vocabulary import vocabulary
from reader.core.store.database import open_store
from tests.conftest import ORIGINAL, REPUBLISHED


@pytest.mark.parametrize(
    "line",
    [
        "Comment: x",
        "COMMENT: x",
        "Editor's note: x",
        "Editor’s Note: x",
        "Our take: x",
        "OUR TAKE: x",
        "Ed. note: x",
        "**Comment:** x",
    ],
)
def test_line_markers(line: str) -> None:
    assert line_marker(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Note: skulls damaged in storage.",
        "Comments (12)",
        "Comment Policy: be civil",
        "Commentators said the vote was close.",
        "Editorial boards disagreed.",
    ],
)
def test_not_markers(line: str) -> None:
    assert line_marker(line) is None


def test_inline_markers_only_take_the_bracketed_span() -> None:
    text = "He said [Comment: really?] and [T]he [attack] came [Ed.: in 2014]."
    spans = [text[s:e] for s, e, _ in inline_markers(text)]
    assert spans == ["[Comment: really?]", "[Ed.: in 2014]"]
    segments = classify(text)
    assert [(text[s.start : s.end], s.kind) for s in segments if s.kind == "commentary"] == [
        ("[Comment: really?]", "commentary"),
        ("[Ed.: in 2014]", "commentary"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "© AP Photo/Olivier Matthys",
        "Associated Press/Olivier Matthys",
        "Photo: Jane Roe/Getty Images",
        "(Image: Aurich Lawson / Getty Images)",
        "Reuters/Yves Herman",
        "Tags: NATO, Russia",
        "Filed under: Europe",
        "5 min read",
        "Updated Jan. 7, 2022 8:02 pm ET",
        "Source: Reuters",
        "Explore further",
        "This article originally appeared in The Conversation.",
        "Provided by MIT",
        "More information: J. Doe et al, Nature (2022). DOI: 10.1038/x",
        "Journal information: Nature",
        "Share on Facebook",
        "Facebook Twitter Email Print",
        "Citation: Foxes (2022, January 14) retrieved 16 January 2022 from https://phys.org/x",
        "Copyright 2022 The Associated Press. All rights reserved.",
        "143 comments",
        "Please subscribe or login first for digital access. Here’s why.",
        "Use the form below to reset your password.",
        "Read more: Why it matters",
        "Dan Goodin - Apr 16, 2015 8:02 pm UTC",
        "Getty Images",
        "Enlarge / The router's web interface. Aurich Lawson",
        "Credit...Tony Cenicola/NYT",
        "The new telescope mirror. Credit: NASA",
        "Supported by",
        "___",
        "Follow AP’s coverage of the war at https://apnews.com/hub/russia-ukraine",
        "Follow The New York Times Opinion section on Facebook and Twitter.",
        "reader comments 143 with 56 posters participating",
        "Further Reading",
        "FILE - Jens Stoltenberg speaks in Brussels. (AP Photo/Olivier Matthys, File)",
        "Register now for FREE unlimited access to Reuters.com",
        "This article appears in the March 2022 print edition with the headline “Suburbs.”",
        "Photo-illustration by The Atlantic. Source: Getty.",
        "Listen to this article",
        "This article is more than 2 years old",
        "4 mins",
        "Save articles to read later and create your own reading list.",
        "Comment *",
        "Email *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Share This Page",
        "Print this post",
        "Like Loading...",
        "Login or register to post comments",
        "A version of this op-ed appears in print on May 2, 2019, on Page A27.",
        "Acquire Licensing Rights, opens new tab",
        "About the Author",
        "About the author: Guest posts are chosen by our editors. Views are the author’s own.",
        "Explore More Topics",
        "CBS Evening News",
        "ABC News, Washington",
        "Follow Channel Four News:",
        "Forgot your password? Enter your email and we will send you a reset link.",
        "By submitting your email, you agree to our Terms and Privacy Notice.",
        "A farmer walks his field near Kano, Nigeria [File: Jane Roe/Reuters]",
        "Jenna Moll, Associated Press",
        "More information: " + "J. Doe, A. Roe and others, A very long title of a paper " * 8,
    ],
)
def test_furniture_lines(line: str) -> None:
    assert line_reason(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Additional reporting by Antonio de la Jara; Editing by Susan Thomas",
        "AP writers Samuel Petrequin and Sylvie Corbet in Paris contributed to this report.",
        "The vote is set for Jan. 13, 2017.",
        "Netflix said on Tuesday that it now has 200 million subscribers worldwide.",
        "“Note: this is not a drill,” the message read.",
        "Ukraine says Russia shelled Kharkiv",
        "Officials declined to comment on the photo, which was shared widely on Monday.",
        "The company said the image had been altered, and its spokesperson did not comment.",
        "Related charges were filed against two others on Monday.",
        "Topics discussed included the budget.",
        "Published reports say the deal is close",
        "He is a former editor of the paper.",
        "Why it matters",
        "What comes next",
        "Name the date, the minister said.",
        "The minutes of the meeting were published on Friday.",
        "BBC News faces deep cuts to its local radio stations",
        "The article is more than a warning, the author said.",
        "Listeners told the station they wanted more news.",
        "He said he would comment later.",
    ],
)
def test_reporting_lines_are_not_furniture(line: str) -> None:
    assert line_reason(line) is None


def test_headline_and_credit_lines_of_an_original_stay_reporting() -> None:
    text = (
        "Ukraine Talks Stall\n\nBy JANE DOE JAN. 13, 2017\n\n"
        "The talks stalled on Friday after negotiators failed to agree on a ceasefire line, "
        "officials from both sides said.\n\n"
        "Additional reporting by John Roe; Editing by Sam Poe\n"
    )
    kinds = {text[s.start : s.end].split("\n")[0]: s.kind for s in classify(text)}
    assert kinds["Ukraine Talks Stall"] == "reporting"
    assert kinds["By JANE DOE JAN. 13, 2017"] == "furniture"
    assert (
        kinds[
            "The talks stalled on Friday after negotiators failed to agree on a ceasefire "
            "line, officials from both sides said."
        ]
        == "reporting"
    )


def test_normalisation_ignores_quotes_apostrophes_dashes_and_case() -> None:
    assert tokenize("Putin’s “demands” — NATO") == tokenize('putin\'s "Demands" - nato')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9_ '’‘`-.,\t\n“”—©\xa0", max_size=60))
def test_a_lines_words_split_from_the_spaced_text_are_what_the_token_pattern_finds(
    text: str,
) -> None:
    """A profile splits each line's words from one spaced copy of the whole text."""
    whole = normalized(text)
    plain = spaced_separators(whole)
    assert len(whole) == len(text) and plain.isascii()  # so a profile splits them
    spaced = ascii_spaced(plain)
    for line in split_lines(text):
        found = split_words(spaced, line.start, line.end)
        assert found == TOKEN.findall(whole, line.start, line.end)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9_ '’‘ʼ`´-.,\t\n“”—©\xa0é", max_size=60))
def test_word_runs_are_what_the_word_pattern_finds(text: str) -> None:
    assert word_runs(text) == re.findall(r"\w+", text)


def test_sampled_hashes_are_stable_ints() -> None:
    text = ORIGINAL.read_text(encoding="utf-8")
    first = text_sample(text)
    assert first == text_sample(text) and first
    assert all(isinstance(h, int) and 0 <= h < 2**63 for h in first)
    tokens = len(tokenize(text))
    assert tokens / 16 < len(first) < tokens / 4  # about one shingle in eight
    # Stable across processes (the store keeps them): another hash seed gives the same set.
    code = (
        "import sys; from reader.core.classify.shingles import text_sample; "
        "print(sorted(text_sample(sys.stdin.read())))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        timeout=60,
        encoding="utf-8",
    )
    assert other.stdout.strip() == str(sorted(first))


def test_sampled_hashes_are_the_stable_mix_of_each_picked_shingle() -> None:
    """The stored index holds these values: a faster way to compute them must not change one."""
    ids = token_ids(tokenize(ORIGINAL.read_text(encoding="utf-8")))
    picked = [i for i in range(len(ids) - 4) if (ids[i] ^ ids[i + 1]) % SAMPLE == 0]
    assert sampled_hashes(ids) == {_stable(*_five(ids[i : i + 5])) for i in picked}
    assert sampled_hashes(ids[:3]) == {_stable(*_five([*ids[:3], 0, 0]))}


def _five(ids: list[int]) -> tuple[int, int, int, int, int]:
    a, b, c, d, e = ids
    return a, b, c, d, e


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Remember the floods of 2019.", True),
        ("The plan failed. Remember that.", True),
        ("Why?!  DON'T believe them.", True),
        ("It rained.\n  Imagine the mess.", True),
        ("They remember the floods.", False),
        ("The council met.Remember", False),  # an order opens a sentence after a space
        ("Expectations were low. Expectedly.", False),  # a whole word only
    ],
)
def test_an_order_to_the_reader_opens_the_paragraph_or_a_sentence(text: str, found: bool) -> None:
    tables = vocabulary()
    english = tables.stances[tables.languages.index("English")]
    assert english.imperative is not None
    assert english.imperative.found(text) is found


def test_memory_corpus_finds_the_related_document_only() -> None:
    corpus = MemoryCorpus()
    corpus.add("orig", "Original", ORIGINAL.read_text(encoding="utf-8"))
    corpus.add("other", "Other", Path(__file__).read_text(encoding="utf-8"))
    copy = REPUBLISHED.read_text(encoding="utf-8")
    assert [d.key for d in corpus.related(copy)] == ["orig"]
    assert corpus.related(copy, exclude_key="orig") == []


def test_store_corpus_uses_the_shingles_table(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    db = store.db
    original = ORIGINAL.read_text(encoding="utf-8")
    copy = REPUBLISHED.read_text(encoding="utf-8")
    for doc_id, (path, text) in enumerate([(str(ORIGINAL), original), (str(REPUBLISHED), copy)], 1):
        db.execute(
            "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
            " packed_text) "
            "VALUES (?, ?, '', ?, 0, 0, ?)",
            (doc_id, path, f"title {doc_id}", text),
        )
        index_document(db, doc_id, text)
    index_document(db, 1, original)  # re-indexing replaces, never duplicates
    count = db.execute("SELECT count(*) FROM shingles WHERE doc_id = 1").fetchone()[0]
    assert count == len(text_sample(original)) + len(name_sample(original))
    corpus = StoreCorpus(db)
    related = corpus.related(copy, exclude_key=str(REPUBLISHED))
    assert [d.key for d in related] == [str(ORIGINAL)]
    segments = classify(copy, corpus, key=str(REPUBLISHED))
    assert any(s.source == str(ORIGINAL) for s in segments)
    assert 0.2 < commentary_share(copy, segments) < 0.4
    db.close()


def test_store_corpus_finds_a_reworded_copy_by_its_names_and_figures(tmp_path: Path) -> None:
    """A rewrite shares no word shingles with its original; the index's name rows find it."""
    db = open_store(tmp_path / "s.sqlite3").db
    original = (
        "Harbor City council approves 40 miles of bike lanes\n\nThe Harbor City Council voted "
        "7-4 on Tuesday to build 40 miles of protected lanes, Councilmember Priya Lindqvist "
        "said. The $62 million plan replaces 1,900 parking spaces on Dock Street and Fulton "
        "Avenue. Mayor Dana Whitfield will sign it, and Tomas Reyes, a shop owner, objected.\n"
    )
    rewrite = (
        "Councillors in Harbor City backed 40 miles of cycle lanes by 7-4 on Tuesday, Priya "
        "Lindqvist told reporters. Costing $62 million, the scheme removes 1,900 spaces along "
        "Fulton Avenue and Dock Street; Dana Whitfield is due to sign, Tomas Reyes complained.\n"
    )
    other = "Orchestra opens its season\n\nThe Westmarch Philharmonic played Mahler on Friday.\n"
    for doc_id, (path, text) in enumerate([("o", original), ("r", rewrite), ("x", other)], 1):
        db.execute(
            "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
            " packed_text) "
            "VALUES (?, ?, '', ?, 0, 0, ?)",
            (doc_id, path, path, text),
        )
        index_document(db, doc_id, text)
    corpus = StoreCorpus(db)
    assert corpus.related_by_sample(text_sample(rewrite), "r") == []
    assert [d.key for d in corpus.related_by_words(rewrite, "r")] == ["o"]
    assert [d.key for d in corpus.related(rewrite, "r")] == ["o"]
    db.close()


_NAMES = [
    "Aldous",
    "Brenna",
    "Cosimo",
    "Delphine",
    "Eustace",
    "Florian",
    "Gwendolyn",
    "Horatio",
    "Isolde",
    "Jasper",
]


def _names_text(names: list[str], tag: str) -> str:
    return " and ".join(names) + f" met on the quay number {tag}.\n"


def _store_corpus(tmp_path: Path, texts: dict[str, str]) -> StoreCorpus:
    tmp_path.mkdir(exist_ok=True)
    db = open_store(tmp_path / "s.sqlite3").db
    for doc_id, (key, text) in enumerate(texts.items(), 1):
        db.execute(
            "INSERT INTO documents(id, path, content_hash, title, word_count, added_at,"
            " packed_text) "
            "VALUES (?, ?, '', ?, 0, 0, ?)",
            (doc_id, key, key, text),
        )
        index_document(db, doc_id, text)
    return StoreCorpus(db)


@pytest.mark.parametrize("kind", ["memory", "store"])
def test_name_candidates_are_the_few_sharing_most_names(tmp_path: Path, kind: str) -> None:
    """Each name-found candidate costs an alignment: only the best MAX_WORD_RELATED are kept,
    most shared names first."""
    texts = {f"d{n}": _names_text(_NAMES[:n], f"9{n}1") for n in (5, 6, 7, 8, 9)}
    query = _names_text(_NAMES, "4242")
    if kind == "memory":
        corpus: MemoryCorpus | StoreCorpus = MemoryCorpus()
        for key, text in texts.items():
            assert isinstance(corpus, MemoryCorpus)
            corpus.add(key, key, text)
    else:
        corpus = _store_corpus(tmp_path, texts)
    found = [d.key for d in corpus.related_by_words(query, "q")]
    assert found == ["d9", "d8"][:MAX_WORD_RELATED]


@pytest.mark.parametrize("kind", ["memory", "store"])
def test_names_common_in_the_library_find_no_candidates(tmp_path: Path, kind: str) -> None:
    """Names in more than MIN_NAME_POSTING documents of a small library tell none apart (in
    the generator corpus they made every document align with 8 unrelated others)."""
    many = {f"d{i}": _names_text(_NAMES[:6], str(1000 + i)) for i in range(MIN_NAME_POSTING)}
    query = _names_text(_NAMES[:6], "77")
    for count, expect in ((MIN_NAME_POSTING, True), (MIN_NAME_POSTING + 1, False)):
        texts = dict(list(many.items()) + [("extra", _names_text(_NAMES[:6], "55"))])
        texts = dict(list(texts.items())[:count])
        if kind == "memory":
            corpus: MemoryCorpus | StoreCorpus = MemoryCorpus()
            for key, text in texts.items():
                assert isinstance(corpus, MemoryCorpus)
                corpus.add(key, key, text)
        else:
            corpus = _store_corpus(tmp_path / str(count), texts)
        assert bool(corpus.related_by_words(query, "q")) is expect


def test_json_round_trip_and_bad_json() -> None:
    segments = [Segment(0, 5, "reporting", "r", "a.txt", "A", 3), Segment(6, 9, "furniture", "f")]
    assert segments_from_json(segments_to_json(segments)) == segments
    for bad in ["nope", "{}", '[{"kind": "opinion", "start": 0, "end": 1}]']:
        with pytest.raises(ValueError):
            segments_from_json(bad)


def test_empty_and_whitespace_texts() -> None:
    assert classify("") == []
    assert classify(" \n\n\t ") == []
    assert commentary_share("", []) == 0.0


def test_words_inserted_into_an_original_sentence_are_carved_out() -> None:
    original = (
        "BRUSSELS — NATO Secretary General Jens Stoltenberg on Friday ruled out any halt to the "
        "continued expansion of the military organization to address Russian security concerns, "
        "rejecting a key part of President Vladimir Putin’s demands.\n\nThe meeting, set for "
        "Wednesday in Brussels, will give NATO ambassadors the chance to discuss the proposals.\n"
    )
    inserted = "an organization that has bombed three countries without any mandate from anyone"
    edited = original.replace("BRUSSELS — ", "").replace(
        "military organization", f"military organization, {inserted},"
    )
    # Nothing says which version came first: no words of either are commentary.
    corpus = MemoryCorpus()
    corpus.add("o.txt", "O", original)
    corpus.add("c.txt", "C", edited)
    assert all(s.kind == "reporting" for s in classify(edited, corpus, key="c.txt"))
    # A repost line says which is the copy: its inserted words are carved out.
    copy = edited + "\nReposted from The Brussels Wire\n"
    corpus.add("c.txt", "C", copy)
    segments = classify(copy, corpus, key="c.txt")
    commentary = [copy[s.start : s.end] for s in segments if s.kind == "commentary"]
    assert commentary == [inserted]
    assert all(s.kind == "reporting" for s in classify(original, corpus, key="o.txt"))


def test_footer_navigation_after_the_last_paragraph() -> None:
    body = "The talks stalled on Friday after negotiators failed to agree, officials said. " * 3
    text = f"Talks stall in Geneva\n\n{body}\n\nAbout Us\nContact\nReprints\nCareers\n"
    segments = classify(text)
    assert [s.kind for s in segments] == ["reporting", "furniture"]
    assert text[segments[1].start :].strip().startswith("About Us")


def test_a_trimmed_copy_without_remarks_makes_nobody_commentary() -> None:
    full = ORIGINAL.read_text(encoding="utf-8")
    trimmed = full[: full.index("The NATO-Russia Council was set up")]
    corpus = MemoryCorpus()
    corpus.add("full", "Full", full)
    corpus.add("trim", "Trimmed", trimmed)
    for key, text in (("full", full), ("trim", trimmed)):
        assert commentary_share(text, classify(text, corpus, key=key)) == 0.0


def test_unmarked_remarks_between_original_paragraphs_are_found() -> None:
    full = ORIGINAL.read_text(encoding="utf-8").replace("’", "'")
    remark = "Once again the alliance pretends that its own expansion threatens nobody at all."
    copy = full.replace(
        "\n\nStoltenberg said a Russian", f"\n\n{remark}\n\nStoltenberg said a Russian"
    )
    corpus = MemoryCorpus()
    corpus.add("orig", "Original", ORIGINAL.read_text(encoding="utf-8"))
    corpus.add("copy", "Copy", copy)
    segments = classify(copy, corpus, key="copy")
    assert [copy[s.start : s.end] for s in segments if s.kind == "commentary"] == [remark]
    assert commentary_share(full, classify(full, corpus, key="orig")) == 0.0


def test_keywords_and_caption_opening_a_copy_without_a_credit() -> None:
    copy = REPUBLISHED.read_text(encoding="utf-8").replace("© AP Photo/Olivier Matthys\n", "")
    segments = classify(copy)
    assert [s.kind for s in segments[:3]] == ["furniture", "furniture", "reporting"]
    assert copy[segments[1].start : segments[1].end].endswith("Friday, Jan. 7, 2022.")
    assert copy[segments[2].start :].startswith("NATO Secretary General Jens Stoltenberg on Friday")


def _reasons(text: str) -> dict[str, str | None]:
    lines = split_lines(text)
    return {line.text: reason for line, reason in zip(lines, furniture_lines(lines), strict=True)}


_BODY = (
    "The council said on Tuesday that the number of complaints had risen sharply over the "
    "past year, and that it would publish a full review of its repair backlog in the spring.\n\n"
    "Tenants' groups said the figures understated the problem, because many residents never "
    "report damp at all and those who do are often told to open their windows more often.\n\n"
)


def test_header_chrome_is_furniture() -> None:
    text = (
        "World news\nAustralia\nQueensland court rules coal mine approval unlawful\n"
        "Jess Harding\nFri 24 Nov 2023 04.12 GMT\n\n" + _BODY
    )
    reasons = _reasons(text)
    assert reasons["World news"] and reasons["Australia"] and reasons["Jess Harding"]
    assert reasons["Queensland court rules coal mine approval unlawful"] is None


def test_header_byline_after_standfirst_and_desk_line() -> None:
    text = (
        "Ferries break down again\n"
        "Hundreds of passengers have had journeys cancelled over the Easter holidays after two "
        "more ferries on the west coast developed faults.\n\n"
        "By Fiona Macleod\nScotland Desk, Glasgow\nPublished 14 April 2023\n\n" + _BODY
    )
    reasons = _reasons(text)
    assert reasons["By Fiona Macleod"] and reasons["Scotland Desk, Glasgow"]
    assert reasons["Ferries break down again"] is None


def test_top_keywords_over_a_credit_and_badges_under_a_box() -> None:
    text = (
        "Kenya tea harvest\n© Reuters/Jane Roe\nA worker plucks tea leaves\n\n"
        "Editors' notes\nfact-checked\ntrusted source\n\n" + _BODY
    )
    reasons = _reasons(text)
    assert reasons["Kenya tea harvest"] and reasons["fact-checked"] and reasons["trusted source"]


def test_footer_chrome_is_furniture_but_own_credits_stay() -> None:
    text = _BODY + (
        "AP writer John Roe contributed to this report.\n\n"
        "Share this:\nFacebook\nX\n\n"
        "Newsletters\nGet the best of our coverage every weekday morning\nEmail\nSubscribe\n\n"
        "Dan Kessler\nDan is a senior IT reporter at the paper, covering security.\n"
    )
    reasons = _reasons(text)
    assert reasons["X"] and reasons["Get the best of our coverage every weekday morning"]
    assert reasons["Dan Kessler"]
    assert reasons["AP writer John Roe contributed to this report."] is None


def test_short_headlines_subheads_and_closing_author_line_stay_reporting() -> None:
    text = (
        "Trump Fires Comey\nThe president dismissed his FBI director in a surprise move\n\n"
        + _BODY
        + "Why it matters\n\n- rent arrears\n- damp and mould\n\n"
        + _BODY
        + "By the numbers\n\nSmith was a correspondent for the paper until 2010.\n\n"
        + _BODY
        + "By Jane Doe\n"
    )
    reasons = _reasons(text)
    for line in ("Trump Fires Comey", "Why it matters", "- rent arrears", "By the numbers"):
        assert reasons[line] is None, line
    for line in ("Smith was a correspondent for the paper until 2010.", "By Jane Doe"):
        assert reasons[line] is None, line
    assert reasons["The president dismissed his FBI director in a surprise move"] is None


def test_header_zone_byline_needs_a_name() -> None:
    long_line = _BODY.split("\n\n")[0]
    text = f"Rents rise\n\n{long_line}\n\nBy the numbers\n\nBy Ann Lee\n\nRents rose.\n\n{_BODY}"
    reasons = _reasons(text)
    assert reasons["By the numbers"] is None and reasons["By Ann Lee"] is not None
