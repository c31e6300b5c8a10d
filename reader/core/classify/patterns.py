"""The furniture patterns: compiled once, shared by the line rules in `furniture`.

Phrase lists are literal substrings of the lower-cased line, all found in one pass
(`furniture._phrase_lists`); regular expressions only where a shape, not a phrase, is the
evidence.
"""

from __future__ import annotations

import re


def _phrases(joined: str) -> tuple[str, ...]:
    return tuple(joined.split("|"))


def _word_set(joined: str) -> frozenset[str]:
    return frozenset(joined.split())


_I = re.IGNORECASE
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b",
    _I,
)
_CREDIT_PARTS = (  # (what a line needs for the alternative to match, the alternative)
    ("mark", r"©"),
    ("mark", r"\(c\)\s*\d{4}"),
    ("word", r"\b(?:AP|AFP|EPA|UPI|PA|DPA)\s+(?:Photo|Images?)\b"),
    ("mark", r"\bAssociated Press/|\bReuters/|\bAFP/|/\s*AFP\b"),
    ("word", r"\bEPA-EFE\b"),
    ("mark", r"/\s*(?:Getty|Shutterstock|Alamy|Bloomberg)\b"),
    ("word", r"(?:\(|photo:?|photograph:?|credit:?|via)\s*Getty\b|\bGetty Images\)?\.?$"),
    (
        "start",
        r"^(?:photo|photograph|image|picture|illustration|credit|photo credit|image credit|"
        r"image source|image caption|media caption|caption|pictured|video|watch|graphic)s?\s*[:,]",
    ),
    ("mark", r"\((?:photo|image|picture|credit|illustration|photograph)s?\s*:[^)]*\)\s*$"),
    ("word", r"\bfor The New York Times$|\bPhoto(?:graph)?\s+(?:by|courtesy)\b"),
    ("start", r"^enlarge\b|^credit\s*(?:\.{2,}|…)|^FILE\s+[-–—]\s"),
    ("mark", r"(?-i:\b(?:Photograph|Photo|Image|Illustration|Credit|Picture)s?:\s)"),
    ("word", r"\bphoto-illustration\b|\billustration by\b"),
    ("mark", r"\[(?:file|photo|image|credit|pictured)\s*:[^\]]*\]$"),
    (
        "start",
        r"^(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})(?:,\s*|\s*/\s*)(?:the )?"
        r"(?:associated press|ap|reuters|afp|getty images|epa|shutterstock|alamy)$",
    ),
    ("mark", r"\bsources?:[^.]{0,60}\b(?:getty|reuters|ap|afp|shutterstock|alamy)\b"),
)
CREDIT = re.compile("|".join(part for _, part in _CREDIT_PARTS), _I)
"""A photo or picture credit ('© Reuters', 'Photo: Jane Doe', 'Jane Doe/AFP via Getty')."""
CREDIT_BY_NEED = {
    need: re.compile("|".join(part for kind, part in _CREDIT_PARTS if kind == need), _I)
    for need in ("start", "mark", "word")
}
"""CREDIT's alternatives by what a line needs for them: 'start' ones only match at its start;
each 'mark' one needs one of CREDIT_MARKS, each 'word' one one of CREDIT_WORDS, so a line
without any is not searched for them (`furniture.is_credit`)."""
CREDIT_MARKS = tuple("©(/:[")
CREDIT_WORDS = ("photo", "mage", "getty", "new york t", "llu", "epa-efe")
"""In the lower-cased line. Their letters are ones that every character matching them when
case is ignored lower-cases to ('s' and 'i' are not: 'ſ', 'İ'), so a match leaves them there."""
COPYRIGHT_PHRASES = _phrases(
    "all rights reserved|may not be published|may not be reproduced|"
    "may not be redistributed|subject to copyright|no part may be reproduced|"
    "our standards:|trust principles|a version of this article appears in print|"
    "print edition with the headline|order reprints|we receive a commission|"
    "we may earn a commission|thank you for supporting|appears in print on|"
    "appeared in print on|licensing rights|reprints and permissions|reprints & permissions"
)
SUBSCRIPTION_PHRASES = _phrases(
    "subscribe now|subscribe to our|subscribe to the|already a subscriber|"
    "only subscribers|subscribers only|subscriber only|subscribers are eligible|"
    "sign up for our|sign up for the|sign up for free|sign up to receive|sign in to|"
    "log in to comment|login to comment|log in to continue|log in to read|log in first|"
    "login first|reset your password|reset the password|reset code|unlimited access|"
    "unlimited digital access|digital access|create a free account|create an account|"
    "enter your email|enter your e-mail|your inbox|get our newsletter|comment policy|"
    "community guidelines|community standards|comments are closed|comments are moderated|"
    "required fields are marked|email address will not be published|thank you for reading|"
    "thank you for subscribing|free daily newsletter|free weekly newsletter|"
    "click here to subscribe|click here to sign up|click here to get|"
    "click here to download|click here to read|click here to follow|register now for free|"
    "sign up here|support our journalism|support independent journalism|become a member|"
    "donate now|make a donation|ai narration|produced by elevenlabs|save my name, email|"
    "to post comments|login or register|log in or register|forgot your password|reset link|"
    "by submitting your email|you agree to our terms|your own reading list|to your reading list|"
    "save articles to read later|save this article|save for later|editorial process and policies"
)
NEWSLETTER = re.compile(
    r"(?:sign up|subscribe|register)\b.{0,60}\bnewsletter|\bnewsletter\b.{0,60}\b(?:sign up|"
    r"subscribe|inbox)"
)
ATTRIBUTION = re.compile(
    r"(?:this (?:article|story|piece|post|report) (?:was |is )?(?:originally |first )?"
    r"(?:appeared|published|ran|appears)|originally (?:published|appeared) (?:in|on|at|by)"
    r"|republished (?:with permission )?(?:from|by|courtesy)|source\s*:|via\s*:|h/t\b)",
    _I,
)
JOURNAL = re.compile(
    r"(?:more information|journal information|citation|provided by|explore further|doi"
    r"|further information|journal reference|story source|reference)\s*:?(?:\s|$)",
    _I,
)
CREDIT_TRIGGERS = _phrases(
    "©|(c)|/|photo|getty|image|pictur|illustration|credit|caption|video|watch|graphic|"
    "new york times|ap |upi |epa|afp|enlarge|file |source|file:|press|reuters"
)


