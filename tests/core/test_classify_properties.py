"""Properties of `classify` that must hold for any text at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.classify import MemoryCorpus, classify, segments_from_json, segments_to_json

KINDS = {"reporting", "commentary", "furniture"}
_PIECES = st.sampled_from(
    [
        "Comment: ",
        "Editor's note: ",
        "[Ed.: x]",
        "[Read: y]",
        "© AP Photo/X",
        "Advertisement",
        "Tags: a, b",
        "NATO Russia",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "“",
        "’",
        ".",
        ":",
        "—",
        "BRUSSELS — ",
        "The minister said on Friday that talks would continue. ",
        "\u2028",
        "\x0b",
        "\u00a0",
        "İ",
        "ß",
        "[",
        "]",
        "(",
        ")",
        "Photo: ",
        "By JANE DOE JAN. 13, 2017",
    ]
)
TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)


def _check(text: str, segments: list) -> None:  # type: ignore[type-arg]
    last_end = 0
    covered = [False] * len(text)
    for seg in segments:
        assert last_end <= seg.start < seg.end <= len(text)
        assert seg.kind in KINDS
        assert not text[seg.start].isspace() and not text[seg.end - 1].isspace()
        for i in range(seg.start, seg.end):
            covered[i] = True
        last_end = seg.end
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_segments_sorted_disjoint_and_covering(text: str) -> None:
    segments = classify(text)
    _check(text, segments)
    assert segments_from_json(segments_to_json(segments)) == segments


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_with_a_corpus_too(text: str, other: str) -> None:
    corpus = MemoryCorpus()
    corpus.add("other", "Other", other + "\n\n" + text)
    corpus.add("self", "Self", text)
    _check(text, classify(text, corpus, key="self"))


def test_attributed_news_quote_after_a_quoted_comment_is_reporting() -> None:
    """A comment quoting a statement may run on over quoted lines; a later paragraph quoting a
    source with 'said …' is the article again, even though it also opens with a quote mark."""
    text = (
        "Moscow withdrew from the deal last month, saying its terms had not been met.\n\n"
        "Comment: The report leaves out why. As the ministry put it:\n"
        '"Not a single provision concerning Russia has been fulfilled."\n'
        '"The ammonia pipeline remains closed."\n\n'
        '"This is about protecting margins," said one of the sources. "Importers will '
        'not like it."\n'
    )
    segments = classify(text)

    def kind_at(snippet: str) -> str:
        at = text.index(snippet)
        return next(s.kind for s in segments if s.start <= at < s.end)

    assert kind_at('"The ammonia pipeline') == "commentary"
    assert kind_at('"This is about') == "reporting"
    assert kind_at("Moscow withdrew") == "reporting"
