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

from reader.core.classify.units import Line, is_dense

_I = re.IGNORECASE
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b",
    _I,
)
_CREDIT = re.compile(
    r"©|\(c\)\s*\d{4}|\b(?:AP|AFP|EPA|UPI|PA|DPA)\s+(?:Photo|Images?)\b|\bAssociated Press/"
    r"|\bReuters/|\bAFP/|/\s*AFP\b|\bEPA-EFE\b|/\s*(?:Getty|Shutterstock|Alamy|Bloomberg)\b"
    r"|(?:\(|photo:?|photograph:?|credit:?|via)\s*Getty\b|\bGetty Images\)?\.?$"
    r"|^(?:photo|photograph|image|picture|illustration|credit|photo credit|image credit|"
    r"image source|image caption|media caption|caption|pictured|video|watch|graphic)s?\s*[:,]"
    r"|\((?:photo|image|picture|credit|illustration|photograph)s?\s*:[^)]*\)\s*$"
    r"|\bfor The New York Times$|\bPhoto(?:graph)?\s+(?:by|courtesy)\b|^enlarge\b|^credit\s*(?:\.{2,}|…)"
    r"|^FILE\s+[-–—]\s|(?-i:\b(?:Photograph|Photo|Image|Illustration|Credit|Picture)s?:\s)",
    _I,
)
_COPYRIGHT_PHRASES = (
    "all rights reserved", "may not be published", "may not be reproduced",
    "may not be redistributed", "subject to copyright", "no part may be reproduced",
    "our standards:", "trust principles", "a version of this article appears in print",
    "print edition with the headline", "order reprints", "we receive a commission",
    "we may earn a commission", "thank you for supporting",
)
_SUBSCRIPTION_PHRASES = (
    "subscribe now", "subscribe to our", "subscribe to the", "already a subscriber",
    "only subscribers", "subscribers only", "subscriber only", "subscribers are eligible",
    "sign up for our", "sign up for the", "sign up for free", "sign up to receive", "sign in to",
    "log in to comment", "login to comment", "log in to continue", "log in to read", "log in first",
    "login first", "reset your password", "reset the password", "reset code",
    "unlimited access", "unlimited digital access", "digital access", "create a free account",
    "create an account", "enter your email", "enter your e-mail", "your inbox",
    "get our newsletter", "comment policy", "community guidelines", "community standards",
    "comments are closed", "comments are moderated", "required fields are marked",
    "email address will not be published", "thank you for reading", "thank you for subscribing",
    "free daily newsletter", "free weekly newsletter", "click here to subscribe",
    "click here to sign up", "click here to get", "click here to download", "click here to read",
    "click here to follow", "register now for free", "sign up here", "support our journalism",
    "support independent journalism", "become a member", "donate now", "make a donation",
)
_NEWSLETTER = re.compile(
    r"(?:sign up|subscribe|register)\b.{0,60}\bnewsletter|\bnewsletter\b.{0,60}\b(?:sign up|"
    r"subscribe|inbox)"
)
_ATTRIBUTION = re.compile(
    r"(?:this (?:article|story|piece|post|report) (?:was |is )?(?:originally |first )?"
    r"(?:appeared|published|ran|appears)|originally (?:published|appeared) (?:in|on|at|by)"
    r"|republished (?:with permission )?(?:from|by|courtesy)|source\s*:|via\s*:|h/t\b)", _I
)
_JOURNAL = re.compile(
    r"(?:more information|journal information|citation|provided by|explore further|doi"
    r"|further information|journal reference|story source|reference)\s*:?(?:\s|$)", _I
)
_CREDIT_TRIGGERS = (
    "©", "(c)", "/", "photo", "getty", "image", "pictur", "illustration", "credit", "caption",
    "video", "watch", "graphic", "new york times", "ap ", "upi ", "epa", "afp", "enlarge",
    "file ",
)


