"""Page furniture: what a site's template or a republisher puts around an article.

Two layers: `line_reason` looks at one line alone (credits, ads, share buttons, tags,
subscription text, boxes of journal references …); `furniture_lines` adds what only the
layout tells (a caption directly under its credit, a keyword line next to a caption, a kicker
above the headline, links listed under 'Read more:', bylines in the page header, bio boxes at
the foot). Patterns are compiled once; long lines skip the patterns that only fit short ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ahocorasick

from reader.core.classify.chrome import chrome_lines, header_end
from reader.core.classify.patterns import (
    ATTRIBUTION,
    BIO,
    BYLINE,
    COPYRIGHT_PHRASES,
    CREDIT_BY_NEED,
    CREDIT_MARKS,
    CREDIT_TRIGGERS,
    CREDIT_WORDS,
    DATE,
    FUNCTION_WORDS,
    INLINE_FURNITURE,
    JOURNAL,
    LABELS,
    LIST_INTRO,
    NEWSLETTER,
    SECTIONS,
    SHARE_CORE,
    SHARE_WORDS,
    SHORT,
    STAFF_LINE,
    SUBSCRIPTION_PHRASES,
)
from reader.core.classify.units import Line, is_dense
from reader.core.classify.vocabulary import attribution_line, furniture_phrase, vocabulary

_TABLE_PHRASE_WORDS = 8
"""A table's furniture phrase ('Artikel teilen') counts only as a whole line this short."""


_CREDIT_TRIGGER, _COPYRIGHT, _SUBSCRIPTION, _NEWSLETTER, _CREDIT_MARK, _CREDIT_WORD = (
    1 << bit for bit in range(6)
)
"""Which phrase lists a line holds a phrase of (`_phrase_lists`), as bits."""


def _phrase_finder() -> ahocorasick.Automaton:
    """One automaton for every phrase list: a line is scanned once, in C, for all of them,
    where a test with `in` per phrase (some 115) was a fifth of an import's read stage."""
    finder = ahocorasick.Automaton()
    for bit, phrases in (
        (_CREDIT_TRIGGER, CREDIT_TRIGGERS),
        (_COPYRIGHT, COPYRIGHT_PHRASES),
        (_SUBSCRIPTION, SUBSCRIPTION_PHRASES),
        (_NEWSLETTER, ("newsletter",)),
        (_CREDIT_MARK, CREDIT_MARKS),
        (_CREDIT_WORD, CREDIT_WORDS),
    ):
        for phrase in phrases:
            finder.add_word(phrase, finder.get(phrase, 0) | bit)
    finder.make_automaton()
    return finder


_PHRASES = _phrase_finder()


def _phrase_lists(lowered: str) -> int:
    """The bits of the lists that have a phrase in `lowered` (anywhere, as `in` finds it)."""
    found = 0
    for _end, bits in _PHRASES.iter(lowered):
        found |= bits
    return found


def _strong_reason(text: str, lowered: str, lists: int) -> str | None:
    """Furniture that may come as a long line: copyright, attribution, journal boxes, logins.

    Literal phrases (`lists`: those `lowered` holds) rather than one big regex per line.
    """
    if lowered.startswith("about the author"):
        return "furniture: author bio"
    if lowered.startswith(("copyright", "©")) or lists & _COPYRIGHT:
        return "furniture: copyright line"
    if ATTRIBUTION.match(text) or attribution_line(text):
        return "furniture: republisher attribution"
    if JOURNAL.match(text):
        return "furniture: journal reference"
    if lists & _SUBSCRIPTION or (lists & _NEWSLETTER and NEWSLETTER.search(lowered)):
        return "furniture: subscription or login text"
    return None


def _words(text: str) -> list[str]:
    return text.split()


def is_credit(text: str, lists: int | None = None) -> bool:
    """`CREDIT.search(text)` found something, asking only the alternatives the line's marks
    and words allow (`lists`: its `_phrase_lists`, when known): most lines that hold a
    trigger ('source', '/') are body text that a search of all of them scanned in vain."""
    if lists is None:
        lists = _phrase_lists(text.lower())
    return (
        CREDIT_BY_NEED["start"].match(text) is not None
        or (bool(lists & _CREDIT_MARK) and CREDIT_BY_NEED["mark"].search(text) is not None)
        or (bool(lists & _CREDIT_WORD) and CREDIT_BY_NEED["word"].search(text) is not None)
    )


def is_keyword_line(text: str) -> bool:
    """A short line of bare capitalised names ('Belgium NATO Russia'): a photo's keywords."""
    words = _words(text)
    if not 1 <= len(words) <= 4 or text[-1] in '.!?:;,"”’':
        return False
    for word in words:
        if not (word[0].isupper() or word[0].isdigit()) or word.lower() in FUNCTION_WORDS:
            return False
    return True


def _is_share_line(words: list[str]) -> bool:
    cleaned = [w.strip(":!?.,|·•()[]").lower() for w in words]
    cleaned = [w for w in cleaned if w]
    return (
        bool(cleaned)
        and all(w in SHARE_WORDS for w in cleaned)
        and any(w in SHARE_CORE for w in cleaned)
    )


