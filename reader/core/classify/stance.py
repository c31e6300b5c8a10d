"""The republisher's voice: paragraphs that argue with the reader rather than report.

Evidence read from the text alone, with the vocabulary tables' words: first person ("we",
"nous", "wir"), address to the reader ("you", "vous"), rhetorical questions, evaluative and
exhortative words ("shameful", "wake up", "jusqu'à quand") — outside quotation marks, since
a news story quotes people who say "we" and ask questions. A paragraph that also carries a
reporting verb or a source ("said", "according to", "sagte", "según") is reporting's.

Precision first: a wrong "commentary" on reporting is worse than a miss, so a paragraph
needs two kinds of evidence, and a text where most paragraphs read as opinion (a signed
column, a partisan site) is an opinion original, not a copy with asides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.classify.vocabulary import Stance, stance_for

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|„[^“”]*[“”]|‘[^’]{12,}’")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
MIN_SIGNALS = 2
MAX_OPINION_SHARE = 0.34
"""Above this share of opinion-voiced paragraphs the whole text is opinion (a column)."""
_MIN_WORDS = 6


def _has_reporting_verb(text: str, words: Stance) -> bool:
    lowered = text.lower()
    tokens = set(_WORD.findall(lowered.replace("’", "'")))
    return any(
        (verb in lowered) if (" " in verb or not verb.isalpha()) else (verb in tokens)
        for verb in words.reporting
    )


def reads_as_reporting(text: str, words: Stance) -> bool:
    """A paragraph that attributes what it says ('…, the coast guard said'): a wire story's
    own paragraph, not a republisher's aside."""
    return len(text.split()) >= 12 and _has_reporting_verb(text, words)


def own_voice(text: str, words: Stance) -> bool:
    """First or second person outside quotation marks: someone speaking for themselves.
    Too weak to label a paragraph, strong enough to tell a republisher's paragraph from an
    original's when only one of two versions has such paragraphs."""
    bare = _QUOTED.sub(" ", text)
    tokens = _WORD.findall(bare.lower().replace("’", "'"))
    if any(t in words.first_person or t in words.second_person for t in tokens):
        return True
    return words.formal_address is not None and words.formal_address.search(bare) is not None


def opinion_reason(text: str, words: Stance | None = None) -> str | None:
    """'opinion: addresses the reader, first person, no source' when this paragraph argues.

    `words` is the text's language's stance table (found from the paragraph if not given)."""
    if words is None:
        words = stance_for(text)
    if _has_reporting_verb(text, words):
        return None
    bare = _QUOTED.sub(" ", text).lower()
    tokens = _WORD.findall(bare.replace("’", "'"))
    if len(tokens) < _MIN_WORDS:
        return None
    signals: list[str] = []
    if any(t in words.first_person for t in tokens):
        signals.append("first person")
    if any(t in words.second_person for t in tokens) or (
        words.formal_address is not None and words.formal_address.search(bare) is not None
    ):
        signals.append("addresses the reader")
    if "?" in bare:
        signals.append("rhetorical question")
    if any(phrase in bare for phrase in words.evaluative):
        signals.append("evaluative words")
    if "!" in bare:
        signals.append("exclamation")
    if len(signals) < MIN_SIGNALS:
        return None
    return "opinion: " + ", ".join(signals) + ", no source"


def opinion_lines(texts: Sequence[str | None], language_of: str) -> list[str | None]:
    """Per paragraph (None: not a candidate), its opinion reason — or all None when opinion
    is the text's own voice (too many paragraphs argue: a column, not asides).
    `language_of` is the whole text, to pick the stance table."""
    words = stance_for(language_of)
    reasons = [opinion_reason(t, words) if t is not None else None for t in texts]
    candidates = [t for t in texts if t is not None and len(t.split()) >= _MIN_WORDS]
    found = sum(1 for r in reasons if r is not None)
    voiced = sum(1 for t in candidates if own_voice(t, words))
    if not found or max(found, voiced) > MAX_OPINION_SHARE * len(candidates):
        return [None] * len(texts)
    return reasons
