"""The republisher's voice: paragraphs that argue with the reader rather than report.

Evidence read from the text alone, with the vocabulary tables' words: first person ("we",
"nous", "wir"), address to the reader ("you", "vous"), rhetorical questions, evaluative and
exhortative words ("shameful", "wake up", "jusqu'à quand") — outside quotation marks, since
a news story quotes people who say "we" and ask questions. A paragraph that also carries a
reporting verb or a source ("said", "according to", "sagte", "según") is reporting's.

Precision first: a wrong "commentary" on reporting is worse than a miss, so a paragraph
needs two kinds of evidence, and a text where most paragraphs read as opinion (a signed
column, a partisan site) is an opinion original, not a copy with asides. An original's own
opinionated words are reporting, so a paragraph is the republisher's only where additions
are made: framing the story (before its first reporting paragraph or after its last),
between quoted excerpts (a fisk), or short and loaded (it addresses the reader and judges:
three kinds of evidence). Elsewhere between reporting paragraphs it is the article's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from reader.core.classify.markers import is_attributed_quote, looks_quoted
from reader.core.classify.vocabulary import Stance, stance_for

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|„[^“”]*[“”]|‘[^’]{12,}’")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
MIN_SIGNALS = 2
MAX_OPINION_SHARE = 0.34
"""Above this share of opinion-voiced paragraphs the whole text is opinion (a column)."""
_MIN_WORDS = 6
_ENDS = 60
_ASIDE_WORDS = 60
"""A paragraph inside the story counts as an aside only up to this length: a republisher's
interjection is short, an original's opinionated paragraph is not."""
_ASIDE_SIGNALS = 3
_FRAME = 2
"""A republisher frames a story in a paragraph or two: a longer run of paragraphs before the
first reporting paragraph (or after the last) is the article's own text."""


def _has_reporting_verb(lowered: str, tokens: frozenset[str], words: Stance) -> bool:
    return not words.reporting_words.isdisjoint(tokens) or any(
        map(lowered.__contains__, words.reporting_phrases)  # in C: no Python per phrase
    )


def _folded(text: str) -> str:
    return text.lower().replace("’", "'")


@lru_cache(maxsize=256)
def _lowered(text: str) -> tuple[str, frozenset[str]]:
    """A paragraph lowered, and its words: asked several times per paragraph (reporting
    verb, voice), so cached."""
    lowered = _folded(text)
    return lowered, frozenset(_WORD.findall(lowered))


def reads_as_reporting(text: str, words: Stance) -> bool:
    """A paragraph that attributes what it says ('…, the coast guard said'): a wire story's
    own paragraph, not a republisher's aside."""
    return len(text.split()) >= 12 and _has_reporting_verb(*_lowered(text), words)


def _persons(text: str, lowered: str, words: Stance) -> tuple[bool, bool]:
    """Whether a first-person word, and a second-person one, are among the paragraph's words
    (`lowered` is its `_folded` form). A word is a whole run of letters (one apostrophe
    inside): where no such word stands between word boundaries, none is among its words,
    known without splitting the paragraph into them (half the time)."""
    if words.person is None or words.person.search(lowered) is None:
        return False, False
    tokens = _lowered(text)[1]
    return not words.first_person.isdisjoint(tokens), not words.second_person.isdisjoint(tokens)


def _signals(text: str, words: Stance) -> list[str]:
    """The kinds of the writer's own voice in this paragraph, outside quotation marks."""
    formal = words.formal_address
    if (
        "?" not in text
        and "!" not in text
        and not any(map((lowered := _folded(text)).__contains__, words.evaluative))
        and (words.imperative is None or not words.imperative.found(text))
        and (formal is None or formal.search(text) is None)
        and not any(_persons(text, lowered, words))
    ):
        return []  # the common case, decided without stripping quotations
    bare = _QUOTED.sub(" ", text)
    bare_lowered = _folded(bare)
    first, second = _persons(bare, bare_lowered, words)
    signals: list[str] = []
    if first:
        signals.append("first person")
    if second or (formal is not None and formal.search(bare) is not None):
        signals.append("addresses the reader")
    if "?" in bare:
        signals.append("rhetorical question")
    if any(map(bare_lowered.__contains__, words.evaluative)):
        signals.append("evaluative words")
    if "!" in bare:
        signals.append("exclamation")
    if words.imperative is not None and words.imperative.found(bare.strip()):
        signals.append("tells the reader what to do")
    return signals


def own_voice(text: str, words: Stance) -> bool:
    """First or second person outside quotation marks: someone speaking for themselves.
    Too weak to label a paragraph, strong enough to tell a republisher's paragraph from an
    original's when only one of two versions has such paragraphs."""
    found = _signals(text, words)
    return "first person" in found or "addresses the reader" in found


def opinion_reason(text: str, words: Stance | None = None) -> str | None:
    """'opinion: addresses the reader, first person, no source' when this paragraph argues.

    `words` is the text's language's stance table (found from the paragraph if not given)."""
    if words is None:
        words = stance_for(text)
    if len(text.split()) < _MIN_WORDS:
        return None
    signals = _signals(text, words)
    if len(signals) < MIN_SIGNALS or _has_reporting_verb(*_lowered(text), words):
        return None
    return "opinion: " + ", ".join(signals) + ", no source"