_NOT_SENTENCES = frozenset({"related links", "tags", "update line"})
"""Short-line reasons that never fit a full sentence ("Related charges were filed …")."""


def line_reason(text: str, count: int | None = None) -> str | None:
    """Why this line alone is furniture ('caption pattern: photo credit', …), or None.

    `count` is the line's word count when the caller has it already.
    """
    if count is None:
        count = len(_words(text))
    if count > 60:  # a body paragraph, unless it opens like a reference box or attribution
        if JOURNAL.match(text):
            return "furniture: journal reference"
        if ATTRIBUTION.match(text) or attribution_line(text):
            return "furniture: republisher attribution"
        return None
    lowered = text.lower()
    lists = _phrase_lists(lowered)
    credit = lists & _CREDIT_TRIGGER and is_credit(text, lists)
    if credit and count <= 12:
        return "caption pattern: photo credit"
    strong = _strong_reason(text, lowered, lists)
    if strong is not None:
        return strong
    if credit:
        return "caption pattern: photo credit"
    if count <= _TABLE_PHRASE_WORDS:
        phrase = furniture_phrase(text)
        if phrase is not None:
            return phrase
    if count > 15:
        return None
    words = _words(text)
    sentence = text[-1] in ".!?" and count >= 6
    for reason, pattern in SHORT:
        if pattern.search(text) and not (sentence and reason in _NOT_SENTENCES):
            return f"furniture: {reason}"
    if count <= 10 and _is_share_line(words):
        return "furniture: share buttons"
    if count <= 2 and text.strip(" :.|·•").lower() in LABELS:
        return "furniture: label"
    if count <= 14 and DATE.search(text) and not _reads_as_sentence(text, words):
        return "furniture: date line"
    if count <= 14 and _dated(text) and not _reads_as_sentence(text, words):
        return "furniture: date line"
    return None


_PATH = re.compile(r"^[^\W\d][\w.&'’ -]{0,30}(?:\s+[|>»›/]\s+[^\W\d][\w.&'’ -]{0,30}){1,5}$")
"""'Markets | Economy', 'Startseite | Politik | Deutschland', 'Inicio / España': a site's path."""
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _dated(text: str) -> bool:
    """A date line in any table's language: 'Publié le 6 février 2025 à 07h12',
    'Stand: 14.06.2025, 16:45 Uhr', 'EFE | 3 de marzo de 2025'. A year alone is not enough
    (a headline may name one): a day and month, a clock time, or a date-line opener too."""
    words = vocabulary()
    if _YEAR.search(text) is None and not words.date_lines.match(text):
        return False
    return words.date_shape.search(text) is not None


def _reads_as_sentence(text: str, words: list[str]) -> bool:
    """Body text, not a dateline: ends like a sentence and has several function words."""
    lowered = [w.lower().strip(",.;:") for w in words]
    function_words = sum(1 for w in lowered if w in FUNCTION_WORDS and w not in {"by", "at", "on"})
    return text[-1] in '.!?"”' and function_words >= 2 and not DATE.match(text)


def _byline_shaped(text: str) -> bool:
    """'By Wanjiru Kamau', not 'By the numbers': a capitalised name and no sentence end."""
    words = text.split()
    by = next((i for i, w in enumerate(words) if w.lower() == "by"), 0)
    after = words[by + 1 :]
    return bool(after) and after[0][0].isupper() and text[-1] not in ".!?"


def _headline_like(text: str) -> bool:
    words = _words(text)
    return 2 <= len(words) <= 30 and text[-1] not in ".!?"


def _is_kicker(
    lines: Sequence[Line], sizes: list[int], i: int, alone: list[str | None]
) -> bool:
    """A section label over the headline: 'IDEAS', 'World News', 'RISK ASSESSMENT —'.

    `alone[i + 1]`: the next line's `line_reason`, taken when its size was counted, not
    estimated (`_size`), instead of judging the line again."""
    text = lines[i].text
    if sizes[i] > 4 or i + 1 >= len(lines) or text[-1] in ".!?":
        return False
    nxt = lines[i + 1].text
    if not _headline_like(nxt) or BYLINE.match(nxt):
        return False
    if (alone[i + 1] if sizes[i + 1] <= _COUNTED else line_reason(nxt)) is not None:
        return False
    if text[-1] in "—–-|:»›":
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if (
        letters
        and all(ch.isupper() for ch in letters)
        and sizes[i] <= 3
        and sizes[i + 1] > sizes[i]
    ):
        return True
    return all(word.lower().strip("&|,") in SECTIONS for word in _words(text))


def _word_count(text: str) -> int:
    return len(_words(text))


