"""Decoding a web page's bytes: the charset it declares, or the best guess with a note.

Order, as browsers do it: a byte-order mark, the HTTP header, a `<meta charset>` or
`http-equiv` declaration near the top, then UTF-8 if the bytes are valid UTF-8, else
windows-1252 (what browsers assume for undeclared Western pages). A declaration the bytes
contradict is not a refusal: the page is read with the best guess and the note says so.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_HEAD_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHATWG_ALIASES = {
    # The WHATWG Encoding Standard reads these labels as windows-1252, and so do browsers:
    # pages labelled Latin-1 routinely hold curly quotes from the 0x80-0x9F range.
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-user-defined": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift-jis": "shift_jis",
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


class Decoded(NamedTuple):
    text: str
    encoding: str
    """The codec the text was read with (Python's name)."""
    note: str | None
    """Set when the page did not say or lied: what was guessed and why."""


def codec_for(label: str | None) -> str | None:
    """Python codec for a declared charset label; None for an unknown label."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _WHATWG_ALIASES.get(cleaned, cleaned)
    try:
        name = codecs.lookup(cleaned).name
    except LookupError:
        return None
    if name in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        return "utf-8"  # a meta tag read as ASCII cannot be UTF-16: the spec says read UTF-8
    return name


def declared_charset(data: bytes) -> str | None:
    """The charset label a `<meta charset>` or `http-equiv` Content-Type gives, if any."""
    match = _META.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(data: bytes, header_charset: str | None = None) -> Decoded:
    """The page as text; never raises on bad bytes (they become U+FFFD, with a note)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, "replace"), name, None)
    for source, label in (("the server", header_charset), ("the page", declared_charset(data))):
        codec = codec_for(label)
        if label and codec is None:
            continue  # an unknown label: as if none were given
        if codec is None:
            continue
        try:
            return Decoded(data.decode(codec), codec, None)
        except UnicodeDecodeError:
            guess = _guess(data, exclude=codec)
            note = f"{source} says {label} but the bytes are not; read as {guess.encoding}"
            return Decoded(guess.text, guess.encoding, note)
    guess = _guess(data)
    if guess.encoding == "utf-8":
        return guess
    return Decoded(guess.text, guess.encoding, f"no charset declared; read as {guess.encoding}")


def _guess(data: bytes, exclude: str | None = None) -> Decoded:
    if exclude != "utf-8":
        try:
            return Decoded(data.decode("utf-8"), "utf-8", None)
        except UnicodeDecodeError:
            pass
    # cp1252 leaves five bytes undefined; "replace" turns only those into U+FFFD.
    return Decoded(data.decode("cp1252", "replace"), "cp1252", None)