def _excerpt(text: str | None) -> bool:
    """A paragraph quoted whole that no one is said to have said: a passage of an article."""
    return text is not None and looks_quoted(text.lstrip()) and not is_attributed_quote(text)


def _between_excerpts(texts: Sequence[str | None], i: int) -> bool:
    """Paragraph i sits between two quoted excerpts, as a fisk argues with what it quotes."""
    before = next((t for t in reversed(texts[:i]) if t is not None), None)
    after = next((t for t in texts[i + 1 :] if t is not None), None)
    return _excerpt(before) and _excerpt(after)


def _aside(text: str, signals: Sequence[str]) -> bool:
    """A republisher's interjection inside the story: short, speaking to the reader, judging."""
    return (
        len(text.split()) <= _ASIDE_WORDS
        and len(signals) >= _ASIDE_SIGNALS
        and "addresses the reader" in signals
        and ("evaluative words" in signals or "tells the reader what to do" in signals)
    )


def opinion_lines(texts: Sequence[str | None], language_of: str) -> list[str | None]:
    """Per paragraph (None: not a candidate), its opinion reason — or all None when opinion
    is the text's own voice (too many paragraphs argue: a column, not asides). Only framing
    paragraphs (outside the first and last reporting paragraphs) and short loaded asides
    are taken (see the module's docstring).
    `language_of` is the whole text, to pick the stance table. On a long text only the
    first and last `_ENDS` candidates are read (where a republisher frames a story), so the
    work is bounded whatever the text's length."""
    words = stance_for(language_of)
    none: list[str | None] = [None] * len(texts)
    candidates = [  # _MIN_WORDS words or more: split no further than that
        i
        for i, t in enumerate(texts)
        if t is not None and len(t.split(None, _MIN_WORDS - 1)) >= _MIN_WORDS
    ]
    if len(candidates) > 2 * _ENDS:
        candidates = candidates[:_ENDS] + candidates[-_ENDS:]
    voiced = 0
    arguing: list[tuple[int, str, list[str]]] = []
    for i in candidates:
        text = texts[i]
        assert text is not None
        signals = _signals(text, words)
        voiced += "first person" in signals or "addresses the reader" in signals
        if len(signals) >= MIN_SIGNALS and not _has_reporting_verb(*_lowered(text), words):
            arguing.append((i, text, signals))
    if not arguing:
        return none  # most texts: no paragraph argues, so which ones frame the story is moot
    reporting = [i for i in candidates if reads_as_reporting(texts[i] or "", words)]
    frame: set[int] = set()
    if reporting:
        before = [i for i in candidates if i < reporting[0]]
        after = [i for i in candidates if i > reporting[-1]]
        frame.update(before if len(before) <= _FRAME else ())
        frame.update(after if len(after) <= _FRAME else ())
    reasons = list(none)
    found = 0
    for i, text, signals in arguing:
        if i in frame or _between_excerpts(texts, i) or _aside(text, signals):
            reasons[i] = "opinion: " + ", ".join(signals) + ", no source"
            found += 1
    if not found or max(found, voiced) > MAX_OPINION_SHARE * len(candidates):
        return none
    return reasons


_MIN_EXCERPTS = 2
_FISK_REPORTING = 0.2
"""Above this share of the unquoted paragraphs reading as reporting, the text is a news story
with quotations (or a copy whose comments quote a source), not a fisk."""


def is_excerpt(text: str) -> bool:
    """A paragraph set as a quotation with '> ' (a paragraph in quotation marks is as often a
    news story's own quote: too weak to tell a fisk by)."""
    return text.lstrip().startswith(">")


def fisk_lines(texts: Sequence[str | None], language_of: str) -> list[str | None]:
    """A blog post that quotes an article in excerpts and argues between them: per paragraph
    (None: not a candidate), the reason its unquoted paragraphs are the blogger's, the first
    (its own headline) included; all None when the text is not shaped like that."""
    words = stance_for(language_of)
    order = [i for i, t in enumerate(texts) if t is not None]
    excerpts = [i for i in order if is_excerpt(texts[i] or "")]
    if len(excerpts) < _MIN_EXCERPTS:
        return [None] * len(texts)
    own = [i for i in order if i not in excerpts]
    between = [i for i in own if excerpts[0] < i < excerpts[-1]]
    if len(own) < 2 or not between:
        return [None] * len(texts)
    reporting = sum(1 for i in own if reads_as_reporting(texts[i] or "", words))
    if reporting > _FISK_REPORTING * len(own):
        return [None] * len(texts)
    reasons: list[str | None] = [None] * len(texts)
    for i in own:
        reasons[i] = (
            "fisk: the post's own headline over quoted excerpts"
            if i == order[0]
            else "fisk: the blogger's words between quoted excerpts"
        )
    return reasons
