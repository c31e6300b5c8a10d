"""The words republishers and page templates use, one table per language, as data.

`vocab/<lang>.json` lists a language's commentary labels ("Commentaire :", "Anm. d. Red."),
sign-offs ("— Ed."), emphasis notes, attribution and repost lines ("Dieser Artikel erschien
zuerst …"), short furniture lines ("Publicité", "Teilen", "Lee también"), bylines and
date-line openers, and the stance words that tell a republisher's voice from reporting.
Adding a language is adding a table: every rule reads the union of all tables. The tables
are read once, on first use.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from reader.core.classify.normalize import word_runs

_I = re.IGNORECASE


class Vocabulary(NamedTuple):
    """Every table merged, with the patterns built from them."""

    languages: tuple[str, ...]
    line_marker: re.Pattern[str]
    """A paragraph opening with a commentary label: group 1 is the label."""
    inline_marker: re.Pattern[str]
    """A bracketed remark: '[Anm. d. Red.: …]', '(NDLR : …)', '(N. del E.: …)'."""
    intro: re.Pattern[str] | None
    """A republisher's signed opening: 'Jane here.', 'Ici Paul.'."""
    signoff: re.Pattern[str]
    """A paragraph signed by the republisher's editor: '… — Ed.'."""
    emphasis: re.Pattern[str]
    """'(Emphasis added.)' opening or closing a paragraph."""
    attribution: re.Pattern[str]
    """A republisher's attribution or repost line, at the start of a line."""
    furniture: dict[str, str]
    """A whole short line (lower case, end punctuation stripped) -> furniture reason."""
    list_intros: frozenset[str]
    bylines: re.Pattern[str]
    date_lines: re.Pattern[str]
    date_shape: re.Pattern[str]
    """A date in any table's language, or a numeric date or clock time."""
    months: dict[str, int]
    """A month's name in any table (lower case, and its unambiguous 3-letter and longer
    prefixes: 'sept', 'févr') -> its number; a table's `months` list is in calendar order,
    its `month_aliases` name other spellings ('setiembre': 9)."""
    stances: tuple[Stance, ...]
    """Per table, in the order of `languages`."""
    common_words: tuple[frozenset[str], ...]
    """Per table: its commonest words, to tell which language a text is in."""


class Orders(NamedTuple):
    r"""A sentence opening with an order to the reader ('Do not …', 'Remember …'): at the
    paragraph's start (`first`, matched there) or after a sentence's end (`later`, searched).
    Two patterns, because one that allows either (`(?:^|[.!?]\s+)…`) is tried at every
    position of a paragraph and took 2.5 times as long; `later` is tried only at a full stop."""

    first: re.Pattern[str]
    later: re.Pattern[str]

    def found(self, text: str) -> bool:
        return self.first.match(text) is not None or self.later.search(text) is not None


class Stance(NamedTuple):
    """One language's words for a writer's own voice, and for reporting."""

    first_person: frozenset[str]
    second_person: frozenset[str]
    evaluative: tuple[str, ...]
    reporting: tuple[str, ...]
    formal_address: re.Pattern[str] | None
    """Capitalised 'Sie'/'Ihnen' inside a sentence (German's polite 'you'): case decides."""
    reporting_words: frozenset[str]
    """The single words of `reporting` (tested against a paragraph's word set)."""
    reporting_phrases: tuple[str, ...]
    """The rest ('according to', '%'): tested as substrings."""
    imperative: Orders | None
    person: re.Pattern[str] | None
    """Any word of `first_person` or `second_person` between word boundaries (in a lowered
    text, apostrophes straight): where it does not match, neither is among the words."""


def _literal(phrase: str) -> str:
    """A phrase as a pattern: spaces match any run of spaces, apostrophes any apostrophe."""
    out = re.escape(phrase.strip())
    out = out.replace(r"\ ", r"\s+").replace("'", "['’]")
    return out


def _alternation(phrases: list[str]) -> str:
    # Longest first ('ed. note' before 'ed'), then by the phrase: ties taken in set order
    # made the pattern differ with Python's string-hash seed.
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "|".join(_literal(p) for p in ordered)


def _tables() -> list[dict[str, Any]]:
    folder = resources.files("reader.core.classify").joinpath("vocab")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            found.append(json.loads(entry.read_text(encoding="utf-8")))
    return found