def _tail_navigation(
    lines: Sequence[Line], sizes: list[int], reasons: list[str | None], first_body: int
) -> None:
    """Runs of three or more short label lines after the article's last paragraph are the
    page's footer ('About Us', 'Contact', 'Reprints' …), not subheads."""
    n = len(lines)
    last_body = max((i for i in range(n) if sizes[i] >= 20 and reasons[i] is None), default=-1)
    if last_body < first_body or last_body < 0:
        return
    run: list[int] = []
    for i in range(last_body + 1, n + 1):
        short = i < n and sizes[i] <= 5 and lines[i].text[-1] not in '.!?"”'
        if short and reasons[i] is None:
            run.append(i)
            continue
        if short:
            continue  # furniture inside the footer does not break the run
        if len(run) >= 3:
            for j in run:
                reasons[j] = "furniture: page navigation"
        run = []


_COUNTED = 101
"""`_size` counts a line's words exactly up to this many (beyond, it may estimate)."""


def _size(text: str) -> int:
    """Word count; a long paragraph is only estimated (no rule looks past 80 words). A line
    whose only whitespace is single spaces inside it (printable: no other whitespace is) has
    one word more than spaces, counted without splitting it."""
    spaces = text.count(" ")
    if spaces >= _COUNTED:
        return spaces + 1  # more than _COUNTED
    if text.isprintable() and "  " not in text and text[:1] != " " != text[-1:] and text:
        return spaces + 1
    return len(text.split())


def furniture_lines(lines: Sequence[Line]) -> list[str | None]:
    """For each line, the reason it is furniture, or None; adds the layout rules to line_reason."""
    sizes = [_size(line.text) for line in lines]
    reasons = [line_reason(line.text, size) for line, size in zip(lines, sizes, strict=True)]
    n = len(lines)
    first_body = next((i for i, size in enumerate(sizes) if size >= 20), n)
    dense = is_dense(list(lines))
    caption_limit = 30 if dense else 45

    def same_block(i: int, j: int) -> bool:
        return 0 <= i < n and 0 <= j < n and lines[i].block == lines[j].block

    header = max(first_body, header_end(sizes, reasons))
    for i, line in enumerate(lines):
        text = line.text
        if reasons[i] is not None:
            continue
        if i < header and (
            (
                (BYLINE.match(text) or vocabulary().bylines.match(text))
                and sizes[i] <= 14
                and (i < first_body or _byline_shaped(text))
            )
            or STAFF_LINE.match(text)
        ):
            reasons[i] = "furniture: byline"
            continue
        if i < first_body and sizes[i] <= 8 and _PATH.match(text):
            reasons[i] = "furniture: breadcrumb"
            continue
        if i < first_body and _is_kicker(lines, sizes, i, reasons):
            reasons[i] = "furniture: section label"
            continue
        if i > first_body and i >= n * 0.6 and sizes[i] <= 60 and BIO.match(text):
            reasons[i] = "furniture: author bio"
    # Captions: the line directly under (or over) a credit, in the same block.
    for i in range(n):
        reason = reasons[i]
        if reason != "caption pattern: photo credit":
            continue
        for j in (i + 1, i - 1):
            if not same_block(i, j) or reasons[j] is not None:
                continue
            other = lines[j].text
            if is_keyword_line(other):
                reasons[j] = "caption pattern: image keywords"
            elif sizes[j] <= caption_limit and (j == i + 1 or other[-1] in ".!?)"):
                if j == i - 1 and j == 0 and _headline_like(other):
                    continue  # a headline set above the picture
                reasons[j] = "caption pattern: next to a photo credit"
    # A block opening the text with image keywords, a caption, then the body (no credit).
    if (
        not dense
        and n >= 3
        and reasons[0] is None
        and reasons[1] is None
        and same_block(0, 2)
        and is_keyword_line(lines[0].text)
        and sizes[0] <= 3  # a four-word line might be a headline in title case
        and sizes[1] <= caption_limit
        and lines[1].text[-1] in ".!?)"
    ):
        reasons[0] = "caption pattern: image keywords"
        reasons[1] = "caption pattern: under image keywords"
    # Keyword lines next to a caption or credit (a blank line between is allowed).
    for i, line in enumerate(lines):
        if reasons[i] is not None or not is_keyword_line(line.text):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < n and (reasons[j] or "").startswith("caption pattern"):
                reasons[i] = "caption pattern: image keywords"
                break
    chrome_lines(lines, sizes, reasons)
    _tail_navigation(lines, sizes, reasons, first_body)
    # Link lists under 'Read more:' / 'Explore further' labels.
    for i, line in enumerate(lines):
        intro = line.text.strip("[]*_ ")
        if reasons[i] is None or not (
            LIST_INTRO.match(intro) or intro.lower().rstrip(" :") in vocabulary().list_intros
        ):
            continue
        j = i + 1
        while (
            same_block(i, j)
            and reasons[j] is None
            and sizes[j] <= 16
            and lines[j].text[-1] not in ".!"
        ):
            reasons[j] = "furniture: related link"
            j += 1
    return reasons


def inline_furniture(text: str) -> list[tuple[int, int, str]]:
    """Interstitial links and credits inside a line: '[Read: …]', '(Image: …)'."""
    return [
        (m.start(), m.end(), "furniture: interstitial link")
        for m in INLINE_FURNITURE.finditer(text)
    ]