SHORT = [  # (reason, pattern): only lines of at most ~15 words
    (
        "advertisement",
        re.compile(
            r"^(?:advertisement|advertising|advert|ad|sponsored(?: content| links?)?"
            r"|paid (?:content|"
            r"post)|promoted(?: content| stories)?|story continues (?:below|after)\b.*"
            r"|scroll to continue\b.*|advertisement\b.{0,40})$",
            _I,
        ),
    ),
    (
        "related links",
        re.compile(
            r"^(?:continue reading(?: the main story)?|read (?:the )?(?:more|full|next)\b.*"
            r"|see also\b.*"
            r"|related(?: articles| stories| coverage| content| topics| reading)?(?:\s*:.*)?|"
            r"recommended(?: for you| reading| stories)?(?:\s*:.*)?|more from\b.*"
            r"|more (?:stories|news|on)\b.*"
            r"|most (?:read|popular|viewed|shared)\b.*|trending(?: now)?(?:\s*:.*)?|you (?:may"
            r"|might) also"
            r"\b.*|top stories|\[?read:.*|watch:.*|listen:.*|explore further|what to read next.*"
            r"|explore more on these topics|more on this story|reuse this content"
            r"|skip to (?:main )?"
            r"content|back to top|further reading|supported by|see more\W*|recommended stories|"
            r"(?:sign up|subscribe|register|log ?in|sign in)(?: now| here| today)?\W*"
            r"|https?://\S+|listen to this (?:article|story)\b.*"
            r"|\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?)$",
            _I,
        ),
    ),
    (
        "article age or listen prompt",
        re.compile(
            r"^(?:this (?:article|story|post|page) is (?:more than|over) \w+ (?:years?|months?"
            r"|days?|weeks?) old|\d{1,3}\s*(?:mins?|minutes?)(?: (?:read|listen))?\.?"
            r"|listen(?: to this (?:article|story))?(?:\s*[(|·•-].*)?)$",
            _I,
        ),
    ),
    (
        "comment form",
        re.compile(
            r"^(?:comment|name|e-?mail(?: address)?|website|your (?:name|e-?mail|comment))\s*\*$",
            _I,
        ),
    ),
    (
        "footer heading",
        re.compile(
            r"^(?:about the authors?|explore more topics|more topics|more for you|feedback"
            r"|newsletters?|editors[’'] notes)\s*:?$",
            _I,
        ),
    ),
    (
        "link label",
        re.compile(r"^.{1,80},? opens (?:in )?(?:a )?new (?:tab|window)$", _I),
    ),
    (
        "outlet label",
        re.compile(r"^[A-Z]{2,5}(?:\s+[A-Z][a-z]+){0,2}\s+News(?:,\s*[A-Z][\w .'’-]{1,40})?$"),
    ),
    ("separator", re.compile(r"^[_\-*=~·•#]{3,}$")),
    (
        "tags",
        re.compile(
            r"^(?:(?:tags?|topics?|categories|category|keywords|labels?)\s*(?:[:|]|$)"
            r"|filed under\b|posted in\b)",
            _I,
        ),
    ),
    ("read time", re.compile(r"\b\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)\.?\s+read\b", _I)),
    (
        "comment count",
        re.compile(
            r"^(?:\d+\s*(?:comments?|responses?|replies|shares)|(?:view|show|read|see|load|join)"
            r"(?: the)?(?: all)?(?: \d+)? (?:comments?|discussion|conversation)\b.*"
            r"|(?:reader |promoted "
            r")?comments?\s*\(?\d*\)?|\d+\s+thoughts? on\b.*|leave a (?:reply|comment)\b.*"
            r"|post a comment"
            r"\b.*|add a comment\b.*|(?:log|sign) ?in to comment\b.*|reader comments\b.*|\d{1,6})$",
            _I,
        ),
    ),
    (
        "update line",
        re.compile(
            r"^(?:updated|published|posted|last updated|first published|"
            r"last modified|modified|originally published)\b"
            r"(?=.*(?:\d|\bby\b|\bago\b|:)|\W*$)",
            _I,
        ),
    ),
    (
        "follow or contact line",
        re.compile(
            r"^(?:follow (?:us|me|him|her|them|\w+(?: \w+)?) on\b|follow @"
            r"|email (?:the author|us|me)\b"
            r"|follow\b.{0,80}(?:\bon (?:facebook|twitter|instagram|x|linkedin|threads"
            r"|mastodon|bluesky|youtube|tiktok)"
            r"|coverage|https?://|@\w)"
            r"|contact (?:the )?(?:author|reporter|us)\b|write to .{0,40} at\b"
            r"|send (?:us )?(?:a )?tips?\b"
            r"|follow\b[^.!?]{0,40}:|@\w+$)",
            _I,
        ),
    ),
    ("embedded image", re.compile(r"^!\[[^\]]*\]\([^)]*\)$|^<img\b[^>]*>$|^\[image[^\]]*\]$", _I)),
    ("breadcrumb", re.compile(r"^(?:home|news)\b(?:\s*(?:[»›>|/]|\s\s)\s*[\w&'’ -]+){1,5}$", _I)),
]
SHARE_WORDS = _word_set(
    "share shares this article story on facebook twitter x email e-mail print whatsapp "
    "linkedin reddit pinterest telegram copy link save tweet like it flipboard messenger via "
    "sms bookmark gift mail threads bluesky mastodon comment comments url the page post loading "
    "instagram youtube tiktok"
)
SHARE_CORE = _word_set(
    "share facebook twitter email e-mail print whatsapp linkedin reddit pinterest save tweet "
    "bookmark telegram flipboard like instagram youtube tiktok"
)
LABELS = _word_set(
    "image images photo photos video videos gallery listen audio close menu opinion analysis "
    "loading skip next previous top search sections"
)
LIST_INTRO = re.compile(
    r"^(?:read more|related|see also|recommended|more from .{1,30}|more on .{1,30}|most read"
    r"|explore further|you may also like|also read|related (?:articles|stories|links)"
    r"|latest|popular|trending|more stories|tags|topics|related topics|explore more on these topics"
    r"|more on this story|see more|read next|further reading|explore more topics|more topics"
    r"|more for you)\s*:?$",
    _I,
)
BYLINE = re.compile(r"^(?:(?:story|words|text|written) )?by\s+\S", _I)
BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s+(?:is|was|has been)\s+(?:a|an|the)\s+"
    r"(?:[\w,-]+\s+){0,5}(?i:reporter|correspondent|editor|writer|journalist|columnist|"
    r"contributor|producer|author|photographer|critic|staff writer|intern)\b"
)
STAFF_LINE = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}(?:,|\s)\s*(?:[A-Za-z][a-z]+\s+){0,3}"
    r"(?i:editor|correspondent|reporter|writer|columnist|contributor|staff|bureau chief)"
    r"(?:\s+(?:at|for|in)\s+[\w ]{1,30})?$"
)
"""'Damian Carrington Environment editor': a byline without 'By' (only in the page header)."""
FUNCTION_WORDS = _word_set(
    "a an the of to in on for and or but is are was were be been says said say with at by "
    "from as after over into about how why what who when will would can could may might not "
    "no than this that these those it its his her their our we you they he she has have had "
    "do does did up out off new"
)


SECTIONS = _word_set(
    "world news europe politics business opinion ideas science technology tech health sport "
    "sports culture analysis us u.s. uk asia africa americas middle east economy markets "
    "climate environment local national entertainment media security policy finance energy "
    "international breaking exclusive explainer live latest home"
)


INLINE_FURNITURE = re.compile(
    r"\[\s*(?:read|related|see also|watch|listen|read more|more|recommended)\s*:[^\]\n]*\]"
    r"|\((?:photo|image|picture|credit|photograph)s?\s*:[^)\n]*\)",
    _I,
)
