"""The per-process cache of text profiles: a copy for every caller, never a shared object
that one classification's changes (repeated lines marked, a site set) would leak into."""

from __future__ import annotations

from reader.core.classify import provenance
from reader.core.classify.provenance import _build_profile, build_profile
from tests.conftest import ORIGINAL


def _fields(profile: provenance.Profile) -> tuple[object, ...]:
    return (profile.lines, profile.furniture, profile.markers, profile.inline,
            profile.match_texts, profile.line_tokens, profile.tokens, profile.ids,
            profile.dense, profile.site, profile.published)


def test_a_cached_profile_is_the_fresh_one_and_each_caller_gets_its_own() -> None:
    text = ORIGINAL.read_text(encoding="utf-8")
    first = build_profile(text)
    assert _fields(first) == _fields(_build_profile(text, None))
    first.furniture[3] = "furniture: repeated on 40 pages"  # what the classifier does
    first.site = "example.org"
    first.inline[0].append((0, 1, "furniture", "x"))
    second = build_profile(text)
    assert second is not first
    assert _fields(second) == _fields(_build_profile(text, None))
    assert second.tokens is first.tokens  # the unchanged parts are shared, not rebuilt


def test_the_cache_keeps_at_most_what_it_is_told() -> None:
    provenance.keep_profiles(2)
    try:
        for n in range(5):
            build_profile(f"Headline {n}\n\nA paragraph of text number {n}, said officials.")
        assert len(provenance._profiles) == 2
    finally:
        provenance.keep_profiles(provenance.PROFILE_CACHE)
