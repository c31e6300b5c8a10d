"""Text folded for matching as a person expects: case and accents ignored in every script.

SQLite's LIKE and lower() fold ASCII letters only ("é" never matched "É"). The library
filter compares folded needles with folded keys stored beside each document instead.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-folded (Σ, σ and ς alike; ß as ss) and without accents (É as e, İ as i): NFKD
    splits letters from their marks, which are dropped; compatibility forms (ﬁ, full-width
    letters) become the plain ones."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    if folded.isascii():
        return folded
    return unicodedata.normalize(
        "NFC", "".join(c for c in folded if not unicodedata.combining(c))
    ).casefold()


def list_key(title: str, path: str, site: str = "") -> str:
    """What the library filter searches for a document: its title, path and site, folded
    (a newline apart, so a needle never spans two of them)."""
    return fold(f"{title}\n{path}\n{site}")
