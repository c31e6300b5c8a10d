"""The import's read stage, made cheaper, decides exactly as the plain forms it replaced.

Each fast form is checked against the plain one it stands for, on hand-picked edge cases
and on generated text built from the very characters and phrases that matter.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.classify import furniture
from reader.core.classify.patterns import COPYRIGHT_PHRASES, CREDIT_TRIGGERS, SUBSCRIPTION_PHRASES
from reader.core.classify.shingles import _NAME_OR_FIGURE

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