@cache
def vocabulary() -> Vocabulary:
    tables = _tables()

    def merged(key: str) -> list[str]:
        return [p for t in tables for p in t.get(key, [])]

    def stance(table: dict[str, Any]) -> Stance:
        words = table.get("stance", {})
        return Stance(
            frozenset(words.get("first_person", [])),
            frozenset(words.get("second_person", [])),
            tuple(p.lower() for p in words.get("evaluative", [])),
            tuple(p.lower() for p in words.get("reporting", [])),
            re.compile(r"(?<![.!?:„“\"]\s)(?<!^)\b(?:" + "|".join(formal) + r")\b")
            if (formal := words.get("formal_address"))
            else None,
            frozenset(p.lower() for p in words.get("reporting", []) if p.isalpha()),
            tuple(p.lower() for p in words.get("reporting", []) if not p.isalpha()),
            Orders(
                re.compile(r"(?:" + _alternation(imperatives) + r")\b", re.IGNORECASE),
                re.compile(r"[.!?]\s+(?:" + _alternation(imperatives) + r")\b", re.IGNORECASE),
            )
            if (imperatives := words.get("imperatives"))
            else None,
            re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, persons))) + r")\b")
            if (persons := {*words.get("first_person", []), *words.get("second_person", [])})
            else None,
        )

    month_names = merged("months") + [a for t in tables for a in t.get("month_aliases", {})]
    labels = _alternation(merged("line_markers"))
    inline = _alternation(merged("inline_markers") + merged("line_markers"))
    furniture: dict[str, str] = {}
    for table in tables:
        for reason, phrases in table.get("furniture", {}).items():
            for phrase in phrases:
                furniture[phrase.lower().rstrip(" :.")] = f"furniture: {reason}"
    attribution = "|".join(
        [rf"(?:{_alternation(merged('attribution'))})(?=\W|$)"] + merged("attribution_patterns")
    )
    return Vocabulary(
        languages=tuple(str(t.get("language", "?")) for t in tables),
        line_marker=re.compile(r"^[\W_]{0,3}(" + labels + r")[*_]{0,2}\s*[:：][*_]{0,2}", _I),
        inline_marker=re.compile(
            r"[\[(]\s*(" + inline + r")\s*[:：.]?\s*[:：][^\])\n]*[\])]"
            r"|\[\s*(ed\.?)\s*[:：.][^\]\n]*\]",
            _I,
        ),
        intro=re.compile("|".join(f"(?:{p})" for p in merged("intro_patterns")))
        if merged("intro_patterns")
        else None,
        signoff=re.compile(
            r"\s[—–-]{1,2}\s?(" + _alternation(merged("signoffs")) + r")\s*[)\]]?\s*$", _I
        ),
        emphasis=re.compile(
            r"^[(\[]\s*(?:" + _alternation(merged("emphasis")) + r")\s*[.!]?\s*[)\]]"
            r"|[(\[]\s*(?:" + _alternation(merged("emphasis")) + r")\s*[.!]?\s*[)\]]\.?$",
            _I,
        ),
        attribution=re.compile(r"^[\W_]{0,3}(?:" + attribution + ")", _I),
        furniture=furniture,
        list_intros=frozenset(p.lower() for p in merged("list_intros")),
        bylines=re.compile(r"^(?:" + _alternation(merged("bylines")) + r")\s+\S", _I),
        date_lines=re.compile(r"^(?:" + _alternation(merged("date_lines")) + r")(?:\s|:|$)", _I),
        date_shape=re.compile(
            r"\b\d{1,2}\.?\s+(?:de\s+)?(?:" + _alternation(month_names) + r")\b"
            r"|\b(?:" + _alternation(month_names) + r")\s+\d{1,2}\b"
            r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
            r"|\b\d{1,2}(?::|h|\.)\d{2}\s*(?:uhr|h|cet|cest|gmt|utc|am|pm|a\.m\.|p\.m\.)?(?:\W|$)",
            _I,
        ),
        months=_month_numbers(tables),
        stances=tuple(stance(t) for t in tables),
        common_words=tuple(frozenset(t.get("common_words", [])) for t in tables),
    )


def _month_numbers(tables: list[dict[str, Any]]) -> dict[str, int]:
    names: dict[str, int] = {}
    for table in tables:
        for number, name in enumerate(table.get("months", [])[:12], 1):
            names[name.lower()] = number
        for name, number in table.get("month_aliases", {}).items():
            names[name.lower()] = int(number)
    prefixes: dict[str, set[int]] = {}
    for name, number in names.items():
        for end in range(3, len(name)):
            prefixes.setdefault(name[:end], set()).add(number)
    found = {p: next(iter(n)) for p, n in prefixes.items() if len(n) == 1}
    found.update(names)
    return found


@lru_cache(maxsize=16)
def stance_for(text: str) -> Stance:
    """The stance words of the table whose common words `text` uses most (its language).
    Cached: one classification asks it of the same text several times (opinion, fisk,
    direction against each relative)."""
    words = vocabulary()
    sample = Counter(word_runs(text[:20_000].lower()))
    scores = [sum(sample[w] for w in common if w in sample) for common in words.common_words]
    best = max(range(len(scores)), key=scores.__getitem__) if scores else 0
    return words.stances[best]


_BARE_ATTRIBUTION_WORDS = 8
"""'Via X' or 'h/t X' is an attribution only as a short line: 'Via Dolorosa is …' is not."""


@cache
def _attribution_openers() -> frozenset[str]:
    """Words an attribution line can open with: the regex runs only after one of them."""
    tables = _tables()
    words: set[str] = set()
    for table in tables:
        for phrase in table.get("attribution", []):
            found = _OPENER.findall(phrase.lower())
            if found:
                words.add(found[0])
        for pattern in table.get("attribution_patterns", []):
            words.update(_OPENER.findall(pattern.lower().split(".")[0]))
    return frozenset(words)


_OPENER = re.compile(r"[^\W\d_]+")


def attribution_line(text: str) -> bool:
    """A republisher's attribution or repost line, in any table's language."""
    first = _OPENER.search(text[:40])
    if first is None or first.group().lower() not in _attribution_openers():
        return False
    match = vocabulary().attribution.match(text)
    if match is None:
        return False
    if len(match.group().strip(" \t*_>")) <= 4:  # bare 'via', 'vía', 'h/t'
        return len(text.split()) <= _BARE_ATTRIBUTION_WORDS and text.rstrip()[-1:] not in "!?"
    return True


def furniture_phrase(text: str) -> str | None:
    """The reason when the whole short line is a table's furniture phrase ('Teilen')."""
    key = text.strip(" \t*_|•·»›>").lower().rstrip(" :.!")
    table = vocabulary().furniture
    found = table.get(key)
    if found is None and ":" in key:  # 'Lee también: Cómo ahorrar agua en casa'
        found = table.get(key.split(":", 1)[0].rstrip())
    words = key.split()
    if found is None and 3 <= len(words) <= _PREFIX_LINE_WORDS:  # 'Subscribe to FarmTruth'
        found = table.get(" ".join(words[:2])) or table.get(" ".join(words[:3]))
    return found


_PREFIX_LINE_WORDS = 5