def _strong_reason(text: str, lowered: str) -> str | None:
    """Furniture that may come as a long line: copyright, attribution, journal boxes, logins.

    Literal phrase tests (C-speed `in`) rather than one big regex per line.
    """
    if lowered.startswith(("copyright", "©")) or any(p in lowered for p in _COPYRIGHT_PHRASES):
        return "furniture: copyright line"
    if _ATTRIBUTION.match(text):
        return "furniture: republisher attribution"
    if _JOURNAL.match(text):
        return "furniture: journal reference"
    if any(p in lowered for p in _SUBSCRIPTION_PHRASES) or (
        "newsletter" in lowered and _NEWSLETTER.search(lowered)
    ):
        return "furniture: subscription or login text"
    return None


_SHORT = [  # (reason, pattern): only lines of at most ~15 words
    ("advertisement", re.compile(
        r"^(?:advertisement|advertising|advert|ad|sponsored(?: content| links?)?|paid (?:content|"
        r"post)|promoted(?: content| stories)?|story continues (?:below|after)\b.*"
        r"|scroll to continue\b.*|advertisement\b.{0,40})$", _I)),
    ("related links", re.compile(
        r"^(?:continue reading(?: the main story)?|read (?:the )?(?:more|full|next)\b.*|see also\b.*"
        r"|related(?: articles| stories| coverage| content| topics| reading)?\s*:?.*|"
        r"recommended(?: for you| reading| stories)?\s*:?.*|more from\b.*|more (?:stories|news|on)\b.*"
        r"|most (?:read|popular|viewed|shared)\b.*|trending(?: now)?\s*:?.*|you (?:may|might) also"
        r"\b.*|top stories|\[?read:.*|watch:.*|listen:.*|explore further|what to read next.*"
        r"|explore more on these topics|more on this story|reuse this content|skip to (?:main )?"
        r"content|back to top|further reading|supported by|see more\W*|recommended stories|"
        r"(?:sign up|subscribe|register|log ?in|sign in)(?: now| here| today)?\W*|https?://\S+)$", _I)),
    ("separator", re.compile(r"^[_\-*=~·•#]{3,}$")),
    ("tags", re.compile(
        r"^(?:tags?|topics?|filed under|categories|category|keywords|labels?|posted in)\b\s*[:|]?", _I)),
    ("read time", re.compile(r"\b\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)\.?\s+read\b", _I)),
    ("comment count", re.compile(
        r"^(?:\d+\s*(?:comments?|responses?|replies|shares)|(?:view|show|read|see|load|join)"
        r"(?: the)?(?: all)?(?: \d+)? (?:comments?|discussion|conversation)\b.*|(?:reader |promoted "
        r")?comments?\s*\(?\d*\)?|\d+\s+thoughts? on\b.*|leave a (?:reply|comment)\b.*|post a comment"
        r"\b.*|add a comment\b.*|(?:log|sign) ?in to comment\b.*|reader comments\b.*|\d{1,6})$", _I)),
    ("update line", re.compile(r"^(?:updated|published|posted|last updated|first published|"
                               r"last modified|modified|originally published)\b", _I)),
    ("follow or contact line", re.compile(
        r"^(?:follow (?:us|me|him|her|them|\w+(?: \w+)?) on\b|follow @|email (?:the author|us|me)\b"
        r"|follow\b.{0,80}(?:\bon (?:facebook|twitter|instagram|x|linkedin|threads|mastodon|bluesky)"
        r"|coverage|https?://|@\w)"
        r"|contact (?:the )?(?:author|reporter|us)\b|write to .{0,40} at\b|send (?:us )?(?:a )?tips?\b"
        r"|@\w+$)", _I)),
    ("embedded image", re.compile(r"^!\[[^\]]*\]\([^)]*\)$|^<img\b[^>]*>$|^\[image[^\]]*\]$", _I)),
    ("breadcrumb", re.compile(r"^(?:home|news)\b(?:\s*(?:[»›>|/]|\s\s)\s*[\w&'’ -]+){1,5}$", _I)),
]
_SHARE_WORDS = frozenset(
    "share shares this article story on facebook twitter x email e-mail print whatsapp linkedin "
    "reddit pinterest telegram copy link save tweet like it flipboard messenger via sms bookmark "
    "gift mail threads bluesky mastodon comment comments url the".split()
)
_SHARE_CORE = frozenset(
    "share facebook twitter email e-mail print whatsapp linkedin reddit pinterest save tweet "
    "bookmark telegram flipboard like".split()
)
_LABELS = frozenset(
    "image images photo photos video videos gallery listen audio close menu opinion analysis "
    "loading skip next previous top search sections".split()
)
_LIST_INTRO = re.compile(
    r"^(?:read more|related|see also|recommended|more from .{1,30}|more on .{1,30}|most read"
    r"|explore further|you may also like|also read|related (?:articles|stories|links)"
    r"|latest|popular|trending|more stories|tags|topics|related topics|explore more on these topics"
    r"|more on this story|see more|read next|further reading)\s*:?$", _I
)
_BYLINE = re.compile(r"^by\s+\S", _I)
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was|has been)\s+(?:a|an|the)\s+"
    r"(?:[\w,-]+\s+){0,5}(?i:reporter|correspondent|editor|writer|journalist|columnist|"
    r"contributor|producer|author|photographer|critic|staff writer|intern)\b"
)
_STAFF_LINE = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}(?:,|\s)\s*(?:[A-Z][a-z]+\s+){0,3}"
    r"(?i:editor|correspondent|reporter|writer|columnist|contributor|staff|bureau chief)"
    r"(?:\s+(?:at|for|in)\s+[\w ]{1,30})?$"
)
"""'Damian Carrington Environment editor': a byline without 'By' (only in the page header)."""
_FUNCTION_WORDS = frozenset(
    "a an the of to in on for and or but is are was were be been says said say with at by from "
    "as after over into about how why what who when will would can could may might not no than "
    "this that these those it its his her their our we you they he she has have had do does did "
    "up out off new".split()
)


