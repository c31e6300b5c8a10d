"""The import's read stage, made cheaper, decides exactly as the plain forms it replaced.

Each fast form is checked against the plain one it stands for, on hand-picked edge cases
and on generated text built from the very characters and phrases that matter.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.classify import furniture, normalize, shingles
from reader.core.classify.normalize import tokenize
from reader.core.classify.patterns import (
    COPYRIGHT_PHRASES,
    CREDIT,
    CREDIT_MARKS,
    CREDIT_TRIGGERS,
    CREDIT_WORDS,
    SUBSCRIPTION_PHRASES,
)
from reader.core.classify.shingles import _NAME_OR_FIGURE
from reader.core.classify.units import split_lines
from reader.core.library.import_workers import (
    Failed,
    Prepared,
    Unchanged,
    read_file,
    resolved_path,
)
from reader.core.text.document import (
    MAX_BYTES,
    DocumentError,
    load_document,
    opened,
    read_bytes,
    read_opened,
)

PLAIN_NAME_OR_FIGURE = re.compile(r"\b[A-ZÀ-Ý][\w'’-]{2,}|\b\d[\d.,]*\d|\b\d\b")
NAME_CASES = [
    "Brussels said 3 of 1,000.50 were O’Brien's; x3 3x ×Ab a×Bcd Émile ÝÖx ٣٤ 2025.",
    "A1 AB ABC 7 77 7. .7 7,, 1-2 Ab-cd É× ×× _Abc 9_Ab Ab'",
    "",
]
LISTS = (
    (furniture._CREDIT_TRIGGER, CREDIT_TRIGGERS),
    (furniture._COPYRIGHT, COPYRIGHT_PHRASES),
    (furniture._SUBSCRIPTION, SUBSCRIPTION_PHRASES),
    (furniture._NEWSLETTER, ("newsletter",)),
    (furniture._CREDIT_MARK, CREDIT_MARKS),
    (furniture._CREDIT_WORD, CREDIT_WORDS),
)


def test_names_and_figures_pattern_finds_what_the_plain_one_finds() -> None:
    for text in NAME_CASES:
        assert _NAME_OR_FIGURE.findall(text) == PLAIN_NAME_OR_FIGURE.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbZÀÝ×Öé09٣'’-.,_ \n", max_size=40))
def test_names_and_figures_pattern_on_generated_text(text: str) -> None:
    assert _NAME_OR_FIGURE.findall(text) == PLAIN_NAME_OR_FIGURE.findall(text)


def _plain_lists(lowered: str) -> int:
    return sum(bit for bit, phrases in LISTS if any(p in lowered for p in phrases))


PHRASE_PIECES = st.sampled_from(
    [p for _, phrases in LISTS for p in phrases]
    + [p[: len(p) // 2] for _, phrases in LISTS for p in phrases]
    + [" ", "x", "news", "letter", "sign", "©", "(c", "/"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PHRASE_PIECES, max_size=8))
def test_one_pass_finds_the_phrase_lists_each_in_test_finds(pieces: list[str]) -> None:
    lowered = "".join(pieces)
    assert furniture._phrase_lists(lowered) == _plain_lists(lowered)


def test_phrase_lists_of_plain_lines() -> None:
    for line in (
        "",
        "the minister said on tuesday that talks would resume",
        "© 2024 reuters. all rights reserved",
        "sign up for our free daily newsletter",
        "unsubscribe nowhere: a photo/video",
    ):
        assert furniture._phrase_lists(line) == _plain_lists(line)


# --- reading a file: one open, its state from the handle, each path resolved as before ------

ARTICLE = "Talks resume in Brussels\n\nThe minister said on Tuesday that talks would resume.\n"


def test_a_run_of_files_resolves_each_path_as_resolve_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text(ARTICLE)
    (real / "target.txt").write_text(ARTICLE)
    (real / "link.txt").symlink_to(real / "target.txt")
    (tmp_path / "via").symlink_to(real)
    monkeypatch.chdir(real)
    folders: dict[str, str] = {}
    for name in (
        "a.txt",
        "./link.txt",
        str(tmp_path / "via" / "a.txt"),
        str(tmp_path / "via" / "link.txt"),
        str(tmp_path / "via" / ".." / "real" / "a.txt"),
        str(tmp_path / "via" / "missing.txt"),
    ):
        expected = str(Path(name).resolve())
        assert resolved_path(Path(name), folders) == expected, name


def _store(db: sqlite3.Connection, path: Path) -> None:
    info = path.stat()
    db.execute(
        "INSERT INTO documents (path, size, mtime) VALUES (?, ?, ?)",
        (str(path.resolve()), info.st_size, info.st_mtime),
    )


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, path, size, mtime)")
    yield connection
    connection.close()


def test_read_file_reads_once_and_skips_what_is_unchanged(
    db: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    read = read_file(db, str(path), False, True)
    assert isinstance(read, Prepared)
    assert (read.path, read.text, read.title) == (str(path), ARTICLE, "Talks resume in Brussels")
    assert (read.size, read.mtime) == (path.stat().st_size, path.stat().st_mtime)
    assert read.content_hash == load_document(path).content_hash
    _store(db, path)
    assert isinstance(read_file(db, str(path), False, True), Unchanged)
    assert isinstance(read_file(db, str(path), True, True), Prepared)  # forced: read again
    path.write_text(ARTICLE + "More.\n")
    assert isinstance(read_file(db, str(path), False, True), Prepared)


def test_an_unreadable_file_is_skipped_if_unchanged_else_explained(
    db: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, changed = tmp_path / "kept.txt", tmp_path / "changed.txt"
    for path in (kept, changed):
        path.write_text(ARTICLE)
        _store(db, path)
    changed.write_text(ARTICLE * 2)
    real_open = os.open

    def refuse(path: str | os.PathLike[str], *args: Any, **kwargs: Any) -> int:
        if Path(path).parent == tmp_path:
            raise PermissionError(13, "Permission denied")  # root may read anything
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert isinstance(read_file(db, str(kept), False, True), Unchanged)
    failed = read_file(db, str(changed), False, True)
    assert isinstance(failed, Failed)
    assert failed.reason == "permission denied: reader may not read this file"


def test_each_unreadable_kind_keeps_its_message(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    cases = {
        tmp_path: "this is a folder, not a file",
        tmp_path / "nope.txt": "the file does not exist (it may have been moved or deleted)",
        huge: "the file is too large (33.6 MB; reader opens up to 34 MB)",
    }
    for path, reason in cases.items():
        with pytest.raises(DocumentError) as caught:
            read_bytes(path)
        assert (caught.value.reason, caught.value.path) == (reason, str(path))


def test_a_file_that_grows_or_shrinks_after_its_size_was_taken_is_read_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    for content in (b"y" * 5000, b"z" * 10):
        with opened(path) as (descriptor, info):
            path.write_bytes(content)
            assert read_opened(descriptor, info, path) == content


def _plain_sample(ids: list[int]) -> set[int]:
    if len(ids) < shingles.K:
        return shingles.sampled_hashes(ids)
    return {
        shingles._stable(*ids[i : i + shingles.K])
        for i in range(len(ids) - shingles.K + 1)
        if (ids[i] ^ ids[i + 1]) & (shingles.SAMPLE - 1) == 0
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 20)), max_size=60))
def test_sampled_shingles_are_those_whose_first_two_ids_agree_in_their_low_bits(
    ids: list[int],
) -> None:
    assert shingles.sampled_hashes(ids) == _plain_sample(ids)


def test_a_text_samples_the_same_shingles_as_the_plain_rule() -> None:
    text = " ".join(f"word{i % 37} Name{i % 11} {i}" for i in range(400))
    ids = shingles.token_ids(tokenize(text))
    assert shingles.text_sample(text) == _plain_sample(ids) and len(_plain_sample(ids)) > 20


def test_the_separators_replaced_before_the_fast_split_are_never_word_characters() -> None:
    assert all(re.match(r"\w", mark) is None for mark in normalize._SEPARATORS)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ9_ '’‘`-.,;\t\n“”—©\xa0éß", max_size=40))
def test_tokens_are_what_the_token_pattern_finds(text: str) -> None:
    assert tokenize(text) == normalize.TOKEN.findall(normalize.normalized(text))


def test_tokens_of_plain_and_punctuated_text() -> None:
    for text in (
        "",
        "It’s the minister's 'plan' — dogs' bones, rock'n'roll and ''quoted'' 2,000.5",
        "“Quoted,” she said © Reuters\xa0— café",
        "A_b c__d 'tis' x'",
    ):
        assert tokenize(text) == normalize.TOKEN.findall(normalize.normalized(text))


CREDIT_PIECES = st.sampled_from(
    [
        "©", "(c) 2024", "AP Photo", "afp images", "Associated Press/", "Reuters/", "/ AFP",
        "EPA-EFE", "/ Getty", "Photo: Getty", "via Getty", "Getty Images", "Getty Images).",
        "Photo:", "IMAGE SOURCE,", "(Photo: Jane Doe)", "for The New York Times",
        "Photograph by", "enlarge", "credit...", "FILE — ", "Pictures: ", "photo-illustration",
        "Illustration by", "[file: x]", "Jane Doe/AFP", "Jane Doe, The Associated Press",
        "Sources: Reuters", "source: ap", "ſources: ap", "İmages:", "ımage", "PHOTO", "GETTY",
        "New York", "York Times", "Jane", "Doe", " ", ", ", ".", ":", "/", "(", ")", "[", "]",
        "said", "the", "\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(CREDIT_PIECES, max_size=7))
def test_a_credit_is_found_where_the_whole_pattern_finds_one(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert furniture.is_credit(text) == (CREDIT.search(text) is not None)


def test_credit_look_alike_letters_do_not_hide_a_credit() -> None:
    for text in (
        "AP İmages",
        "AFP İMAGE",
        "Jane Doe/Getty İmages",
        "ſources: AP",
        "Photo: Jane",
        "for The New Yorⱪ Times",
        "the minister's sources said on Tuesday",
    ):
        assert furniture.is_credit(text) == (CREDIT.search(text) is not None), text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aAbZ9٣ '’‘-.,_—“©\xa0×ÉéΣ\n", max_size=40))
def test_names_and_figures_are_those_the_plain_pattern_finds(text: str) -> None:
    plain = {w.lower().replace("’", "'") for w in PLAIN_NAME_OR_FIGURE.findall(text)}
    assert shingles.names_and_figures(text) == plain - shingles._COMMON_CAPITALISED


def test_separators_are_outside_the_name_pattern_too() -> None:
    assert not set(normalize._SEPARATORS) & set("'’-_")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab  \t\n\xa0\u2003\x1c.", max_size=30))
def test_a_line_size_is_its_word_count(text: str) -> None:
    spaces = text.count(" ")
    assert furniture._size(text) == (spaces + 1 if spaces > 100 else len(text.split()))


def test_no_whitespace_but_the_space_is_printable() -> None:
    spaces = [c for c in map(chr, range(0x3001)) if c.isspace()]  # U+3000 is the last
    assert [c for c in spaces if c.isprintable()] == [" "]


def test_a_kicker_judges_a_next_line_whose_size_was_estimated_by_itself() -> None:
    """The next line's reason is reused only where its size was counted: here 25 words with
    wide gaps (121 by the estimate) open with 'Copyright', which only the counted size
    (a short line, not a paragraph) makes a copyright line."""
    nxt = "     ".join(["Copyright", "plans"] + ["word"] * 23)
    for following, kicker in ((nxt, False), (" ".join(nxt.split()), False), ("Grand plans", True)):
        lines = split_lines("IDEAS\n" + following)
        sizes = [furniture._size(line.text) for line in lines]
        alone = [furniture.line_reason(line.text, n) for line, n in zip(lines, sizes, strict=True)]
        assert furniture._is_kicker(lines, sizes, 0, alone) is kicker, following
    assert sizes[1] <= furniture._COUNTED and furniture._size(nxt) > furniture._COUNTED