def _words(text: str) -> list[str]:
    return text.split()


def is_credit(text: str) -> bool:
    return _CREDIT.search(text) is not None


def is_keyword_line(text: str) -> bool:
    """A short line of bare capitalised names ('Belgium NATO Russia'): a photo's keywords."""
    words = _words(text)
    if not 1 <= len(words) <= 4 or text[-1] in ".!?:;,\"”’":
        return False
    for word in words:
        if not (word[0].isupper() or word[0].isdigit()) or word.lower() in _FUNCTION_WORDS:
            return False
    return True


def _is_share_line(words: list[str]) -> bool:
    cleaned = [w.strip(":!?.,|·•()[]").lower() for w in words]
    cleaned = [w for w in cleaned if w]
    return bool(cleaned) and all(w in _SHARE_WORDS for w in cleaned) and any(
        w in _SHARE_CORE for w in cleaned
    )


def line_reason(text: str, count: int | None = None) -> str | None:
    """Why this line alone is furniture ('caption pattern: photo credit', …), or None.

    `count` is the line's word count when the caller has it already.
    """
    if count is None:
        count = len(_words(text))
    if count > 60:
        return None  # a body paragraph
    lowered = text.lower()
    credit = any(t in lowered for t in _CREDIT_TRIGGERS) and _CREDIT.search(text)
    if credit and count <= 12:
        return "caption pattern: photo credit"
    strong = _strong_reason(text, lowered)
    if strong is not None:
        return strong
    if credit:
        return "caption pattern: photo credit"
    if count > 15:
        return None
    words = _words(text)
    for reason, pattern in _SHORT:
        if pattern.search(text):
            return f"furniture: {reason}"
    if count <= 10 and _is_share_line(words):
        return "furniture: share buttons"
    if count <= 2 and text.strip(" :.|·•").lower() in _LABELS:
        return "furniture: label"
    if count <= 14 and _DATE.search(text) and not _reads_as_sentence(text, words):
        return "furniture: date line"
    return None


def _reads_as_sentence(text: str, words: list[str]) -> bool:
    """Body text, not a dateline: ends like a sentence and has several function words."""
    lowered = [w.lower().strip(",.;:") for w in words]
    function_words = sum(1 for w in lowered if w in _FUNCTION_WORDS and w not in {"by", "at", "on"})
    return text[-1] in ".!?\"”" and function_words >= 2 and not _DATE.match(text)


def _headline_like(text: str) -> bool:
    words = _words(text)
    return 2 <= len(words) <= 30 and text[-1] not in ".!?"


_SECTIONS = frozenset(
    "world news europe politics business opinion ideas science technology tech health sport "
    "sports culture analysis us u.s. uk asia africa americas middle east economy markets climate "
    "environment local national entertainment media security policy finance energy "
    "international breaking exclusive explainer live latest home".split()
)


def _is_kicker(lines: Sequence[Line], sizes: list[int], i: int) -> bool:
    """A section label over the headline: 'IDEAS', 'World News', 'RISK ASSESSMENT —'."""
    text = lines[i].text
    if sizes[i] > 4 or i + 1 >= len(lines) or text[-1] in ".!?":
        return False
    nxt = lines[i + 1].text
    if not _headline_like(nxt) or line_reason(nxt) is not None or _BYLINE.match(nxt):
        return False
    if text[-1] in "—–-|:»›":
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and sizes[i] <= 3 and sizes[i + 1] > sizes[i]:
        return True
    return all(word.lower().strip("&|,") in _SECTIONS for word in _words(text))


def _word_count(text: str) -> int:
    return len(_words(text))


def _size(text: str) -> int:
    """Word count; a long paragraph is only estimated (no rule looks past 80 words)."""
    spaces = text.count(" ")
    return spaces + 1 if spaces > 100 else len(text.split())


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

    for i, line in enumerate(lines):
        text = line.text
        if reasons[i] is not None:
            continue
        if i < first_body:
            if (_BYLINE.match(text) and sizes[i] <= 14) or _STAFF_LINE.match(text):
                reasons[i] = "furniture: byline"
                continue
            if _is_kicker(lines, sizes, i):
                reasons[i] = "furniture: section label"
                continue
        if i > first_body and i >= n * 0.6 and sizes[i] <= 60 and _BIO.match(text):
            reasons[i] = "furniture: author bio"
    # Captions: the line directly under (or over) a credit, in the same block.
    for i, line in enumerate(lines):
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
    # Keyword lines next to a caption or credit (a blank line between is allowed).
    for i, line in enumerate(lines):
        if reasons[i] is not None or not is_keyword_line(line.text):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < n and (reasons[j] or "").startswith("caption pattern"):
                reasons[i] = "caption pattern: image keywords"
                break
    # Link lists under 'Read more:' / 'Explore further' labels.
    for i, line in enumerate(lines):
        if reasons[i] is None or not _LIST_INTRO.match(line.text.strip("[]*_ ")):
            continue
        j = i + 1
        while same_block(i, j) and reasons[j] is None and sizes[j] <= 16 and lines[j].text[-1] not in ".!":
            reasons[j] = "furniture: related link"
            j += 1
    return reasons


INLINE_FURNITURE = re.compile(
    r"\[\s*(?:read|related|see also|watch|listen|read more|more|recommended)\s*:[^\]\n]*\]"
    r"|\((?:photo|image|picture|credit|photograph)s?\s*:[^)\n]*\)",
    _I,
)


def inline_furniture(text: str) -> list[tuple[int, int, str]]:
    """Interstitial links and credits inside a line: '[Read: …]', '(Image: …)'."""
    return [(m.start(), m.end(), "furniture: interstitial link") for m in INLINE_FURNITURE.finditer(text)]
